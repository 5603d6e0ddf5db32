import { ResourceSnapshot } from "../resource";
import { asNumber, asString, Field, prop } from "../values";

/** What the rules know about an aws:cloudwatch/logGroup:LogGroup. */
export interface LogGroupFacts {
    readonly urn: string;
    readonly name: string;
    readonly retentionInDays: Field<number>;
    readonly kmsKeyId: Field<string>;
    /** STANDARD (the default), INFREQUENT_ACCESS or DELIVERY, which AWS holds to 2 days' retention whatever retentionInDays says. */
    readonly logGroupClass: Field<string>;
}

export function logGroupFacts(group: ResourceSnapshot): LogGroupFacts {
    return {
        urn: group.urn,
        name: group.name,
        retentionInDays: asNumber(prop(group.props, "retentionInDays")),
        kmsKeyId: asString(prop(group.props, "kmsKeyId")),
        logGroupClass: asString(prop(group.props, "logGroupClass")),
    };
}

/**
 * The log group a trail's cloudWatchLogsGroupArn names. The trail's ARN ends in `:*` while the log
 * group's own `arn` output does not, so both forms reduce to the ARN without it and to the name.
 */
export function parseLogGroupArn(value: string): { readonly arn: string; readonly name: string } | undefined {
    const match = /^(arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?))(:\*)?$/.exec(value);
    return match ? { arn: match[1], name: match[2] } : undefined;
}
