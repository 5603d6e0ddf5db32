import { describeError } from "./errors";
import { ConfigError, levelFindings, resolveRuleConfig, RuleConfig } from "./config";
import { Finding, LeveledFinding } from "./finding";
import { buildModel, StackModel } from "./model";
import { DEFAULT_CONFIG, PackConfig } from "./pack-config";
import { ResourceSnapshot } from "./resource";
import { Rule } from "./rule";
import { RULES } from "./rules";

const NO_CONFIG: RuleConfig = { exemptions: [], settings: {} };

export interface RuleRun {
    readonly findings: Finding[];
    readonly config: RuleConfig;
}

/**
 * Runs one rule and never throws: a rule's bug or a bad setting becomes one advisory line, because
 * a throwing policy blocks every preview in the organization.
 */
export function runRule(rule: Rule, model: StackModel, rawSettings: unknown): RuleRun {
    let config: RuleConfig;
    try {
        config = resolveRuleConfig(rule, rawSettings);
    } catch (error) {
        if (error instanceof ConfigError) {
            return { findings: [{ policy: rule.name, kind: "undecidable", message: `Configuration error, policy not run: ${error.message}` }], config: NO_CONFIG };
        }
        throw error;
    }
    try {
        const findings = rule.subject === "trail" ? model.trails.flatMap((t) => rule.check(t, config)) : rule.check(model, config);
        return { findings, config };
    } catch (error) {
        return { findings: [{ policy: rule.name, kind: "undecidable", message: `Internal error, policy not run (${describeError(error)}). Please report it.` }], config };
    }
}


/** Every rule over a whole stack, levels and exemptions applied: what the audit command prints. */
export function evaluate(resources: readonly ResourceSnapshot[], config: PackConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES): LeveledFinding[] {
    const model = buildModel(resources);
    const out: LeveledFinding[] = [];
    for (const rule of rules) {
        const level = config.levelFor(rule);
        if (level === "disabled") {
            continue;
        }
        const run = runRule(rule, model, config.settingsFor(rule));
        out.push(...levelFindings(run.findings, level, run.config));
    }
    return out;
}
