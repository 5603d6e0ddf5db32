import { strict as assert } from "assert";
import { runRule } from "../../policypack/src/core/evaluate";
import { buildModel } from "../../policypack/src/core/model";
import { logicalNameOf, ResourceSnapshot } from "../../policypack/src/core/resource";
import { RULES } from "../../policypack/src/core/rules";
import { compliantBucket, resource, T, TLS_ONLY_POLICY, trail, UNKNOWN, urnOf } from "./linked-fixtures";

const BUCKET_RULES = RULES.filter((r) => r.name.startsWith("cloudtrail-bucket-"));

/** Every bucket rule's findings as "policy kind resource", sorted. */
function findingsOf(resources: ResourceSnapshot[], settings: Record<string, unknown> = {}): string[] {
    const model = buildModel(resources);
    return BUCKET_RULES.flatMap((rule) => runRule(rule, model, settings[rule.name]).findings)
        .map((f) => `${f.policy.replace("cloudtrail-bucket-", "")} ${f.kind} ${f.urn ? logicalNameOf(f.urn) : "-"}`)
        .sort();
}

function messagesOf(resources: ResourceSnapshot[]): string[] {
    const model = buildModel(resources);
    return BUCKET_RULES.flatMap((rule) => runRule(rule, model, {}).findings.map((f) => f.message));
}

