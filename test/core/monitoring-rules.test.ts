import { strict as assert } from "assert";
import { runRule } from "../../policypack/src/core/evaluate";
import { coversPattern, parseFilterPattern } from "../../policypack/src/core/facts/filter-pattern";
import { buildModel } from "../../policypack/src/core/model";
import { logicalNameOf, ResourceSnapshot } from "../../policypack/src/core/resource";
import { ruleNamed } from "../../policypack/src/core/rules";
import { CIS_METRIC_FILTERS } from "../../policypack/src/core/rules/stack/cis-patterns";
import { cisMonitoring, compliantKey, compliantLogGroup, resource, T, trail, UNKNOWN } from "./linked-fixtures";

function findingsOf(policy: string, resources: ResourceSnapshot[], settings: unknown = {}): string[] {
    const rule = ruleNamed(policy);
    assert.ok(rule, policy);
    return runRule(rule, buildModel(resources), settings)
        .findings.map((f) => `${f.kind} ${f.urn ? logicalNameOf(f.urn) : "-"}`)
        .sort();
}

const PUBLISHED = CIS_METRIC_FILTERS.map((c) => c.patterns[0]);
const withKey = (props: Record<string, unknown>) => [resource(T.key, "trail-key", { ...compliantKey("update")[0].props, ...props }), trail("update")];
const withGroup = (props: Record<string, unknown>) => [resource(T.logGroup, "trail-events", { ...compliantLogGroup("update")[0].props, ...props }), trail("update")];

