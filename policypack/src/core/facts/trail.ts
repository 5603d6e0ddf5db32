import { ResourceSnapshot } from "../resource";
import { asBool, asList, asString, Field, prop } from "../values";
import { AdvancedSelector, ClassicSelector, parseAdvancedSelectors, parseClassicSelectors } from "./selectors";

/** What the rules know about one aws:cloudtrail/trail:Trail, read once from its property bag. */
export interface TrailFacts {
    readonly urn: string;
    readonly name: string;
    readonly enableLogging: Field<boolean>;
    readonly enableLogFileValidation: Field<boolean>;
    readonly isMultiRegionTrail: Field<boolean>;
    readonly includeGlobalServiceEvents: Field<boolean>;
    readonly isOrganizationTrail: Field<boolean>;
    readonly s3BucketName: Field<string>;
    readonly s3KeyPrefix: Field<string>;
    readonly kmsKeyId: Field<string>;
    readonly cloudWatchLogsGroupArn: Field<string>;
    readonly cloudWatchLogsRoleArn: Field<string>;
    readonly snsTopicName: Field<string>;
    readonly eventSelectors: Field<readonly ClassicSelector[]>;
    readonly advancedEventSelectors: Field<readonly AdvancedSelector[]>;
    readonly insightSelectors: Field<readonly unknown[]>;
}

export function trailFacts(resource: Pick<ResourceSnapshot, "urn" | "name" | "props">): TrailFacts {
    const p = resource.props;
    return {
        urn: resource.urn,
        name: resource.name,
        enableLogging: asBool(prop(p, "enableLogging")),
        enableLogFileValidation: asBool(prop(p, "enableLogFileValidation")),
        isMultiRegionTrail: asBool(prop(p, "isMultiRegionTrail")),
        includeGlobalServiceEvents: asBool(prop(p, "includeGlobalServiceEvents")),
        isOrganizationTrail: asBool(prop(p, "isOrganizationTrail")),
        s3BucketName: asString(prop(p, "s3BucketName")),
        s3KeyPrefix: asString(prop(p, "s3KeyPrefix")),
        kmsKeyId: asString(prop(p, "kmsKeyId")),
        cloudWatchLogsGroupArn: asString(prop(p, "cloudWatchLogsGroupArn")),
        cloudWatchLogsRoleArn: asString(prop(p, "cloudWatchLogsRoleArn")),
        snsTopicName: asString(prop(p, "snsTopicName")),
        eventSelectors: parseClassicSelectors(prop(p, "eventSelectors")),
        advancedEventSelectors: parseAdvancedSelectors(prop(p, "advancedEventSelectors")),
        insightSelectors: asList(prop(p, "insightSelectors")),
    };
}
