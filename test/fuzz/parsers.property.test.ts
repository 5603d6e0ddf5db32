/**
 * Property-based tests of the parsers every rule stands on: IAM documents (bucket policies
 * included), CloudWatch Logs filter patterns, key and log group ARNs, and stack exports. Garbage
 * gives a clean answer, never an exception; where the right answer is known, it is exact.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { ExportError, parseJson, snapshotsOf } from "../../policypack/src/audit/export";
import { evaluate } from "../../policypack/src/core/evaluate";
import { coversPattern, parseFilterPattern } from "../../policypack/src/core/facts/filter-pattern";
import { parsePolicyDocument } from "../../policypack/src/core/facts/iam";
import { parseKeyReference } from "../../policypack/src/core/facts/key";
import { parseLogGroupArn } from "../../policypack/src/core/facts/log-group";
import { buildModel } from "../../policypack/src/core/model";
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { TAMPER_ACTIONS } from "../../policypack/src/core/rules/iam/no-tamper-permissions";
import { CIS_METRIC_FILTERS } from "../../policypack/src/core/rules/stack/cis-patterns";
import { resource, T, UNKNOWN, urnOf } from "../core/linked-fixtures";

const RUNS = { numRuns: 300 };
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "c" };

/** Garbage as Pulumi or a hand-written export could hand it over: sentinels, envelopes, prototype keys, deep and huge values. */
const garbage: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom<unknown>(UNKNOWN, SECRET, null, undefined, true, 0, -1, Number.NaN, "", "*", "{", "[]", "__proto__", "constructor", "cloudtrail:*", "Allow", "Deny"),
        fc.string(),
        fc.double(),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom("__proto__", "constructor", "toString", "Statement", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Condition", "x"), tie("value"), { maxKeys: 4 }),
    ),
})).value;
const deepNesting = fc.integer({ min: 1000, max: 20000 }).map((depth) => {
    let value: unknown = { Effect: "Allow", Action: "*", Resource: "*" };
    for (let i = 0; i < depth; i++) {
        value = i % 2 ? [value] : { Statement: value };
    }
    return value;
});
const hugeString = fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => `{"Statement": [${'{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},'.repeat(n / 60)} {}]}`);
const anyDocument = fc.oneof(garbage, garbage.map((g) => JSON.stringify(g) ?? ""), deepNesting, fc.constant(hugeString), fc.json());

// ---- IAM documents

const tamperFindings = (document: unknown) => evaluate([resource(T.iamPolicy, "p", { policy: document })]).filter((f) => f.policy === "cloudtrail-no-tamper-permissions");
const actionsIn = (list: string[]) => fc.shuffledSubarray(list).map((subset) => (subset.length === 1 && subset[0] !== "*" ? subset[0] : subset));
const harmless = fc.record({
    Effect: fc.constant("Allow"),
    Action: actionsIn(["s3:GetObject", "ec2:Describe*", "cloudtrail:LookupEvents", "cloudtrail:Get*"]),
    Resource: fc.constantFrom("*", "arn:aws:s3:::b/*"),
    Condition: fc.constantFrom(undefined, { Bool: { "aws:MultiFactorAuthPresent": "true" } }),
});
/** Statements that grant none of the tamper actions and take none back. */
const harmlessStatements = fc.array(harmless, { maxLength: 4 }).map((list) => list.map((s) => JSON.parse(JSON.stringify(s))));
/** A document with the statements as a list or, for one statement, as a single object; as an object or a JSON string. */
function documentOf(statements: readonly object[], form: { single: boolean; string: boolean }): unknown {
    const doc = { Version: "2012-10-17", Statement: form.single && statements.length === 1 ? statements[0] : statements };
    return form.string ? JSON.stringify(doc) : doc;
}
const form = fc.record({ single: fc.boolean(), string: fc.boolean() });

const TAMPER_MESSAGE = `IAM policy "p" allows ${TAMPER_ACTIONS.join(", ")} in "policy", so its holders can stop or blind a trail. Grant only the actions needed, without "*", "cloudtrail:*" or NotAction.`;

