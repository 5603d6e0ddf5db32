import { TrailRule } from "../../rule";
import { requireBoolean } from "../support";

export const organizationTrail: TrailRule = {
    subject: "trail",
    name: "cloudtrail-organization-trail",
    description: "CloudTrail trails should be organization trails, so every member account is recorded, including accounts created later.",
    enforcementLevel: "advisory",
    severity: "medium",
    cis: {},
    equivalents: {},
    remediationSteps:
        "Set isOrganizationTrail: true on a trail in the management account (or a delegated administrator). Trusted access for cloudtrail.amazonaws.com must be enabled in AWS Organizations.",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html",
    tags: ["cloudtrail", "coverage", "organizations"],
    check: (trail) =>
        requireBoolean(organizationTrail.name, trail, "trail", "isOrganizationTrail", trail.isOrganizationTrail, {
            required: true,
            absentMeans: false,
            why: "in the management account so one trail records every member account",
        }),
};
