/**
 * What a rule says about one resource (or about the stack when `urn` is undefined).
 *
 * - violation: the resource breaks the rule.
 * - undecidable: a value the rule needs is unknown until the update (or secret); shown as one
 *   advisory line, never as a violation.
 * - notApplicable: the rule has nothing to judge here (e.g. the trail's bucket is not in this stack).
 *
 * Messages name resources and properties, never property values: values may be secrets.
 */
export type FindingKind = "violation" | "undecidable" | "notApplicable";

export interface Finding {
    readonly policy: string;
    readonly kind: FindingKind;
    readonly urn?: string;
    readonly message: string;
}

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";

/** A finding after the configuration decided its level (and whether an exemption covers it). */
export interface LeveledFinding extends Finding {
    readonly enforcementLevel: "advisory" | "mandatory";
    readonly exemptionReason?: string;
}
