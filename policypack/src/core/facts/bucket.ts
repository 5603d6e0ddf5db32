import { ResourceSnapshot } from "../resource";
import { BucketSetting } from "../tokens";
import { allTri, anyTri, Tri } from "../tri";
import { ABSENT, asBool, asList, asNumber, asObject, asString, elements, Field, known, parseObjects, prop, RawBag, UNKNOWN } from "../values";
import { parsePolicyDocument, Statement } from "./iam";

/**
 * One bucket setting and where it comes from. A bucket's setting can be inline (each provider
 * shape has its own property names) or on a side resource; `who` and `property` name them for
 * messages, never the value.
 */
export interface Setting<T> {
    readonly field: Field<T>;
    /** The resource holding the setting, e.g. `BucketVersioning "logs"`. */
    readonly who: string;
    readonly property: string;
}

export interface ObjectLock {
    /** Object Lock is on for the bucket (set at creation, or enabled later through the configuration). */
    readonly enabled: Field<boolean>;
    /** A default retention (days or years) applies to new objects. */
    readonly defaultRetention: Field<boolean>;
}

export const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
export type PublicAccessBlock = Readonly<Record<(typeof PUBLIC_ACCESS_FLAGS)[number], Field<boolean>>>;

export interface LifecycleRule {
    readonly enabled: Field<boolean>;
    /** The key prefix the rule is limited to; absent means the whole bucket. */
    readonly prefix: Field<string>;
    readonly expirationDays: Field<number>;
    /** Expiry on a fixed date, which removes every object whatever its age. */
    readonly expirationDate: Field<string>;
}

/**
 * What the rules know about a bucket. Each list holds the side resources configuring the setting
 * when there are any (they replace the inline setting in AWS), else the inline setting alone.
 * Several side resources for one setting overwrite each other, so each must pass.
 */
export interface BucketFacts {
    readonly urn: string;
    readonly name: string;
    readonly versioningEnabled: readonly Setting<boolean>[];
    readonly objectLock: readonly Setting<ObjectLock>[];
    readonly publicAccessBlock: readonly Setting<PublicAccessBlock>[];
    /** Server access logging is configured (a target bucket is set, known or not yet known). */
    readonly accessLogging: readonly Setting<boolean>[];
    readonly policy: readonly Setting<readonly Statement[]>[];
    readonly publicAcl: readonly Setting<Tri>[];
    readonly lifecycleRules: readonly Setting<readonly LifecycleRule[]>[];
}

/** Side resources linked to one bucket, by setting; `unresolved` lists settings some unlinkable side resource in the stack may configure. */
export interface BucketSideResources {
    readonly bySetting: ReadonlyMap<BucketSetting, readonly ResourceSnapshot[]>;
    readonly unresolved: ReadonlySet<BucketSetting>;
}

/** The first element of a list property (v6 BucketV2 holds single settings in one-element lists). */
function first(value: unknown): Field<RawBag> {
    const list = asList(value);
    if (list.state !== "known") {
        return list;
    }
    return list.value.length === 0 ? ABSENT : asObject(elements(list.value)[0]);
}

/** The raw value at a path of nested objects: unknown or absent as soon as a step is (a malformed step counts as absent). */
function dig(bag: unknown, ...keys: string[]): Field<unknown> {
    let current: unknown = bag;
    for (const key of keys) {
        const object = asObject(current);
        if (object.state !== "known") {
            return object.state === "unknown" ? UNKNOWN : ABSENT;
        }
        current = prop(object.value, key);
    }
    return known(current);
}

function map<T, U>(field: Field<T>, fn: (value: T) => Field<U>): Field<U> {
    return field.state === "known" ? fn(field.value) : field;
}

function fromTri(value: Tri): Field<boolean> {
    return value === "unknown" ? UNKNOWN : known(value);
}

function isTrue(field: Field<boolean>): Tri {
    return field.state === "unknown" ? "unknown" : field.state === "known" && field.value;
}

// ---- versioning

function inlineVersioning(props: RawBag): Field<boolean> {
    const v7 = asObject(prop(props, "versioning"));
    if (v7.state !== "absent") {
        return map(v7, (bag) => asBool(prop(bag, "enabled")));
    }
    return map(first(prop(props, "versionings")), (bag) => asBool(prop(bag, "enabled")));
}

function sideVersioning(props: RawBag): Field<boolean> {
    return map(map(dig(props, "versioningConfiguration", "status"), asString), (status) => known(status === "Enabled"));
}

// ---- object lock

