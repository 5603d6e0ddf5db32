import { TrailRule } from "../../rule";
import { requireString } from "../support";

export const kmsEncryption: TrailRule = {
    subject: "trail",
    name: "cloudtrail-kms-encryption",
    description: "CloudTrail trails must encrypt log files with a customer managed KMS key (SSE-KMS): kmsKeyId must be set.",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: { "1.4": "3.7", "3.0": "3.5", "4.0": "3.5", "5.0": "3.5" },
    securityHub: "CloudTrail.2",
    equivalents: { checkov: ["CKV_AWS_35"], trivy: ["AVD-AWS-0015"], prowler: ["cloudtrail_kms_encryption_enabled"] },
    remediationSteps:
        "Create an aws.kms.Key with enableKeyRotation: true and a key policy that lets cloudtrail.amazonaws.com GenerateDataKey* for this trail, then set kmsKeyId to the key's ARN (or an alias ARN).",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    tags: ["cloudtrail", "encryption"],
    check: (trail) =>
        requireString(
            kmsEncryption.name,
            trail,
            "trail",
            "kmsKeyId",
            trail.kmsKeyId,
            "Set kmsKeyId to a customer managed KMS key ARN so reading the logs also needs kms:Decrypt on that key.",
        ),
};
