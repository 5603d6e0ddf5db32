import { StackRule } from "../../rule";
import { judgeLinked, judgeSettings } from "../linked";

const NAME = "cloudtrail-bucket-versioning";

export const bucketVersioning: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The S3 bucket a CloudTrail trail delivers to must have versioning Enabled, so an overwritten or deleted log file can be recovered.",
    enforcementLevel: "mandatory",
    severity: "medium",
    cis: {},
    securityHub: "S3.14",
    equivalents: { checkov: ["CKV_AWS_21"], trivy: ["AVD-AWS-0090"], prowler: ["s3_bucket_object_versioning"] },
    remediationSteps: 'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration {status: "Enabled"} (Object Lock requires it too).',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
    tags: ["cloudtrail", "s3", "integrity"],
    check: (model) =>
        judgeLinked(model, "bucket", NAME, (urn) =>
            judgeSettings(NAME, urn, model.links.bucket(urn).versioningEnabled, {
                passes: (enabled) => enabled,
                absentPasses: false,
                failure: (s) => `${s.who}, which receives CloudTrail logs, does not have versioning Enabled ("${s.property}"). Enable versioning on the bucket.`,
            }),
        ),
};
