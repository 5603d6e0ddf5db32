import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ReferenceConfig } from "../config";
import { TrailNames } from "../names";
import { accessLogBucketPolicy, logBucketPolicy } from "../policies/bucket-policies";

export interface LogBuckets {
    readonly bucket: aws.s3.Bucket;
    readonly policy: aws.s3.BucketPolicy;
    /** Everything the trail must wait for before its first delivery, besides the policy. */
    readonly readyForDelivery: pulumi.Resource[];
    readonly accessLogBucket: aws.s3.Bucket;
}

/** Storage classes log objects move to as they age; S3 requires 30 days before Standard-IA. */
const TRANSITIONS = [
    { days: 30, storageClass: "STANDARD_IA" },
    { days: 365, storageClass: "GLACIER" },
];

/**
 * The log bucket (Object Lock, versioning, SSE-KMS with a bucket key, private, TLS only, tiered,
 * access-logged) and the separate access-log bucket, which has neither Object Lock nor SSE-KMS
 * because S3 server access logs can only be delivered with SSE-S3.
 */
export function logBuckets(
    name: string,
    config: ReferenceConfig,
    names: pulumi.Output<TrailNames>,
    keyArn: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): LogBuckets {
    const accessLogBucket = privateBucket(`${name}-access-logs`, names.accessLogBucketName, false, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-access-logs-encryption`,
        { bucket: accessLogBucket.bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        opts,
    );
    new aws.s3.BucketPolicy(
        `${name}-access-logs-policy`,
        { bucket: accessLogBucket.bucket.bucket, policy: names.apply((n) => JSON.stringify(accessLogBucketPolicy(n))) },
        { ...opts, dependsOn: [accessLogBucket.publicAccessBlock] },
    );

    const logs = privateBucket(`${name}-logs`, names.bucketName, true, opts);
    const bucketName = logs.bucket.bucket;
    const objectLock = new aws.s3.BucketObjectLockConfiguration(
        `${name}-logs-object-lock`,
        { bucket: bucketName, rule: { defaultRetention: { mode: config.lockMode, days: config.retentionDays } } },
        { ...opts, dependsOn: [logs.versioning] },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-logs-encryption`,
        {
            bucket: bucketName,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }],
        },
        opts,
    );
    const expiration = config.expireAfterDays;
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-logs-lifecycle`,
        {
            bucket: bucketName,
            rules: [
                {
                    id: "tier-log-files",
                    status: "Enabled",
                    filter: {},
                    // S3 rejects a transition at or after the expiration.
                    transitions: TRANSITIONS.filter((t) => expiration === undefined || t.days < expiration),
                    ...(expiration === undefined ? {} : { expiration: { days: expiration } }),
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
        { ...opts, dependsOn: [logs.versioning] },
    );
    new aws.s3.BucketLogging(
        `${name}-logs-access-logging`,
        { bucket: bucketName, targetBucket: accessLogBucket.bucket.bucket, targetPrefix: names.apply((n) => `${n.bucketName}/`) },
        opts,
    );
    const policy = new aws.s3.BucketPolicy(
        `${name}-logs-policy`,
        { bucket: bucketName, policy: names.apply((n) => JSON.stringify(logBucketPolicy(n, config.organizationTrail))) },
        // S3 rejects a bucket policy while public access block is being applied to the same bucket.
        { ...opts, dependsOn: [logs.publicAccessBlock] },
    );
    return {
        bucket: logs.bucket,
        policy,
        readyForDelivery: [objectLock, encryption, logs.publicAccessBlock, logs.ownership],
        accessLogBucket: accessLogBucket.bucket,
    };
}

interface PrivateBucket {
    readonly bucket: aws.s3.Bucket;
    readonly versioning: aws.s3.BucketVersioning;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownership: aws.s3.BucketOwnershipControls;
}

/** A versioned bucket with every public access path blocked and ACLs disabled. */
function privateBucket(name: string, bucketName: pulumi.Input<string>, objectLockEnabled: boolean, opts: pulumi.CustomResourceOptions): PrivateBucket {
    // Object Lock can only be switched on when the bucket is created.
    const bucket = new aws.s3.Bucket(name, { bucket: bucketName, objectLockEnabled, forceDestroy: false }, opts);
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } }, opts);
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        { bucket: bucket.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    return { bucket, versioning, publicAccessBlock, ownership };
}
