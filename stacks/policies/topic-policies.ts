import { TrailNames } from "../names";
import { policyDocument, PolicyDocument, service } from "./document";

/** Only this trail may publish its delivery notifications (CloudTrail rejects the trail otherwise). */
export function deliveryTopicPolicy(names: TrailNames): PolicyDocument {
    return policyDocument({
        Sid: "CloudTrailPublish",
        Effect: "Allow",
        Principal: service("cloudtrail.amazonaws.com"),
        Action: "sns:Publish",
        Resource: names.deliveryTopicArn,
        Condition: { StringEquals: { "aws:SourceArn": names.trailArn } },
    });
}

/** Only this account's CloudWatch alarms may publish to the alarm topic. */
export function alarmTopicPolicy(names: TrailNames): PolicyDocument {
    return policyDocument({
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: service("cloudwatch.amazonaws.com"),
        Action: "sns:Publish",
        Resource: names.alarmTopicArn,
        Condition: {
            StringEquals: { "aws:SourceAccount": names.env.accountId },
            ArnLike: { "aws:SourceArn": `arn:${names.env.partition}:cloudwatch:${names.env.region}:${names.env.accountId}:alarm:*` },
        },
    });
}
