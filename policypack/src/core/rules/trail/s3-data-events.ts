import { s3DataCoverage } from "../../facts/selectors";
import { TrailRule } from "../../rule";
import { cannotDecide, subject, violation } from "../support";

const NAME = "cloudtrail-s3-data-events";

export const s3DataEvents: TrailRule = {
    subject: "trail",
    name: NAME,
    description: "CloudTrail trails should record S3 object-level data events (reads and writes) for all buckets.",
    enforcementLevel: "advisory",
    severity: "medium",
    cis: { "1.4": "3.10, 3.11", "3.0": "3.8, 3.9", "4.0": "3.8, 3.9", "5.0": "3.8, 3.9" },
    securityHub: "S3.22, S3.23",
    equivalents: { trivy: ["AVD-AWS-0171", "AVD-AWS-0172"], prowler: ["cloudtrail_s3_dataevents_write_enabled", "cloudtrail_s3_dataevents_read_enabled"] },
    remediationSteps:
        'Add an advanced event selector {fieldSelectors: [{field: "eventCategory", equals: ["Data"]}, {field: "resources.type", equals: ["AWS::S3::Object"]}]}, ' +
        'or a classic selector with dataResources [{type: "AWS::S3::Object", values: ["arn:aws:s3"]}] and readWriteType All. Data events are billed per event.',
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
    tags: ["cloudtrail", "coverage", "s3"],
    check(trail) {
        const who = subject("trail", trail.name);
        for (const [property, field] of [
            ["eventSelectors", trail.eventSelectors],
            ["advancedEventSelectors", trail.advancedEventSelectors],
        ] as const) {
            if (field.state === "invalid") {
                return [cannotDecide(NAME, trail.urn, who, property, field)];
            }
        }
        const coverage = s3DataCoverage(trail.eventSelectors, trail.advancedEventSelectors);
        const missing = [coverage.reads === false ? "reads" : "", coverage.writes === false ? "writes" : ""].filter(Boolean);
        if (missing.length > 0) {
            return [violation(NAME, trail.urn, `${who} does not record S3 object ${missing.join(" and ")} for all buckets. Add an S3 data event selector without a resources.ARN filter.`)];
        }
        if (coverage.reads === "unknown" || coverage.writes === "unknown") {
            return [cannotDecide(NAME, trail.urn, who, "event selectors", { state: "unknown" })];
        }
        return [];
    },
};