describe("IAM documents: properties (fast-check)", () => {
    it("any value parses to a field without throwing; malformed ones say only their type", () => {
        fc.assert(
            fc.property(anyDocument, (raw) => {
                const field = parsePolicyDocument(raw);
                assert.ok(["known", "unknown", "absent", "invalid"].includes(field.state));
                if (field.state === "invalid") {
                    assert.match(field.got, /^(a string|a number|a boolean|an object|a list|null|text that is not JSON|a list holding .*)$/);
                }
                for (const f of tamperFindings(raw)) {
                    assert.ok(!f.message.startsWith("Internal error"), f.message);
                }
            }),
            { numRuns: 150 },
        );
    });

    it('a document allowing "cloudtrail:*" on "*" always yields the tamper finding, whatever else it allows', () => {
        const grant = fc.record({ Effect: fc.constant("Allow"), Action: fc.constantFrom("cloudtrail:*", ["s3:GetObject", "cloudtrail:*"], "CloudTrail:*", "*"), Resource: fc.constantFrom("*", ["*"]) });
        fc.assert(
            fc.property(harmlessStatements, grant, fc.nat(), form, (others, statement, at, shape) => {
                const statements = [...others];
                statements.splice(at % (others.length + 1), 0, statement);
                const findings = tamperFindings(documentOf(statements, shape));
                assert.deepEqual(
                    findings.map((f) => [f.kind, f.urn, f.message]),
                    [["violation", urnOf(T.iamPolicy, "p"), TAMPER_MESSAGE]],
                );
            }),
            RUNS,
        );
    });

    it("NotAction grants every action it does not list; NotResource reaches trails unless it excludes *", () => {
        const notAction = fc.shuffledSubarray(["iam:*", "organizations:*", "s3:*", "cloudtrail:*", "cloudtrail:StopLogging"], { minLength: 1 });
        const notResource = fc.shuffledSubarray(["*", "arn:aws:s3:::b/*"], { minLength: 1 });
        fc.assert(
            fc.property(harmlessStatements, notAction, notResource, form, (others, excluded, notReached, shape) => {
                const statement = { Effect: "Allow", NotAction: excluded, NotResource: notReached };
                const expected = notReached.includes("*") ? [] : TAMPER_ACTIONS.filter((a) => !excluded.includes("cloudtrail:*") && !excluded.includes(a));
                const findings = tamperFindings(documentOf([...others, statement], shape));
                assert.deepEqual(
                    findings.map((f) => f.message),
                    expected.length === 0 ? [] : [TAMPER_MESSAGE.replace(TAMPER_ACTIONS.join(", "), expected.join(", "))],
                );
            }),
            RUNS,
        );
    });

    it("an unconditional Deny of the tamper actions on * cancels any grant in the same document; a conditional one does not", () => {
        const deny = fc.record({ Effect: fc.constant("Deny"), Action: fc.constantFrom("cloudtrail:*", [...TAMPER_ACTIONS], "*"), Resource: fc.constant("*") });
        const condition = fc.option(fc.constantFrom({ Bool: { "aws:MultiFactorAuthPresent": "false" } }, { StringNotEquals: { "aws:PrincipalTag/role": "admin" } }), { nil: undefined });
        fc.assert(
            fc.property(harmlessStatements, deny, condition, form, (others, denial, when, shape) => {
                const statements = [{ Effect: "Allow", Action: "*", Resource: "*" }, ...others, when ? { ...denial, Condition: when } : denial];
                assert.deepEqual(tamperFindings(documentOf(statements, shape)).map((f) => f.message), when ? [TAMPER_MESSAGE] : []);
            }),
            RUNS,
        );
    });

    it("string and object forms, and a single statement or a list of one, give identical findings for any document", () => {
        const statement = fc.dictionary(fc.constantFrom("Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"), fc.oneof(garbage, fc.constantFrom<unknown>("Allow", "Deny", "*", "cloudtrail:*", ["cloudtrail:Stop*"], { AWS: "*" }, { Bool: { "aws:SecureTransport": "false" } })), { maxKeys: 6 });
        fc.assert(
            fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), (statements) => {
                const plain = JSON.parse(JSON.stringify(statements)) as object[];
                const results = [false, true].flatMap((single) => [false, true].map((string) => documentOf(plain, { single, string }))).map((doc) => ({ tamper: tamperFindings(doc), bucket: bucketFindings(doc) }));
                for (const r of results.slice(1)) {
                    assert.deepEqual(r, results[0]);
                }
            }),
            RUNS,
        );
    });
});

// ---- bucket policies

const BUCKET_URN = urnOf(T.bucket, "logs");
/** The findings of the two bucket-policy rules on a trail's bucket whose policy is `document`, inline and on a BucketPolicy alike. */
function bucketFindings(document: unknown): string[] {
    const trail = resource(T.trail, "main", { s3BucketName: "trail-logs" });
    const inline = evaluate([resource(T.bucket, "logs", { bucket: "trail-logs", policy: document }), trail]);
    const side = evaluate([resource(T.bucket, "logs", { bucket: "trail-logs" }), resource(T.policy, "logs-policy", { bucket: "trail-logs", policy: document }), trail]);
    const policyLines = (findings: typeof inline) =>
        findings.filter((f) => f.policy === "cloudtrail-bucket-not-public" || f.policy === "cloudtrail-bucket-tls-only").map((f) => `${f.policy} ${f.kind} ${f.urn}`);
    const fromInline = policyLines(inline);
    assert.deepEqual(policyLines(side), fromInline, "a BucketPolicy and the inline policy are judged alike");
    return fromInline;
}

