import { BucketFacts, bucketFacts, BucketSideResources } from "./facts/bucket";
import { keyFacts, KeyFacts, keyIdentifiers, parseKeyReference } from "./facts/key";
import { LogGroupFacts, logGroupFacts, parseLogGroupArn } from "./facts/log-group";
import { TrailFacts } from "./facts/trail";
import { ResourceSnapshot } from "./resource";
import { BUCKET_SIDE_RESOURCES, BucketSetting, BUCKETS, KMS_ALIAS, KMS_KEY, LOG_GROUP, LOG_METRIC_FILTER } from "./tokens";
import { asString, Field, prop } from "./values";

/**
 * Which bucket, key and log group each trail writes to.
 *
 * At `up` the stack policy sees outputs, so names and ARNs link resources (a key by id, key ARN,
 * alias ARN or alias name; a log group by ARN with or without `:*`, or by name). At preview a name
 * derived from another resource is unknown: the engine's propertyDependencies still say which
 * resource the value came from (trail.s3BucketName → the bucket; a side resource's `bucket` → the
 * bucket), and for unknown values the plain dependencies are the last resort when exactly one
 * candidate is among them. Every index is built once; each resource is resolved once.
 */
export type Link =
    /** The trail does not set the property (or sets a malformed value the trail rules report). */
    | { readonly state: "unused" }
    | { readonly state: "linked"; readonly urn: string }
    /** The value is known, or its source is, and no such resource is in this stack. */
    | { readonly state: "notInStack" }
    /**
     * The value is unknown and nothing in the stack says where it comes from, or it is a literal
     * that matches nothing while some candidate's name or id is not known yet.
     */
    | { readonly state: "unresolved"; readonly because: "valueUnknown" | "candidateUnnamed" };

export type LinkKind = "bucket" | "key" | "logGroup";

export interface TrailLinks {
    readonly trail: TrailFacts;
    readonly bucket: Link;
    readonly key: Link;
    readonly logGroup: Link;
}

export interface StackLinks {
    readonly trails: readonly TrailLinks[];
    bucket(urn: string): BucketFacts;
    key(urn: string): KeyFacts;
    logGroup(urn: string): LogGroupFacts;
    /** The trails whose logs go to a bucket. */
    trailsOfBucket(urn: string): readonly TrailFacts[];
    /** The metric filters on a log group. */
    metricFiltersOf(logGroupUrn: string): readonly ResourceSnapshot[];
    /** Some metric filter's log group cannot be told yet, so any group may have more filters. */
    readonly unresolvedMetricFilters: boolean;
}

/** What the linker needs from the stack model (model.ts builds it and caches the links). */
export interface LinkableStack {
    readonly byUrn: ReadonlyMap<string, ResourceSnapshot>;
    readonly trails: readonly TrailFacts[];
    ofType(...types: string[]): readonly ResourceSnapshot[];
}

const LINKED = (urn: string): Link => ({ state: "linked", urn });
const UNUSED: Link = { state: "unused" };

function index(resources: readonly ResourceSnapshot[], keysOf: (r: ResourceSnapshot) => readonly string[]): Map<string, ResourceSnapshot> {
    const out = new Map<string, ResourceSnapshot>();
    for (const r of resources) {
        for (const key of keysOf(r)) {
            out.set(key, r);
        }
    }
    return out;
}

function knownStrings(r: ResourceSnapshot, ...properties: string[]): string[] {
    return properties.map((p) => asString(prop(r.props, p))).flatMap((f) => (f.state === "known" ? [f.value] : []));
}

interface Reference {
    readonly from: ResourceSnapshot;
    readonly property: string;
    readonly value: Field<string>;
    /** Looks a known value up by name or ARN; undefined when no resource has it. */
    lookup(value: string): Link | undefined;
    /** What a resource the value depends on contributes: itself when it is the target type, or the target it leads to. */
    follow(dependency: ResourceSnapshot): Link | undefined;
    /**
     * Some resource of the target type has a name not known yet, so a known value that matches no
     * resource may still be its name: the link cannot be told until the update.
     */
    readonly pending?: boolean;
}

function resolve(byUrn: ReadonlyMap<string, ResourceSnapshot>, ref: Reference): Link {
    if (ref.value.state === "absent" || ref.value.state === "invalid") {
        return UNUSED;
    }
    if (ref.value.state === "known") {
        const found = ref.lookup(ref.value.value);
        if (found) {
            return found;
        }
    }
    const fromProperty = fromDependencies(byUrn, ref.from.propertyDependencies[ref.property] ?? [], ref.follow);
    if (fromProperty) {
        return fromProperty;
    }
    if (ref.value.state === "known") {
        // A literal name that no resource here has: the resource lives elsewhere (another stack, `.get()`).
        return ref.pending ? { state: "unresolved", because: "candidateUnnamed" } : { state: "notInStack" };
    }
    // Without property dependencies (older engines, components) plain dependencies may still name exactly one candidate.
    return fromDependencies(byUrn, ref.from.dependencies, ref.follow) ?? { state: "unresolved", because: "valueUnknown" };
}

