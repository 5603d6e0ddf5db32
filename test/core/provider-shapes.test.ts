/**
 * Property bags as @pulumi/aws 7.48 (and v6) put them in inputs and in state outputs, checked
 * against node_modules/@pulumi/aws/**\/*.d.ts: every shape the facts read, with the exact findings
 * of the rules that read it. Outputs carry the provider's computed defaults (a lifecycle rule's
 * `expiration.days: 0` when only a delete-marker cleanup is set, `prefix: ""`, `region`,
 * `expectedBucketOwner: ""`), which must read as "not set".
 */
import { strict as assert } from "assert";
import { runRule } from "../../policypack/src/core/evaluate";
import { buildModel } from "../../policypack/src/core/model";
import { logicalNameOf, ResourceSnapshot } from "../../policypack/src/core/resource";
import { RULES } from "../../policypack/src/core/rules";
import { CIS_METRIC_FILTERS } from "../../policypack/src/core/rules/stack/cis-patterns";
import { ACCOUNT, cisMonitoring, compliantBucket, compliantKey, compliantLogGroup, KEY_ARN, logGroupArn, REGION, resource, T, trail, UNKNOWN } from "./linked-fixtures";

/** Findings of the named policies as "policy kind resource", sorted; the policy without its "cloudtrail-" prefix. */
function findingsOf(policies: readonly string[], resources: ResourceSnapshot[]): string[] {
    const model = buildModel(resources);
    return RULES.filter((r) => policies.includes(r.name))
        .flatMap((rule) => runRule(rule, model, {}).findings)
        .map((f) => `${f.policy.replace("cloudtrail-", "")} ${f.kind} ${f.urn ? logicalNameOf(f.urn) : "-"}`)
        .sort();
}

/** The compliant bucket with its lifecycle configuration's rules replaced. */
function withLifecycleRules(rules: unknown[]): ResourceSnapshot[] {
    return compliantBucket("update").map((r) => (r.type === T.lifecycle ? { ...r, props: { ...r.props, rules } } : r));
}

/** The compliant v7 bucket with no lifecycle side resource and these extra inline outputs. */
function withInline(type: string, props: Record<string, unknown>): ResourceSnapshot[] {
    return compliantBucket("update")
        .filter((r) => r.type !== T.lifecycle)
        .map((r) => (r.type === T.bucket ? resource(type, "logs", { ...r.props, ...props }) : r));
}

/** A BucketLifecycleConfiguration rule as state holds it: every computed attribute filled in. */
function lifecycleOutput(expiration: Record<string, unknown>): Record<string, unknown> {
    return {
        id: "expire",
        status: "Enabled",
        prefix: "",
        filter: { prefix: "", objectSizeGreaterThan: 0, objectSizeLessThan: 0 },
        expiration: { days: 0, expiredObjectDeleteMarker: false, ...expiration },
        noncurrentVersionExpiration: { noncurrentDays: 30 },
    };
}

const RETENTION = ["cloudtrail-bucket-retention"];

