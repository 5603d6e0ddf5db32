import { TrailRule } from "../../rule";
import { cannotDecide, subject, violation } from "../support";

const NAME = "cloudtrail-insights";

export const insights: TrailRule = {
    subject: "trail",
    name: NAME,
    description: "CloudTrail trails should have CloudTrail Insights enabled (insightSelectors), which flags unusual API call and error rates.",
    enforcementLevel: "advisory",
    severity: "low",
    cis: {},
    equivalents: { prowler: ["cloudtrail_insights_exist"] },
    remediationSteps:
        'Add insightSelectors [{insightType: "ApiCallRateInsight"}, {insightType: "ApiErrorRateInsight"}]. Insights are billed per 100,000 events analysed.',
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html",
    tags: ["cloudtrail", "monitoring"],
    check(trail) {
        const field = trail.insightSelectors;
        const who = subject("trail", trail.name);
        switch (field.state) {
            case "unknown":
            case "invalid":
                return [cannotDecide(NAME, trail.urn, who, "insightSelectors", field)];
            case "absent":
                return [violation(NAME, trail.urn, `${who} has no insightSelectors. Add ApiCallRateInsight and ApiErrorRateInsight selectors.`)];
            case "known":
                return field.value.length > 0 ? [] : [violation(NAME, trail.urn, `${who} has an empty insightSelectors list. Add ApiCallRateInsight and ApiErrorRateInsight selectors.`)];
        }
    },
};
