import { TrailRule } from "../../rule";
import { requireBoolean } from "../support";

export const loggingEnabled: TrailRule = {
    subject: "trail",
    name: "cloudtrail-logging-enabled",
    description: "CloudTrail trails must be logging: enableLogging must not be false.",
    enforcementLevel: "mandatory",
    severity: "critical",
    cis: { "1.4": "3.1", "3.0": "3.1", "4.0": "3.1", "5.0": "3.1" },
    securityHub: "CloudTrail.3",
    equivalents: { checkov: ["CKV_AWS_251"], prowler: ["cloudtrail_multi_region_enabled"] },
    remediationSteps: "Remove enableLogging or set it to true. A trail that is not logging records nothing, and stopping it is how attackers cover their tracks.",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-turning-off-logging.html",
    tags: ["cloudtrail", "logging"],
    check: (trail) =>
        requireBoolean(loggingEnabled.name, trail, "trail", "enableLogging", trail.enableLogging, {
            required: true,
            absentMeans: true,
            why: "(or remove it) so the trail records events",
        }),
    remediation: {
        property: "enableLogging",
        value: true,
        applies: (trail) => trail.enableLogging.state === "known" && trail.enableLogging.value === false,
    },
};
