import { strict as assert } from "assert";
import { StackValidationPolicy } from "@pulumi/policy";
import { buildPolicies, MAX_LINES_PER_POLICY } from "../../policypack/src/crossguard/policies";
import { StackRule } from "../../policypack/src/core/rule";

function ruleFinding(count: { violations: number; undecidable: number }): StackRule {
    return {
        subject: "stack",
        needsTrail: false,
        name: "synthetic",
        description: "Synthetic rule.",
        enforcementLevel: "mandatory",
        severity: "low",
        cis: {},
        equivalents: {},
        remediationSteps: "none",
        url: "https://example.com",
        tags: [],
        check: () => [
            ...Array.from({ length: count.undecidable }, (_, i) => ({ policy: "synthetic", kind: "undecidable" as const, urn: `urn:u${i}`, message: "unknown" })),
            ...Array.from({ length: count.violations }, (_, i) => ({ policy: "synthetic", kind: "violation" as const, urn: `urn:v${i}`, message: "bad" })),
        ],
    };
}

function run(count: { violations: number; undecidable: number }): Array<{ message: string; urn?: string; level?: string }> {
    const [policy] = buildPolicies([ruleFinding(count)]) as StackValidationPolicy[];
    const out: Array<{ message: string; urn?: string; level?: string }> = [];
    (policy.validateStack as (a: unknown, r: (m: unknown, urn?: string) => void) => void)({ resources: [], getConfig: () => ({}) }, (m, urn) =>
        typeof m === "string" ? out.push({ message: m, urn }) : out.push({ message: (m as { message: string }).message, urn: (m as { urn?: string }).urn, level: "advisory" }),
    );
    return out;
}

describe("reply size limits", () => {
    it("reports everything up to the cap", () => {
        assert.equal(run({ violations: MAX_LINES_PER_POLICY, undecidable: 0 }).length, MAX_LINES_PER_POLICY);
    });

    it("past the cap, keeps violations first and says how many were left out", () => {
        const out = run({ violations: 250, undecidable: 40 });
        assert.equal(out.length, MAX_LINES_PER_POLICY);
        assert.equal(
            out[0].message,
            "Synthetic rule.\n191 more findings of this policy (151 of them violations) were left out to keep the reply under the Pulumi CLI's 4 MiB limit. " +
                "Run `cloudtrail-guardrails audit` on a stack export for the full list.",
        );
        assert.deepEqual(
            out.slice(1).map((o) => o.urn),
            Array.from({ length: MAX_LINES_PER_POLICY - 1 }, (_, i) => `urn:v${i}`),
        );
    });
});
