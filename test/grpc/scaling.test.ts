import { strict as assert } from "assert";
import { PackProcess, WireResource } from "../support/analyzer-client";
import { writeFloorPack } from "../support/floor-pack";
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { CIS_METRIC_FILTERS } from "../../policypack/src/core/rules/stack/cis-patterns";
import { cisMonitoring, compliantStack, resource, T } from "../core/linked-fixtures";
import { wire } from "./wire";

/** A stack of about `size` resources: one compliant trail set-up plus unrelated buckets (with side resources), IAM policies and log groups. */
function stackOf(size: number): WireResource[] {
    const core: ResourceSnapshot[] = [...compliantStack("update"), ...cisMonitoring("update", CIS_METRIC_FILTERS.map((c) => c.patterns[0]))];
    const filler: ResourceSnapshot[] = [];
    for (let i = 0; filler.length + core.length < size; i++) {
        switch (i % 4) {
            case 0:
                filler.push(resource(T.bucket, `app-${i}`, { bucket: `app-${i}`, acl: "private" }));
                break;
            case 1:
                filler.push(resource(T.versioning, `app-${i - 1}-versioning`, { bucket: `app-${i - 1}`, versioningConfiguration: { status: "Enabled" } }));
                break;
            case 2:
                filler.push(resource(T.iamPolicy, `policy-${i}`, { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:Get*", "ec2:Describe*"], Resource: "*" }] }) }));
                break;
            default:
                filler.push(resource(T.logGroup, `group-${i}`, { name: `/app/${i}`, arn: `arn:aws:logs:us-east-1:111122223333:log-group:/app/${i}`, retentionInDays: 30 }));
        }
    }
    return wire([...core, ...filler]);
}

async function timings(pack: PackProcess, sizes: readonly number[]): Promise<Record<number, number>> {
    const info = await pack.getAnalyzerInfo();
    await pack.configure(Object.fromEntries(info.policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel as "advisory" | "mandatory" }])));
    await pack.analyzeStack(stackOf(sizes[0]));
    const out: Record<number, number> = {};
    for (const size of sizes) {
        const stack = stackOf(size);
        const start = process.hrtime.bigint();
        await pack.analyzeStack(stack);
        out[size] = Number(process.hrtime.bigint() - start) / 1e6;
    }
    return out;
}

describe("AnalyzeStack time grows linearly with the stack (layer C)", function () {
    this.timeout(90_000);
    const SIZES = [1000, 5000, 10000];

    it("1k, 5k and 10k resources, beside a one-policy floor pack", async () => {
        const floor = await PackProcess.start(writeFloorPack("floor-one-stack-policy", { stackPolicies: 1 }));
        let floorTimes: Record<number, number>;
        try {
            floorTimes = await timings(floor, SIZES);
        } finally {
            await floor.stop();
        }
        const pack = await PackProcess.start();
        let packTimes: Record<number, number>;
        try {
            packTimes = await timings(pack, SIZES);
        } finally {
            await pack.stop();
        }
        const row = (times: Record<number, number>) => SIZES.map((s) => `${s / 1000}k ${Math.round(times[s])} ms`).join(", ");
        console.log(`      AnalyzeStack, cloudtrail-guardrails: ${row(packTimes)}\n      AnalyzeStack, one-policy floor:      ${row(floorTimes)}`);
        assert.ok(packTimes[10000] / packTimes[1000] < 15, `10k/1k = ${(packTimes[10000] / packTimes[1000]).toFixed(1)}`);
    });
});
