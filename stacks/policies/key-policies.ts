import { TrailNames } from "../names";
import { policyDocument, PolicyDocument, PolicyStatement, service } from "./document";

/**
 * Key administration for the account, through IAM. Deliberately without the data actions
 * (Encrypt, Decrypt, GenerateDataKey*): an IAM policy granting kms:* still cannot read the logs or
 * encrypt as the trail; only the principals named below can.
 */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];

function keyAdministration(names: TrailNames): PolicyStatement {
    return {
        Sid: "AccountKeyAdministration",
        Effect: "Allow",
        Principal: { AWS: `arn:${names.env.partition}:iam::${names.env.accountId}:root` },
        Action: KEY_ADMIN_ACTIONS,
        Resource: "*",
    };
}

/** The condition key CloudTrail sets on every GenerateDataKey for a trail's log files. */
export const CLOUDTRAIL_CONTEXT_KEY = "kms:EncryptionContext:aws:cloudtrail:arn";

/** The trail key: CloudTrail encrypts for this trail only; readers decrypt; CloudWatch Logs uses it for the trail's log group. */
export function trailKeyPolicy(names: TrailNames): PolicyDocument {
    const thisTrail = { "aws:SourceArn": names.trailArn };
    const throughS3 = { "kms:CallerAccount": names.env.accountId, "kms:ViaService": `s3.${names.env.region}.amazonaws.com` };
    return policyDocument(
        keyAdministration(names),
        {
            Sid: "CloudTrailEncryptThisTrail",
            Effect: "Allow",
            Principal: service("cloudtrail.amazonaws.com"),
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: { StringEquals: { ...thisTrail, [CLOUDTRAIL_CONTEXT_KEY]: names.trailArn } },
        },
        {
            // With an S3 Bucket Key CloudTrail must be able to decrypt to create or update the trail.
            Sid: "CloudTrailDescribeAndDecrypt",
            Effect: "Allow",
            Principal: service("cloudtrail.amazonaws.com"),
            Action: ["kms:DescribeKey", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: thisTrail },
        },
        {
            // Only through S3: the reader decrypts log files it reads, not ciphertext from elsewhere.
            Sid: "LogReadersDecryptTrailLogs",
            Effect: "Allow",
            Principal: { AWS: names.readerRoleArn },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { ...throughS3, [CLOUDTRAIL_CONTEXT_KEY]: names.trailArn } },
        },
        {
            // Objects CloudTrail does not encrypt itself (digest files) get the bucket's default encryption.
            Sid: "LogReadersDecryptBucketDefault",
            Effect: "Allow",
            Principal: { AWS: names.readerRoleArn },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { ...throughS3, "kms:EncryptionContext:aws:s3:arn": names.bucketArn } },
        },
        {
            Sid: "CloudWatchLogsTrailLogGroup",
            Effect: "Allow",
            Principal: service(`logs.${names.env.region}.amazonaws.com`),
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": names.logGroupArn } },
        },
    );
}

/**
 * The key of the two SNS topics. A separate key, because the publishers (CloudTrail for delivery
 * notifications, CloudWatch for alarms) encrypt without the trail's encryption context, which the
 * trail key requires of every encryption.
 */
export function notificationsKeyPolicy(names: TrailNames): PolicyDocument {
    return policyDocument(
        keyAdministration(names),
        {
            Sid: "CloudTrailPublishDeliveryNotifications",
            Effect: "Allow",
            Principal: service("cloudtrail.amazonaws.com"),
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": names.trailArn } },
        },
        {
            Sid: "CloudWatchPublishAlarms",
            Effect: "Allow",
            Principal: service("cloudwatch.amazonaws.com"),
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": names.env.accountId } },
        },
    );
}
