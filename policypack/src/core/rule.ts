import { Finding } from "./finding";
import { ConfigProperty, RuleConfig } from "./config";
import { TrailFacts } from "./facts/trail";
import { StackModel } from "./model";

export type Severity = "low" | "medium" | "high" | "critical";

/** Control ids of the CIS AWS Foundations Benchmark, by benchmark version; absent where a version has none. */
export interface CisControls {
    readonly "1.4"?: string;
    readonly "3.0"?: string;
    readonly "4.0"?: string;
    readonly "5.0"?: string;
}

/** Ids of the checks in other tools that test the same thing, so users can map findings. */
export interface Equivalents {
    readonly checkov?: readonly string[];
    readonly trivy?: readonly string[];
    readonly prowler?: readonly string[];
}

export interface RuleMeta {
    /** Frozen: users' configs, exemptions and docs refer to it. */
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: "advisory" | "mandatory";
    readonly severity: Severity;
    readonly cis: CisControls;
    readonly securityHub?: string;
    readonly equivalents: Equivalents;
    readonly remediationSteps: string;
    readonly url: string;
    readonly tags: readonly string[];
    /** Rule-specific configuration keys (exemptions are common to every rule). */
    readonly config?: Readonly<Record<string, ConfigProperty>>;
}

/** A rule about a trail's own properties: one trail in, findings about that trail out. */
export interface TrailRule extends RuleMeta {
    readonly subject: "trail";
    check(trail: TrailFacts, config: RuleConfig): Finding[];
    /**
     * Where the fix is one property value, the pack sets it under enforcementLevel "remediate".
     * `applies` must be true exactly when `check` would report a violation that this value fixes.
     */
    readonly remediation?: {
        readonly property: string;
        readonly value: boolean;
        applies(trail: TrailFacts): boolean;
    };
}

/** A rule over the whole stack: linked resources, IAM documents, alarms. */
export interface StackRule extends RuleMeta {
    readonly subject: "stack";
    /** True when the rule has nothing to say in a stack without a trail: the pack then skips decoding. */
    readonly needsTrail: boolean;
    check(model: StackModel, config: RuleConfig): Finding[];
}

export type Rule = TrailRule | StackRule;
