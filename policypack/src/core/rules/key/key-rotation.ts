import { StackRule } from "../../rule";
import { judgeLinked } from "../linked";
import { requireBoolean } from "../support";

const NAME = "cloudtrail-kms-key-rotation";

export const kmsKeyRotation: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The customer managed KMS key that encrypts a CloudTrail trail's logs must rotate its key material (enableKeyRotation true).",
    enforcementLevel: "mandatory",
    severity: "medium",
    cis: { "1.4": "3.8", "3.0": "3.6", "4.0": "3.6", "5.0": "3.6" },
    securityHub: "KMS.4",
    equivalents: { checkov: ["CKV_AWS_7"], trivy: ["AVD-AWS-0065"], prowler: ["kms_cmk_rotation_enabled"] },
    remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key (optionally rotationPeriodInDays); old key material stays available to decrypt existing logs.",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    tags: ["cloudtrail", "kms", "encryption"],
    check: (model) =>
        judgeLinked(model, "key", NAME, (urn) => {
            const key = model.links.key(urn);
            return requireBoolean(NAME, key, "KMS key", "enableKeyRotation", key.enableKeyRotation, {
                required: true,
                absentMeans: false,
                why: "so the key that encrypts CloudTrail logs rotates yearly",
            });
        }),
};
