import { strict as assert } from "assert";
import { buildModel } from "../../policypack/src/core/model";
import { runRule } from "../../policypack/src/core/evaluate";
import { RULES } from "../../policypack/src/core/rules";
import { TrailRule } from "../../policypack/src/core/rule";
import { trail, UNKNOWN } from "../support/resources";

const TRAIL_RULES = RULES.filter((r): r is TrailRule => r.subject === "trail");

/** Every trail rule over one trail: "policy kind" strings, in rule order. */
function findings(overrides: Record<string, unknown>): string[] {
    const model = buildModel([trail(overrides)]);
    return TRAIL_RULES.flatMap((rule) => runRule(rule, model, {}).findings.map((f) => `${f.policy} ${f.kind}`));
}

function messages(overrides: Record<string, unknown>, policy: string): string[] {
    const rule = TRAIL_RULES.find((r) => r.name === policy)!;
    return runRule(rule, buildModel([trail(overrides)]), {}).findings.map((f) => f.message);
}

const MGMT = "cloudtrail-management-events";
const DATA = "cloudtrail-s3-data-events";

describe("trail rules (layer A)", () => {
    it("the compliant trail passes every trail rule", () => {
        assert.deepEqual(findings({}), []);
    });

    it("the eleven trail policies are registered under their frozen names", () => {
        assert.deepEqual(
            TRAIL_RULES.map((r) => r.name),
            [
                "cloudtrail-logging-enabled",
                "cloudtrail-log-file-validation",
                "cloudtrail-multi-region",
                "cloudtrail-global-service-events",
                "cloudtrail-management-events",
                "cloudtrail-kms-encryption",
                "cloudtrail-cloudwatch-logs",
                "cloudtrail-organization-trail",
                "cloudtrail-s3-data-events",
                "cloudtrail-sns-notifications",
                "cloudtrail-insights",
            ],
        );
    });

    const cases: Array<[string, Record<string, unknown>, string[]]> = [
        ["logging off", { enableLogging: false }, ["cloudtrail-logging-enabled violation"]],
        ["logging unset (AWS default on)", { enableLogging: undefined }, []],
        ["validation off", { enableLogFileValidation: false }, ["cloudtrail-log-file-validation violation"]],
        ["validation unset (AWS default off)", { enableLogFileValidation: undefined }, ["cloudtrail-log-file-validation violation"]],
        ["single region", { isMultiRegionTrail: false }, ["cloudtrail-multi-region violation"]],
        ["region unset", { isMultiRegionTrail: undefined }, ["cloudtrail-multi-region violation"]],
        ["global events off", { includeGlobalServiceEvents: false }, ["cloudtrail-global-service-events violation"]],
        ["global events unset (AWS default on)", { includeGlobalServiceEvents: undefined }, []],
        ["no KMS key", { kmsKeyId: undefined }, ["cloudtrail-kms-encryption violation"]],
        ["KMS key empty string (provider output for unset)", { kmsKeyId: "" }, ["cloudtrail-kms-encryption violation"]],
        ["no log group", { cloudWatchLogsGroupArn: undefined }, ["cloudtrail-cloudwatch-logs violation"]],
        ["no log role", { cloudWatchLogsRoleArn: null }, ["cloudtrail-cloudwatch-logs violation"]],
        ["neither log group nor role", { cloudWatchLogsGroupArn: undefined, cloudWatchLogsRoleArn: undefined }, ["cloudtrail-cloudwatch-logs violation", "cloudtrail-cloudwatch-logs violation"]],
        ["account trail", { isOrganizationTrail: false }, ["cloudtrail-organization-trail violation"]],
        ["no SNS topic", { snsTopicName: undefined }, ["cloudtrail-sns-notifications violation"]],
        ["no insights", { insightSelectors: undefined }, ["cloudtrail-insights violation"]],
        ["empty insights", { insightSelectors: [] }, ["cloudtrail-insights violation"]],
        ["no selectors: all management events, no data events", { advancedEventSelectors: undefined }, [`${DATA} violation`]],
        [
            "everything off",
            {
                enableLogging: false,
                enableLogFileValidation: false,
                isMultiRegionTrail: false,
                includeGlobalServiceEvents: false,
                isOrganizationTrail: false,
                kmsKeyId: undefined,
                cloudWatchLogsGroupArn: undefined,
                cloudWatchLogsRoleArn: undefined,
                snsTopicName: undefined,
                advancedEventSelectors: undefined,
                insightSelectors: undefined,
            },
            [
                "cloudtrail-logging-enabled violation",
                "cloudtrail-log-file-validation violation",
                "cloudtrail-multi-region violation",
                "cloudtrail-global-service-events violation",
                "cloudtrail-kms-encryption violation",
                "cloudtrail-cloudwatch-logs violation",
                "cloudtrail-cloudwatch-logs violation",
                "cloudtrail-organization-trail violation",
                `${DATA} violation`,
                "cloudtrail-sns-notifications violation",
                "cloudtrail-insights violation",
            ],
        ],
    ];
    for (const [title, overrides, expected] of cases) {
        it(title, () => assert.deepEqual(findings(overrides), expected));
    }

    describe("classic event selectors", () => {
        const classic = (...selectors: unknown[]) => ({ advancedEventSelectors: undefined, eventSelectors: selectors });
        const allBuckets = { type: "AWS::S3::Object", values: ["arn:aws:s3"] };
        const table: Array<[string, Record<string, unknown>, string[]]> = [
            ["defaults (All, management included)", classic({}), [`${DATA} violation`]],
            ["All + all buckets", classic({ readWriteType: "All", includeManagementEvents: true, dataResources: [allBuckets] }), []],
            ["all buckets with the ::: form", classic({ readWriteType: "All", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::"] }] }), []],
            ["GovCloud partition", classic({ dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws-us-gov:s3"] }] }), []],
            ["WriteOnly", classic({ readWriteType: "WriteOnly", dataResources: [allBuckets] }), [`${MGMT} violation`, `${DATA} violation`]],
            ["ReadOnly + WriteOnly selectors together cover all", classic({ readWriteType: "ReadOnly", dataResources: [allBuckets] }, { readWriteType: "WriteOnly", dataResources: [allBuckets] }), []],
            ["management excluded", classic({ includeManagementEvents: false, dataResources: [allBuckets] }), [`${MGMT} violation`]],
            ["KMS events excluded", classic({ excludeManagementEventSources: ["kms.amazonaws.com"], dataResources: [allBuckets] }), [`${MGMT} violation`]],
            ["empty exclusion list", classic({ excludeManagementEventSources: [], dataResources: [allBuckets] }), []],
            ["one bucket only", classic({ dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::one-bucket/"] }] }), [`${DATA} violation`]],
            ["Lambda data events only", classic({ dataResources: [{ type: "AWS::Lambda::Function", values: ["arn:aws:lambda"] }] }), [`${DATA} violation`]],
            ["empty selector list means no selectors", { advancedEventSelectors: undefined, eventSelectors: [] }, [`${DATA} violation`]],
            ["readWriteType unknown at preview", classic({ readWriteType: UNKNOWN, dataResources: [allBuckets] }), [`${MGMT} undecidable`, `${DATA} undecidable`]],
            ["a second selector records all despite an unknown first", classic({ readWriteType: UNKNOWN }, { readWriteType: "All", dataResources: [allBuckets] }), []],
            ["whole list unknown", { advancedEventSelectors: undefined, eventSelectors: UNKNOWN }, [`${MGMT} undecidable`, `${DATA} undecidable`]],
            ["bucket ARN values unknown", classic({ dataResources: [{ type: "AWS::S3::Object", values: [UNKNOWN] }] }), [`${DATA} undecidable`]],
            ["malformed: a string where a list belongs", { advancedEventSelectors: undefined, eventSelectors: "All" }, [`${MGMT} undecidable`, `${DATA} undecidable`]],
            ["malformed: readWriteType a number", classic({ readWriteType: 3 }), [`${MGMT} undecidable`, `${DATA} undecidable`]],
            ["malformed: null element", classic(null), [`${MGMT} undecidable`, `${DATA} undecidable`]],
        ];
        for (const [title, overrides, expected] of table) {
            it(title, () => assert.deepEqual(findings(overrides), expected));
        }
    });

    describe("advanced event selectors", () => {
        const advanced = (...selectors: Array<Array<Record<string, unknown>>>) => ({ advancedEventSelectors: selectors.map((fieldSelectors) => ({ fieldSelectors })) });
        const mgmt = { field: "eventCategory", equals: ["Management"] };
        const data = { field: "eventCategory", equals: ["Data"] };
        const s3 = { field: "resources.type", equals: ["AWS::S3::Object"] };
        const table: Array<[string, Record<string, unknown>, string[]]> = [
            ["management + S3 data", advanced([mgmt], [data, s3]), []],
            ["management read only", advanced([mgmt, { field: "readOnly", equals: ["true"] }], [data, s3]), [`${MGMT} violation`]],
            ["management read and write in two selectors", advanced([mgmt, { field: "readOnly", equals: ["true"] }], [mgmt, { field: "readOnly", equals: ["false"] }], [data, s3]), []],
            ["KMS excluded by eventSource", advanced([mgmt, { field: "eventSource", notEquals: ["kms.amazonaws.com"] }], [data, s3]), [`${MGMT} violation`]],
            ["no management selector", advanced([data, s3]), [`${MGMT} violation`]],
            ["S3 writes only", advanced([mgmt], [data, s3, { field: "readOnly", equals: ["false"] }]), [`${DATA} violation`]],
            ["S3 for one bucket", advanced([mgmt], [data, s3, { field: "resources.ARN", startsWith: ["x"], startsWiths: ["arn:aws:s3:::one/"] }]), [`${DATA} violation`]],
            ["data without a resource type", advanced([mgmt], [data]), [`${DATA} violation`]],
            ["category notEquals Data (so Management)", advanced([{ field: "eventCategory", notEquals: ["Data"] }], [data, s3]), []],
            ["field name unknown", advanced([{ field: UNKNOWN, equals: ["Management"] }], [data, s3]), [`${MGMT} undecidable`]],
            ["equals list unknown", advanced([{ field: "eventCategory", equals: UNKNOWN }], [data, s3]), [`${MGMT} undecidable`]],
            ["a selector's fieldSelectors unknown", { advancedEventSelectors: [{ fieldSelectors: UNKNOWN }] }, [`${MGMT} undecidable`, `${DATA} undecidable`]],
            ["malformed: equals a string", advanced([{ field: "eventCategory", equals: "Management" }]), [`${MGMT} undecidable`, `${DATA} undecidable`]],
            ["malformed: fieldSelectors an object", { advancedEventSelectors: [{ fieldSelectors: { field: "eventCategory" } }] }, [`${MGMT} undecidable`, `${DATA} undecidable`]],
        ];
        for (const [title, overrides, expected] of table) {
            it(title, () => assert.deepEqual(findings(overrides), expected));
        }
    });

    describe("unknown values at preview never produce a violation", () => {
        for (const property of [
            "enableLogging",
            "enableLogFileValidation",
            "isMultiRegionTrail",
            "includeGlobalServiceEvents",
            "isOrganizationTrail",
            "kmsKeyId",
            "cloudWatchLogsGroupArn",
            "cloudWatchLogsRoleArn",
            "snsTopicName",
            "advancedEventSelectors",
            "insightSelectors",
        ]) {
            it(property, () => {
                const out = findings({ [property]: UNKNOWN });
                assert.ok(out.every((f) => !f.endsWith(" violation")), out.join(", "));
            });
        }
        it("a secret envelope counts as unknown", () => {
            const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "AAAA" };
            assert.deepEqual(findings({ enableLogFileValidation: secret }), ["cloudtrail-log-file-validation undecidable"]);
        });
    });

    describe("messages", () => {
        it("a violation names the trail and the property and says what to set", () => {
            assert.deepEqual(messages({ enableLogFileValidation: false }, "cloudtrail-log-file-validation"), [
                'trail "main" sets "enableLogFileValidation" to false. Set enableLogFileValidation: true so CloudTrail signs digest files that prove the logs were not changed.',
            ]);
        });
        it("an unknown value says the policy runs again on the update", () => {
            assert.deepEqual(messages({ isMultiRegionTrail: UNKNOWN }, "cloudtrail-multi-region"), [
                'Cannot check trail "main" yet: "isMultiRegionTrail" is not known until the update runs (or is secret). The policy runs again on the update.',
            ]);
        });
        it("a malformed value names its path and type, never its value", () => {
            const out = messages({ advancedEventSelectors: undefined, eventSelectors: [{ readWriteType: "SECRET-VALUE", includeManagementEvents: "yes" }] }, MGMT);
            assert.deepEqual(out, [
                'Cannot check trail "main": "eventSelectors[0].includeManagementEvents" should be a boolean but is a string. Fix the value so the provider and this policy can read it.',
            ]);
        });
    });
});