const PUBLIC_POLICY = JSON.stringify({ Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::trail-logs/*" } });
const PAB = resource(T.publicAccessBlock, "logs-pab", { bucket: "trail-logs", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
const lockRetention = { defaultRetention: { mode: "GOVERNANCE", days: 400 } };
const logsTrail = () => trail("update");

const cases: { name: string; resources: ResourceSnapshot[]; expected: string[]; settings?: Record<string, unknown> }[] = [
    { name: "v7 Bucket with every side resource passes (update)", resources: [...compliantBucket("update"), logsTrail()], expected: [] },
    {
        name: "preview: side resources' values unknown give one 'cannot decide' per rule that needs them, never a violation",
        resources: [...compliantBucket("preview"), trail("preview")],
        expected: ["not-public undecidable logs", "tls-only undecidable logs"],
    },
    {
        name: "v7 Bucket, inline (deprecated) settings",
        resources: [
            resource(T.bucket, "logs", {
                bucket: "trail-logs",
                versioning: { enabled: true, mfaDelete: false },
                logging: { targetBucket: "access-logs" },
                objectLockEnabled: true,
                objectLockConfiguration: { objectLockEnabled: "Enabled", rule: lockRetention },
                policy: TLS_ONLY_POLICY,
                acl: "private",
                lifecycleRules: [{ enabled: true, expiration: { days: 400 } }],
            }),
            PAB,
            logsTrail(),
        ],
        expected: [],
    },
    {
        name: "v6 legacy Bucket: loggings list, objectLockConfiguration.rule",
        resources: [
            resource(T.bucket, "logs", {
                bucket: "trail-logs",
                versioning: { enabled: true },
                loggings: [{ targetBucket: "access-logs" }],
                objectLockConfiguration: { objectLockEnabled: "Enabled", rule: lockRetention },
                policy: TLS_ONLY_POLICY,
            }),
            PAB,
            logsTrail(),
        ],
        expected: [],
    },
    {
        name: "v6 BucketV2: versionings, loggings, objectLockConfiguration.rules[].defaultRetentions[], lifecycleRules[].expirations[]",
        resources: [
            resource(T.bucketV2, "logs", {
                bucket: "trail-logs",
                versionings: [{ enabled: true }],
                loggings: [{ targetBucket: "access-logs" }],
                objectLockEnabled: true,
                objectLockConfiguration: { objectLockEnabled: "Enabled", rules: [{ defaultRetentions: [{ mode: "GOVERNANCE", years: 1 }] }] },
                policy: JSON.parse(TLS_ONLY_POLICY),
                lifecycleRules: [{ enabled: true, expirations: [{ days: 30 }] }],
            }),
            PAB,
            logsTrail(),
        ],
        expected: ["retention violation logs"],
    },
    {
        name: "an inline bucket that fails everything",
        resources: [
            resource(T.bucket, "logs", {
                bucket: "trail-logs",
                versioning: { enabled: false },
                acl: "public-read",
                policy: PUBLIC_POLICY,
                lifecycleRules: [{ enabled: true, expiration: { days: 90 } }],
            }),
            logsTrail(),
        ],
        expected: [
            "access-logging violation logs",
            "not-public violation logs",
            "not-public violation logs",
            "object-lock violation logs",
            "public-access-block violation logs",
            "retention violation logs",
            "tls-only violation logs",
            "versioning violation logs",
        ],
    },
    {
        name: "*V2 side resources override inline settings; conditions and prefixes are read",
        resources: [
            resource(T.bucket, "logs", { bucket: "trail-logs", versioning: { enabled: true }, objectLockEnabled: true }),
            resource(T.versioningV2, "logs-versioning", { bucket: "trail-logs", versioningConfiguration: { status: "Suspended" } }),
            resource(T.objectLockV2, "logs-lock", { bucket: "trail-logs", objectLockEnabled: "Enabled" }),
            resource(T.publicAccessBlock, "logs-pab", { bucket: "trail-logs", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true }),
            resource(T.loggingV2, "logs-access", { bucket: "trail-logs", targetBucket: "access-logs" }),
            resource(T.policy, "logs-policy", {
                bucket: "trail-logs",
                policy: JSON.stringify({
                    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main" } } }],
                }),
            }),
            resource(T.lifecycleV2, "logs-lifecycle", {
                bucket: "trail-logs",
                rules: [
                    { id: "tmp", status: "Enabled", filter: { prefix: "tmp/" }, expiration: { days: 1 } },
                    { id: "old", status: "Disabled", expiration: { days: 1 } },
                    { id: "logs", status: "Enabled", filter: { prefix: "AWSLogs/" }, expiration: { days: 30 } },
                ],
            }),
            logsTrail(),
        ],
        expected: ["object-lock violation logs", "public-access-block violation logs", "retention violation logs", "tls-only violation logs", "versioning violation logs"],
    },
    {
        name: "the retention minimum is configurable",
        resources: [...compliantBucket("update"), logsTrail()],
        settings: { "cloudtrail-bucket-retention": { minimumRetentionDays: 500 } },
        expected: ["retention violation logs"],
    },
    {
        name: "a bucket no trail uses is not judged",
        resources: [resource(T.bucket, "website", { bucket: "site", acl: "public-read" }), ...compliantBucket("update"), logsTrail()],
        expected: [],
    },
    {
        name: "a trail's bucket elsewhere: said once, on the trail, by the first bucket policy",
        resources: [{ ...logsTrail(), props: { ...logsTrail().props, s3BucketName: "central-logs" }, propertyDependencies: {} }],
        expected: ["object-lock notApplicable main"],
    },
    {
        name: "several trails sharing one bad bucket: its findings once, on the bucket",
        resources: [
            resource(T.bucket, "logs", { bucket: "trail-logs", versioning: { enabled: false } }),
            ...compliantBucket("update").slice(2),
            logsTrail(),
            { ...logsTrail(), urn: urnOf(T.trail, "second"), name: "second" },
        ],
        expected: ["versioning violation logs"],
    },
    {
        name: "preview: a trail whose bucket name is unknown and unlinkable gets one 'cannot decide' line",
        resources: [resource(T.trail, "main", { s3BucketName: UNKNOWN })],
        expected: ["object-lock undecidable main"],
    },
];

describe("bucket rules (layer A)", () => {
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(findingsOf(c.resources, c.settings), c.expected));
    }

    it("messages never quote property values", () => {
        for (const c of cases) {
            for (const message of messagesOf(c.resources)) {
                for (const value of ["trail-logs", "access-logs", "arn:aws", "AWSLogs/", "tmp/"]) {
                    assert.ok(!message.includes(value), `${c.name}: ${message}`);
                }
            }
        }
    });
});
