import { TrailRule } from "../../rule";
import { requireString } from "../support";

export const cloudwatchLogs: TrailRule = {
    subject: "trail",
    name: "cloudtrail-cloudwatch-logs",
    description: "CloudTrail trails must deliver to CloudWatch Logs (cloudWatchLogsGroupArn and cloudWatchLogsRoleArn set), so metric filters and alarms can watch them.",
    enforcementLevel: "mandatory",
    severity: "medium",
    cis: { "1.4": "3.4" },
    securityHub: "CloudTrail.5",
    equivalents: { checkov: ["CKV2_AWS_10"], trivy: ["AVD-AWS-0162"], prowler: ["cloudtrail_cloudwatch_logging_enabled"] },
    remediationSteps:
        'Create an aws.cloudwatch.LogGroup and an IAM role that cloudtrail.amazonaws.com can assume with logs:CreateLogStream and logs:PutLogEvents on the group\'s streams; set cloudWatchLogsGroupArn to `${logGroup.arn}:*` and cloudWatchLogsRoleArn to the role\'s ARN.',
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    tags: ["cloudtrail", "monitoring"],
    check(trail) {
        const fix = "Set both cloudWatchLogsGroupArn and cloudWatchLogsRoleArn: CloudTrail needs the group and a role allowed to write to it.";
        return [
            ...requireString(cloudwatchLogs.name, trail, "trail", "cloudWatchLogsGroupArn", trail.cloudWatchLogsGroupArn, fix),
            ...requireString(cloudwatchLogs.name, trail, "trail", "cloudWatchLogsRoleArn", trail.cloudWatchLogsRoleArn, fix),
        ];
    },
};
