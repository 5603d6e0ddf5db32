import { StackRule } from "../../rule";
import { judgeLinked } from "../linked";
import { requireString } from "../support";

const NAME = "cloudtrail-log-group-encryption";

export const logGroupEncryption: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The CloudWatch Logs group a CloudTrail trail delivers to should be encrypted with a customer managed KMS key (kmsKeyId set).",
    enforcementLevel: "advisory",
    severity: "low",
    cis: {},
    equivalents: { checkov: ["CKV_AWS_158"], trivy: ["AVD-AWS-0017"], prowler: ["cloudwatch_log_group_kms_encryption_enabled"] },
    remediationSteps:
        "Set kmsKeyId on the aws.cloudwatch.LogGroup to a KMS key ARN (not a key id) whose key policy lets logs.<region>.amazonaws.com Encrypt, Decrypt and GenerateDataKey* for this log group.",
    url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    tags: ["cloudtrail", "cloudwatch", "encryption"],
    check: (model) =>
        judgeLinked(model, "logGroup", NAME, (urn) => {
            const group = model.links.logGroup(urn);
            return requireString(NAME, group, "log group", "kmsKeyId", group.kmsKeyId, "Set kmsKeyId to a customer managed KMS key ARN so CloudTrail events at rest need that key to read.");
        }),
};
