/**
 * Resource type tokens. @pulumi/aws v7 still accepts v6's *V2 tokens as deprecated aliases, so a
 * token never tells the provider version: every shape is accepted wherever it can appear.
 */
export const TRAIL = "aws:cloudtrail/trail:Trail";

/** Buckets: v7 Bucket (also v6's legacy Bucket, whose inline shape differs) and v6 BucketV2. */
export const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;

/**
 * Side resources that configure one setting of a bucket, by setting. BucketPolicy and
 * BucketPublicAccessBlock never had a V2 token.
 */
export const BUCKET_SIDE_RESOURCES = {
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    objectLock: ["aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    lifecycle: ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
} as const;
export type BucketSetting = keyof typeof BUCKET_SIDE_RESOURCES;

export const KMS_KEY = "aws:kms/key:Key";
export const KMS_ALIAS = "aws:kms/alias:Alias";

export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const LOG_METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** IAM resources holding one policy document in `policy`. */
export const IAM_POLICY_DOCUMENTS = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
] as const;
/** A role with inline policies (`inlinePolicies[].policy`) and managed policy ARNs (`managedPolicyArns`). */
export const IAM_ROLE = "aws:iam/role:Role";
/** Attachments of a managed policy by ARN (`policyArn`). */
export const IAM_POLICY_ATTACHMENTS = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
] as const;
