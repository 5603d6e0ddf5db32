import { Finding, LeveledFinding, Level } from "./finding";
import { logicalNameOf } from "./resource";
import { RuleMeta } from "./rule";

/** The JSON-schema subset rule settings use; it doubles as the pack's configSchema. */
export interface ConfigProperty {
    readonly type: "integer" | "boolean" | "string";
    readonly description: string;
    readonly default: number | boolean | string;
    readonly minimum?: number;
}

export interface Exemption {
    /** A resource URN or logical name. */
    readonly resource: string;
    readonly reason: string;
}

export interface RuleConfig {
    readonly exemptions: readonly Exemption[];
    /** Every key of the rule's `config`, defaults applied. */
    readonly settings: Readonly<Record<string, number | boolean | string>>;
}

export class ConfigError extends Error {}

const EXEMPTIONS_SCHEMA = {
    type: "array",
    description: "Resources this policy does not block, each with the reason the finding will show.",
    items: {
        type: "object",
        properties: {
            resource: { type: "string", minLength: 1, description: "The resource's URN or logical name." },
            reason: { type: "string", minLength: 1, description: "Why the exemption is acceptable (shown with the finding)." },
        },
        required: ["resource", "reason"],
        additionalProperties: false,
    },
    default: [],
} as const;

/** The configSchema the pack declares for a rule, so the Pulumi CLI validates configs before Configure. */
export function configSchemaOf(rule: RuleMeta): { properties: Record<string, unknown>; additionalProperties: false } {
    const properties: Record<string, unknown> = { exemptions: EXEMPTIONS_SCHEMA };
    for (const [key, property] of Object.entries(rule.config ?? {})) {
        properties[key] = { ...property };
    }
    return { properties, additionalProperties: false };
}

/**
 * Validates one rule's settings (what getConfig() returns, or a config file's entry without
 * enforcementLevel) and applies defaults. Throws ConfigError naming the policy and the key.
 */
export function resolveRuleConfig(rule: RuleMeta, raw: unknown): RuleConfig {
    const where = `policy "${rule.name}"`;
    if (raw === undefined || raw === null) {
        raw = {};
    }
    if (typeof raw !== "object" || Array.isArray(raw)) {
        throw new ConfigError(`${where}: its configuration must be an object`);
    }
    const bag = raw as Record<string, unknown>;
    const declared = rule.config ?? {};
    for (const key of Object.keys(bag)) {
        if (key !== "exemptions" && key !== "enforcementLevel" && !(key in declared)) {
            const knownKeys = ["enforcementLevel", "exemptions", ...Object.keys(declared)].join(", ");
            throw new ConfigError(`${where}: unknown key "${key}" (known keys: ${knownKeys})`);
        }
    }
    const settings: Record<string, number | boolean | string> = {};
    for (const [key, property] of Object.entries(declared)) {
        const value = bag[key];
        if (value === undefined) {
            settings[key] = property.default;
            continue;
        }
        settings[key] = checkSetting(where, key, property, value);
    }
    return { exemptions: parseExemptions(where, bag.exemptions), settings };
}

function checkSetting(where: string, key: string, property: ConfigProperty, value: unknown): number | boolean | string {
    switch (property.type) {
        case "integer":
            if (typeof value !== "number" || !Number.isInteger(value)) {
                throw new ConfigError(`${where}: "${key}" must be a whole number, got ${typeName(value)}`);
            }
            if (property.minimum !== undefined && value < property.minimum) {
                throw new ConfigError(`${where}: "${key}" must be at least ${property.minimum}, got ${value}`);
            }
            return value;
        case "boolean":
            if (typeof value !== "boolean") {
                throw new ConfigError(`${where}: "${key}" must be true or false, got ${typeName(value)}`);
            }
            return value;
        case "string":
            if (typeof value !== "string") {
                throw new ConfigError(`${where}: "${key}" must be a string, got ${typeName(value)}`);
            }
            return value;
    }
}

function parseExemptions(where: string, value: unknown): Exemption[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        throw new ConfigError(`${where}: "exemptions" must be a list of {"resource", "reason"}, got ${typeName(value)}`);
    }
    return value.map((entry, index) => {
        const at = `${where}: "exemptions[${index}]"`;
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
            throw new ConfigError(`${at} must be an object with "resource" and "reason", got ${typeName(entry)}`);
        }
        const { resource, reason, ...rest } = entry as Record<string, unknown>;
        const extra = Object.keys(rest);
        if (extra.length > 0) {
            throw new ConfigError(`${at} has unknown key "${extra[0]}" (known keys: resource, reason)`);
        }
        if (typeof resource !== "string" || resource.trim() === "") {
            throw new ConfigError(`${at}.resource must name a resource by URN or logical name`);
        }
        if (typeof reason !== "string" || reason.trim() === "") {
            throw new ConfigError(`${at}.reason is required: say why "${resource}" may break this policy`);
        }
        return { resource, reason };
    });
}

function typeName(value: unknown): string {
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

export function exemptionFor(config: RuleConfig, urn: string | undefined): Exemption | undefined {
    if (urn === undefined) {
        return undefined;
    }
    const name = logicalNameOf(urn);
    return config.exemptions.find((e) => e.resource === urn || e.resource === name);
}

/**
 * Gives findings their level. Violations take the policy's level, or advisory with the
 * exemption's reason; the rest are information, always advisory. Disabled policies say nothing.
 */
export function levelFindings(findings: readonly Finding[], level: Level, config: RuleConfig): LeveledFinding[] {
    if (level === "disabled") {
        return [];
    }
    const violationLevel = level === "advisory" ? "advisory" : "mandatory";
    return findings.map((finding) => {
        if (finding.kind !== "violation") {
            return { ...finding, enforcementLevel: "advisory" };
        }
        const exemption = exemptionFor(config, finding.urn);
        if (exemption) {
            return {
                ...finding,
                enforcementLevel: "advisory",
                exemptionReason: exemption.reason,
                message: `${finding.message} (exempted: ${exemption.reason})`,
            };
        }
        return { ...finding, enforcementLevel: violationLevel };
    });
}

export const LEVELS: readonly Level[] = ["advisory", "mandatory", "remediate", "disabled"];

export function isLevel(value: unknown): value is Level {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}
