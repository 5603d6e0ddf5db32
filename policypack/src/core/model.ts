import { TrailFacts, trailFacts } from "./facts/trail";
import { linkStack, StackLinks } from "./links";
import { ResourceSnapshot } from "./resource";
import { TRAIL } from "./tokens";

/**
 * The stack as stack rules see it: every resource indexed once, so each rule stays linear in the
 * size of the stack (AnalyzeStack runs over every resource of every stack in an organization).
 */
export interface StackModel {
    readonly resources: readonly ResourceSnapshot[];
    readonly byUrn: ReadonlyMap<string, ResourceSnapshot>;
    readonly trails: readonly TrailFacts[];
    /** Resources whose type is one of `types`, in stack order. */
    ofType(...types: string[]): readonly ResourceSnapshot[];
    /** Each trail's bucket, key and log group; built on first use, once per model. */
    readonly links: StackLinks;
}

export function buildModel(resources: readonly ResourceSnapshot[]): StackModel {
    const byUrn = new Map<string, ResourceSnapshot>();
    const byType = new Map<string, ResourceSnapshot[]>();
    for (const r of resources) {
        byUrn.set(r.urn, r);
        const list = byType.get(r.type);
        if (list) {
            list.push(r);
        } else {
            byType.set(r.type, [r]);
        }
    }
    let links: StackLinks | undefined;
    const model: StackModel = {
        resources,
        byUrn,
        trails: (byType.get(TRAIL) ?? []).map(trailFacts),
        ofType(...types) {
            return types.length === 1 ? (byType.get(types[0]) ?? []) : types.flatMap((t) => byType.get(t) ?? []);
        },
        get links() {
            // Trail rules build a model per analyzed trail and never link: only stack rules pay for it.
            links ??= linkStack(model);
            return links;
        },
    };
    return model;
}
