import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { WireResource } from "../support/analyzer-client";

/** Snapshots as the engine sends them in an AnalyzeStack request. */
export function wire(snapshots: readonly ResourceSnapshot[]): WireResource[] {
    return snapshots.map((s) => ({ type: s.type, urn: s.urn, name: s.name, props: JSON.parse(JSON.stringify(s.props)), dependencies: s.dependencies, propertyDependencies: s.propertyDependencies }));
}
