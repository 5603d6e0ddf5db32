import { StackRule } from "../../rule";
import { judgeLinked } from "../linked";
import { cannotDecide, subject, violation } from "../support";

const NAME = "cloudtrail-log-group-retention";

export const logGroupRetention: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The CloudWatch Logs group a CloudTrail trail delivers to should keep events for the retention period: retentionInDays 0 (never expire) or at least the minimum (default 365).",
    enforcementLevel: "advisory",
    severity: "medium",
    cis: {},
    securityHub: "CloudWatch.16",
    equivalents: { checkov: ["CKV_AWS_338"], prowler: ["cloudwatch_log_group_retention_policy_specific_days_enabled"] },
    remediationSteps: "Set retentionInDays to an accepted value of at least the minimum (365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653), or leave it unset to keep events forever.",
    url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    tags: ["cloudtrail", "cloudwatch", "retention"],
    config: {
        minimumRetentionDays: { type: "integer", description: "Events must be kept at least this many days (0 = never expire always passes).", default: 365, minimum: 1 },
    },
    check: (model, config) => {
        const minimum = config.settings.minimumRetentionDays as number;
        return judgeLinked(model, "logGroup", NAME, (urn) => {
            const group = model.links.logGroup(urn);
            const who = subject("log group", group.name);
            const logGroupClass = group.logGroupClass;
            if (logGroupClass.state === "unknown" || logGroupClass.state === "invalid") {
                return [cannotDecide(NAME, urn, who, "logGroupClass", logGroupClass)];
            }
            if (logGroupClass.state === "known" && logGroupClass.value === "DELIVERY") {
                return [
                    violation(NAME, urn, `${who}, which receives CloudTrail events, has "logGroupClass" DELIVERY, which keeps events only 2 days whatever "retentionInDays" says. Use the STANDARD class with retentionInDays of at least ${minimum}, or 0.`),
                ];
            }
            const retention = group.retentionInDays;
            switch (retention.state) {
                case "absent":
                    return [];
                case "known":
                    return retention.value === 0 || retention.value >= minimum
                        ? []
                        : [violation(NAME, urn, `${who}, which receives CloudTrail events, sets "retentionInDays" to ${retention.value}, below the minimum of ${minimum} days. Set it to at least ${minimum}, or 0 to keep events forever.`)];
                default:
                    return [cannotDecide(NAME, urn, who, "retentionInDays", retention)];
            }
        });
    },
};
