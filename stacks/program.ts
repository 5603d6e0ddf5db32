import { ReferenceConfig } from "./config";
import { OrganizationTrail } from "./components/organization-trail";

/** The stack's resources and outputs for a validated config; index.ts and the mock engine both run it. */
export function referenceStack(config: ReferenceConfig) {
    const trail = new OrganizationTrail(config.namePrefix, config);
    return {
        trailArn: trail.trail.arn,
        bucketName: trail.bucket.bucket,
        keyArn: trail.key.arn,
        logGroupName: trail.logGroup.name,
        alarmTopicArn: trail.alarmTopicArn,
        readerRoleArn: trail.readerRole.arn,
        // A single-account trail has no SCP; leaving the key out keeps the stack outputs free of undefined.
        ...(trail.tamperDenyPolicy ? { tamperDenyPolicyId: trail.tamperDenyPolicy.id } : {}),
    };
}
