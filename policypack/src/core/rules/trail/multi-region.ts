import { TrailRule } from "../../rule";
import { requireBoolean } from "../support";

export const multiRegion: TrailRule = {
    subject: "trail",
    name: "cloudtrail-multi-region",
    description: "CloudTrail trails must record every region: isMultiRegionTrail must be true.",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: { "1.4": "3.1", "3.0": "3.1", "4.0": "3.1", "5.0": "3.1" },
    securityHub: "CloudTrail.1",
    equivalents: { checkov: ["CKV_AWS_67"], trivy: ["AVD-AWS-0014"], prowler: ["cloudtrail_multi_region_enabled"] },
    remediationSteps: "Set isMultiRegionTrail: true. A single-region trail misses activity in every other region, including regions an attacker turns on.",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    tags: ["cloudtrail", "coverage"],
    check: (trail) =>
        requireBoolean(multiRegion.name, trail, "trail", "isMultiRegionTrail", trail.isMultiRegionTrail, {
            required: true,
            absentMeans: false,
            why: "so the trail records events in every region",
        }),
    remediation: {
        property: "isMultiRegionTrail",
        value: true,
        applies: (trail) =>
            trail.isMultiRegionTrail.state === "absent" || (trail.isMultiRegionTrail.state === "known" && trail.isMultiRegionTrail.value === false),
    },
};
