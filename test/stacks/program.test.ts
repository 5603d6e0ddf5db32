import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { MockRun, MOCK_ENVIRONMENT, runUnderMocks, UNKNOWN } from "../../stacks/testing/mock-engine";
import { countByType, documentOf, only, runReference, TRAIL } from "./support";

const DEFAULT_COUNTS: Record<string, number> = {
    "pulumi:pulumi:Stack": 1,
    "cloudtrail-reference:index:OrganizationTrail": 1,
    "aws:cloudtrail/trail:Trail": 1,
    "aws:kms/key:Key": 2,
    "aws:kms/alias:Alias": 2,
    "aws:s3/bucket:Bucket": 2,
    "aws:s3/bucketVersioning:BucketVersioning": 2,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 2,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 2,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 2,
    "aws:s3/bucketPolicy:BucketPolicy": 2,
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": 1,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
    "aws:s3/bucketLogging:BucketLogging": 1,
    "aws:cloudwatch/logGroup:LogGroup": 1,
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": 15,
    "aws:cloudwatch/metricAlarm:MetricAlarm": 15,
    "aws:iam/role:Role": 2,
    "aws:iam/rolePolicy:RolePolicy": 1,
    "aws:iam/policy:Policy": 1,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 2,
    "aws:sns/topic:Topic": 2,
    "aws:sns/topicPolicy:TopicPolicy": 2,
    "aws:organizations/policy:Policy": 1,
    "aws:organizations/policyAttachment:PolicyAttachment": 1,
};

const PREFIX = "urn:pulumi:dev::cloudtrail-reference::cloudtrail-reference:index:OrganizationTrail$";

