import { TrailRule } from "../../rule";
import { requireString } from "../support";

export const snsNotifications: TrailRule = {
    subject: "trail",
    name: "cloudtrail-sns-notifications",
    description: "CloudTrail trails should notify an SNS topic on every log file delivery (snsTopicName set), so a stop in delivery is noticed.",
    enforcementLevel: "advisory",
    severity: "low",
    cis: {},
    equivalents: { checkov: ["CKV_AWS_252"] },
    remediationSteps:
        "Create an aws.sns.Topic whose topic policy lets cloudtrail.amazonaws.com sns:Publish (scoped with aws:SourceArn) and set snsTopicName to it; make the trail depend on the topic policy.",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html",
    tags: ["cloudtrail", "monitoring"],
    check: (trail) =>
        requireString(snsNotifications.name, trail, "trail", "snsTopicName", trail.snsTopicName, "Set snsTopicName to a topic CloudTrail may publish to."),
};