describe("provider shapes: bucket settings in inputs and outputs", () => {
    const cases: { name: string; resources: ResourceSnapshot[]; policies: readonly string[]; expected: string[] }[] = [
        {
            name: "BucketLifecycleConfiguration output with only a delete-marker cleanup (days: 0 is unset) keeps logs",
            resources: [...withLifecycleRules([lifecycleOutput({ expiredObjectDeleteMarker: true })]), trail("update")],
            policies: RETENTION,
            expected: [],
        },
        {
            name: "BucketLifecycleConfiguration output with days: 400 keeps logs",
            resources: [...withLifecycleRules([lifecycleOutput({ days: 400 })]), trail("update")],
            policies: RETENTION,
            expected: [],
        },
        {
            name: "BucketLifecycleConfiguration output expiring on a date (days: 0) expires logs",
            resources: [...withLifecycleRules([lifecycleOutput({ date: "2030-01-01T00:00:00Z" })]), trail("update")],
            policies: RETENTION,
            expected: ["bucket-retention violation logs"],
        },
        {
            name: "BucketLifecycleConfiguration output with days: 30 under filter.and.prefix AWSLogs/ expires logs",
            resources: [...withLifecycleRules([{ ...lifecycleOutput({ days: 30 }), filter: { prefix: "", and: { prefix: "AWSLogs/", objectSizeGreaterThan: 0, objectSizeLessThan: 0 } } }]), trail("update")],
            policies: RETENTION,
            expected: ["bucket-retention violation logs"],
        },
        {
            name: "a noncurrentVersionExpiration alone never removes current log files",
            resources: [...withLifecycleRules([{ id: "old", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 1 } }]), trail("update")],
            policies: RETENTION,
            expected: [],
        },
        {
            name: "v7 Bucket inline lifecycleRules output (expiration.days: 0, date: \"\") with only a delete-marker cleanup keeps logs",
            resources: [...withInline(T.bucket, { lifecycleRules: [{ id: "x", enabled: true, prefix: "", expiration: { days: 0, date: "", expiredObjectDeleteMarker: true } }] }), trail("update")],
            policies: RETENTION,
            expected: [],
        },
        {
            name: "v6 BucketV2 inline lifecycleRules output (expirations[0].days: 0) with only a delete-marker cleanup keeps logs",
            resources: [...withInline(T.bucketV2, { lifecycleRules: [{ id: "x", enabled: true, prefix: "", expirations: [{ days: 0, date: "", expiredObjectDeleteMarker: true }] }] }), trail("update")],
            policies: RETENTION,
            expected: [],
        },
        {
            name: "v7 Bucket objectLockEnabled: true with a BucketObjectLockConfiguration output (years, days: 0)",
            resources: [
                ...compliantBucket("update").map((r) =>
                    r.type === T.objectLock ? { ...r, props: { bucket: "trail-logs", expectedBucketOwner: "", region: REGION, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "GOVERNANCE", days: 0, years: 1 } } } } : r,
                ),
                trail("update"),
            ],
            policies: ["cloudtrail-bucket-object-lock"],
            expected: [],
        },
        {
            name: "v6 BucketV2 inline outputs: versionings[], loggings[], objectLockConfiguration.rules[].defaultRetentions[]",
            resources: [
                resource(T.bucketV2, "logs", {
                    bucket: "trail-logs",
                    region: REGION,
                    objectLockEnabled: true,
                    versionings: [{ enabled: true, mfaDelete: false }],
                    loggings: [{ targetBucket: "access-logs", targetPrefix: "" }],
                    objectLockConfiguration: { objectLockEnabled: "Enabled", rules: [{ defaultRetentions: [{ mode: "GOVERNANCE", days: 400, years: 0 }] }] },
                }),
                trail("update"),
            ],
            policies: ["cloudtrail-bucket-versioning", "cloudtrail-bucket-access-logging", "cloudtrail-bucket-object-lock"],
            expected: [],
        },
        {
            name: "v6 legacy Bucket inline: versioning {}, loggings[], objectLockConfiguration {objectLockEnabled: \"Enabled\", rule}",
            resources: [
                resource(T.bucket, "logs", {
                    bucket: "trail-logs",
                    versioning: { enabled: true, mfaDelete: false },
                    loggings: [{ targetBucket: "access-logs" }],
                    objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "COMPLIANCE", years: 1 } } },
                }),
                trail("update"),
            ],
            policies: ["cloudtrail-bucket-versioning", "cloudtrail-bucket-access-logging", "cloudtrail-bucket-object-lock"],
            expected: [],
        },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(findingsOf(c.policies, c.resources), c.expected));
    }
});

function linksOf(resources: ResourceSnapshot[]): { bucket: string; key: string; logGroup: string }[] {
    const show = (l: { state: string; urn?: string }) => (l.state === "linked" ? logicalNameOf(l.urn as string) : l.state);
    return buildModel(resources).links.trails.map((t) => ({ bucket: show(t.bucket), key: show(t.key), logGroup: show(t.logGroup) }));
}

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const ELSEWHERE = { s3BucketName: "central-logs", kmsKeyId: `arn:aws:kms:${REGION}:999999999999:key/x`, cloudWatchLogsGroupArn: `arn:aws:logs:${REGION}:999999999999:log-group:central:*` };