describe("bucket policies: properties (fast-check)", () => {
    const pinning = fc.constantFrom({ StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main" } }, { StringEquals: { "aws:SourceAccount": "111122223333" } }, { StringEquals: { "aws:PrincipalOrgID": "o-abc" } });
    const loose = fc.constantFrom({ Bool: { "aws:SecureTransport": "true" } }, { StringEquals: { "aws:SourceAccount": "*" } }, { StringNotEquals: { "aws:SourceAccount": "111122223333" } });
    const tlsDeny = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::trail-logs", "arn:aws:s3:::trail-logs/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };

    it("an Allow for Principal * is public unless a condition pins the caller; TLS-only holds exactly when the Deny is there", () => {
        fc.assert(
            fc.property(fc.constantFrom<unknown>("*", { AWS: "*" }, { AWS: ["*"] }), fc.option(fc.oneof(pinning, loose), { nil: undefined }), fc.boolean(), form, (principal, condition, withTls, shape) => {
                const allow = { Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "arn:aws:s3:::trail-logs/*", ...(condition ? { Condition: condition } : {}) };
                const pinned = condition !== undefined && Object.values(condition).some((block) => Object.entries(block).some(([k, v]) => k !== "aws:SecureTransport" && v !== "*")) && !("StringNotEquals" in condition);
                const expected = [...(pinned ? [] : [`cloudtrail-bucket-not-public violation ${BUCKET_URN}`]), ...(withTls ? [] : [`cloudtrail-bucket-tls-only violation ${BUCKET_URN}`])];
                assert.deepEqual(bucketFindings(documentOf(withTls ? [allow, tlsDeny] : [allow], shape)), expected);
            }),
            RUNS,
        );
    });
});

// ---- filter patterns

/** The same pattern with other whitespace, quotes on bare values and a redundant pair of parentheses: the same meaning. */
function reformat(pattern: string, spaces: readonly string[]): string {
    let i = 0;
    const space = () => spaces[i++ % spaces.length];
    const requoted = pattern.replace(/= ([A-Za-z][A-Za-z0-9.]*)(?=[ )])/g, '= "$1"');
    // Spaces inside quoted values are part of the value.
    const respaced = requoted
        .trim()
        .slice(1, -1)
        .trim()
        .split(/("(?:[^"\\]|\\.)*")/)
        .map((part, j) => (j % 2 === 1 ? part : part.replace(/ /g, () => space() || " ")))
        .join("");
    return `{${space()}(${space()}${respaced}${space()})${space()}}`;
}

