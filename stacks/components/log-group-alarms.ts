import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ReferenceConfig } from "../config";
import { TrailNames } from "../names";
import { cloudWatchDeliveryPolicy, cloudWatchDeliveryTrust } from "../policies/role-policies";
import { CIS_METRIC_FILTERS } from "./cis-metric-filters";

export interface TrailLogGroup {
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly deliveryRole: aws.iam.Role;
    /** The trail must wait for it: CloudTrail checks the role's permissions when the trail is created. */
    readonly deliveryRolePolicy: aws.iam.RolePolicy;
}

export const CIS_METRIC_NAMESPACE = "CISBenchmark";

/** The encrypted log group the trail streams to, and the role CloudTrail assumes to write it. */
export function trailLogGroup(
    name: string,
    config: ReferenceConfig,
    names: pulumi.Output<TrailNames>,
    keyArn: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): TrailLogGroup {
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-log-group`,
        { name: names.logGroupName, retentionInDays: config.logRetentionDays, kmsKeyId: keyArn },
        opts,
    );
    const deliveryRole = new aws.iam.Role(
        `${name}-cloudwatch-delivery`,
        { name: names.cloudWatchRoleName, assumeRolePolicy: names.apply((n) => JSON.stringify(cloudWatchDeliveryTrust(n))) },
        opts,
    );
    const deliveryRolePolicy = new aws.iam.RolePolicy(
        `${name}-cloudwatch-delivery-policy`,
        {
            role: deliveryRole.name,
            name: "deliver-trail-events",
            // Depends on the log group so the streams it names exist before CloudTrail checks them.
            policy: pulumi.all([names, logGroup.name]).apply(([n]) => JSON.stringify(cloudWatchDeliveryPolicy(n, config.organizationTrail))),
        },
        opts,
    );
    return { logGroup, deliveryRole, deliveryRolePolicy };
}

/** One metric filter and one alarm per CIS monitoring control, all notifying the alarm topic. */
export function cisAlarms(
    name: string,
    config: ReferenceConfig,
    logGroup: aws.cloudwatch.LogGroup,
    alarmTopicArn: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm[] {
    return CIS_METRIC_FILTERS.map((cis) => {
        const metricName = `${config.namePrefix}-${cis.id}`;
        const filter = new aws.cloudwatch.LogMetricFilter(
            `${name}-${cis.id}`,
            {
                name: metricName,
                logGroupName: logGroup.name,
                pattern: cis.pattern,
                metricTransformation: { name: metricName, namespace: CIS_METRIC_NAMESPACE, value: "1" },
            },
            opts,
        );
        return new aws.cloudwatch.MetricAlarm(
            `${name}-${cis.id}`,
            {
                name: metricName,
                alarmDescription: `CIS ${cis.cis["3.0"]}${cis.securityHub ? ` / ${cis.securityHub}` : ""}: ${cis.name}`,
                metricName: filter.metricTransformation.name,
                namespace: CIS_METRIC_NAMESPACE,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [alarmTopicArn],
            },
            opts,
        );
    });
}