function hasRetention(retention: Field<unknown>): Field<boolean> {
    const bag = map(retention, asObject);
    if (bag.state !== "known") {
        return bag.state === "unknown" ? UNKNOWN : known(false);
    }
    const days = asNumber(prop(bag.value, "days"));
    const years = asNumber(prop(bag.value, "years"));
    return fromTri(anyTri([days, years].map((f) => (f.state === "unknown" ? "unknown" : f.state === "known" && f.value > 0))));
}

function inlineObjectLock(props: RawBag): Field<ObjectLock> {
    const configuration = asObject(prop(props, "objectLockConfiguration"));
    if (configuration.state === "unknown") {
        return UNKNOWN;
    }
    const bag = configuration.state === "known" ? configuration.value : {};
    const enabledByConfiguration = asString(prop(bag, "objectLockEnabled"));
    const enabled = fromTri(
        anyTri([
            isTrue(asBool(prop(props, "objectLockEnabled"))),
            enabledByConfiguration.state === "unknown" ? "unknown" : enabledByConfiguration.state === "known" && enabledByConfiguration.value === "Enabled",
        ]),
    );
    // v7 and v6's legacy Bucket: rule.defaultRetention; v6 BucketV2: rules[].defaultRetentions[].
    const single = hasRetention(dig(bag, "rule", "defaultRetention"));
    const listed = map(first(prop(bag, "rules")), (rule) => first(prop(rule, "defaultRetentions")));
    const defaultRetention = fromTri(anyTri([isTrue(single), isTrue(hasRetention(listed))]));
    return known({ enabled, defaultRetention });
}

function sideObjectLock(props: RawBag): Field<ObjectLock> {
    const enabled = asString(prop(props, "objectLockEnabled"));
    return known({
        // The provider defaults objectLockEnabled to "Enabled" on this resource.
        enabled: enabled.state === "absent" ? known(true) : map(enabled, (v) => known(v === "Enabled")),
        defaultRetention: hasRetention(dig(props, "rule", "defaultRetention")),
    });
}

// ---- public access block (side resource only)

function sidePublicAccessBlock(props: RawBag): Field<PublicAccessBlock> {
    const flags = {} as Record<(typeof PUBLIC_ACCESS_FLAGS)[number], Field<boolean>>;
    for (const flag of PUBLIC_ACCESS_FLAGS) {
        flags[flag] = asBool(prop(props, flag));
    }
    return known(flags);
}

// ---- access logging

/** A target bucket not known until the update is still a configured target. */
function targetSet(bag: RawBag): Field<boolean> {
    const target = asString(prop(bag, "targetBucket"));
    return target.state === "known" || target.state === "unknown" ? known(true) : target;
}

function inlineLogging(props: RawBag): Field<boolean> {
    const v7 = asObject(prop(props, "logging"));
    if (v7.state !== "absent") {
        return map(v7, targetSet);
    }
    return map(first(prop(props, "loggings")), targetSet);
}

// ---- ACLs

const PUBLIC_CANNED_ACLS: ReadonlySet<string> = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GRANTEES = /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

function cannedIsPublic(acl: Field<string>): Tri {
    return acl.state === "unknown" ? "unknown" : acl.state === "known" && PUBLIC_CANNED_ACLS.has(acl.value);
}

function grantsArePublic(grants: Field<unknown>, uriPath: readonly string[]): Tri {
    const list = map(grants, asList);
    if (list.state !== "known") {
        return list.state === "unknown" ? "unknown" : false;
    }
    return anyTri(
        elements(list.value).map((element) => {
            const grant = asObject(element);
            if (grant.state !== "known") {
                return grant.state === "unknown" ? "unknown" : false;
            }
            const uri = map(dig(grant.value, ...uriPath), asString);
            return uri.state === "unknown" ? "unknown" : uri.state === "known" && PUBLIC_GRANTEES.test(uri.value);
        }),
    );
}

function inlineAcl(props: RawBag): Field<Tri> {
    return known(anyTri([cannedIsPublic(asString(prop(props, "acl"))), grantsArePublic(dig(props, "grants"), ["uri"])]));
}

function sideAcl(props: RawBag): Field<Tri> {
    return known(
        anyTri([
            cannedIsPublic(asString(prop(props, "acl"))),
            grantsArePublic(dig(props, "accessControlPolicy", "grants"), ["grantee", "uri"]),
        ]),
    );
}

// ---- lifecycle

function parseRules(raw: unknown, parseOne: (rule: RawBag) => LifecycleRule): Field<readonly LifecycleRule[]> {
    const list = asList(raw);
    if (list.state !== "known") {
        return list.state === "absent" ? known([]) : list;
    }
    return parseObjects(list.value, parseOne);
}

