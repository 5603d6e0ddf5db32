import { strict as assert } from "assert";
import { buildModel } from "../../policypack/src/core/model";
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { compliantBucket, compliantKey, compliantLogGroup, KEY_ARN, logGroupArn, resource, T, trail, UNKNOWN, urnOf } from "./linked-fixtures";

type Expected = "unused" | "notInStack" | "unresolved" | string;

function linksOf(resources: ResourceSnapshot[]) {
    return buildModel(resources).links.trails.map((t) => {
        const show = (l: { state: string; urn?: string }) => (l.state === "linked" ? (l.urn as string) : l.state);
        return { trail: t.trail.name, bucket: show(t.bucket), key: show(t.key), logGroup: show(t.logGroup) };
    });
}

const bucketUrn = urnOf(T.bucket, "logs");
const keyUrn = urnOf(T.key, "trail-key");
const groupUrn = urnOf(T.logGroup, "trail-events");
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

function bareTrail(props: Record<string, unknown>, links: Parameters<typeof resource>[3] = {}): ResourceSnapshot {
    return resource(T.trail, "main", props, links);
}

const alias = (shape: "update" | "preview") =>
    resource(
        T.alias,
        "trail-key-alias",
        shape === "update" ? { name: "alias/trail", arn: `arn:aws:kms:us-east-1:111122223333:alias/trail`, targetKeyId: keyId, targetKeyArn: KEY_ARN } : { name: "alias/trail", arn: UNKNOWN, targetKeyId: UNKNOWN },
        { propertyDependencies: { targetKeyId: [keyUrn] } },
    );

const cases: { name: string; resources: ResourceSnapshot[]; bucket?: Expected; key?: Expected; logGroup?: Expected }[] = [
    {
        name: "update: by bucket name, key ARN and log group ARN with :*",
        resources: [...compliantBucket("update"), ...compliantKey("update"), ...compliantLogGroup("update"), trail("update")],
        bucket: bucketUrn,
        key: keyUrn,
        logGroup: groupUrn,
    },
    {
        name: "preview: every name unknown, linked through propertyDependencies",
        resources: [...compliantBucket("preview"), ...compliantKey("preview"), ...compliantLogGroup("preview"), trail("preview")],
        bucket: bucketUrn,
        key: keyUrn,
        logGroup: groupUrn,
    },
    {
        name: "update without propertyDependencies still links by name",
        resources: [...compliantBucket("update"), ...compliantKey("update"), ...compliantLogGroup("update"), { ...trail("update"), propertyDependencies: {}, dependencies: [] }],
        bucket: bucketUrn,
        key: keyUrn,
        logGroup: groupUrn,
    },
    {
        name: "key by key id, log group ARN without :*",
        resources: [...compliantKey("update"), ...compliantLogGroup("update"), bareTrail({ kmsKeyId: keyId, cloudWatchLogsGroupArn: logGroupArn().replace(/:\*$/, "") })],
        bucket: "unused",
        key: keyUrn,
        logGroup: groupUrn,
    },
    {
        name: "key by alias ARN and by alias name (update)",
        resources: [...compliantKey("update"), alias("update"), bareTrail({ kmsKeyId: "arn:aws:kms:us-east-1:111122223333:alias/trail" }), { ...bareTrail({ kmsKeyId: "alias/trail" }), urn: urnOf(T.trail, "second"), name: "second" }],
        key: keyUrn,
    },
    {
        name: "preview: key through an alias the trail depends on",
        resources: [...compliantKey("preview"), alias("preview"), bareTrail({ kmsKeyId: UNKNOWN }, { propertyDependencies: { kmsKeyId: [urnOf(T.alias, "trail-key-alias")] } })],
        key: keyUrn,
    },
    {
        name: "preview: s3BucketName taken from the bucket policy (to wait for it) leads to the bucket",
        resources: [...compliantBucket("preview"), bareTrail({ s3BucketName: UNKNOWN }, { propertyDependencies: { s3BucketName: [urnOf(T.policy, "logs-policy")] } })],
        bucket: bucketUrn,
    },
    {
        name: "preview without propertyDependencies: the one bucket among plain dependencies",
        resources: [...compliantBucket("preview"), bareTrail({ s3BucketName: UNKNOWN }, { dependencies: [bucketUrn, urnOf(T.policy, "logs-policy")] })],
        bucket: bucketUrn,
    },
    {
        name: "preview: two candidate buckets among plain dependencies cannot be told apart",
        resources: [...compliantBucket("preview"), ...compliantBucket("preview", "other"), bareTrail({ s3BucketName: UNKNOWN }, { dependencies: [bucketUrn, urnOf(T.bucket, "other")] })],
        bucket: "unresolved",
    },
    {
        name: "known names of resources managed elsewhere are not in this stack",
        resources: [
            ...compliantBucket("update"),
            bareTrail({ s3BucketName: "central-logs", kmsKeyId: "arn:aws:kms:us-east-1:999:key/x", cloudWatchLogsGroupArn: "arn:aws:logs:us-east-1:999:log-group:central:*" }, { dependencies: [bucketUrn] }),
        ],
        bucket: "notInStack",
        key: "notInStack",
        logGroup: "notInStack",
    },
    {
        name: "an unknown name with no dependency at all is unresolved",
        resources: [bareTrail({ s3BucketName: UNKNOWN, kmsKeyId: UNKNOWN })],
        bucket: "unresolved",
        key: "unresolved",
        logGroup: "unused",
    },
    {
        name: "v6 BucketV2 with *V2 side resources",
        resources: [
            resource(T.bucketV2, "logs", { bucket: "trail-logs" }),
            resource(T.versioningV2, "logs-versioning", { bucket: "trail-logs", versioningConfiguration: { status: "Enabled" } }),
            bareTrail({ s3BucketName: "trail-logs" }),
        ],
        bucket: urnOf(T.bucketV2, "logs"),
    },
];

