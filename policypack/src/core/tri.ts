/** Three-valued logic for decisions over values that may be unknown at preview. */
export type Tri = true | false | "unknown";

export function anyTri(values: Iterable<Tri>): Tri {
    let sawUnknown = false;
    for (const v of values) {
        if (v === true) {
            return true;
        }
        if (v === "unknown") {
            sawUnknown = true;
        }
    }
    return sawUnknown ? "unknown" : false;
}

export function allTri(values: Iterable<Tri>): Tri {
    let sawUnknown = false;
    for (const v of values) {
        if (v === false) {
            return false;
        }
        if (v === "unknown") {
            sawUnknown = true;
        }
    }
    return sawUnknown ? "unknown" : true;
}

export function notTri(value: Tri): Tri {
    return value === "unknown" ? "unknown" : !value;
}
