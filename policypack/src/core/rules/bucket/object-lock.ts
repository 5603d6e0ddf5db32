import { objectLockComplete } from "../../facts/bucket";
import { StackRule } from "../../rule";
import { judgeLinked, judgeSettings } from "../linked";

const NAME = "cloudtrail-bucket-object-lock";

export const bucketObjectLock: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The S3 bucket a CloudTrail trail delivers to must have Object Lock enabled with a default retention, so nobody can delete or overwrite log files early.",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: {},
    securityHub: "S3.15",
    equivalents: { checkov: ["CKV_AWS_143"], prowler: ["s3_bucket_object_lock"] },
    remediationSteps:
        "Create the bucket with objectLockEnabled: true (with versioning Enabled), and add an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention " +
        '{mode: "GOVERNANCE", days: <at least your retention>} (use "COMPLIANCE" only as an explicit decision: nobody, not even root, can delete before expiry).',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html",
    tags: ["cloudtrail", "s3", "integrity"],
    check: (model) =>
        judgeLinked(model, "bucket", NAME, (urn) =>
            judgeSettings(NAME, urn, model.links.bucket(urn).objectLock, {
                passes: objectLockComplete,
                absentPasses: false,
                failure: (s) => `${s.who}, which receives CloudTrail logs, has no Object Lock with a default retention ("${s.property}"). Enable Object Lock and set a default retention.`,
            }),
        ),
};
