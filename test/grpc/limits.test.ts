/**
 * Layer C: the reply to AnalyzeStack over a stack of 100,000 resources with thousands of
 * violations still fits the 4 MiB the Pulumi CLI reads (PackProcess's client keeps that limit, so
 * a larger reply fails the call), and each policy cut short says how many findings it left out.
 */
import { strict as assert } from "assert";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { evaluate } from "../../policypack/src/core/evaluate";
import { RULES } from "../../policypack/src/core/rules";
import { MAX_LINES_PER_POLICY } from "../../policypack/src/crossguard/policies";
import { Diagnostic, Level, PackProcess } from "../support/analyzer-client";
import { syntheticStack } from "../support/synthetic-stack";

const LIMIT = 4 * 1024 * 1024;
const SIZE = 100_000;

/** The reply's size on the wire: the diagnostics serialized as the pack's AnalyzeResponse. */
function replyBytes(diagnostics: readonly Diagnostic[], pack: { name: string; version: string }): number {
    const response = new analyzerPb.AnalyzeResponse();
    for (const d of diagnostics) {
        const diagnostic = new analyzerPb.AnalyzeDiagnostic();
        diagnostic.setPolicyname(d.policyName);
        diagnostic.setPolicypackname(pack.name);
        diagnostic.setPolicypackversion(pack.version);
        diagnostic.setDescription(d.description);
        diagnostic.setMessage(d.message);
        diagnostic.setUrn(d.urn);
        diagnostic.setEnforcementlevel(d.enforcementLevel === "mandatory" ? 1 : 0);
        response.addDiagnostics(diagnostic);
    }
    return response.serializeBinary().length;
}

describe("AnalyzeStack replies stay under the CLI's 4 MiB limit (layer C)", function () {
    this.timeout(120_000);

    it(`${SIZE.toLocaleString("en")} resources with violations in hundreds of trail set-ups and tens of thousands of IAM policies`, async () => {
        // Every IAM policy grants cloudtrail:*: uncapped, their twenty thousand lines alone would pass 4 MiB.
        const stack = syntheticStack(SIZE, { violations: true }).map((r) =>
            r.type === "aws:iam/policy:Policy" ? { ...r, props: { ...r.props, policy: String(r.props.policy).replace("cloudtrail:LookupEvents", "cloudtrail:*") } } : r,
        );
        const totals = new Map<string, { findings: number; violations: number }>();
        for (const f of evaluate(stack.map((r) => ({ ...r, dependencies: r.dependencies ?? [], propertyDependencies: r.propertyDependencies ?? {} })))) {
            const total = totals.get(f.policy) ?? { findings: 0, violations: 0 };
            totals.set(f.policy, { findings: total.findings + 1, violations: total.violations + (f.kind === "violation" ? 1 : 0) });
        }
        const capped = RULES.filter((r) => r.subject === "stack" && (totals.get(r.name)?.findings ?? 0) > MAX_LINES_PER_POLICY);
        assert.ok(capped.some((r) => r.name === "cloudtrail-no-tamper-permissions") && capped.length >= 5, `capped: ${capped.map((r) => r.name).join(", ")}`);

        const pack = await PackProcess.start();
        try {
            const info = await pack.getAnalyzerInfo();
            await pack.configure(Object.fromEntries(RULES.map((r) => [r.name, { enforcementLevel: r.enforcementLevel as Level }])));
            const start = process.hrtime.bigint();
            const diagnostics = await pack.analyzeStack(stack);
            const seconds = Number(process.hrtime.bigint() - start) / 1e9;
            const bytes = replyBytes(diagnostics, info);
            console.log(`      ${SIZE.toLocaleString("en")} resources: ${diagnostics.length} diagnostics, reply ${(bytes / 1024 / 1024).toFixed(2)} MiB, AnalyzeStack ${seconds.toFixed(1)} s`);
            assert.ok(bytes < LIMIT, `reply of ${bytes} bytes`);

            for (const rule of capped) {
                const lines = diagnostics.filter((d) => d.policyName === rule.name);
                const total = totals.get(rule.name)!;
                const left = total.findings - (MAX_LINES_PER_POLICY - 1);
                const leftViolations = total.violations - Math.min(total.violations, MAX_LINES_PER_POLICY - 1);
                assert.equal(lines.length, MAX_LINES_PER_POLICY, rule.name);
                assert.deepEqual(
                    lines.filter((d) => d.message.includes("were left out")).map((d) => [d.enforcementLevel, d.message]),
                    [
                        [
                            "advisory",
                            `${rule.description}\n${left} more findings of this policy (${leftViolations} of them violations) were left out to keep the reply under the Pulumi CLI's 4 MiB limit. ` +
                                "Run `cloudtrail-guardrails audit` on a stack export for the full list.",
                        ],
                    ],
                    rule.name,
                );
            }
        } finally {
            await pack.stop();
        }
    });
});
