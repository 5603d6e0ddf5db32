import { propsOf } from "../../policypack/src/audit/export";
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { parseConfig } from "../../stacks/config";
import { referenceStack } from "../../stacks/program";
import { CapturedResource, MockRun, runUnderMocks } from "../../stacks/testing/mock-engine";

export const TRAIL = "aws:cloudtrail/trail:Trail";

/** Runs the reference stack for a raw config (as Pulumi would hand it over) under the mock engine. */
export function runReference(raw: Record<string, string>, preview: boolean): Promise<MockRun> {
    const config = parseConfig(raw);
    return runUnderMocks(() => referenceStack(config), { preview });
}

/**
 * What the pack sees of each resource: at preview the inputs (unknowns as sentinels); after the
 * update the outputs, falling back to the inputs for any property the provider did not report,
 * by the same rule the audit applies to a stack export.
 */
export function snapshotsOf(run: MockRun): ResourceSnapshot[] {
    return run.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: run.preview ? r.inputs : propsOf(r.urn, r.inputs, r.outputs),
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
    }));
}

export function only(run: MockRun, type: string, name?: string): CapturedResource {
    const matches = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (matches.length !== 1) {
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length}`);
    }
    return matches[0];
}

export function countByType(run: MockRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of run.resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}

/** A policy document a resource carries as a JSON string. */
export function documentOf(resource: CapturedResource, property: string): { Statement: { Sid: string }[] } {
    return JSON.parse(String(resource.inputs[property]));
}
