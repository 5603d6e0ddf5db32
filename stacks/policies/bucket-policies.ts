import { TrailNames } from "../names";
import { denyInsecureTransport, policyDocument, PolicyDocument, service } from "./document";

/**
 * The object keys CloudTrail writes: the management account's own logs and, for an organization
 * trail, every member account's logs under the organization id.
 */
export function cloudTrailWritePrefixes(names: TrailNames, organizationTrail: boolean): string[] {
    const base = `${names.bucketArn}/${names.logPrefix}/AWSLogs`;
    const prefixes = [`${base}/${names.env.accountId}/*`];
    if (organizationTrail) {
        prefixes.push(`${base}/${requireOrganizationId(names)}/*`);
    }
    return prefixes;
}

export function requireOrganizationId(names: TrailNames): string {
    if (names.env.organizationId === undefined) {
        throw new Error("An organization trail needs the organization id: deploy from the management account (or a delegated administrator) or set organizationTrail: false.");
    }
    return names.env.organizationId;
}

/** The log bucket's policy: CloudTrail delivery for this trail only, TLS only. */
export function logBucketPolicy(names: TrailNames, organizationTrail: boolean): PolicyDocument {
    const fromThisTrail = { "aws:SourceArn": names.trailArn };
    return policyDocument(
        {
            Sid: "CloudTrailAclCheck",
            Effect: "Allow",
            Principal: service("cloudtrail.amazonaws.com"),
            Action: "s3:GetBucketAcl",
            Resource: names.bucketArn,
            Condition: { StringEquals: fromThisTrail },
        },
        {
            Sid: "CloudTrailWrite",
            Effect: "Allow",
            Principal: service("cloudtrail.amazonaws.com"),
            Action: "s3:PutObject",
            Resource: cloudTrailWritePrefixes(names, organizationTrail),
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromThisTrail } },
        },
        denyInsecureTransport(names.bucketArn),
    );
}

/**
 * The access-log bucket's policy. With ACLs disabled (BucketOwnerEnforced) S3 server access
 * logging is authorised by this policy, scoped to the log bucket of this account.
 */
export function accessLogBucketPolicy(names: TrailNames): PolicyDocument {
    return policyDocument(
        {
            Sid: "S3ServerAccessLogsDelivery",
            Effect: "Allow",
            Principal: service("logging.s3.amazonaws.com"),
            Action: "s3:PutObject",
            Resource: `${names.accessLogBucketArn}/${names.bucketName}/*`,
            Condition: {
                ArnEquals: { "aws:SourceArn": names.bucketArn },
                StringEquals: { "aws:SourceAccount": names.env.accountId },
            },
        },
        denyInsecureTransport(names.accessLogBucketArn),
    );
}