/** The one target the dependencies lead to; undefined when none or several do. */
function fromDependencies(byUrn: ReadonlyMap<string, ResourceSnapshot>, urns: readonly string[], follow: (r: ResourceSnapshot) => Link | undefined): Link | undefined {
    let result: Link | undefined;
    for (const urn of urns) {
        const dependency = byUrn.get(urn);
        const link = dependency && follow(dependency);
        if (!link) {
            continue;
        }
        if (result && (result.state !== "linked" || link.state !== "linked" || result.urn !== link.urn)) {
            return undefined;
        }
        result = link;
    }
    return result;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

function memo<T>(build: (urn: string) => T): (urn: string) => T {
    const cache = new Map<string, T>();
    return (urn) => {
        let value = cache.get(urn);
        if (value === undefined) {
            value = build(urn);
            cache.set(urn, value);
        }
        return value;
    };
}

export function linkStack(stack: LinkableStack): StackLinks {
    const { byUrn } = stack;
    const bucketTypes: ReadonlySet<string> = new Set(BUCKETS);
    const buckets = stack.ofType(...BUCKETS);
    const bucketByName = index(buckets, (b) => knownStrings(b, "bucket"));
    const keys = stack.ofType(KMS_KEY);
    const aliases = stack.ofType(KMS_ALIAS);
    const keyById = index(keys, keyIdentifiers);
    const aliasByName = index(aliases, (a) => knownStrings(a, "name"));
    const aliasByArn = index(aliases, (a) => knownStrings(a, "arn"));
    const logGroups = stack.ofType(LOG_GROUP);
    const logGroupByName = index(logGroups, (g) => knownStrings(g, "name"));
    const logGroupByArn = index(logGroups, (g) => knownStrings(g, "arn"));
    // v7 resources carry a region, so one alias or log group name can exist in several regions: an ARN
    // falls back to the name only for resources whose own ARN is not known yet.
    const arnUnknown = (r: ResourceSnapshot) => asString(prop(r.props, "arn")).state !== "known";
    const aliasByNameOnly = index(aliases.filter(arnUnknown), (a) => knownStrings(a, "name"));
    const logGroupByNameOnly = index(logGroups.filter(arnUnknown), (g) => knownStrings(g, "name"));
    // A side resource or metric filter that names no known bucket or group would otherwise be dropped, and its setting judged absent.
    const nameUnknown = (r: ResourceSnapshot, property: string) => asString(prop(r.props, property)).state === "unknown";
    const bucketNamePending = buckets.some((b) => nameUnknown(b, "bucket"));
    const logGroupNamePending = logGroups.some((g) => nameUnknown(g, "name"));
    const keyIdPending = keys.some((k) => nameUnknown(k, "keyId"));
    const aliasNamePending = aliases.some((a) => nameUnknown(a, "name"));

    const asLinked = (r: ResourceSnapshot | undefined) => (r ? LINKED(r.urn) : undefined);

    // Side resources: each resolved to its bucket once.
    const settingOfType = new Map<string, BucketSetting>();
    for (const [setting, types] of Object.entries(BUCKET_SIDE_RESOURCES) as [BucketSetting, readonly string[]][]) {
        for (const type of types) {
            settingOfType.set(type, setting);
        }
    }
    const bucketOfName = (name: string) => asLinked(bucketByName.get(name));
    const isBucket = (r: ResourceSnapshot) => (bucketTypes.has(r.type) ? LINKED(r.urn) : undefined);
    const bucketOfSide = memo((urn: string): Link => {
        const side = byUrn.get(urn) as ResourceSnapshot;
        return resolve(byUrn, { from: side, property: "bucket", value: asString(prop(side.props, "bucket")), lookup: bucketOfName, follow: isBucket, pending: bucketNamePending });
    });
    const sidesOfBucket = new Map<string, Map<BucketSetting, ResourceSnapshot[]>>();
    const unresolvedSettings = new Set<BucketSetting>();
    for (const side of stack.ofType(...settingOfType.keys())) {
        const setting = settingOfType.get(side.type) as BucketSetting;
        const link = bucketOfSide(side.urn);
        if (link.state === "linked") {
            const bySetting = sidesOfBucket.get(link.urn) ?? new Map<BucketSetting, ResourceSnapshot[]>();
            sidesOfBucket.set(link.urn, bySetting);
            push(bySetting, setting, side);
        } else if (link.state === "unresolved") {
            unresolvedSettings.add(setting);
        }
    }

    // Aliases: each resolved to its key once.
    const keyOfId = (id: string) => asLinked(keyById.get(id));
    const isKey = (r: ResourceSnapshot) => (r.type === KMS_KEY ? LINKED(r.urn) : undefined);
    const keyOfAlias = memo((urn: string): Link => {
        const alias = byUrn.get(urn) as ResourceSnapshot;
        const byArn = asString(prop(alias.props, "targetKeyArn"));
        if (byArn.state === "known" && keyById.has(byArn.value)) {
            return keyOfId(byArn.value) as Link;
        }
        return resolve(byUrn, {
            from: alias,
            property: "targetKeyId",
            value: asString(prop(alias.props, "targetKeyId")),
            lookup: keyOfId,
            follow: isKey,
        });
    });
    const keyOfReference = (value: string): Link | undefined => {
        const ref = parseKeyReference(value);
        switch (ref.by) {
            case "keyArn":
                return keyOfId(ref.arn) ?? keyOfId(ref.keyId);
            case "keyId":
                return keyOfId(ref.keyId);
            case "aliasArn":
            case "aliasName": {
                const alias = ref.by === "aliasArn" ? (aliasByArn.get(ref.arn) ?? aliasByNameOnly.get(ref.aliasName)) : aliasByName.get(ref.aliasName);
                return alias ? keyOfAlias(alias.urn) : undefined;
            }
        }
    };

    const logGroupOfArn = (value: string): Link | undefined => {
        const parsed = parseLogGroupArn(value);
        return parsed ? asLinked(logGroupByArn.get(parsed.arn) ?? logGroupByNameOnly.get(parsed.name)) : undefined;
    };
    const isLogGroup = (r: ResourceSnapshot) => (r.type === LOG_GROUP ? LINKED(r.urn) : undefined);

    // A literal that matches nothing may still be the name or id of a resource here not known yet (bucketPrefix, namePrefix, a new key's id).
    const keyReferencePending = (value: Field<string>): boolean => {
        if (value.state !== "known") {
            return false;
        }
        const by = parseKeyReference(value.value).by;
        return by === "aliasArn" || by === "aliasName" ? aliasNamePending : keyIdPending;
    };

    const trails = stack.trails.map((trail): TrailLinks => {
        const from = byUrn.get(trail.urn) as ResourceSnapshot;
        return {
            trail,
            bucket: resolve(byUrn, {
                from,
                property: "s3BucketName",
                value: trail.s3BucketName,
                lookup: bucketOfName,
                // `s3BucketName: bucketPolicy.bucket` (to wait for the policy) leads to the bucket through the side resource.
                follow: (r) => isBucket(r) ?? (settingOfType.has(r.type) ? bucketOfSide(r.urn) : undefined),
                pending: bucketNamePending,
            }),
            key: resolve(byUrn, {
                from,
                property: "kmsKeyId",
                value: trail.kmsKeyId,
                lookup: keyOfReference,
                follow: (r) => isKey(r) ?? (r.type === KMS_ALIAS ? keyOfAlias(r.urn) : undefined),
                pending: keyReferencePending(trail.kmsKeyId),
            }),
            logGroup: resolve(byUrn, {
                from,
                property: "cloudWatchLogsGroupArn",
                value: trail.cloudWatchLogsGroupArn,
                lookup: logGroupOfArn,
                follow: isLogGroup,
                pending: logGroupNamePending,
            }),
        };
    });

    const trailsByBucket = new Map<string, TrailFacts[]>();
    for (const t of trails) {
        if (t.bucket.state === "linked") {
            push(trailsByBucket, t.bucket.urn, t.trail);
        }
    }

    const filtersByGroup = new Map<string, ResourceSnapshot[]>();
    let unresolvedMetricFilters = false;
    for (const filter of stack.ofType(LOG_METRIC_FILTER)) {
        const link = resolve(byUrn, {
            from: filter,
            property: "logGroupName",
            value: asString(prop(filter.props, "logGroupName")),
            lookup: (name) => asLinked(logGroupByName.get(name)),
            follow: isLogGroup,
            pending: logGroupNamePending,
        });
        if (link.state === "linked") {
            push(filtersByGroup, link.urn, filter);
        } else if (link.state === "unresolved") {
            unresolvedMetricFilters = true;
        }
    }

    const noSides = new Map<BucketSetting, ResourceSnapshot[]>();
    return {
        trails,
        bucket: memo((urn) => {
            const sides: BucketSideResources = { bySetting: sidesOfBucket.get(urn) ?? noSides, unresolved: unresolvedSettings };
            return bucketFacts(byUrn.get(urn) as ResourceSnapshot, sides);
        }),
        key: memo((urn) => keyFacts(byUrn.get(urn) as ResourceSnapshot)),
        logGroup: memo((urn) => logGroupFacts(byUrn.get(urn) as ResourceSnapshot)),
        trailsOfBucket: (urn) => trailsByBucket.get(urn) ?? [],
        metricFiltersOf: (urn) => filtersByGroup.get(urn) ?? [],
        unresolvedMetricFilters,
    };
}
