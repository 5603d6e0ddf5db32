/**
 * Builders for stacks with trails and the resources they link to, in the two shapes stack policies
 * see: `update` (outputs: every name and ARN known) and `preview` (names from other resources
 * unknown; only propertyDependencies say where they come from).
 */
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { resource, UNKNOWN, urnOf } from "../support/resources";

export { resource, UNKNOWN, urnOf } from "../support/resources";
export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";

export type Shape = "update" | "preview";

export const T = {
    trail: "aws:cloudtrail/trail:Trail",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    objectLockV2: "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    logging: "aws:s3/bucketLogging:BucketLogging",
    loggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    lifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    acl: "aws:s3/bucketAcl:BucketAcl",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    metricFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    iamPolicy: "aws:iam/policy:Policy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    role: "aws:iam/role:Role",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

export const TLS_ONLY_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Sid: "CloudTrailAcl", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: "arn:aws:s3:::trail-logs" },
        {
            Sid: "DenyHttp",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-logs/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
});

/**
 * A compliant v7 bucket with every side resource. In `preview` the bucket name is generated
 * (unknown) and side resources point at it only through propertyDependencies.
 */
export function compliantBucket(shape: Shape, name = "logs", bucketName = "trail-logs"): ResourceSnapshot[] {
    const bucketUrn = urnOf(T.bucket, name);
    const ref = shape === "update" ? bucketName : UNKNOWN;
    const side = (type: string, suffix: string, props: Record<string, unknown>) =>
        resource(type, `${name}-${suffix}`, { bucket: ref, ...props }, { propertyDependencies: { bucket: [bucketUrn] } });
    return [
        resource(T.bucket, name, { bucket: ref, objectLockEnabled: true, forceDestroy: false }),
        side(T.versioning, "versioning", { versioningConfiguration: { status: "Enabled" } }),
        side(T.objectLock, "lock", { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "GOVERNANCE", days: 400 } } }),
        side(T.publicAccessBlock, "pab", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
        side(T.logging, "access-logs", { targetBucket: shape === "update" ? "access-logs" : UNKNOWN, targetPrefix: "logs/" }),
        side(T.policy, "policy", { policy: shape === "update" ? TLS_ONLY_POLICY : UNKNOWN }),
        side(T.lifecycle, "lifecycle", { rules: [{ id: "expire", status: "Enabled", expiration: { days: 400 } }] }),
    ];
}

export function compliantKey(shape: Shape, name = "trail-key"): ResourceSnapshot[] {
    const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
    return [
        resource(T.key, name, shape === "update" ? { enableKeyRotation: true, keyId, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}` } : { enableKeyRotation: true, keyId: UNKNOWN, arn: UNKNOWN }),
    ];
}

export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export function compliantLogGroup(shape: Shape, name = "trail-events", groupName = "/aws/cloudtrail/main"): ResourceSnapshot[] {
    return [
        resource(
            T.logGroup,
            name,
            shape === "update"
                ? { name: groupName, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${groupName}`, retentionInDays: 365, kmsKeyId: KEY_ARN }
                : { name: groupName, arn: UNKNOWN, retentionInDays: 365, kmsKeyId: UNKNOWN },
        ),
    ];
}

export function logGroupArn(groupName = "/aws/cloudtrail/main"): string {
    return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${groupName}:*`;
}

/** A trail linked to the compliant bucket, key and log group of the same shape. */
export function trail(shape: Shape, name = "main", links: { bucket?: string; key?: string; logGroup?: string; bucketName?: string; groupName?: string } = {}): ResourceSnapshot {
    const bucket = links.bucket ?? "logs";
    const key = links.key ?? "trail-key";
    const group = links.logGroup ?? "trail-events";
    const update = shape === "update";
    return resource(
        T.trail,
        name,
        {
            s3BucketName: update ? (links.bucketName ?? "trail-logs") : UNKNOWN,
            kmsKeyId: update ? KEY_ARN : UNKNOWN,
            cloudWatchLogsGroupArn: update ? logGroupArn(links.groupName) : UNKNOWN,
            cloudWatchLogsRoleArn: update ? `arn:aws:iam::${ACCOUNT}:role/trail-to-logs` : UNKNOWN,
            isMultiRegionTrail: true,
            enableLogFileValidation: true,
        },
        {
            propertyDependencies: {
                s3BucketName: [urnOf(T.bucket, bucket)],
                kmsKeyId: [urnOf(T.key, key)],
                cloudWatchLogsGroupArn: [urnOf(T.logGroup, group)],
            },
        },
    );
}

export function compliantStack(shape: Shape): ResourceSnapshot[] {
    return [...compliantBucket(shape), ...compliantKey(shape), ...compliantLogGroup(shape), trail(shape)];
}

/** A metric filter and an alarm for each CIS control on the compliant log group. */
export function cisMonitoring(shape: Shape, patterns: readonly string[], groupName = "/aws/cloudtrail/main", group = "trail-events"): ResourceSnapshot[] {
    return patterns.flatMap((pattern, i) => [
        resource(
            T.metricFilter,
            `cis-${i}`,
            { logGroupName: shape === "update" ? groupName : UNKNOWN, pattern, metricTransformation: { name: `Cis${i}`, namespace: "CISBenchmark", value: "1" } },
            { propertyDependencies: { logGroupName: [urnOf(T.logGroup, group)] } },
        ),
        resource(T.alarm, `cis-${i}-alarm`, {
            metricName: `Cis${i}`,
            namespace: "CISBenchmark",
            alarmActions: [shape === "update" ? `arn:aws:sns:${REGION}:${ACCOUNT}:security` : UNKNOWN],
        }),
    ]);
}
