/** Builders for resource snapshots as the engine and stack exports present them. */
import { ResourceSnapshot } from "../../policypack/src/core/resource";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const TRAIL_TYPE = "aws:cloudtrail/trail:Trail";

export function urnOf(type: string, name: string, stack = "dev", project = "proj"): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export function resource(type: string, name: string, props: Record<string, unknown>, extra: Partial<ResourceSnapshot> = {}): ResourceSnapshot {
    const propertyDependencies = extra.propertyDependencies ?? {};
    // As the engine records them: unless told otherwise, a resource depends on what its properties came from.
    const dependencies = extra.dependencies ?? [...new Set(Object.values(propertyDependencies).flat())];
    return { urn: urnOf(type, name), type, name, props, ...extra, dependencies, propertyDependencies };
}

/** A trail that passes every trail rule; tests override one property at a time. */
export const COMPLIANT_TRAIL_PROPS: Readonly<Record<string, unknown>> = Object.freeze({
    name: "org-trail",
    s3BucketName: "trail-logs",
    enableLogging: true,
    enableLogFileValidation: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    isOrganizationTrail: true,
    kmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:111122223333:log-group:trail:*",
    cloudWatchLogsRoleArn: "arn:aws:iam::111122223333:role/trail-to-logs",
    snsTopicName: "trail-deliveries",
    advancedEventSelectors: [
        { name: "management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
            name: "s3-objects",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
            ],
        },
    ],
    insightSelectors: [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }],
});

/** The compliant trail's properties with overrides; undefined removes a property, as the engine omits unset inputs. */
export function trailProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const props: Record<string, unknown> = { ...COMPLIANT_TRAIL_PROPS, ...overrides };
    for (const key of Object.keys(props)) {
        if (props[key] === undefined) {
            delete props[key];
        }
    }
    return props;
}

export function trail(overrides: Record<string, unknown> = {}, name = "main"): ResourceSnapshot {
    return resource(TRAIL_TYPE, name, trailProps(overrides));
}
