/**
 * Property-based tests over arbitrary and adversarial trail property bags: no rule throws, no
 * violation comes from a value that is merely unknown, and no message quotes a property value.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { runRule } from "../../policypack/src/core/evaluate";
import { buildModel } from "../../policypack/src/core/model";
import { RULES } from "../../policypack/src/core/rules";
import { TrailRule } from "../../policypack/src/core/rule";
import { TRAIL_TYPE, UNKNOWN, resource } from "../support/resources";

const TRAIL_RULES = RULES.filter((r): r is TrailRule => r.subject === "trail");
const RUNS = { numRuns: 400 };

function run(props: unknown): Array<{ policy: string; kind: string; message: string }> {
    const model = buildModel([resource(TRAIL_TYPE, "main", props as Record<string, unknown>)]);
    return TRAIL_RULES.flatMap((rule) => runRule(rule, model, {}).findings);
}

const strings = (...values: string[]) => fc.array(fc.constantFrom(...values), { maxLength: 3 });

const classicSelector = fc.record(
    {
        readWriteType: fc.constantFrom("All", "ReadOnly", "WriteOnly"),
        includeManagementEvents: fc.boolean(),
        excludeManagementEventSources: strings("kms.amazonaws.com", "rdsdata.amazonaws.com"),
        dataResources: fc.array(
            fc.record({ type: fc.constantFrom("AWS::S3::Object", "AWS::Lambda::Function"), values: strings("arn:aws:s3", "arn:aws:s3:::", "arn:aws:s3:::one/", "arn:aws:lambda") }),
            { maxLength: 2 },
        ),
    },
    { requiredKeys: [] },
);

const fieldSelector = fc.record(
    {
        field: fc.constantFrom("eventCategory", "readOnly", "eventSource", "resources.type", "resources.ARN"),
        equals: strings("Management", "Data", "true", "false", "AWS::S3::Object", "kms.amazonaws.com"),
        notEquals: strings("Management", "Data", "true", "false", "kms.amazonaws.com"),
        startsWiths: strings("arn:aws:s3:::one/", "Man"),
        notStartsWiths: strings("arn:aws:s3:::two/"),
        endsWiths: strings("ment"),
        notEndsWiths: strings("Object"),
    },
    { requiredKeys: ["field"] },
);

/** Well-typed trail inputs: every value is one the provider accepts. */
const wellTypedTrail = fc.record(
    {
        enableLogging: fc.boolean(),
        enableLogFileValidation: fc.boolean(),
        isMultiRegionTrail: fc.boolean(),
        includeGlobalServiceEvents: fc.boolean(),
        isOrganizationTrail: fc.boolean(),
        kmsKeyId: fc.constantFrom("", "arn:aws:kms:us-east-1:111122223333:key/k", "arn:aws:kms:us-east-1:111122223333:alias/trail"),
        cloudWatchLogsGroupArn: fc.constantFrom("", "arn:aws:logs:us-east-1:111122223333:log-group:g:*"),
        cloudWatchLogsRoleArn: fc.constantFrom("", "arn:aws:iam::111122223333:role/r"),
        snsTopicName: fc.constantFrom("", "topic"),
        eventSelectors: fc.array(classicSelector, { maxLength: 3 }),
        advancedEventSelectors: fc.array(fc.record({ fieldSelectors: fc.array(fieldSelector, { maxLength: 4 }) }), { maxLength: 3 }),
        insightSelectors: fc.array(fc.record({ insightType: fc.constantFrom("ApiCallRateInsight", "ApiErrorRateInsight") }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
);

/** Replaces the nodes chosen by `mask` (in depth-first order) with the unknown sentinel. */
function maskTree(value: unknown, mask: readonly boolean[], counter = { i: 0 }): unknown {
    const pick = mask[counter.i++ % mask.length];
    if (pick && counter.i > 1) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map((v) => maskTree(v, mask, counter));
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskTree(v, mask, counter)]));
    }
    return value;
}

function violatedPolicies(props: unknown): Set<string> {
    return new Set(run(props).filter((f) => f.kind === "violation").map((f) => f.policy));
}

/** Arbitrary JSON-ish values with the engine's sentinels and secret envelopes mixed in. */
const adversarialLeaf = fc.oneof(
    fc.constant(UNKNOWN),
    fc.constant({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "c" }),
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.constantFrom("All", "Management", "Data", "AWS::S3::Object", "arn:aws:s3", "__proto__", "constructor"),
);
const adversarial: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, adversarialLeaf, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.string(), tie("value"), { maxKeys: 3 })),
})).value;
const TRAIL_KEYS = ["enableLogging", "enableLogFileValidation", "isMultiRegionTrail", "includeGlobalServiceEvents", "isOrganizationTrail", "kmsKeyId", "cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn", "snsTopicName", "eventSelectors", "advancedEventSelectors", "insightSelectors", "s3BucketName"];

describe("trail rules: properties (fast-check)", () => {
    it("never throw on adversarial bags, and every rule's result is violation/undecidable only", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.constantFrom(...TRAIL_KEYS), adversarial), adversarial, (bag, whole) => {
                for (const props of [bag, whole]) {
                    for (const f of run(props)) {
                        assert.ok(["violation", "undecidable"].includes(f.kind));
                        assert.ok(!f.message.startsWith("Internal error"), f.message);
                    }
                }
            }),
            RUNS,
        );
    });

    it("an unknown value never causes a violation: masking leaves only removes violations", () => {
        fc.assert(
            fc.property(wellTypedTrail, fc.array(fc.boolean(), { minLength: 8, maxLength: 64 }), (trail, mask) => {
                const concrete = violatedPolicies(trail);
                for (const policy of violatedPolicies(maskTree(trail, mask))) {
                    assert.ok(concrete.has(policy), `${policy} reported for the masked bag but not for a concretization of it`);
                }
            }),
            { numRuns: 1000 },
        );
    });

    it("a well-typed bag never gets a cannot-decide line", () => {
        fc.assert(
            fc.property(wellTypedTrail, (trail) => {
                assert.deepEqual(run(trail).filter((f) => f.kind === "undecidable"), []);
            }),
            RUNS,
        );
    });

    it("messages never quote a property value, secret or not", () => {
        const token = fc.stringMatching(/^V[0-9a-f]{12}$/);
        fc.assert(
            fc.property(
                fc.dictionary(fc.constantFrom(...TRAIL_KEYS), fc.oneof(token, fc.array(fc.record({ readWriteType: token, field: token, equals: fc.array(token) }), { maxLength: 2 }))),
                token,
                (bag, secret) => {
                    const props = { ...bag, snsTopicName: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(secret) } };
                    const tokens = JSON.stringify(props).match(/V[0-9a-f]{12}/g) ?? [];
                    for (const f of run(props)) {
                        for (const t of tokens) {
                            assert.ok(!f.message.includes(t), `message quotes a value: ${f.message}`);
                        }
                    }
                },
            ),
            RUNS,
        );
    });
});
