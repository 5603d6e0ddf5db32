/**
 * Baseline packs for speed comparisons: minimal JS packs with no-op policies, started the same
 * way as ours, so ratios measure our code and not the machine.
 */
import * as fs from "fs";
import * as path from "path";
import { PackProcess, REPO_ROOT } from "./analyzer-client";

/**
 * Writes a pack under the repo's .tmp/ (so it resolves the same node_modules as ours) with
 * `resourcePolicies` no-op resource policies and `stackPolicies` no-op stack policies.
 */
export function writeFloorPack(name: string, counts: { resourcePolicies?: number; stackPolicies?: number }): string {
    const dir = path.join(REPO_ROOT, ".tmp", name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "0.0.1", main: "index.js" }));
    const policies: string[] = [];
    for (let i = 0; i < (counts.resourcePolicies ?? 0); i++) {
        policies.push(`{ name: "noop-resource-${i}", description: "no-op", enforcementLevel: "advisory", validateResource: () => {} }`);
    }
    for (let i = 0; i < (counts.stackPolicies ?? 0); i++) {
        policies.push(`{ name: "noop-stack-${i}", description: "no-op", enforcementLevel: "advisory", validateStack: () => {} }`);
    }
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack(${JSON.stringify(name)}, { policies: [${policies.join(",\n")}] });\n`,
    );
    return dir;
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Spawn → GetAnalyzerInfo answered: what every preview pays before the first policy runs. */
export async function coldStartMs(dir: string): Promise<number> {
    const started = process.hrtime.bigint();
    const pack = await PackProcess.start(dir);
    await pack.getAnalyzerInfo();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    await pack.stop();
    return elapsed;
}
