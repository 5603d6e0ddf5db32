import { ConfigError, isLevel, LEVELS } from "./config";
import { Level } from "./finding";
import { RuleMeta } from "./rule";

/**
 * The pack's configuration in the format of `pulumi preview --policy-pack-config <file>`:
 * `{"<policy>": "<level>" | {"enforcementLevel"?: "<level>", ...settings}, "all"?: ...}`.
 * The audit command reads the same file, so one config drives both.
 */
export interface PackConfig {
    levelFor(rule: RuleMeta): Level;
    settingsFor(rule: RuleMeta): Readonly<Record<string, unknown>>;
}

export const DEFAULT_CONFIG: PackConfig = {
    levelFor: (rule) => rule.enforcementLevel,
    settingsFor: () => ({}),
};

interface Entry {
    readonly level?: Level;
    readonly settings: Readonly<Record<string, unknown>>;
}

export function parsePackConfig(json: unknown, policyNames: readonly string[]): PackConfig {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
        throw new ConfigError("the policy configuration must be a JSON object keyed by policy name");
    }
    const entries = new Map<string, Entry>();
    for (const [name, value] of Object.entries(json)) {
        if (name !== "all" && !policyNames.includes(name)) {
            throw new ConfigError(`unknown policy "${name}" (this pack has: all, ${policyNames.join(", ")})`);
        }
        entries.set(name, parseEntry(name, value));
    }
    const all = entries.get("all");
    return {
        levelFor: (rule) => entries.get(rule.name)?.level ?? all?.level ?? rule.enforcementLevel,
        settingsFor: (rule) => entries.get(rule.name)?.settings ?? {},
    };
}

function parseEntry(name: string, value: unknown): Entry {
    if (typeof value === "string") {
        return { level: checkLevel(name, value), settings: {} };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new ConfigError(`policy "${name}": expected an enforcement level (${LEVELS.join(", ")}) or an object`);
    }
    const { enforcementLevel, ...settings } = value as Record<string, unknown>;
    if (name === "all" && Object.keys(settings).length > 0) {
        throw new ConfigError(`policy "all": only "enforcementLevel" can be set for every policy at once`);
    }
    return { level: enforcementLevel === undefined ? undefined : checkLevel(name, enforcementLevel), settings };
}

function checkLevel(name: string, value: unknown): Level {
    if (!isLevel(value)) {
        throw new ConfigError(`policy "${name}": "enforcementLevel" must be one of ${LEVELS.join(", ")}`);
    }
    return value;
}
