import { RawBag } from "./values";

/**
 * One resource as every front end hands it to the rules: the pack (Analyze / AnalyzeStack), the
 * audit of a stack export, or a test. `props` is raw: unknowns and secrets still in it.
 */
export interface ResourceSnapshot {
    readonly urn: string;
    readonly type: string;
    /** The logical name (last part of the URN). */
    readonly name: string;
    readonly props: RawBag;
    readonly parent?: string;
    /** URNs of the resources this one depends on. */
    readonly dependencies: readonly string[];
    /** For each input property, the URNs its value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export function logicalNameOf(urn: string): string {
    const at = urn.lastIndexOf("::");
    return at >= 0 ? urn.slice(at + 2) : urn;
}
