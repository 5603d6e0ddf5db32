/**
 * Synthetic stacks of any size for speed and limit tests: one compliant CloudTrail set-up per
 * thousand resources, the rest a realistic mix of unrelated resources, some of them IAM policies
 * with wildcards. With `violations`, every trail set-up and one IAM policy in ten break rules.
 */
import { WireResource } from "./analyzer-client";
import { UNKNOWN, urnOf } from "./resources";

const ACCOUNT = "111122223333";
const REGION = "us-east-1";

function res(type: string, name: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): WireResource {
    return { type, name, urn: urnOf(type, name), props, dependencies: [...new Set(Object.values(deps).flat())], propertyDependencies: deps };
}

function trailSetup(i: number, violations: boolean, preview: boolean): WireResource[] {
    const bucketName = `trail-logs-${i}`;
    const bucket = res("aws:s3/bucket:Bucket", `trail-bucket-${i}`, {
        bucket: preview ? UNKNOWN : bucketName,
        objectLockEnabled: !violations,
        forceDestroy: false,
        tags: { team: "security", index: String(i) },
    });
    const onBucket = (type: string, name: string, props: Record<string, unknown>) =>
        res(type, `${name}-${i}`, { bucket: preview ? UNKNOWN : bucketName, ...props }, { bucket: [bucket.urn] });
    const key = res("aws:kms/key:Key", `trail-key-${i}`, { enableKeyRotation: !violations, description: "trail key", deletionWindowInDays: 30 });
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000-${i}`;
    const group = res("aws:cloudwatch/logGroup:LogGroup", `trail-group-${i}`, { name: `trail-${i}`, retentionInDays: violations ? 30 : 365, kmsKeyId: preview ? UNKNOWN : keyArn }, { kmsKeyId: [key.urn] });
    const trail = res(
        "aws:cloudtrail/trail:Trail",
        `trail-${i}`,
        {
            name: `trail-${i}`,
            s3BucketName: preview ? UNKNOWN : bucketName,
            enableLogFileValidation: !violations,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            kmsKeyId: preview ? UNKNOWN : keyArn,
            cloudWatchLogsGroupArn: preview ? UNKNOWN : `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:trail-${i}:*`,
            cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-${i}`,
        },
        { s3BucketName: [bucket.urn], kmsKeyId: [key.urn], cloudWatchLogsGroupArn: [group.urn] },
    );
    return [
        bucket,
        onBucket("aws:s3/bucketVersioning:BucketVersioning", "trail-bucket-versioning", { versioningConfiguration: { status: violations ? "Suspended" : "Enabled" } }),
        onBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "trail-bucket-pab", {
            blockPublicAcls: true,
            blockPublicPolicy: !violations,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }),
        onBucket("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "trail-bucket-lock", {
            rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } },
        }),
        key,
        group,
        trail,
    ];
}

const FILLER: Array<(i: number, violations: boolean) => WireResource> = [
    (i) => res("aws:s3/bucket:Bucket", `data-${i}`, { bucket: `data-${i}`, tags: { app: "shop" } }),
    (i, violations) =>
        res("aws:iam/policy:Policy", `app-policy-${i}`, {
            name: `app-policy-${i}`,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["s3:Get*", "s3:List*"], Resource: "*" },
                    { Effect: "Allow", Action: violations && i % 10 === 1 ? "cloudtrail:*" : "cloudtrail:LookupEvents", Resource: "*" },
                ],
            }),
        }),
    (i) => res("aws:ec2/instance:Instance", `web-${i}`, { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", tags: { Name: `web-${i}` }, vpcSecurityGroupIds: ["sg-1"] }),
    (i) => res("aws:lambda/function:Function", `fn-${i}`, { runtime: "nodejs20.x", handler: "index.handler", memorySize: 256, timeout: 30, environment: { variables: { STAGE: "prod" } } }),
    (i) => res("aws:iam/role:Role", `role-${i}`, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) }),
];

export function syntheticStack(size: number, options: { violations?: boolean; preview?: boolean } = {}): WireResource[] {
    const out: WireResource[] = [];
    for (let block = 0; out.length < size; block++) {
        if (block % 100 === 0) {
            out.push(...trailSetup(block / 100, options.violations ?? false, options.preview ?? false));
        }
        for (let j = 0; j < FILLER.length && out.length < size; j++) {
            out.push(FILLER[j](block * FILLER.length + j, options.violations ?? false));
        }
    }
    return out.slice(0, size);
}
