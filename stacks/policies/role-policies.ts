import { TrailNames } from "../names";
import { requireOrganizationId } from "./bucket-policies";
import { policyDocument, PolicyDocument, service } from "./document";

export const CLOUDTRAIL_READ_ONLY_POLICY = "AWSCloudTrail_ReadOnlyAccess";

/** CloudTrail may assume the delivery role only on behalf of this trail (confused-deputy guard). */
export function cloudWatchDeliveryTrust(names: TrailNames): PolicyDocument {
    return policyDocument({
        Sid: "CloudTrailAssumeForThisTrail",
        Effect: "Allow",
        Principal: service("cloudtrail.amazonaws.com"),
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceArn": names.trailArn } },
    });
}

/** The trail's log streams: this account's, and each member account's under the organization id. */
export function cloudWatchDeliveryPolicy(names: TrailNames, organizationTrail: boolean): PolicyDocument {
    const streams = `${names.logGroupArn}:log-stream:`;
    const resources = [`${streams}${names.env.accountId}_CloudTrail_${names.env.region}*`];
    if (organizationTrail) {
        resources.push(`${streams}${requireOrganizationId(names)}_*`);
    }
    return policyDocument({
        Sid: "CloudTrailDeliverToTrailStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: resources,
    });
}

export function readerTrust(names: TrailNames): PolicyDocument {
    return policyDocument({
        Sid: "ReadersAssume",
        Effect: "Allow",
        Principal: { AWS: names.readerPrincipals },
        Action: "sts:AssumeRole",
    });
}

/**
 * What the reader needs beyond AWSCloudTrail_ReadOnlyAccess to read the log files: list the bucket,
 * get the objects under the trail's prefix, and decrypt them through S3. Nothing that writes.
 */
export function readerPolicy(names: TrailNames, keyArn: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "ListLogBucket",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: names.bucketArn,
        },
        {
            Sid: "ReadLogObjects",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: `${names.bucketArn}/${names.logPrefix}/AWSLogs/*`,
        },
        {
            Sid: "DecryptLogObjectsThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: keyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${names.env.region}.amazonaws.com` } },
        },
    );
}