function expiration(bag: Field<unknown>): Pick<LifecycleRule, "expirationDays" | "expirationDate"> {
    return {
        // AWS accepts only a positive Days: state holds 0 when the expiration sets only a date or expiredObjectDeleteMarker.
        expirationDays: map(map(map(bag, (b) => dig(b, "days")), asNumber), (days) => (days > 0 ? known(days) : ABSENT)),
        expirationDate: map(map(bag, (b) => dig(b, "date")), asString),
    };
}

function inlineLifecycle(props: RawBag): Field<readonly LifecycleRule[]> {
    return parseRules(prop(props, "lifecycleRules"), (rule) => {
        // v7 and v6's legacy Bucket: expiration {}; v6 BucketV2: expirations [{}].
        const single = asObject(prop(rule, "expiration"));
        const fromList = single.state === "absent" ? first(prop(rule, "expirations")) : single;
        return {
            enabled: asBool(prop(rule, "enabled")),
            prefix: asString(prop(rule, "prefix")),
            ...expiration(fromList),
        };
    });
}

function sideLifecycle(props: RawBag): Field<readonly LifecycleRule[]> {
    return parseRules(prop(props, "rules"), (rule) => {
        const status = asString(prop(rule, "status"));
        const filterPrefix = map(dig(rule, "filter", "prefix"), asString);
        const andPrefix = map(dig(rule, "filter", "and", "prefix"), asString);
        const prefix = [filterPrefix, andPrefix, asString(prop(rule, "prefix"))].find((f) => f.state !== "absent") ?? ABSENT;
        return {
            enabled: map(status, (s) => known(s === "Enabled")),
            prefix,
            ...expiration(dig(rule, "expiration")),
        };
    });
}

// ---- merging

interface Reader<T> {
    readonly inline?: { readonly property: string; read(props: RawBag): Field<T> };
    readonly side: { readonly property: string; read(props: RawBag): Field<T> };
}

function settingOf<T>(bucket: ResourceSnapshot, setting: BucketSetting, sides: BucketSideResources, reader: Reader<T>): Setting<T>[] {
    const linked = sides.bySetting.get(setting) ?? [];
    if (linked.length > 0) {
        return linked.map((side) => ({ field: reader.side.read(side.props), who: `${side.type.slice(side.type.lastIndexOf(":") + 1)} "${side.name}"`, property: reader.side.property }));
    }
    const who = `bucket "${bucket.name}"`;
    if (sides.unresolved.has(setting)) {
        // A side resource whose bucket is not known yet may configure this one.
        return [{ field: UNKNOWN, who, property: `${setting} (a side resource whose bucket is not known yet)` }];
    }
    if (!reader.inline) {
        return [{ field: ABSENT, who, property: reader.side.property }];
    }
    return [{ field: reader.inline.read(bucket.props), who, property: reader.inline.property }];
}

/** The inline `policy` and BucketPolicy's `policy` hold the same document shapes. */
const policyReader = { property: "policy", read: (props: RawBag) => parsePolicyDocument(prop(props, "policy")) };

export function bucketFacts(bucket: ResourceSnapshot, sides: BucketSideResources): BucketFacts {
    return {
        urn: bucket.urn,
        name: bucket.name,
        versioningEnabled: settingOf(bucket, "versioning", sides, {
            inline: { property: "versioning", read: inlineVersioning },
            side: { property: "versioningConfiguration.status", read: sideVersioning },
        }),
        objectLock: settingOf(bucket, "objectLock", sides, {
            inline: { property: "objectLockConfiguration", read: inlineObjectLock },
            side: { property: "rule.defaultRetention", read: sideObjectLock },
        }),
        publicAccessBlock: settingOf(bucket, "publicAccessBlock", sides, {
            side: { property: "public access block", read: sidePublicAccessBlock },
        }),
        accessLogging: settingOf(bucket, "logging", sides, {
            inline: { property: "logging", read: inlineLogging },
            side: { property: "targetBucket", read: targetSet },
        }),
        policy: settingOf(bucket, "policy", sides, { inline: policyReader, side: policyReader }),
        publicAcl: settingOf(bucket, "acl", sides, {
            inline: { property: "acl", read: inlineAcl },
            side: { property: "acl", read: sideAcl },
        }),
        lifecycleRules: settingOf(bucket, "lifecycle", sides, {
            inline: { property: "lifecycleRules", read: inlineLifecycle },
            side: { property: "rules", read: sideLifecycle },
        }),
    };
}

/** Object Lock passes when it is enabled with a default retention. */
export function objectLockComplete(lock: ObjectLock): Tri {
    return allTri([isTrue(lock.enabled), isTrue(lock.defaultRetention)]);
}
