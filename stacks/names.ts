import { ReferenceConfig } from "./config";

/** Where the stack is deployed: read from the provider at run time, passed in as data by tests. */
export interface Environment {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    /** The organization id ("o-..."), for an organization trail. */
    readonly organizationId?: string;
}

/**
 * Every physical name and ARN the policy documents refer to, computed from the config before any
 * resource exists. The trail's ARN in particular must be built, not read from the trail: the bucket
 * and key policies the trail waits for cannot depend on it without a cycle. Built ARNs are also
 * known at preview, so the pack judges the real documents then rather than unknowns.
 */
export interface TrailNames {
    readonly env: Environment;
    readonly trailName: string;
    readonly trailArn: string;
    readonly logPrefix: string;
    readonly bucketName: string;
    readonly bucketArn: string;
    readonly accessLogBucketName: string;
    readonly accessLogBucketArn: string;
    readonly keyAliasName: string;
    readonly keyAliasArn: string;
    readonly notificationsKeyAliasName: string;
    readonly logGroupName: string;
    readonly logGroupArn: string;
    readonly cloudWatchRoleName: string;
    readonly readerRoleName: string;
    readonly readerRoleArn: string;
    readonly deliveryTopicName: string;
    readonly deliveryTopicArn: string;
    readonly alarmTopicName: string;
    readonly alarmTopicArn: string;
    /** Who may assume the reader role: the configured principals, else the account root. */
    readonly readerPrincipals: readonly string[];
}

/** The key prefix CloudTrail writes under, so bucket and reader policies can name exact paths. */
export const LOG_PREFIX = "cloudtrail";

export function trailNames(config: ReferenceConfig, env: Environment): TrailNames {
    const { partition, region, accountId } = env;
    const prefix = config.namePrefix;
    const regional = (service: string, resource: string) => `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
    const bucketName = `${prefix}-logs-${accountId}-${region}`;
    const accessLogBucketName = `${prefix}-access-logs-${accountId}-${region}`;
    const logGroupName = `/aws/cloudtrail/${prefix}`;
    const readerRoleName = `${prefix}-log-reader`;
    const alarmTopicName = `${prefix}-cis-alarms`;
    const deliveryTopicName = `${prefix}-log-delivery`;
    return {
        env,
        trailName: prefix,
        trailArn: regional("cloudtrail", `trail/${prefix}`),
        logPrefix: LOG_PREFIX,
        bucketName,
        bucketArn: `arn:${partition}:s3:::${bucketName}`,
        accessLogBucketName,
        accessLogBucketArn: `arn:${partition}:s3:::${accessLogBucketName}`,
        keyAliasName: `alias/${prefix}-trail`,
        keyAliasArn: regional("kms", `alias/${prefix}-trail`),
        notificationsKeyAliasName: `alias/${prefix}-notifications`,
        logGroupName,
        logGroupArn: regional("logs", `log-group:${logGroupName}`),
        cloudWatchRoleName: `${prefix}-cloudwatch-delivery`,
        readerRoleName,
        readerRoleArn: `arn:${partition}:iam::${accountId}:role/${readerRoleName}`,
        deliveryTopicName,
        deliveryTopicArn: regional("sns", deliveryTopicName),
        alarmTopicName,
        alarmTopicArn: config.alarmTopicArn ?? regional("sns", alarmTopicName),
        readerPrincipals: config.readerPrincipals.length > 0 ? config.readerPrincipals : [`arn:${partition}:iam::${accountId}:root`],
    };
}