describe("reference stack program", function () {
    this.timeout(30_000);
    let preview: MockRun;
    let update: MockRun;
    before(async () => {
        preview = await runReference({}, true);
        update = await runReference({}, false);
    });

    const variants: [string, Record<string, string>, Record<string, number>][] = [
        ["the defaults", {}, DEFAULT_COUNTS],
        ["an alarm email", { alarmEmail: "security@example.com" }, { ...DEFAULT_COUNTS, "aws:sns/topicSubscription:TopicSubscription": 1 }],
        [
            "an existing alarm topic",
            { alarmTopicArn: "arn:aws:sns:us-east-1:111122223333:alarms" },
            { ...DEFAULT_COUNTS, "aws:sns/topic:Topic": 1, "aws:sns/topicPolicy:TopicPolicy": 1 },
        ],
        ["a single-account trail", { organizationTrail: "false" }, withoutKeys(DEFAULT_COUNTS, "aws:organizations/policy:Policy", "aws:organizations/policyAttachment:PolicyAttachment")],
    ];
    for (const [title, raw, expected] of variants) {
        it(`registers the expected resources for ${title}`, async () => {
            const run = title === "the defaults" ? update : await runReference(raw, false);
            assert.deepStrictEqual(sorted(countByType(run)), sorted(expected));
        });
    }

    it("creates the trail only after its bucket policy, key, log role policy and topic policy", () => {
        const trail = only(update, TRAIL);
        for (const dependency of [
            "aws:s3/bucketPolicy:BucketPolicy::org-trail-logs-policy",
            "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::org-trail-logs-object-lock",
            "aws:kms/key:Key::org-trail-key",
            "aws:iam/rolePolicy:RolePolicy::org-trail-cloudwatch-delivery-policy",
            "aws:sns/topicPolicy:TopicPolicy::org-trail-log-delivery-policy",
        ]) {
            assert.ok(trail.dependencies.includes(PREFIX + dependency), `trail should depend on ${dependency}`);
        }
        assert.deepStrictEqual(trail.propertyDependencies.kmsKeyId, [`${PREFIX}aws:kms/alias:Alias::org-trail-key-alias`]);
        assert.deepStrictEqual(trail.propertyDependencies.s3BucketName, [`${PREFIX}aws:s3/bucket:Bucket::org-trail-logs`]);
    });

    it("sets every CIS property of the trail", () => {
        const { inputs } = only(update, TRAIL);
        assert.deepStrictEqual(
            pick(inputs, ["enableLogging", "enableLogFileValidation", "isMultiRegionTrail", "includeGlobalServiceEvents", "isOrganizationTrail", "s3KeyPrefix", "snsTopicName"]),
            {
                enableLogging: true,
                enableLogFileValidation: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                isOrganizationTrail: true,
                s3KeyPrefix: "cloudtrail",
                snsTopicName: "org-trail-log-delivery",
            },
        );
        assert.deepStrictEqual(inputs.advancedEventSelectors, [{ name: "All management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }]);
        assert.strictEqual(inputs.insightSelectors, undefined);
    });

    it("selects data events and Insights when configured", async () => {
        const run = await runReference({ dataEvents: '{"s3":true,"lambda":true}', insights: "true" }, false);
        const { inputs } = only(run, TRAIL);
        assert.deepStrictEqual(inputs.advancedEventSelectors, [
            { name: "All management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            {
                name: "S3 object events",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                ],
            },
            { name: "Lambda invocations", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::Lambda::Function"] }] },
        ]);
        assert.deepStrictEqual(inputs.insightSelectors, [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }]);
    });

    it("locks, versions, encrypts and tiers the log bucket as configured", async () => {
        const run = await runReference({ lockMode: "COMPLIANCE", retentionDays: "400", expireAfterDays: "400" }, false);
        assert.deepStrictEqual(only(run, "aws:s3/bucket:Bucket", "org-trail-logs").inputs.objectLockEnabled, true);
        assert.deepStrictEqual(only(run, "aws:s3/bucket:Bucket", "org-trail-access-logs").inputs.objectLockEnabled, false);
        assert.deepStrictEqual(only(run, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: 400 } });
        assert.deepStrictEqual(only(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules, [
            {
                id: "tier-log-files",
                status: "Enabled",
                filter: {},
                transitions: [{ days: 30, storageClass: "STANDARD_IA" }, { days: 365, storageClass: "GLACIER" }],
                expiration: { days: 400 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            },
        ]);
        const keyArn = only(run, "aws:kms/key:Key", "org-trail-key").outputs.arn;
        assert.deepStrictEqual(only(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "org-trail-logs-encryption").inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true },
        ]);
        assert.deepStrictEqual(only(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "org-trail-access-logs-encryption").inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        assert.deepStrictEqual(only(run, "aws:s3/bucketLogging:BucketLogging").inputs, {
            bucket: "org-trail-logs-111122223333-us-east-1",
            targetBucket: "org-trail-access-logs-111122223333-us-east-1",
            targetPrefix: "org-trail-logs-111122223333-us-east-1/",
        });
    });

    it("attaches a CIS alarm to every metric filter", () => {
        const filters = update.resources.filter((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter");
        const alarms = update.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
        const topicArn = "arn:aws:sns:us-east-1:111122223333:org-trail-cis-alarms";
        assert.deepStrictEqual(
            alarms.map((a) => [a.inputs.metricName, a.inputs.namespace, a.inputs.alarmActions]),
            filters.map((f) => [(f.inputs.metricTransformation as { name: string }).name, "CISBenchmark", [topicArn]]),
        );
        assert.ok(filters.every((f) => f.inputs.logGroupName === "/aws/cloudtrail/org-trail"));
    });

    it("leaves unknown at preview what AWS computes, and knows the policy documents", () => {
        const trail = only(preview, TRAIL);
        assert.strictEqual(trail.id, undefined);
        assert.deepStrictEqual(pick(trail.inputs, ["kmsKeyId", "cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn", "s3BucketName"]), {
            kmsKeyId: UNKNOWN,
            cloudWatchLogsGroupArn: UNKNOWN,
            cloudWatchLogsRoleArn: UNKNOWN,
            s3BucketName: "org-trail-logs-111122223333-us-east-1",
        });
        assert.strictEqual(only(preview, "aws:kms/key:Key", "org-trail-key").outputs.arn, undefined);
        assert.deepStrictEqual(
            documentOf(only(preview, "aws:s3/bucketPolicy:BucketPolicy", "org-trail-logs-policy"), "policy").Statement.map((s) => s.Sid),
            ["CloudTrailAclCheck", "CloudTrailWrite", "DenyInsecureTransport"],
        );
    });

    it("reports outputs as AWS does after the update", () => {
        const { accountId, region } = MOCK_ENVIRONMENT;
        assert.strictEqual(only(update, "aws:cloudwatch/logGroup:LogGroup").outputs.arn, `arn:aws:logs:${region}:${accountId}:log-group:/aws/cloudtrail/org-trail`);
        const trail = only(update, TRAIL);
        assert.strictEqual(trail.inputs.kmsKeyId, `arn:aws:kms:${region}:${accountId}:alias/org-trail-trail`);
        assert.strictEqual(trail.outputs.kmsKeyId, only(update, "aws:kms/key:Key", "org-trail-key").outputs.arn);
        assert.strictEqual(trail.inputs.cloudWatchLogsGroupArn, `arn:aws:logs:${region}:${accountId}:log-group:/aws/cloudtrail/org-trail:*`);
        assert.strictEqual(trail.outputs.arn, `arn:aws:cloudtrail:${region}:${accountId}:trail/org-trail`);
    });

    it("runs from index.ts with the stack's config, and fails before registering anything on a bad value", async () => {
        const indexModule = require.resolve("../../stacks/index");
        const load = () => {
            delete require.cache[indexModule];
            return require(indexModule) as Record<string, unknown>;
        };
        try {
            pulumi.runtime.setAllConfig({ "cloudtrail-reference:namePrefix": "audit", "aws:region": "us-east-1" });
            const run = await runUnderMocks(load, { preview: false });
            assert.strictEqual(only(run, TRAIL).inputs.name, "audit");
            const stack = only(run, "pulumi:pulumi:Stack");
            assert.strictEqual(stack.outputs.trailArn, "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit");

            pulumi.runtime.setAllConfig({ "cloudtrail-reference:lockMode": "LEGAL_HOLD" });
            await assert.rejects(runUnderMocks(load, { preview: true }), /cloudtrail-reference:lockMode must be GOVERNANCE .* got "LEGAL_HOLD"\./);
            const monitor = pulumi.runtime.getMonitor() as unknown as { getRegisteredResources(): Map<string, unknown> };
            const registered = [...monitor.getRegisteredResources().keys()].filter((urn) => !urn.includes("::pulumi:pulumi:Stack::"));
            assert.deepStrictEqual(registered, []);
        } finally {
            pulumi.runtime.setAllConfig({});
        }
    });
});

function sorted(counts: Record<string, number>): [string, number][] {
    return Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
}

function withoutKeys(counts: Record<string, number>, ...keys: string[]): Record<string, number> {
    return Object.fromEntries(Object.entries(counts).filter(([key]) => !keys.includes(key)));
}

function pick(bag: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((key) => [key, bag[key]]));
}
