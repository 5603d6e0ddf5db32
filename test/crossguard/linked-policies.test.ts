import { strict as assert } from "assert";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { buildPolicies } from "../../policypack/src/crossguard/policies";
import { cisMonitoring, compliantStack, resource, T, trail } from "../core/linked-fixtures";
import { CIS_METRIC_FILTERS } from "../../policypack/src/core/rules/stack/cis-patterns";

// The SDK's own proxy (marked internal, so its declarations export nothing): reading an unknown through it throws, as in a real preview.
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<V>(value: V): V };

/** Stack resources as @pulumi/policy builds them: props behind the unknown-checking proxy, dependencies as resource objects. */
function asPolicyResources(snapshots: readonly ResourceSnapshot[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const out = snapshots.map((s) => {
        const r = { type: s.type, urn: s.urn, name: s.name, props: unknownCheckingProxy(s.props), opts: {}, dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
        byUrn.set(s.urn, r);
        return r;
    });
    snapshots.forEach((s, i) => {
        const r = out[i] as { dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
        r.dependencies = s.dependencies.flatMap((d) => byUrn.get(d) ?? []);
        for (const [key, urns] of Object.entries(s.propertyDependencies)) {
            r.propertyDependencies[key] = urns.flatMap((d) => byUrn.get(d) ?? []);
        }
    });
    return out;
}

interface Reported {
    policy: string;
    level: string;
    urn?: string;
}

async function runStackPolicies(snapshots: readonly ResourceSnapshot[]): Promise<Reported[]> {
    const reported: Reported[] = [];
    const resources = asPolicyResources(snapshots);
    for (const policy of buildPolicies()) {
        const stack = policy as StackValidationPolicy;
        if (!stack.validateStack) {
            continue;
        }
        await stack.validateStack({ resources, getConfig: () => ({}), notApplicable: () => undefined } as never, (arg: unknown, urn?: string) => {
            if (typeof arg === "string") {
                reported.push({ policy: policy.name, level: policy.enforcementLevel ?? "advisory", urn });
            } else {
                const object = arg as { urn?: string; enforcementLevel: string; message: string };
                assert.ok(!object.message.includes("trail-logs"), object.message);
                reported.push({ policy: policy.name, level: object.enforcementLevel, urn: object.urn });
            }
        });
    }
    return reported;
}

const monitoring = (shape: "update" | "preview") => cisMonitoring(shape, CIS_METRIC_FILTERS.map((c) => c.patterns[0]));

describe("linked policies through the SDK's objects (layer B)", () => {
    it("a compliant stack at update: no stack policy reports anything", async () => {
        assert.deepEqual(await runStackPolicies([...compliantStack("update"), ...monitoring("update")]), []);
    });

    it("preview with unknown names behind the SDK's throwing proxy: only advisory 'cannot decide' lines, no violation", async () => {
        const reported = await runStackPolicies([...compliantStack("preview"), ...monitoring("preview")]);
        assert.deepEqual(
            reported.map((r) => `${r.policy} ${r.level}`).sort(),
            ["cloudtrail-bucket-not-public advisory", "cloudtrail-bucket-tls-only advisory"],
        );
    });

    it("a failing linked bucket is reported on the bucket's URN at its policy's level", async () => {
        const stack = compliantStack("update").map((r) => (r.type === T.versioning ? { ...r, props: { ...r.props, versioningConfiguration: { status: "Suspended" } } } : r));
        const reported = await runStackPolicies([...stack, ...monitoring("update")]);
        assert.deepEqual(reported, [{ policy: "cloudtrail-bucket-versioning", level: "mandatory", urn: stack[0].urn }]);
    });

    it("a trail whose resources are elsewhere: advisory not-applicable lines on the trail, never a violation", async () => {
        const lone = resource(T.trail, "main", { ...trail("update").props });
        const reported = await runStackPolicies([lone]);
        assert.ok(reported.length > 0);
        for (const r of reported) {
            assert.equal(r.level, "advisory");
            assert.equal(r.urn, lone.urn);
        }
    });

    it("stack policies other than the IAM one carry the trail type, so the SDK skips decoding stacks without a trail", () => {
        for (const policy of buildPolicies()) {
            const validate = (policy as StackValidationPolicy).validateStack as unknown as { __pulumiType?: string } | undefined;
            if (validate && policy.name !== "cloudtrail-no-tamper-permissions") {
                assert.equal(validate.__pulumiType, T.trail, policy.name);
            }
        }
    });
});
