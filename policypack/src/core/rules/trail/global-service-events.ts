import { TrailRule } from "../../rule";
import { requireBoolean } from "../support";

export const globalServiceEvents: TrailRule = {
    subject: "trail",
    name: "cloudtrail-global-service-events",
    description: "CloudTrail trails must record global service events (IAM, STS, CloudFront): includeGlobalServiceEvents must not be false.",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: {},
    equivalents: {},
    remediationSteps: "Remove includeGlobalServiceEvents or set it to true. Without it, IAM and STS calls (who changed which permissions) are not recorded.",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events",
    tags: ["cloudtrail", "coverage"],
    check: (trail) =>
        requireBoolean(globalServiceEvents.name, trail, "trail", "includeGlobalServiceEvents", trail.includeGlobalServiceEvents, {
            required: true,
            absentMeans: true,
            why: "(or remove it) so IAM, STS and other global services are recorded",
        }),
    remediation: {
        property: "includeGlobalServiceEvents",
        value: true,
        applies: (trail) => trail.includeGlobalServiceEvents.state === "known" && trail.includeGlobalServiceEvents.value === false,
    },
};
