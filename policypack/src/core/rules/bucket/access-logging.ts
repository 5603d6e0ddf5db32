import { StackRule } from "../../rule";
import { judgeLinked, judgeSettings } from "../linked";

const NAME = "cloudtrail-bucket-access-logging";

export const bucketAccessLogging: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The S3 bucket a CloudTrail trail delivers to must have server access logging, so reads and deletions of log files leave a record.",
    enforcementLevel: "mandatory",
    severity: "medium",
    cis: { "1.4": "3.6", "3.0": "3.4", "4.0": "3.4", "5.0": "3.4" },
    securityHub: "CloudTrail.7",
    equivalents: { checkov: ["CKV_AWS_18"], trivy: ["AVD-AWS-0163"], prowler: ["cloudtrail_logs_s3_bucket_access_logging_enabled"] },
    remediationSteps:
        "Add an aws.s3.BucketLogging for the bucket with targetBucket set to a separate access-log bucket (SSE-S3, no Object Lock, with a bucket policy letting logging.s3.amazonaws.com s3:PutObject scoped by aws:SourceAccount).",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
    tags: ["cloudtrail", "s3", "monitoring"],
    check: (model) =>
        judgeLinked(model, "bucket", NAME, (urn) =>
            judgeSettings(NAME, urn, model.links.bucket(urn).accessLogging, {
                passes: (configured) => configured,
                absentPasses: false,
                failure: (s) => `${s.who}, which receives CloudTrail logs, has no server access logging ("${s.property}"). Add an aws.s3.BucketLogging with a target bucket.`,
            }),
        ),
};
