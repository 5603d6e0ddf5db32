import { advancedManagementCoverage, classicManagementCoverage, Coverage } from "../../facts/selectors";
import { TrailFacts } from "../../facts/trail";
import { Finding } from "../../finding";
import { TrailRule } from "../../rule";
import { cannotDecide, subject, violation } from "../support";

const NAME = "cloudtrail-management-events";

function coverageOf(trail: TrailFacts): Coverage | Finding {
    const who = subject("trail", trail.name);
    const { advancedEventSelectors: advanced, eventSelectors: classic } = trail;
    if (advanced.state === "invalid" || advanced.state === "unknown") {
        return cannotDecide(NAME, trail.urn, who, "advancedEventSelectors", advanced);
    }
    if (advanced.state === "known" && advanced.value.length > 0) {
        return advancedManagementCoverage(advanced.value);
    }
    if (classic.state === "invalid" || classic.state === "unknown") {
        return cannotDecide(NAME, trail.urn, who, "eventSelectors", classic);
    }
    if (classic.state === "known" && classic.value.length > 0) {
        return classicManagementCoverage(classic.value);
    }
    // No selectors at all: CloudTrail records every management event, read and write.
    return { reads: true, writes: true };
}

export const managementEvents: TrailRule = {
    subject: "trail",
    name: NAME,
    description: "CloudTrail trails must record all management events, read and write, with no event source excluded.",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: { "1.4": "3.1", "3.0": "3.1", "4.0": "3.1", "5.0": "3.1" },
    securityHub: "CloudTrail.1",
    equivalents: { prowler: ["cloudtrail_multi_region_enabled_logging_management_events"] },
    remediationSteps:
        "Remove eventSelectors and advancedEventSelectors (the default records all management events), or add a selector that records them all: " +
        'classic {readWriteType: "All", includeManagementEvents: true} with no excludeManagementEventSources, or advanced ' +
        '{fieldSelectors: [{field: "eventCategory", equals: ["Management"]}]} without readOnly or eventSource filters.',
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
    tags: ["cloudtrail", "coverage"],
    check(trail) {
        const coverage = coverageOf(trail);
        if (!("reads" in coverage)) {
            return [coverage];
        }
        const missing = [coverage.reads === false ? "read" : "", coverage.writes === false ? "write" : ""].filter(Boolean);
        if (missing.length > 0) {
            const which = missing.length === 2 ? "management events (read and write)" : `${missing[0]} management events`;
            return [
                violation(
                    NAME,
                    trail.urn,
                    `${subject("trail", trail.name)} does not record all ${which}: no event selector records them for every event source. ` +
                        "Record all management events with readWriteType All (classic) or an eventCategory Management selector without readOnly or eventSource filters (advanced).",
                ),
            ];
        }
        if (coverage.reads === "unknown" || coverage.writes === "unknown") {
            return [cannotDecide(NAME, trail.urn, subject("trail", trail.name), "eventSelectors", { state: "unknown" })];
        }
        return [];
    },
};
