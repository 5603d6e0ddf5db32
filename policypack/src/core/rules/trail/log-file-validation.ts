import { TrailRule } from "../../rule";
import { requireBoolean } from "../support";

export const logFileValidation: TrailRule = {
    subject: "trail",
    name: "cloudtrail-log-file-validation",
    description: "CloudTrail trails must have log file validation enabled, so tampering with delivered logs can be detected.",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: { "1.4": "3.2", "3.0": "3.2", "4.0": "3.2", "5.0": "3.2" },
    securityHub: "CloudTrail.4",
    equivalents: { checkov: ["CKV_AWS_36"], trivy: ["AVD-AWS-0016"], prowler: ["cloudtrail_log_file_validation_enabled"] },
    remediationSteps: "Set enableLogFileValidation: true on the trail. CloudTrail then delivers signed hourly digest files that `aws cloudtrail validate-logs` or `cloudtrail-guardrails verify-logs` check.",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    tags: ["cloudtrail", "integrity"],
    check: (trail) =>
        requireBoolean(logFileValidation.name, trail, "trail", "enableLogFileValidation", trail.enableLogFileValidation, {
            required: true,
            absentMeans: false,
            why: "so CloudTrail signs digest files that prove the logs were not changed",
        }),
    remediation: {
        property: "enableLogFileValidation",
        value: true,
        applies: (trail) =>
            trail.enableLogFileValidation.state === "absent" ||
            (trail.enableLogFileValidation.state === "known" && trail.enableLogFileValidation.value === false),
    },
};