describe("key and log group rules (layer A)", () => {
    const cases: { policy: string; name: string; resources: ResourceSnapshot[]; settings?: unknown; expected: string[] }[] = [
        { policy: "cloudtrail-kms-key-rotation", name: "rotation on", resources: withKey({}), expected: [] },
        { policy: "cloudtrail-kms-key-rotation", name: "rotation unset", resources: withKey({ enableKeyRotation: undefined }), expected: ["violation trail-key"] },
        { policy: "cloudtrail-kms-key-rotation", name: "rotation unknown (preview)", resources: withKey({ enableKeyRotation: UNKNOWN }), expected: ["undecidable trail-key"] },
        { policy: "cloudtrail-kms-key-rotation", name: "preview, linked by dependency", resources: [...compliantKey("preview"), trail("preview")], expected: [] },
        { policy: "cloudtrail-kms-key-rotation", name: "an unused key with rotation off is not judged", resources: [...withKey({}), resource(T.key, "other", { enableKeyRotation: false })], expected: [] },
        { policy: "cloudtrail-log-group-retention", name: "365 days", resources: withGroup({}), expected: [] },
        { policy: "cloudtrail-log-group-retention", name: "never expires (0)", resources: withGroup({ retentionInDays: 0 }), expected: [] },
        { policy: "cloudtrail-log-group-retention", name: "unset (never expires)", resources: withGroup({ retentionInDays: undefined }), expected: [] },
        { policy: "cloudtrail-log-group-retention", name: "90 days", resources: withGroup({ retentionInDays: 90 }), expected: ["violation trail-events"] },
        { policy: "cloudtrail-log-group-retention", name: "configured minimum", resources: withGroup({}), settings: { minimumRetentionDays: 400 }, expected: ["violation trail-events"] },
        { policy: "cloudtrail-log-group-retention", name: "garbage", resources: withGroup({ retentionInDays: "a year" }), expected: ["undecidable trail-events"] },
        { policy: "cloudtrail-log-group-encryption", name: "kmsKeyId set", resources: withGroup({}), expected: [] },
        { policy: "cloudtrail-log-group-encryption", name: "kmsKeyId unknown is set", resources: withGroup({ kmsKeyId: UNKNOWN }), expected: [] },
        { policy: "cloudtrail-log-group-encryption", name: "kmsKeyId unset", resources: withGroup({ kmsKeyId: undefined }), expected: ["violation trail-events"] },
        {
            policy: "cloudtrail-log-group-retention",
            name: "the log group elsewhere: said once, by the first log group policy",
            resources: [resource(T.trail, "main", { cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:1:log-group:central:*" })],
            expected: ["notApplicable main"],
        },
        {
            policy: "cloudtrail-log-group-encryption",
            name: "the log group elsewhere: not repeated",
            resources: [resource(T.trail, "main", { cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:1:log-group:central:*" })],
            expected: [],
        },
    ];
    for (const c of cases) {
        it(`${c.policy}: ${c.name}`, () => assert.deepEqual(findingsOf(c.policy, c.resources, c.settings), c.expected));
    }
});

describe("CloudWatch filter patterns by meaning", () => {
    const same: [string, string][] = [
        ['{ ($.eventName = "CreateTrail") || ($.eventName = UpdateTrail) }', "{($.eventName=UpdateTrail)||($.eventName=CreateTrail)}"],
        ['{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }', '{ (($.eventType != AwsServiceEvent) && ($.userIdentity.type = Root)) && ($.userIdentity.invokedBy NOT EXISTS) }'],
        ["{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }", "{ ($.eventSource = kms.amazonaws.com && $.eventName = ScheduleKeyDeletion) || ($.eventName = DisableKey && $.eventSource = kms.amazonaws.com) }"],
    ];
    for (const [a, b] of same) {
        it(`equivalent: ${b}`, () => {
            const [pa, pb] = [parseFilterPattern(a), parseFilterPattern(b)];
            assert.ok(pa && pb);
            assert.ok(coversPattern(pa, pb) && coversPattern(pb, pa));
        });
    }
    it("a filter that matches more covers; one that matches less does not", () => {
        const required = parseFilterPattern("{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }")!;
        const broader = parseFilterPattern("{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || ($.eventName = CancelKeyDeletion) }")!;
        const narrower = parseFilterPattern("{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }")!;
        assert.ok(coversPattern(broader, required));
        assert.ok(!coversPattern(narrower, required));
    });
    it("every published pattern parses; garbage does not", () => {
        for (const control of CIS_METRIC_FILTERS) {
            for (const pattern of control.patterns) {
                assert.ok(parseFilterPattern(pattern), `${control.id}: ${pattern}`);
            }
        }
        for (const garbage of ["", "ERROR", "{ $.a = }", "{ ($.a = 1 }", "[ip, user]", `{ ${"($.a = 1 || $.b = 2) && ".repeat(20)}($.c = 3) }`]) {
            assert.equal(parseFilterPattern(garbage), undefined, garbage);
        }
    });
});

describe("cloudtrail-cis-alarms (layer A)", () => {
    const group = (shape: "update" | "preview") => [...compliantLogGroup(shape), trail(shape)];
    const cases: { name: string; resources: ResourceSnapshot[]; expected: string[] }[] = [
        { name: "every filter with an alarm (update)", resources: [...group("update"), ...cisMonitoring("update", PUBLISHED)], expected: [] },
        { name: "every filter with an alarm (preview: filters linked by dependency)", resources: [...group("preview"), ...cisMonitoring("preview", PUBLISHED)], expected: [] },
        {
            name: "reordered, requoted, reparenthesised patterns still count",
            resources: [...group("update"), ...cisMonitoring("update", PUBLISHED.map((p) => p.replace(/\s*(\(|\)|&&|\|\||!=|=)\s*/g, "$1").replace(/"([^" ]*)"/g, "$1")))],
            expected: [],
        },
        { name: "one filter missing", resources: [...group("update"), ...cisMonitoring("update", PUBLISHED.slice(1))], expected: ["violation -"] },
        {
            name: "a filter without an alarm",
            resources: [...group("update"), ...cisMonitoring("update", PUBLISHED).filter((r) => r.name !== "cis-0-alarm")],
            expected: ["violation -"],
        },
        {
            name: "filters on another log group do not count",
            resources: [...group("update"), ...compliantLogGroup("update", "other", "/other"), ...cisMonitoring("update", PUBLISHED, "/other", "other")],
            expected: ["violation -"],
        },
        {
            name: "an unknown pattern leaves it undecided",
            resources: [...group("update"), ...cisMonitoring("update", [UNKNOWN, ...PUBLISHED.slice(1)])],
            expected: ["undecidable -"],
        },
        { name: "no log group on the trail: nothing to say", resources: [resource(T.trail, "main", {})], expected: [] },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(findingsOf("cloudtrail-cis-alarms", c.resources), c.expected));
    }
});