describe("provider shapes: linking by names and ARNs", () => {
    type Links = { bucket: string; key: string; logGroup: string };
    const cases: { name: string; resources: ResourceSnapshot[]; expected: Links | Links[] }[] = [
        {
            name: "preview: names from bucketPrefix / namePrefix and a new key's id are unknown, so literal names cannot be told apart yet",
            resources: [
                resource(T.bucket, "logs", { bucketPrefix: "trail-", bucket: UNKNOWN }),
                resource(T.key, "trail-key", { keyId: UNKNOWN, arn: UNKNOWN }),
                resource(T.logGroup, "trail-events", { namePrefix: "/aws/cloudtrail/", name: UNKNOWN, arn: UNKNOWN }),
                resource(T.trail, "main", ELSEWHERE),
            ],
            expected: { bucket: "unresolved", key: "unresolved", logGroup: "unresolved" },
        },
        {
            name: "preview: an alias named by namePrefix may be the literal alias name",
            resources: [resource(T.alias, "a", { namePrefix: "alias/trail-", name: UNKNOWN, arn: UNKNOWN, targetKeyId: UNKNOWN }), resource(T.trail, "main", { kmsKeyId: "alias/central" })],
            expected: { bucket: "unused", key: "unresolved", logGroup: "unused" },
        },
        {
            name: "preview: every name known and none matches: elsewhere",
            resources: [resource(T.bucket, "logs", { bucket: "trail-logs" }), resource(T.logGroup, "trail-events", { name: "/aws/cloudtrail/main", arn: UNKNOWN }), resource(T.trail, "main", ELSEWHERE)],
            expected: { bucket: "notInStack", key: "notInStack", logGroup: "notInStack" },
        },
        {
            name: "update: bucketPrefix bucket by its real name in output `bucket`, v7 region and expectedBucketOwner present",
            resources: [
                resource(T.bucket, "logs", { bucketPrefix: "trail-", bucket: "trail-20250101", region: REGION, arn: "arn:aws:s3:::trail-20250101" }),
                resource(T.versioning, "logs-versioning", { bucket: "trail-20250101", expectedBucketOwner: "", region: REGION, versioningConfiguration: { status: "Enabled", mfaDelete: "" } }),
                resource(T.trail, "main", { s3BucketName: "trail-20250101", region: REGION }),
            ],
            expected: { bucket: "logs", key: "unused", logGroup: "unused" },
        },
        {
            name: "update: kmsKeyId as alias ARN, alias targetKeyId holding the key ARN",
            resources: [
                ...compliantKey("update"),
                resource(T.alias, "a", { name: "alias/trail", arn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/trail`, targetKeyId: KEY_ARN, targetKeyArn: KEY_ARN }),
                resource(T.trail, "main", { kmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/trail` }),
            ],
            expected: { bucket: "unused", key: "trail-key", logGroup: "unused" },
        },
        {
            name: "update: kmsKeyId as alias name, alias targetKeyId holding the key id",
            resources: [...compliantKey("update"), resource(T.alias, "a", { name: "alias/trail", targetKeyId: KEY_ID }), resource(T.trail, "main", { kmsKeyId: "alias/trail" })],
            expected: { bucket: "unused", key: "trail-key", logGroup: "unused" },
        },
        {
            name: "update: kmsKeyId as key id; log group ARN with :* against the group's arn without it",
            resources: [...compliantKey("update"), ...compliantLogGroup("update"), resource(T.trail, "main", { kmsKeyId: KEY_ID, cloudWatchLogsGroupArn: logGroupArn() })],
            expected: { bucket: "unused", key: "trail-key", logGroup: "trail-events" },
        },
        {
            name: "v7 region: a log group and an alias of one name in two regions are told apart by ARN, and a third region's ARN is elsewhere",
            resources: [
                ...["us-east-1", "eu-west-1"].flatMap((region) => [
                    resource(T.logGroup, `events-${region}`, { region, name: "/aws/cloudtrail/main", arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/cloudtrail/main` }),
                    resource(T.key, `key-${region}`, { region, keyId: `key-${region}`, arn: `arn:aws:kms:${region}:${ACCOUNT}:key/key-${region}` }),
                    resource(T.alias, `alias-${region}`, { region, name: "alias/trail", arn: `arn:aws:kms:${region}:${ACCOUNT}:alias/trail`, targetKeyId: `key-${region}` }),
                ]),
                resource(T.trail, "main", { cloudWatchLogsGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/cloudtrail/main:*`, kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/trail` }),
                resource(T.trail, "elsewhere", { cloudWatchLogsGroupArn: `arn:aws:logs:ap-south-1:${ACCOUNT}:log-group:/aws/cloudtrail/main:*`, kmsKeyId: `arn:aws:kms:ap-south-1:${ACCOUNT}:alias/trail` }),
            ],
            expected: [
                { bucket: "unused", key: "key-us-east-1", logGroup: "events-us-east-1" },
                { bucket: "unused", key: "notInStack", logGroup: "notInStack" },
            ],
        },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(linksOf(c.resources), Array.isArray(c.expected) ? c.expected : [c.expected]));
    }
});

describe("provider shapes: CloudWatch Logs and alarms", () => {
    const PUBLISHED = CIS_METRIC_FILTERS.map((c) => c.patterns[0]);
    const group = (props: Record<string, unknown>) => [resource(T.logGroup, "trail-events", { ...compliantLogGroup("update")[0].props, ...props }), trail("update")];
    /** The CIS filters, each alarm defined through metricQueries (a metric math alarm) instead of metricName/namespace. */
    const queryAlarms = (metricName: (i: number) => unknown) =>
        cisMonitoring("update", PUBLISHED).map((r, i) =>
            r.type === T.alarm
                ? resource(T.alarm, r.name, {
                      metricName: "",
                      namespace: "",
                      alarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:security`],
                      metricQueries: [
                          { id: "m", returnData: false, metric: { metricName: metricName((i - 1) / 2), namespace: "CISBenchmark", period: 300, stat: "Sum" } },
                          { id: "e", expression: "m", returnData: true },
                      ],
                  })
                : r,
        );
    const cases: { name: string; policy: string; resources: ResourceSnapshot[]; expected: string[] }[] = [
        { name: "alarms defined with metricQueries count", policy: "cloudtrail-cis-alarms", resources: [...group({}), ...queryAlarms((i) => `Cis${i}`)], expected: [] },
        { name: "an alarm whose queried metric is not known yet leaves it undecided", policy: "cloudtrail-cis-alarms", resources: [...group({}), ...queryAlarms((i) => (i === 0 ? UNKNOWN : `Cis${i}`))], expected: ["cis-alarms undecidable -"] },
        {
            name: "an alarm with actionsEnabled: false notifies no one",
            policy: "cloudtrail-cis-alarms",
            resources: [...group({}), ...cisMonitoring("update", PUBLISHED).map((r) => (r.name === "cis-0-alarm" ? { ...r, props: { ...r.props, actionsEnabled: false } } : r))],
            expected: ["cis-alarms violation -"],
        },
        { name: "logGroupClass STANDARD, retention unset: never expires", policy: "cloudtrail-log-group-retention", resources: group({ logGroupClass: "STANDARD", retentionInDays: undefined }), expected: [] },
        { name: "logGroupClass DELIVERY keeps events 2 days whatever retentionInDays says", policy: "cloudtrail-log-group-retention", resources: group({ logGroupClass: "DELIVERY", retentionInDays: undefined }), expected: ["log-group-retention violation trail-events"] },
        { name: "logGroupClass not known yet: cannot decide", policy: "cloudtrail-log-group-retention", resources: group({ logGroupClass: UNKNOWN }), expected: ["log-group-retention undecidable trail-events"] },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(findingsOf([c.policy], c.resources), c.expected));
    }
});

describe("provider shapes: IAM role inline policies", () => {
    it("an inlinePolicies element not known yet gives the 'cannot decide' line", () => {
        const role = resource(T.role, "reader", { inlinePolicies: [UNKNOWN, { name: "ok", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "cloudtrail:Get*", Resource: "*" }] }) }] });
        assert.deepEqual(findingsOf(["cloudtrail-no-tamper-permissions"], [role]), ["no-tamper-permissions undecidable -"]);
    });
});

describe("provider shapes: what a trail is told when its bucket cannot be told yet", () => {
    const objectLock = RULES.find((r) => r.name === "cloudtrail-bucket-object-lock")!;
    const messages = (resources: ResourceSnapshot[]) => runRule(objectLock, buildModel(resources), {}).findings.map((f) => `${f.kind}: ${f.message}`);

    it("a literal name while a bucket of the stack has no name yet", () => {
        assert.deepEqual(messages([resource(T.bucket, "logs", { bucketPrefix: "trail-", bucket: UNKNOWN }), resource(T.trail, "main", { s3BucketName: "central-logs" })]), [
            'undecidable: Cannot tell yet which bucket trail "main" uses: "s3BucketName" names no bucket of this stack, but a bucket here gets its name only when it is created. cloudtrail-bucket-* run again on the update.',
        ]);
    });

    it("a name not known yet that depends on no bucket", () => {
        assert.deepEqual(messages([resource(T.trail, "main", { s3BucketName: UNKNOWN })]), [
            'undecidable: Cannot tell yet which bucket trail "main" uses: "s3BucketName" is not known until the update runs and no resource it depends on is a bucket. cloudtrail-bucket-* run again on the update.',
        ]);
    });
});