describe("linking trails to their bucket, key and log group", () => {
    for (const c of cases) {
        it(c.name, () => {
            for (const link of linksOf(c.resources)) {
                for (const kind of ["bucket", "key", "logGroup"] as const) {
                    if (c[kind] !== undefined) {
                        assert.equal(link[kind], c[kind], `${link.trail}.${kind}`);
                    }
                }
            }
        });
    }

    it("side resources are linked to their bucket in both shapes, and V2 tokens count", () => {
        for (const shape of ["update", "preview"] as const) {
            const facts = buildModel([...compliantBucket(shape), trail(shape)]).links.bucket(bucketUrn);
            assert.equal(facts.versioningEnabled[0].who, 'BucketVersioning "logs-versioning"', shape);
            assert.equal(facts.publicAccessBlock[0].who, 'BucketPublicAccessBlock "logs-pab"', shape);
        }
    });

    it("a side resource whose bucket cannot be told makes that setting unknown for every linked bucket", () => {
        const stray = resource(T.versioning, "stray", { bucket: UNKNOWN, versioningConfiguration: { status: "Enabled" } });
        const bucket = resource(T.bucket, "logs", { bucket: "trail-logs" });
        const facts = buildModel([bucket, stray, bareTrail({ s3BucketName: "trail-logs" })]).links.bucket(bucketUrn);
        assert.equal(facts.versioningEnabled[0].field.state, "unknown");
    });

    it("a side resource naming no known bucket is not dropped while some bucket's name is unknown (found by fuzzing)", () => {
        const versioning = resource(T.versioning, "logs-versioning", { bucket: "trail-logs", versioningConfiguration: { status: "Enabled" } });
        const unnamed = resource(T.bucket, "logs", { bucket: UNKNOWN });
        const facts = buildModel([unnamed, versioning, bareTrail({ s3BucketName: UNKNOWN }, { propertyDependencies: { s3BucketName: [bucketUrn] } })]).links.bucket(bucketUrn);
        assert.deepEqual(facts.versioningEnabled.map((s) => s.field.state), ["unknown"]);
    });

    it("a metric filter naming no known log group is not dropped while some group's name is unknown (found by fuzzing)", () => {
        const filter = resource(T.metricFilter, "f", { logGroupName: "/aws/cloudtrail/main", pattern: "{ $.eventName = X }" });
        const model = buildModel([resource(T.logGroup, "trail-events", { name: UNKNOWN }), filter]);
        assert.equal(model.links.unresolvedMetricFilters, true);
        assert.equal(buildModel([...compliantLogGroup("update"), resource(T.logGroup, "other", { name: "/other" }), filter]).links.unresolvedMetricFilters, false);
    });

    it("several trails sharing a bucket list it once per trail", () => {
        const second = { ...trail("update"), urn: urnOf(T.trail, "second"), name: "second" };
        const model = buildModel([...compliantBucket("update"), trail("update"), second]);
        assert.deepEqual(model.links.trailsOfBucket(bucketUrn).map((t) => t.name), ["main", "second"]);
    });
});
