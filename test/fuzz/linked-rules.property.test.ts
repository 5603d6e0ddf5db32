/**
 * Property-based tests over whole stacks: trails linked to buckets (v7 and v6 shapes, inline or
 * through side resources), keys and aliases, log groups with metric filters and alarms, and IAM
 * documents, all run through evaluate() as the audit command runs them. No rule may throw, an
 * unknown value may only take violations away, and no message may quote a property value.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { evaluate } from "../../policypack/src/core/evaluate";
import { LeveledFinding } from "../../policypack/src/core/finding";
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { CIS_METRIC_FILTERS } from "../../policypack/src/core/rules/stack/cis-patterns";
import { ACCOUNT, REGION, resource, T, UNKNOWN, urnOf } from "../core/linked-fixtures";

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** The values resources are linked by; the secrets property makes them tokens to look for in messages. */
interface Ids {
    readonly buckets: readonly string[];
    readonly keys: readonly string[];
    readonly aliases: readonly string[];
    readonly groups: readonly string[];
}
const IDS: Ids = { buckets: ["trail-logs-0", "trail-logs-1"], keys: ["kid-0", "kid-1"], aliases: ["trail-0"], groups: ["/trail/0", "/trail/1"] };

const keyArn = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const aliasArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:alias/${name}`;
const groupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;

// ---- well-typed plans: every value is one the provider accepts

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const pool = (...values: string[]) => fc.oneof(fc.constantFrom(...values), fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));

const statement = fc.record(
    {
        Effect: fc.constantFrom("Allow", "Deny"),
        Action: pool("cloudtrail:*", "cloudtrail:StopLogging", "cloudtrail:Get*", "s3:*", "s3:GetObject", "*", "iam:*"),
        NotAction: pool("iam:*", "cloudtrail:*", "s3:GetObject"),
        Resource: pool("*", `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/t`, "arn:aws:s3:::b/*", "arn:aws:*"),
        NotResource: pool("*", "arn:aws:s3:::b/*"),
        Principal: fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: [`arn:aws:iam::${ACCOUNT}:root`] }, { Service: "cloudtrail.amazonaws.com" }),
        Condition: fc.constantFrom<unknown>(
            { Bool: { "aws:SecureTransport": "false" } },
            { Bool: { "aws:SecureTransport": false } },
            { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            { StringNotEquals: { "aws:SourceAccount": ACCOUNT } },
        ),
    },
    { requiredKeys: ["Effect"] },
);
/** An Allow the same document takes back with an unconditional Deny: only an unknown in the Deny can hide that. */
const allowThenDeny = fc.constant([
    { Effect: "Allow", Action: "cloudtrail:*", Resource: "*" },
    { Effect: "Deny", Action: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"], Resource: "*" },
]);
/** A document in the forms Pulumi hands over: a JSON string, or an object (the v7 bucket `policy`). */
const document = fc
    .tuple(fc.record({ Version: fc.constant("2012-10-17"), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 }), allowThenDeny) }), fc.boolean())
    .map(([doc, asString]) => (asString ? JSON.stringify(doc) : doc));

const days = fc.constantFrom(1, 30, 365, 400);
const lifecycleRule = fc.record(
    { enabled: fc.boolean(), prefix: fc.constantFrom("", "AWSLogs/", "other/", "a/AWSLogs/"), expiration: fc.oneof(fc.record({ days }), fc.record({ date: fc.constant("2030-01-01") })) },
    { requiredKeys: ["enabled"] },
);
const grants = fc.array(
    fc.record({ type: fc.constant("Group"), uri: fc.constantFrom("http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/s3/LogDelivery"), permissions: fc.constant(["READ"]) }),
    { maxLength: 2 },
);
const acl = fc.constantFrom("private", "public-read", "log-delivery-write", "authenticated-read");

/** The inline settings of a bucket, in the shape of v7 (and v6's legacy Bucket) or of v6 BucketV2. */
const bucketPlan = fc.record(
    {
        v6: fc.boolean(),
        objectLockEnabled: fc.boolean(),
        versioning: fc.boolean(),
        loggingTarget: fc.constantFrom("", "access-logs"),
        lockDays: fc.constantFrom(0, 30, 400),
        lifecycleRules: fc.array(lifecycleRule, { maxLength: 2 }),
        policy: document,
        acl,
        grants,
    },
    { requiredKeys: ["v6"] },
);

type BucketPlan = typeof bucketPlan extends fc.Arbitrary<infer U> ? U : never;

function bucketProps(name: string, p: BucketPlan): Record<string, unknown> {
    const props: Record<string, unknown> = { bucket: name, objectLockEnabled: p.objectLockEnabled, policy: p.policy, acl: p.acl, grants: p.grants };
    const lock = p.lockDays === undefined ? undefined : { mode: "GOVERNANCE", days: p.lockDays };
    if (p.v6) {
        Object.assign(props, {
            versionings: p.versioning === undefined ? undefined : [{ enabled: p.versioning }],
            loggings: p.loggingTarget === undefined ? undefined : [{ targetBucket: p.loggingTarget }],
            objectLockConfiguration: lock && { objectLockEnabled: "Enabled", rules: [{ defaultRetentions: [lock] }] },
            lifecycleRules: p.lifecycleRules?.map(({ expiration, ...rule }) => ({ ...rule, expirations: [expiration] })),
        });
    } else {
        Object.assign(props, {
            versioning: p.versioning === undefined ? undefined : { enabled: p.versioning },
            logging: p.loggingTarget === undefined ? undefined : { targetBucket: p.loggingTarget },
            objectLockConfiguration: lock && { objectLockEnabled: "Enabled", rule: { defaultRetention: lock } },
            lifecycleRules: p.lifecycleRules,
        });
    }
    return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

/** Side resources: [v6 token?, props without `bucket`], for each setting. */
const sideSetting: fc.Arbitrary<[string, Record<string, unknown>]> = fc.oneof(
    fc.tuple(fc.constantFrom(T.versioning, T.versioningV2), fc.record({ versioningConfiguration: fc.record({ status: fc.constantFrom("Enabled", "Suspended") }) })),
    fc.tuple(
        fc.constantFrom(T.objectLock, T.objectLockV2),
        fc.record({ objectLockEnabled: fc.constant("Enabled"), rule: fc.record({ defaultRetention: fc.oneof(fc.record({ mode: fc.constant("GOVERNANCE"), days }), fc.record({ mode: fc.constant("COMPLIANCE"), years: fc.constantFrom(0, 1) })) }) }, { requiredKeys: ["rule"] }),
    ),
    fc.tuple(fc.constant(T.publicAccessBlock), fc.record({ blockPublicAcls: fc.boolean(), blockPublicPolicy: fc.boolean(), ignorePublicAcls: fc.boolean(), restrictPublicBuckets: fc.boolean() }, { requiredKeys: [] })),
    fc.tuple(fc.constantFrom(T.logging, T.loggingV2), fc.record({ targetBucket: fc.constant("access-logs"), targetPrefix: fc.constant("x/") })),
    fc.tuple(fc.constant(T.policy), fc.record({ policy: document })),
    fc.tuple(
        fc.constantFrom(T.lifecycle, T.lifecycleV2),
        fc.record({
            rules: fc.array(
                fc.record(
                    {
                        id: fc.constant("r"),
                        status: fc.constantFrom("Enabled", "Disabled"),
                        filter: fc.oneof(fc.record({ prefix: fc.constantFrom("AWSLogs/", "other/") }), fc.record({ and: fc.record({ prefix: fc.constantFrom("AWSLogs/", "other/") }) })),
                        expiration: fc.oneof(fc.record({ days }), fc.record({ date: fc.constant("2030-01-01") })),
                    },
                    { requiredKeys: ["id", "status"] },
                ),
                { maxLength: 2 },
            ),
        }),
    ),
    fc.tuple(fc.constant(T.acl), fc.record({ acl, accessControlPolicy: fc.record({ grants: grants.map((gs) => gs.map((g) => ({ grantee: { type: g.type, uri: g.uri }, permission: "READ" }))) }) }, { requiredKeys: [] })),
);

/** Which resource a reference names: an index into the stack's resources of that kind, past the end meaning one managed elsewhere. */
const target = fc.nat(2);

const stackPlan = fc.record({
    buckets: fc.array(bucketPlan, { minLength: 1, maxLength: 2 }),
    sides: fc.array(fc.record({ bucket: target, derived: fc.boolean(), setting: sideSetting }), { maxLength: 6 }),
    keys: fc.array(fc.record({ enableKeyRotation: optional(fc.boolean()) }), { maxLength: 2 }),
    aliases: fc.array(fc.record({ key: target, by: fc.constantFrom("targetKeyId", "targetKeyArn", "targetKeyIdAsArn"), derived: fc.boolean() }), { maxLength: 1 }),
    groups: fc.array(fc.record({ retentionInDays: optional(fc.constantFrom(0, 30, 365, 400)), kmsKey: fc.boolean() }), { maxLength: 2 }),
    trails: fc.array(
        fc.record({
            bucket: optional(target),
            key: optional(fc.record({ ref: target, by: fc.constantFrom("keyArn", "keyId", "aliasArn", "aliasName") })),
            group: optional(fc.record({ ref: target, star: fc.boolean() })),
            derived: fc.boolean(),
            s3KeyPrefix: optional(fc.constantFrom("a", "a/", "other")),
            enableLogFileValidation: fc.boolean(),
            isMultiRegionTrail: fc.boolean(),
        }),
        { minLength: 1, maxLength: 2 },
    ),
    filters: fc.array(
        fc.record({ group: target, derived: fc.boolean(), pattern: fc.constantFrom(...CIS_METRIC_FILTERS.map((c) => c.patterns[0]), "{ $.eventName = X }", "not a pattern"), metric: fc.nat(3) }),
        { maxLength: 4 },
    ),
    alarms: fc.array(fc.record({ metric: fc.nat(3), notifies: fc.boolean() }), { maxLength: 4 }),
    iam: fc.array(
        fc.oneof(
            fc.record({ kind: fc.constant("policy" as const), policy: document }),
            fc.record({ kind: fc.constant("role" as const), inline: fc.array(document.map((d) => (typeof d === "string" ? d : JSON.stringify(d))), { maxLength: 2 }), managed: fc.array(fc.constantFrom("arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", `arn:aws:iam::${ACCOUNT}:policy/custom`), { maxLength: 2 }) }),
            fc.record({ kind: fc.constant("attachment" as const), policyArn: fc.constantFrom("arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess") }),
        ),
        { maxLength: 3 },
    ),
});
type StackPlan = typeof stackPlan extends fc.Arbitrary<infer U> ? U : never;

/**
 * The stack a plan describes, consistent as the engine reports it: a value read from another
 * resource carries a propertyDependency on it (when `derived`), a literal carries none.
 */
function build(plan: StackPlan, ids: Ids = IDS): ResourceSnapshot[] {
    const out: ResourceSnapshot[] = [];
    const bucketUrns = plan.buckets.map((_, i) => urnOf(plan.buckets[i].v6 ? T.bucketV2 : T.bucket, `bucket-${i}`));
    const bucketName = (i: number) => ids.buckets[i] ?? `elsewhere-${i}`;
    /** The propertyDependencies of a reference to the `i`th of `urns`, when the value is derived from it. */
    const deps = (property: string, urns: readonly string[], i: number, derived: boolean) => (derived && urns[i] ? { [property]: [urns[i]] } : {});

    plan.buckets.forEach((b, i) => out.push(resource(b.v6 ? T.bucketV2 : T.bucket, `bucket-${i}`, bucketProps(bucketName(i), b))));
    plan.sides.forEach((s, i) => {
        const [type, props] = s.setting;
        out.push(resource(type, `side-${i}`, { bucket: bucketName(s.bucket), ...props }, { propertyDependencies: deps("bucket", bucketUrns, s.bucket, s.derived) }));
    });

    const keyUrns = plan.keys.map((_, i) => urnOf(T.key, `key-${i}`));
    const keyId = (i: number) => ids.keys[i] ?? `elsewhere-${i}`;
    plan.keys.forEach((k, i) => out.push(resource(T.key, `key-${i}`, { keyId: keyId(i), arn: keyArn(keyId(i)), ...(k.enableKeyRotation === undefined ? {} : { enableKeyRotation: k.enableKeyRotation }) })));
    const aliasUrns = plan.aliases.map((_, i) => urnOf(T.alias, `alias-${i}`));
    const aliasName = (i: number) => `alias/${ids.aliases[i] ?? `elsewhere-${i}`}`;
    plan.aliases.forEach((a, i) => {
        const ref = a.by === "targetKeyId" ? { targetKeyId: keyId(a.key) } : a.by === "targetKeyArn" ? { targetKeyArn: keyArn(keyId(a.key)) } : { targetKeyId: keyArn(keyId(a.key)) };
        out.push(resource(T.alias, `alias-${i}`, { name: aliasName(i), arn: aliasArn(aliasName(i).slice("alias/".length)), ...ref }, { propertyDependencies: deps(Object.keys(ref)[0], keyUrns, a.key, a.derived) }));
    });

    const groupUrns = plan.groups.map((_, i) => urnOf(T.logGroup, `group-${i}`));
    const groupName = (i: number) => ids.groups[i] ?? `/elsewhere/${i}`;
    plan.groups.forEach((g, i) =>
        out.push(resource(T.logGroup, `group-${i}`, { name: groupName(i), arn: groupArn(groupName(i)), ...(g.retentionInDays === undefined ? {} : { retentionInDays: g.retentionInDays }), ...(g.kmsKey ? { kmsKeyId: keyArn("kid-0") } : {}) })),
    );

    plan.trails.forEach((t, i) => {
        const props: Record<string, unknown> = { enableLogFileValidation: t.enableLogFileValidation, isMultiRegionTrail: t.isMultiRegionTrail };
        let propertyDependencies: Record<string, string[]> = {};
        if (t.bucket !== undefined) {
            props.s3BucketName = bucketName(t.bucket);
            propertyDependencies = { ...propertyDependencies, ...deps("s3BucketName", bucketUrns, t.bucket, t.derived) };
        }
        if (t.key) {
            const { ref, by } = t.key;
            const viaAlias = by === "aliasArn" || by === "aliasName";
            props.kmsKeyId = by === "keyArn" ? keyArn(keyId(ref)) : by === "keyId" ? keyId(ref) : by === "aliasArn" ? aliasArn(aliasName(ref).slice("alias/".length)) : aliasName(ref);
            propertyDependencies = { ...propertyDependencies, ...deps("kmsKeyId", viaAlias ? aliasUrns : keyUrns, ref, t.derived) };
        }
        if (t.group) {
            props.cloudWatchLogsGroupArn = groupArn(groupName(t.group.ref)) + (t.group.star ? ":*" : "");
            propertyDependencies = { ...propertyDependencies, ...deps("cloudWatchLogsGroupArn", groupUrns, t.group.ref, t.derived) };
        }
        if (t.s3KeyPrefix !== undefined) {
            props.s3KeyPrefix = t.s3KeyPrefix;
        }
        out.push(resource(T.trail, `trail-${i}`, props, { propertyDependencies }));
    });

    const metric = (i: number) => ({ name: `Metric${i}`, namespace: "CIS" });
    plan.filters.forEach((f, i) =>
        out.push(
            resource(T.metricFilter, `filter-${i}`, { logGroupName: groupName(f.group), pattern: f.pattern, metricTransformation: { ...metric(f.metric), value: "1" } }, { propertyDependencies: deps("logGroupName", groupUrns, f.group, f.derived) }),
        ),
    );
    plan.alarms.forEach((a, i) => out.push(resource(T.alarm, `alarm-${i}`, { metricName: metric(a.metric).name, namespace: "CIS", alarmActions: a.notifies ? [`arn:aws:sns:${REGION}:${ACCOUNT}:security`] : [] })));

    plan.iam.forEach((p, i) => {
        switch (p.kind) {
            case "policy":
                out.push(resource(T.iamPolicy, `policy-${i}`, { policy: p.policy }));
                break;
            case "role":
                out.push(resource(T.role, `role-${i}`, { inlinePolicies: p.inline.map((policy, j) => ({ name: `inline-${j}`, policy })), managedPolicyArns: p.managed }));
                break;
            case "attachment":
                out.push(resource(T.rolePolicyAttachment, `attachment-${i}`, { role: "r", policyArn: p.policyArn }));
                break;
        }
    });
    return out;
}

// ---- rewriting stacks

/** Rewrites the property-bag nodes chosen by `pick` (depth first, across the whole stack; never a bag itself). */
function rewrite(stack: readonly ResourceSnapshot[], pick: (value: unknown) => unknown | undefined): ResourceSnapshot[] {
    const visit = (value: unknown): unknown => {
        const replacement = pick(value);
        if (replacement !== undefined) {
            return replacement;
        }
        if (Array.isArray(value)) {
            return value.map(visit);
        }
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
        }
        return value;
    };
    return stack.map((r) => ({ ...r, props: Object.fromEntries(Object.entries(r.props).map(([k, v]) => [k, visit(v)])) }));
}

/** Picks nodes by a cycled list of draws: a node is chosen when its draw is below `rate` (in percent). */
function picker(draws: readonly number[], rate: number): () => boolean {
    let i = 0;
    return () => draws[i++ % draws.length] < rate;
}
const draws = fc.array(fc.nat(99), { minLength: 8, maxLength: 64 });
const rate = fc.integer({ min: 1, max: 40 });

/** The preview of a stack: chosen leaves and whole properties (names and ARNs too) not known yet. */
function mask(stack: readonly ResourceSnapshot[], chosen: () => boolean): ResourceSnapshot[] {
    return rewrite(stack, () => (chosen() ? UNKNOWN : undefined));
}

function violations(findings: readonly LeveledFinding[]): Set<string> {
    return new Set(findings.filter((f) => f.kind === "violation").map((f) => `${f.policy} on ${f.urn ?? "the stack"}`));
}

/** JSON-ish garbage with the engine's sentinels, secret envelopes and prototype keys mixed in. */
const garbageLeaf = fc.oneof(
    fc.constant(UNKNOWN),
    fc.constant({ ...SECRET_SIG, ciphertext: "c" }),
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.constantFrom("Enabled", "Allow", "*", "cloudtrail:*", "__proto__", "constructor", "arn:aws:kms:us-east-1:1:alias/x", "{", "{}"),
);
const garbage: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, garbageLeaf, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("__proto__", "constructor", "Statement", "policy", "rule", "0", "x"), tie("value"), { maxKeys: 3 })),
})).value;

function assertSound(findings: readonly LeveledFinding[]): void {
    for (const f of findings) {
        assert.ok(["violation", "undecidable", "notApplicable"].includes(f.kind), f.kind);
        assert.ok(!f.message.startsWith("Internal error"), `${f.policy}: ${f.message}`);
    }
}

describe("linked and stack rules: properties over whole stacks (fast-check)", () => {
    it("never throw on well-typed stacks, and no rule fails internally", () => {
        fc.assert(
            fc.property(stackPlan, (plan) => assertSound(evaluate(build(plan)))),
            { numRuns: 300 },
        );
    });

    it("never throw when any part of a stack is replaced by garbage", () => {
        fc.assert(
            fc.property(stackPlan, draws, rate, fc.infiniteStream(garbage), (plan, d, r, replacements) => {
                const chosen = picker(d, r);
                assertSound(evaluate(rewrite(build(plan), () => (chosen() ? replacements.next().value : undefined))));
            }),
            { numRuns: 300 },
        );
    });

    it("an unknown value never causes a violation: a masked stack's violations are a subset of the concrete stack's", () => {
        fc.assert(
            fc.property(stackPlan, draws, rate, (plan, d, r) => {
                const stack = build(plan);
                const concrete = violations(evaluate(stack));
                for (const v of violations(evaluate(mask(stack, picker(d, r))))) {
                    assert.ok(concrete.has(v), `${v} is reported for the masked stack but not for the concrete one`);
                }
            }),
            { numRuns: 600 },
        );
    });

    it("messages never quote a property value: linking ids, random tokens and secret plaintexts", () => {
        const token = fc.stringMatching(/^V[0-9a-f]{12}$/);
        const ids = fc.record({
            buckets: fc.array(token, { minLength: 2, maxLength: 2 }),
            keys: fc.array(token, { minLength: 2, maxLength: 2 }),
            aliases: fc.array(token, { minLength: 1, maxLength: 1 }),
            groups: fc.array(token, { minLength: 2, maxLength: 2 }).map((names) => names.map((n) => `/${n}`)),
        });
        const secret = token.map((t) => ({ ...SECRET_SIG, plaintext: JSON.stringify(t) }));
        fc.assert(
            fc.property(stackPlan, ids, draws, rate, fc.infiniteStream(fc.oneof(token, secret)), (plan, tokenIds, d, r, replacements) => {
                const chosen = picker(d, r);
                const stack = rewrite(build(plan, tokenIds), () => (chosen() ? replacements.next().value : undefined));
                const tokens = new Set(JSON.stringify(stack.map((s) => s.props)).match(/V[0-9a-f]{12}/g) ?? []);
                for (const f of evaluate(stack)) {
                    for (const t of tokens) {
                        assert.ok(!f.message.includes(t), `${f.policy} quotes a value: ${f.message}`);
                    }
                }
            }),
            { numRuns: 300 },
        );
    });
});
