/**
 * Reading Pulumi property bags without ever throwing and without ever exposing a value.
 *
 * A bag can come from the policy SDK (wrapped in a proxy that throws on unknown values), from a
 * stack export (secrets as envelopes) or from a test. Every reader returns a `Field`: absent,
 * unknown (not known until the update, or a secret the tools may not read), known, or invalid
 * (the wrong type: the message names only the type, never the value).
 */

export type RawBag = Readonly<Record<string, unknown>>;

export type Field<T> =
    | { readonly state: "absent" }
    | { readonly state: "unknown" }
    | { readonly state: "known"; readonly value: T }
    | { readonly state: "invalid"; readonly expected: string; readonly got: string; readonly path?: string };

export const ABSENT: Field<never> = Object.freeze({ state: "absent" });
export const UNKNOWN: Field<never> = Object.freeze({ state: "unknown" });
export function known<T>(value: T): Field<T> {
    return { state: "known", value };
}
export function invalid(expected: string, value: unknown): Field<never> {
    return { state: "invalid", expected, got: describeType(value) };
}

/** The sentinels Pulumi uses for values that are not known during preview (engine and SDK). */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** @pulumi/policy's proxies hand out their target under this key. */
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

export function isUnknownSentinel(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** A secret as it appears in a stack export or in the engine's wire format. */
export function isSecretEnvelope(value: unknown): boolean {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return false;
    }
    return rawGet(value, SECRET_SIG_KEY) === SECRET_SIG;
}

/** Unwraps the SDK's proxies so that reads below never throw. */
export function unproxy(value: unknown): unknown {
    let current = value;
    // A bag can be wrapped twice (the remediation path nests the secrets proxy in the unknown one).
    for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
        let target: unknown;
        try {
            target = (current as Record<string, unknown>)[PROXY_TARGET_KEY];
        } catch {
            return current;
        }
        if (target === undefined || target === current) {
            return current;
        }
        current = target;
    }
    return current;
}

/** Reads an own property from the raw object, bypassing proxy get traps and getters. */
export function rawGet(value: unknown, key: string): unknown {
    if (typeof value !== "object" || value === null) {
        return undefined;
    }
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    return descriptor && "value" in descriptor ? descriptor.value : undefined;
}

export function describeType(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    switch (typeof value) {
        case "string":
            return "a string";
        case "number":
            return "a number";
        case "boolean":
            return "a boolean";
        case "object":
            return "an object";
        default:
            return typeof value;
    }
}

/**
 * Classifies a raw value before its type is checked: missing and null are absent; sentinels and
 * secret envelopes are unknown.
 */
function classify(value: unknown): "absent" | "unknown" | "value" {
    if (value === undefined || value === null) {
        return "absent";
    }
    if (isUnknownSentinel(value) || isSecretEnvelope(value)) {
        return "unknown";
    }
    return "value";
}

/** Absent and unknown values short-circuit; anything else is for `accept` to type-check. */
function read<T>(value: unknown, accept: (value: unknown) => Field<T>): Field<T> {
    switch (classify(value)) {
        case "absent":
            return ABSENT;
        case "unknown":
            return UNKNOWN;
        default:
            return accept(value);
    }
}

export function asBool(value: unknown): Field<boolean> {
    return read(value, (v) => (typeof v === "boolean" ? known(v) : invalid("a boolean", v)));
}

/** Strings; an empty string is absent, as the AWS provider reports unset string attributes as "". */
export function asString(value: unknown): Field<string> {
    return read(value, (v) => {
        if (typeof v !== "string") {
            return invalid("a string", v);
        }
        return v === "" ? ABSENT : known(v);
    });
}

export function asNumber(value: unknown): Field<number> {
    return read(value, (v) => (typeof v === "number" && Number.isFinite(v) ? known(v) : invalid("a number", v)));
}

export function asList(value: unknown): Field<readonly unknown[]> {
    return read(value, (v) => {
        const target = unproxy(v);
        return Array.isArray(target) ? known(target) : invalid("a list", target);
    });
}

export function asObject(value: unknown): Field<RawBag> {
    return read(value, (v) => {
        const target = unproxy(v);
        return typeof target === "object" && target !== null && !Array.isArray(target) ? known(target as RawBag) : invalid("an object", target);
    });
}

/**
 * The object elements of a list, each parsed. An unknown element makes the whole list unknown: a
 * rule cannot tell what it would hold. Elements that are not objects are skipped.
 */
export function parseObjects<T>(list: readonly unknown[], parse: (bag: RawBag) => T): Field<readonly T[]> {
    const out: T[] = [];
    for (const element of elements(list)) {
        const bag = asObject(element);
        if (bag.state === "unknown") {
            return UNKNOWN;
        }
        if (bag.state === "known") {
            out.push(parse(bag.value));
        }
    }
    return known(out);
}

/** A list of strings; a single unknown element makes the whole list unknown. */
export function asStringList(value: unknown): Field<readonly string[]> {
    const list = asList(value);
    if (list.state !== "known") {
        return list;
    }
    const out: string[] = [];
    for (let i = 0; i < list.value.length; i++) {
        const element = asString(rawGet(list.value, String(i)));
        if (element.state === "unknown") {
            return UNKNOWN;
        }
        if (element.state === "invalid") {
            return { state: "invalid", expected: "a list of strings", got: `a list holding ${element.got}` };
        }
        if (element.state === "known") {
            out.push(element.value);
        }
    }
    return known(out);
}

/** The same invalid field, located under `path` (e.g. "eventSelectors[0].readWriteType"). */
export function at<T>(path: string, field: Field<T>): Field<T> {
    return field.state === "invalid" ? { ...field, path: field.path ? `${path}.${field.path}` : path } : field;
}

/** Elements of a raw list, read without proxies. */
export function elements(list: readonly unknown[]): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < list.length; i++) {
        out.push(rawGet(list, String(i)));
    }
    return out;
}

/** A property of a bag, read raw. */
export function prop(bag: unknown, key: string): unknown {
    return rawGet(unproxy(bag), key);
}
