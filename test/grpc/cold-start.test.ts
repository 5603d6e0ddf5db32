/**
 * The pack starts on every preview of every stack: its cold start (spawn → GetAnalyzerInfo
 * answered) must stay within 1.5× a minimal one-policy JS pack measured in the same run.
 */
import { strict as assert } from "assert";
import { PACK_DIR } from "../support/analyzer-client";
import { coldStartMs, median, writeFloorPack } from "../support/floor-pack";

describe("cold start", function () {
    it("is within 1.5x of a minimal one-policy pack", async function () {
        const floorDir = writeFloorPack("floor-one-policy", { resourcePolicies: 1 });
        const ours: number[] = [];
        const floor: number[] = [];
        // Warm the file cache once for both, then alternate so background load hits both alike.
        await coldStartMs(floorDir);
        await coldStartMs(PACK_DIR);
        for (let i = 0; i < 5; i++) {
            floor.push(await coldStartMs(floorDir));
            ours.push(await coldStartMs(PACK_DIR));
        }
        const ratio = median(ours) / median(floor);
        console.log(`      cold start: ours ${median(ours).toFixed(0)} ms, floor ${median(floor).toFixed(0)} ms, ratio ${ratio.toFixed(2)}`);
        assert.ok(ratio <= 1.5, `cold start ratio ${ratio.toFixed(2)} > 1.5`);
    });
});