describe("filter patterns (the CIS alarm parser): properties (fast-check)", () => {
    it("never throws, on any text, deep parentheses and huge patterns included", () => {
        const deep = fc.integer({ min: 100, max: 50_000 }).map((n) => `{ ${"(".repeat(n)}$.a = 1${")".repeat(n)} }`);
        const wide = fc.integer({ min: 1000, max: 20_000 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `($.a = ${i} || $.b = ${i})`).join(" && ")} }`);
        const tokens = fc.array(fc.constantFrom("{", "}", "(", ")", "&&", "||", "=", "!=", "$.a", '"x"', "NOT", "EXISTS", " "), { maxLength: 40 }).map((t) => t.join(" "));
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), tokens, deep, wide), (text) => {
                const meaning = parseFilterPattern(text);
                assert.ok(meaning === undefined || Array.isArray(meaning));
            }),
            { numRuns: 200 },
        );
    });

    it("parentheses nested deeper than 64 are not understood, rather than overflowing the stack (found by the property above)", () => {
        const nested = (depth: number) => `{ ${"(".repeat(depth)}$.a = 1${")".repeat(depth)} }`;
        assert.deepEqual(parseFilterPattern(nested(64)), [["$.a = 1"]]);
        assert.equal(parseFilterPattern(nested(65)), undefined);
    });

    it("each CIS pattern means the same after reformatting, and covers itself", () => {
        const patterns = CIS_METRIC_FILTERS.flatMap((c) => c.patterns);
        fc.assert(
            fc.property(fc.constantFrom(...patterns), fc.array(fc.constantFrom(" ", "  ", "\n", "\t", ""), { minLength: 1, maxLength: 8 }), (pattern, spaces) => {
                const original = parseFilterPattern(pattern);
                const reformatted = parseFilterPattern(reformat(pattern, spaces));
                assert.ok(original && reformatted, reformat(pattern, spaces));
                assert.deepEqual(reformatted, original);
                assert.ok(coversPattern(original, original));
            }),
            RUNS,
        );
    });

    it("a filter that also matches more events covers the pattern; one that matches fewer does not", () => {
        fc.assert(
            fc.property(fc.constantFrom(...CIS_METRIC_FILTERS.map((c) => c.patterns[0])), (pattern) => {
                const required = parseFilterPattern(pattern)!;
                const wider = parseFilterPattern(`{ ${pattern.trim().slice(1, -1)} || ($.eventName = Extra) }`)!;
                const narrower = parseFilterPattern(`{ (${pattern.trim().slice(1, -1)}) && ($.awsRegion = "us-east-1") }`)!;
                assert.equal(coversPattern(wider, required), true);
                assert.equal(coversPattern(narrower, required), false);
            }),
            { numRuns: 50 },
        );
    });
});

// ---- ARNs

const partition = fc.constantFrom("aws", "aws-us-gov", "aws-cn");
const region = fc.constantFrom("us-east-1", "eu-west-3", "");
const account = fc.stringMatching(/^[0-9]{12}$/);
const groupName = fc.stringMatching(/^[A-Za-z0-9_\-/.#]{1,40}$/);
const keyId = fc.uuid();
const aliasName = fc.stringMatching(/^[A-Za-z0-9_\-/]{1,30}$/);

describe("ARNs: properties (fast-check)", () => {
    it("a log group ARN with or without :* gives the ARN without it and the group's name, and links the trail to the group", () => {
        fc.assert(
            fc.property(partition, region, account, groupName, fc.boolean(), (p, r, a, name, star) => {
                const arn = `arn:${p}:logs:${r}:${a}:log-group:${name}`;
                assert.deepEqual(parseLogGroupArn(star ? `${arn}:*` : arn), { arn, name });
                const group = resource(T.logGroup, "g", { name, arn });
                const byName = resource(T.logGroup, "g", { name });
                for (const target of [group, byName]) {
                    assert.equal(linkOf([target, resource(T.trail, "t", { cloudWatchLogsGroupArn: star ? `${arn}:*` : arn })]).logGroup, target.urn);
                }
            }),
            RUNS,
        );
    });

    it("a key is found by its ARN, its id, an alias ARN or an alias name", () => {
        fc.assert(
            fc.property(partition, region, account, keyId, aliasName, (p, r, a, id, alias) => {
                const keyArn = `arn:${p}:kms:${r}:${a}:key/${id}`;
                const aliasArn = `arn:${p}:kms:${r}:${a}:alias/${alias}`;
                assert.deepEqual(parseKeyReference(keyArn), { by: "keyArn", arn: keyArn, keyId: id });
                assert.deepEqual(parseKeyReference(id), { by: "keyId", keyId: id });
                assert.deepEqual(parseKeyReference(aliasArn), { by: "aliasArn", arn: aliasArn, aliasName: `alias/${alias}` });
                assert.deepEqual(parseKeyReference(`alias/${alias}`), { by: "aliasName", aliasName: `alias/${alias}` });
                const key = resource(T.key, "k", { keyId: id, arn: keyArn });
                const aliasResource = resource(T.alias, "a", { name: `alias/${alias}`, arn: aliasArn, targetKeyId: id });
                for (const reference of [keyArn, id, aliasArn, `alias/${alias}`]) {
                    assert.equal(linkOf([key, aliasResource, resource(T.trail, "t", { kmsKeyId: reference })]).key, key.urn, reference);
                }
            }),
            RUNS,
        );
    });

    it("any other text parses without throwing and links to nothing in an empty stack", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.constantFrom("arn:aws:logs:::log-group:", "arn:aws:kms:::key/", "alias/", "arn:aws:logs:r:a:log-group:x:*:*")), (text) => {
                parseLogGroupArn(text);
                parseKeyReference(text);
                const link = linkOf([resource(T.trail, "t", { kmsKeyId: text, cloudWatchLogsGroupArn: text })]);
                assert.ok(["notInStack", "unused"].includes(link.key) && ["notInStack", "unused"].includes(link.logGroup), JSON.stringify(link));
            }),
            RUNS,
        );
    });
});

function linkOf(resources: ResourceSnapshot[]): { key: string; logGroup: string } {
    const [links] = buildModel(resources).links.trails;
    const show = (l: { state: string; urn?: string }) => (l.state === "linked" ? (l.urn as string) : l.state);
    return { key: show(links.key), logGroup: show(links.logGroup) };
}

// ---- stack exports

/** Reads an export as the audit command does: a clean ExportError, or snapshots; anything else thrown fails the test. */
function readExport(text: string): { error: string } | { resources: readonly ResourceSnapshot[] } {
    try {
        return { resources: snapshotsOf(parseJson(text)).resources };
    } catch (error) {
        assert.ok(error instanceof ExportError, `not a user error: ${String(error)}`);
        return { error: error.message };
    }
}

const token = fc.stringMatching(/^V[0-9a-f]{12}$/);
const exportResource = fc.record(
    {
        urn: fc.oneof(fc.constantFrom(urnOf(T.trail, "t"), urnOf(T.bucket, "b"), "urn:pulumi:dev::p::pulumi:providers:aws::default"), garbage),
        type: fc.oneof(fc.constantFrom(T.trail, T.bucket, "pulumi:providers:aws", ""), garbage),
        custom: fc.boolean(),
        id: fc.oneof(token, garbage),
        inputs: fc.oneof(fc.dictionary(fc.constantFrom("kmsKeyId", "__defaults", "s3BucketName", "x"), fc.oneof(token, garbage)), garbage),
        outputs: fc.oneof(fc.dictionary(fc.constantFrom("kmsKeyId", "s3BucketName", "arn"), fc.oneof(token, garbage)), garbage),
        parent: garbage,
        dependencies: fc.oneof(fc.array(fc.constant(urnOf(T.bucket, "b"))), garbage),
        propertyDependencies: fc.oneof(fc.dictionary(fc.string(), fc.array(fc.constant(urnOf(T.bucket, "b")))), garbage),
    },
    { requiredKeys: [] },
);
const exportDocument = fc.oneof(
    fc.record({ version: fc.constantFrom<unknown>(3, 2, "3", undefined), deployment: fc.oneof(fc.record({ manifest: fc.constant({}), resources: fc.oneof(fc.array(exportResource, { maxLength: 4 }), garbage) }, { requiredKeys: [] }), garbage) }, { requiredKeys: [] }),
    garbage,
    fc.jsonValue(),
);

describe("stack exports: properties (fast-check)", () => {
    it("any JSON is either snapshots or one clean error, and the error never quotes a value", () => {
        fc.assert(
            fc.property(exportDocument, (document) => {
                const text = JSON.stringify(document) ?? "";
                const result = readExport(text);
                if ("error" in result) {
                    for (const t of text.match(/V[0-9a-f]{12}/g) ?? []) {
                        assert.ok(!result.error.includes(t), result.error);
                    }
                } else {
                    assert.ok(result.resources.every((r) => typeof r.urn === "string" && typeof r.type === "string" && typeof r.props === "object"));
                    assertSafeToEvaluate(result.resources);
                }
            }),
            { numRuns: 500 },
        );
    });

    it("any text, JSON or not, cut off or not, is either snapshots or one clean error", () => {
        fc.assert(
            fc.property(exportDocument, fc.nat(), fc.string(), (document, cut, noise) => {
                const text = JSON.stringify(document) ?? "";
                readExport(text.slice(0, cut % (text.length + 1)));
                readExport(noise);
                readExport(`\uFEFF${text}`);
            }),
            RUNS,
        );
    });

    it("a well-formed export gives back each resource's type, name, links and outputs over inputs", () => {
        const props = fc.dictionary(fc.constantFrom("kmsKeyId", "s3BucketName", "name"), token, { minKeys: 1 });
        fc.assert(
            fc.property(fc.array(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), inputs: props, outputs: props }), { maxLength: 5 }), (resources) => {
                const exported = resources.map((r) => ({ urn: urnOf(T.trail, r.name), type: T.trail, custom: true, inputs: r.inputs, outputs: r.outputs, dependencies: [], propertyDependencies: {} }));
                const result = readExport(JSON.stringify({ version: 3, deployment: { manifest: {}, resources: exported } }));
                assert.ok("resources" in result);
                assert.deepEqual(
                    result.resources.map((r) => [r.urn, r.type, r.name, r.props]),
                    resources.map((r) => [urnOf(T.trail, r.name), T.trail, r.name, { ...r.inputs, ...r.outputs }]),
                );
            }),
            RUNS,
        );
    });
});

function assertSafeToEvaluate(resources: readonly ResourceSnapshot[]): void {
    for (const f of evaluate(resources)) {
        assert.ok(!f.message.startsWith("Internal error"), f.message);
    }
}
