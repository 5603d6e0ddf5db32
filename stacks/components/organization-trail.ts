import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ReferenceConfig } from "../config";
import { Environment, trailNames } from "../names";
import { notificationsKeyPolicy, trailKeyPolicy } from "../policies/key-policies";
import { cisAlarms, trailLogGroup } from "./log-group-alarms";
import { logBuckets } from "./log-bucket";
import { notifications } from "./notifications";
import { logReader, tamperDenyPolicy } from "./readers";
import { customerKey } from "./trail-key";

export const COMPONENT_TYPE = "cloudtrail-reference:index:OrganizationTrail";

/**
 * An organization-wide CloudTrail trail that passes every policy of the cloudtrail-guardrails
 * pack: encrypted, validated, multi-region, streamed to CloudWatch Logs with the CIS alarms, and
 * delivered to a locked, private bucket that only the log-reader role can read.
 */
export class OrganizationTrail extends pulumi.ComponentResource {
    public readonly trail: aws.cloudtrail.Trail;
    public readonly bucket: aws.s3.Bucket;
    public readonly key: aws.kms.Key;
    public readonly logGroup: aws.cloudwatch.LogGroup;
    public readonly alarmTopicArn: pulumi.Output<string>;
    public readonly readerRole: aws.iam.Role;
    public readonly tamperDenyPolicy?: aws.organizations.Policy;

    constructor(name: string, config: ReferenceConfig, opts?: pulumi.ComponentResourceOptions) {
        super(COMPONENT_TYPE, name, {}, opts);
        const child = { parent: this };
        const organization = config.organizationTrail ? aws.organizations.getOrganizationOutput({}, child) : undefined;
        const names = environment(organization, child).apply((env) => trailNames(config, env));

        const trailKey = customerKey(`${name}-key`, { description: "Encrypts the organization trail's log files and log group.", policy: names.apply(trailKeyPolicy), aliasName: names.keyAliasName }, child);
        const notificationsKey = customerKey(
            `${name}-notifications-key`,
            { description: "Encrypts the trail's SNS topics.", policy: names.apply(notificationsKeyPolicy), aliasName: names.notificationsKeyAliasName },
            child,
        );
        const buckets = logBuckets(name, config, names, trailKey.key.arn, child);
        const logs = trailLogGroup(name, config, names, trailKey.key.arn, child);
        const topics = notifications(name, config, names, notificationsKey.key.arn, child);
        cisAlarms(name, config, logs.logGroup, topics.alarmTopicArn, child);
        this.readerRole = logReader(name, names, trailKey.key.arn, child);
        if (organization !== undefined) {
            this.tamperDenyPolicy = tamperDenyPolicy(name, names, trailKey.key.arn, organization.roots[0].id, child);
        }

        this.trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: names.trailName,
                s3BucketName: buckets.bucket.bucket,
                s3KeyPrefix: names.logPrefix,
                kmsKeyId: trailKey.alias.arn,
                enableLogging: true,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                isOrganizationTrail: config.organizationTrail,
                cloudWatchLogsGroupArn: pulumi.interpolate`${logs.logGroup.arn}:*`,
                cloudWatchLogsRoleArn: logs.deliveryRole.arn,
                snsTopicName: topics.deliveryTopic.name,
                advancedEventSelectors: eventSelectors(config),
                insightSelectors: config.insights ? [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }] : undefined,
            },
            {
                ...child,
                // AWS validates these when the trail is created (InsufficientS3BucketPolicy and friends).
                dependsOn: [buckets.policy, ...buckets.readyForDelivery, trailKey.key, logs.deliveryRolePolicy, topics.deliveryTopicPolicy],
            },
        );
        this.bucket = buckets.bucket;
        this.key = trailKey.key;
        this.logGroup = logs.logGroup;
        this.alarmTopicArn = topics.alarmTopicArn;
        this.registerOutputs({
            trailArn: this.trail.arn,
            bucketName: this.bucket.bucket,
            keyArn: this.key.arn,
            logGroupName: this.logGroup.name,
            alarmTopicArn: this.alarmTopicArn,
            readerRoleArn: this.readerRole.arn,
        });
    }
}

function environment(organization: pulumi.Output<aws.organizations.GetOrganizationResult> | undefined, opts: pulumi.InvokeOptions): pulumi.Output<Environment> {
    return pulumi
        .all([aws.getPartitionOutput({}, opts), aws.getRegionOutput({}, opts), aws.getCallerIdentityOutput({}, opts), organization])
        .apply(([partition, region, identity, org]) => ({
            partition: partition.partition,
            region: region.region,
            accountId: identity.accountId,
            organizationId: org?.id,
        }));
}

/**
 * Every management event, read and write, always; data events as configured. S3 data events cover
 * every bucket, the log bucket included: CIS 3.8/3.9 and Security Hub S3.22/S3.23 accept no ARN
 * filter, and the cost of also recording CloudTrail's own deliveries is the price of that.
 */
function eventSelectors(config: ReferenceConfig): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    const selectors: aws.types.input.cloudtrail.TrailAdvancedEventSelector[] = [
        { name: "All management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
    ];
    if (config.dataEvents.s3) {
        selectors.push({
            name: "S3 object events",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
            ],
        });
    }
    if (config.dataEvents.lambda) {
        selectors.push({
            name: "Lambda invocations",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::Lambda::Function"] },
            ],
        });
    }
    return selectors;
}
