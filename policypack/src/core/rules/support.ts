import { Finding } from "../finding";
import { Field } from "../values";

/** Names a resource in messages by its logical name: never by a property value, which may be secret. */
export function subject(kind: string, name: string): string {
    return `${kind} "${name}"`;
}

export function violation(policy: string, urn: string | undefined, message: string): Finding {
    return { policy, kind: "violation", urn, message };
}

export function undecidable(policy: string, urn: string | undefined, message: string): Finding {
    return { policy, kind: "undecidable", urn, message };
}

export function notApplicable(policy: string, urn: string | undefined, message: string): Finding {
    return { policy, kind: "notApplicable", urn, message };
}

/**
 * The one line a rule says when a property it needs is unknown or malformed. Only the property
 * name and the type are quoted.
 */
export function cannotDecide(policy: string, urn: string | undefined, who: string, property: string, field: Field<unknown>): Finding {
    if (field.state === "invalid") {
        const where = field.path ?? property;
        return undecidable(
            policy,
            urn,
            `Cannot check ${who}: "${where}" should be ${field.expected} but is ${field.got}. Fix the value so the provider and this policy can read it.`,
        );
    }
    return undecidable(policy, urn, `Cannot check ${who} yet: "${property}" is not known until the update runs (or is secret). The policy runs again on the update.`);
}

/** A boolean property that must be `required` (AWS's default applies when it is absent). */
export function requireBoolean(
    policy: string,
    target: { urn: string; name: string },
    kind: string,
    property: string,
    field: Field<boolean>,
    spec: { required: boolean; absentMeans: boolean; why: string },
): Finding[] {
    const who = subject(kind, target.name);
    switch (field.state) {
        case "unknown":
        case "invalid":
            return [cannotDecide(policy, target.urn, who, property, field)];
        case "absent":
            return spec.absentMeans === spec.required
                ? []
                : [violation(policy, target.urn, `${who} leaves "${property}" unset, which means ${spec.absentMeans}. Set ${property}: ${spec.required} ${spec.why}.`)];
        case "known":
            return field.value === spec.required
                ? []
                : [violation(policy, target.urn, `${who} sets "${property}" to ${field.value}. Set ${property}: ${spec.required} ${spec.why}.`)];
    }
}

/** A string property that must be set (e.g. an ARN). */
export function requireString(
    policy: string,
    target: { urn: string; name: string },
    kind: string,
    property: string,
    field: Field<string>,
    fix: string,
): Finding[] {
    const who = subject(kind, target.name);
    switch (field.state) {
        case "invalid":
            return [cannotDecide(policy, target.urn, who, property, field)];
        case "absent":
            return [violation(policy, target.urn, `${who} has no "${property}". ${fix}`)];
        default:
            // An unknown value is set (it is only not known yet), which is all this check needs.
            return [];
    }
}
