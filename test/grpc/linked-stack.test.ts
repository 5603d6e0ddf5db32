import { strict as assert } from "assert";
import { PackProcess } from "../support/analyzer-client";
import { CIS_METRIC_FILTERS } from "../../policypack/src/core/rules/stack/cis-patterns";
import { cisMonitoring, compliantStack, resource, T, trail } from "../core/linked-fixtures";
import { wire } from "./wire";

const monitoring = (shape: "update" | "preview") => cisMonitoring(shape, CIS_METRIC_FILTERS.map((c) => c.patterns[0]));
const LINKED_POLICIES = /^cloudtrail-(bucket-|kms-key-|log-group-|cis-|no-tamper)/;

describe("linked policies over the Analyzer gRPC protocol (layer C)", function () {
    this.timeout(60_000);
    let pack: PackProcess;
    before(async () => {
        pack = await PackProcess.start();
        const info = await pack.getAnalyzerInfo();
        await pack.configure(Object.fromEntries(info.policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel as "advisory" | "mandatory" }])));
    });
    after(async () => pack?.stop());

    it("declares every linked policy with its level", async () => {
        const info = await pack.getAnalyzerInfo();
        const linked = Object.fromEntries(info.policies.filter((p) => LINKED_POLICIES.test(p.name)).map((p) => [p.name, p.enforcementLevel]));
        assert.equal(Object.keys(linked).length, 12);
        assert.equal(linked["cloudtrail-bucket-object-lock"], "mandatory");
        assert.equal(linked["cloudtrail-cis-alarms"], "advisory");
    });

    for (const shape of ["update", "preview"] as const) {
        it(`a compliant stack (${shape}) has no linked violation`, async () => {
            const diagnostics = (await pack.analyzeStack(wire([...compliantStack(shape), ...monitoring(shape)]))).filter((d) => LINKED_POLICIES.test(d.policyName));
            assert.deepEqual(diagnostics.filter((d) => d.enforcementLevel === "mandatory"), []);
            if (shape === "update") {
                assert.deepEqual(diagnostics, []);
            }
        });
    }

    it("v6 BucketV2 with inline settings, shared by two trails linked by name only: one violation on the bucket", async () => {
        const bucket = resource(T.bucketV2, "logs", {
            bucket: "trail-logs",
            versionings: [{ enabled: false }],
            loggings: [{ targetBucket: "access" }],
            objectLockEnabled: true,
            objectLockConfiguration: { rules: [{ defaultRetentions: [{ mode: "GOVERNANCE", days: 400 }] }] },
        });
        const pab = resource(T.publicAccessBlock, "pab", { bucket: "trail-logs", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        const trails = [trail("update"), { ...trail("update", "second"), propertyDependencies: {} }].map((t) => ({ ...t, propertyDependencies: {} }));
        const diagnostics = (await pack.analyzeStack(wire([bucket, pab, ...trails]))).filter((d) => d.policyName.startsWith("cloudtrail-bucket-") && d.enforcementLevel === "mandatory");
        assert.deepEqual(
            diagnostics.map((d) => [d.policyName, d.urn]),
            [["cloudtrail-bucket-versioning", bucket.urn]],
        );
    });
});
