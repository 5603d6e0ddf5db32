import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ReferenceConfig } from "../config";
import { TrailNames } from "../names";
import { alarmTopicPolicy, deliveryTopicPolicy } from "../policies/topic-policies";

export interface Notifications {
    readonly deliveryTopic: aws.sns.Topic;
    readonly deliveryTopicPolicy: aws.sns.TopicPolicy;
    /** Where the CIS alarms notify: the topic created here, or the one the config names. */
    readonly alarmTopicArn: pulumi.Output<string>;
}

/**
 * Two topics, because they serve different readers: log delivery notifications fire for every
 * file (for automation), alarms fire rarely (for people). Both encrypted with the notifications key.
 */
export function notifications(
    name: string,
    config: ReferenceConfig,
    names: pulumi.Output<TrailNames>,
    keyArn: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): Notifications {
    const deliveryTopic = new aws.sns.Topic(`${name}-log-delivery`, { name: names.deliveryTopicName, kmsMasterKeyId: keyArn }, opts);
    const deliveryPolicy = new aws.sns.TopicPolicy(
        `${name}-log-delivery-policy`,
        { arn: deliveryTopic.arn, policy: names.apply((n) => JSON.stringify(deliveryTopicPolicy(n))) },
        opts,
    );
    if (config.alarmTopicArn !== undefined) {
        return { deliveryTopic, deliveryTopicPolicy: deliveryPolicy, alarmTopicArn: pulumi.output(config.alarmTopicArn) };
    }
    const alarmTopic = new aws.sns.Topic(`${name}-cis-alarms`, { name: names.alarmTopicName, kmsMasterKeyId: keyArn }, opts);
    new aws.sns.TopicPolicy(`${name}-cis-alarms-policy`, { arn: alarmTopic.arn, policy: names.apply((n) => JSON.stringify(alarmTopicPolicy(n))) }, opts);
    if (config.alarmEmail !== undefined) {
        new aws.sns.TopicSubscription(`${name}-cis-alarms-email`, { topic: alarmTopic.arn, protocol: "email", endpoint: config.alarmEmail }, opts);
    }
    return { deliveryTopic, deliveryTopicPolicy: deliveryPolicy, alarmTopicArn: alarmTopic.arn };
}
