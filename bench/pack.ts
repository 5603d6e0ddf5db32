/**
 * `npm run bench`: the pack's speed against baselines measured in the same run.
 *
 * - cold start (spawn → GetAnalyzerInfo): ours vs a minimal one-policy JS pack;
 * - Analyze per resource: median latency, ours vs the same minimal pack;
 * - AnalyzeStack over 1k / 10k / 100k resources: time and the pack process's peak RSS, and at 10k
 *   the ratio to a floor pack with as many no-op stack policies as ours (the SDK decodes the
 *   whole request once per stack policy) and to a one-stack-policy floor.
 */
import * as fs from "fs";
import { RULES } from "../policypack/src/core/rules";
import { PACK_DIR, PackProcess, WireResource } from "../test/support/analyzer-client";
import { coldStartMs, median, writeFloorPack } from "../test/support/floor-pack";
import { syntheticStack } from "../test/support/synthetic-stack";

const TARGETS = { coldStart: 1.2, matchedStack: 1.5 };

function ms(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}

function peakRssMb(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
}

async function configureDefaults(pack: PackProcess): Promise<void> {
    const info = await pack.getAnalyzerInfo();
    await pack.configure(Object.fromEntries(info.policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel as "advisory" }])));
}

async function analyzeLatency(dir: string, resources: readonly WireResource[]): Promise<number> {
    const pack = await PackProcess.start(dir);
    await configureDefaults(pack);
    const times: number[] = [];
    for (const r of resources) {
        const start = process.hrtime.bigint();
        await pack.analyze(r);
        times.push(ms(start));
    }
    await pack.stop();
    return median(times);
}

/** Median AnalyzeStack time over `runs` calls on one fresh process, and that process's peak RSS. */
async function analyzeStack(dir: string, resources: readonly WireResource[], runs: number): Promise<{ ms: number; rssMb: number; findings: number }> {
    const pack = await PackProcess.start(dir);
    await configureDefaults(pack);
    const times: number[] = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        findings = (await pack.analyzeStack(resources)).length;
        times.push(ms(start));
    }
    const rssMb = peakRssMb(pack.child.pid!);
    await pack.stop();
    return { ms: median(times), rssMb, findings };
}

async function main(): Promise<void> {
    const began = process.hrtime.bigint();
    const stackPolicies = RULES.filter((r) => r.subject === "stack").length;
    const onePolicy = writeFloorPack("bench-floor-one-policy", { resourcePolicies: 1 });
    const matched = writeFloorPack("bench-floor-matched", { stackPolicies: Math.max(stackPolicies, 1) });
    const oneStack = writeFloorPack("bench-floor-one-stack-policy", { stackPolicies: 1 });
    const rows: string[][] = [];

    const ours: number[] = [];
    const floor: number[] = [];
    await coldStartMs(onePolicy);
    await coldStartMs(PACK_DIR);
    for (let i = 0; i < 7; i++) {
        floor.push(await coldStartMs(onePolicy));
        ours.push(await coldStartMs(PACK_DIR));
    }
    const coldRatio = median(ours) / median(floor);
    rows.push(["cold start (median of 7)", `${median(ours).toFixed(0)} ms`, `${median(floor).toFixed(0)} ms (one-policy pack)`, coldRatio.toFixed(2), `≤ ${TARGETS.coldStart}`]);

    const sample = syntheticStack(400, { violations: true });
    const oursAnalyze = await analyzeLatency(PACK_DIR, sample);
    const floorAnalyze = await analyzeLatency(onePolicy, sample);
    rows.push(["Analyze per resource (median of 400)", `${oursAnalyze.toFixed(2)} ms`, `${floorAnalyze.toFixed(2)} ms (one-policy pack)`, (oursAnalyze / floorAnalyze).toFixed(2), ""]);

    const sizes = [1_000, 10_000, 100_000];
    const stackTimes: number[] = [];
    for (const size of sizes) {
        const stack = syntheticStack(size, { violations: true });
        const result = await analyzeStack(PACK_DIR, stack, size >= 100_000 ? 1 : 3);
        stackTimes.push(result.ms);
        rows.push([`AnalyzeStack ${size / 1000}k (${result.findings} findings)`, `${result.ms.toFixed(0)} ms`, `peak RSS ${result.rssMb.toFixed(0)} MB`, "", ""]);
    }
    const tenK = syntheticStack(10_000, { violations: true });
    const matchedFloor = await analyzeStack(matched, tenK, 3);
    const oneStackFloor = await analyzeStack(oneStack, tenK, 3);
    const matchedRatio = stackTimes[1] / matchedFloor.ms;
    rows.push([`AnalyzeStack 10k vs ${stackPolicies} no-op stack policies`, `${stackTimes[1].toFixed(0)} ms`, `${matchedFloor.ms.toFixed(0)} ms`, matchedRatio.toFixed(2), `≤ ${TARGETS.matchedStack}`]);
    rows.push(["AnalyzeStack 10k vs 1 no-op stack policy", `${stackTimes[1].toFixed(0)} ms`, `${oneStackFloor.ms.toFixed(0)} ms`, (stackTimes[1] / oneStackFloor.ms).toFixed(2), "(SDK share)"]);
    const growth = stackTimes.map((t, i) => t / sizes[i]);
    rows.push(["AnalyzeStack time per resource 1k / 10k / 100k", growth.map((g) => `${(g * 1000).toFixed(0)} µs`).join(" / "), "", (growth[2] / growth[0]).toFixed(2), "≈ 1 (linear)"]);

    const header = ["measure", "ours", "baseline", "ratio", "target"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
    console.log(line(header));
    console.log(widths.map((w) => "-".repeat(w)).join("  "));
    rows.forEach((r) => console.log(line(r)));
    const ok = coldRatio <= TARGETS.coldStart && matchedRatio <= TARGETS.matchedStack;
    console.log(
        `\nbench: cold start ${coldRatio.toFixed(2)}x (target ≤ ${TARGETS.coldStart}), AnalyzeStack 10k ${matchedRatio.toFixed(2)}x matched floor (target ≤ ${TARGETS.matchedStack}), ` +
            `per-resource growth 1k→100k ${(growth[2] / growth[0]).toFixed(2)}x; ${ok ? "all targets met" : "TARGET MISSED"} in ${(ms(began) / 1000).toFixed(0)} s`,
    );
    process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
});
