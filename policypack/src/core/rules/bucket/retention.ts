import { LifecycleRule } from "../../facts/bucket";
import { TrailFacts } from "../../facts/trail";
import { StackRule } from "../../rule";
import { allTri, anyTri, notTri, Tri } from "../../tri";
import { Field } from "../../values";
import { judgeLinked, judgeSettings } from "../linked";

const NAME = "cloudtrail-bucket-retention";

/** Where a trail's log files go: `<prefix>/AWSLogs/` or `AWSLogs/`; unknown while the prefix is. */
function logPrefix(trail: TrailFacts): string | "unknown" {
    const prefix = trail.s3KeyPrefix;
    if (prefix.state === "unknown") {
        return "unknown";
    }
    return prefix.state === "known" ? `${prefix.value.replace(/\/+$/, "")}/AWSLogs/` : "AWSLogs/";
}

function isTrue(field: Field<boolean>): Tri {
    return field.state === "unknown" ? "unknown" : field.state === "known" && field.value;
}

/** A rule limited to a prefix touches log files when one of the two prefixes contains the other. */
function touchesLogs(rule: LifecycleRule, logPrefixes: readonly (string | "unknown")[]): Tri {
    if (rule.prefix.state === "absent") {
        return true;
    }
    if (rule.prefix.state !== "known") {
        return "unknown";
    }
    const rulePrefix = rule.prefix.value;
    return anyTri(logPrefixes.map((p) => (p === "unknown" ? "unknown" : p.startsWith(rulePrefix) || rulePrefix.startsWith(p))));
}

function expiresBefore(rule: LifecycleRule, days: number): Tri {
    const byDays: Tri = rule.expirationDays.state === "unknown" ? "unknown" : rule.expirationDays.state === "known" && rule.expirationDays.value < days;
    // A fixed expiry date removes every object on that day, whatever its age.
    const byDate: Tri = rule.expirationDate.state === "unknown" ? "unknown" : rule.expirationDate.state === "known";
    return anyTri([byDays, byDate]);
}

export const bucketRetention: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The S3 bucket a CloudTrail trail delivers to should keep log files for the retention period: no lifecycle rule may expire them sooner (default 365 days).",
    enforcementLevel: "advisory",
    severity: "medium",
    cis: {},
    securityHub: "S3.13",
    equivalents: { checkov: ["CKV2_AWS_61"], prowler: ["s3_bucket_lifecycle_enabled"] },
    remediationSteps:
        "Set the expiration of every lifecycle rule that covers the trail's log prefix (<s3KeyPrefix>/AWSLogs/) to at least the retention period, or limit such rules to other prefixes. Keep Object Lock's default retention no longer than the expiration.",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
    tags: ["cloudtrail", "s3", "retention"],
    config: {
        minimumRetentionDays: { type: "integer", description: "Log files must be kept at least this many days.", default: 365, minimum: 1 },
    },
    check: (model, config) => {
        const days = config.settings.minimumRetentionDays as number;
        return judgeLinked(model, "bucket", NAME, (urn) => {
            const prefixes = model.links.trailsOfBucket(urn).map(logPrefix);
            const expiresLogs = (rule: LifecycleRule) => allTri([isTrue(rule.enabled), touchesLogs(rule, prefixes), expiresBefore(rule, days)]);
            return judgeSettings(NAME, urn, model.links.bucket(urn).lifecycleRules, {
                passes: (rules) => allTri(rules.map((r) => notTri(expiresLogs(r)))),
                absentPasses: true,
                failure: (s) => {
                    const rules = s.field.state === "known" ? s.field.value : [];
                    const which = rules.flatMap((r, i) => (expiresLogs(r) === true ? [`${s.property}[${i}]`] : [])).join(", ");
                    return `${s.who}, for a bucket that receives CloudTrail logs, expires log files before ${days} days (${which}). Expire them no sooner than ${days} days, or limit the rule to other prefixes.`;
                },
            });
        });
    },
};
