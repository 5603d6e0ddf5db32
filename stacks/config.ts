/**
 * The reference stack's configuration: parsed and validated as a whole before the program
 * registers anything, so a typo fails `pulumi preview` with one clear line instead of half a stack.
 *
 * Input is what Pulumi hands a program: every value a string (numbers, booleans and YAML lists or
 * maps arrive as their JSON text), keyed without the project namespace.
 */

export const PROJECT = "cloudtrail-reference";

export type LockMode = "GOVERNANCE" | "COMPLIANCE";

export interface ReferenceConfig {
    /** Prefix of every physical name (trail, buckets, key alias, roles, alarms). */
    readonly namePrefix: string;
    /** Object Lock default retention of every log object, in days. */
    readonly retentionDays: number;
    readonly lockMode: LockMode;
    /** Lifecycle expiration of log objects; undefined keeps them for ever. Never before retentionDays. */
    readonly expireAfterDays?: number;
    /** CloudWatch Logs retention of the trail's log group. */
    readonly logRetentionDays: number;
    readonly dataEvents: { readonly s3: boolean; readonly lambda: boolean };
    readonly insights: boolean;
    /** Email subscribed to the CIS alarm topic this stack creates. */
    readonly alarmEmail?: string;
    /** An existing topic for the CIS alarms; the stack then creates no alarm topic. */
    readonly alarmTopicArn?: string;
    /** IAM principals that may assume the log-reader role; empty means the account root (IAM decides). */
    readonly readerPrincipals: readonly string[];
    /** An organization trail (and the tamper-deny SCP); false makes a single-account trail. */
    readonly organizationTrail: boolean;
}

export class ReferenceConfigError extends Error {}

/** The values CloudWatch Logs accepts for retentionInDays (730, for one, is rejected). */
export const LOG_RETENTION_VALUES: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const DEFAULTS = {
    namePrefix: "org-trail",
    retentionDays: 365,
    lockMode: "GOVERNANCE",
    logRetentionDays: 365,
    insights: false,
    organizationTrail: true,
} as const;

export const CONFIG_KEYS = [
    "namePrefix",
    "retentionDays",
    "lockMode",
    "expireAfterDays",
    "logRetentionDays",
    "dataEvents",
    "insights",
    "alarmEmail",
    "alarmTopicArn",
    "readerPrincipals",
    "organizationTrail",
] as const;

/** Bucket names carry the prefix plus account id and region and must stay within 63 characters. */
const NAME_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(?:root|(?:role|user)\/[\w+=,.@/-]+)$/;

export function parseConfig(raw: Readonly<Record<string, string>>): ReferenceConfig {
    for (const key of Object.keys(raw)) {
        if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
            fail(key, `is not a setting of this stack (known keys: ${CONFIG_KEYS.join(", ")})`);
        }
    }
    const retentionDays = integer(raw, "retentionDays", DEFAULTS.retentionDays, 1, 36500);
    const expireAfterDays = raw.expireAfterDays === undefined ? undefined : integer(raw, "expireAfterDays", 0, 1, 36500);
    if (expireAfterDays !== undefined && expireAfterDays < retentionDays) {
        fail("expireAfterDays", `(${expireAfterDays}) would expire logs that Object Lock still retains: set it to at least retentionDays (${retentionDays}) or remove it`);
    }
    const alarmEmail = optionalString(raw, "alarmEmail");
    if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
        fail("alarmEmail", "must be an email address such as security@example.com");
    }
    const alarmTopicArn = optionalString(raw, "alarmTopicArn");
    if (alarmTopicArn !== undefined && !SNS_TOPIC_ARN.test(alarmTopicArn)) {
        fail("alarmTopicArn", `must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:security-alarms, got "${alarmTopicArn}"`);
    }
    if (alarmEmail !== undefined && alarmTopicArn !== undefined) {
        fail("alarmEmail", "cannot be combined with alarmTopicArn: subscribe the email to that topic yourself, or remove alarmTopicArn to let the stack create the topic");
    }
    return {
        namePrefix: namePrefix(raw),
        retentionDays,
        lockMode: lockMode(raw),
        expireAfterDays,
        logRetentionDays: logRetentionDays(raw),
        dataEvents: dataEvents(raw),
        insights: boolean(raw, "insights", DEFAULTS.insights),
        alarmEmail,
        alarmTopicArn,
        readerPrincipals: readerPrincipals(raw),
        organizationTrail: boolean(raw, "organizationTrail", DEFAULTS.organizationTrail),
    };
}

function fail(key: string, problem: string): never {
    throw new ReferenceConfigError(`${PROJECT}:${key} ${problem}.`);
}

function namePrefix(raw: Readonly<Record<string, string>>): string {
    const value = raw.namePrefix ?? DEFAULTS.namePrefix;
    if (!NAME_PREFIX.test(value)) {
        fail("namePrefix", `must be 1-20 lowercase letters, digits or hyphens, starting and ending with a letter or digit (it becomes part of S3 bucket names), got "${value}"`);
    }
    return value;
}

function lockMode(raw: Readonly<Record<string, string>>): LockMode {
    const value = raw.lockMode ?? DEFAULTS.lockMode;
    if (value !== "GOVERNANCE" && value !== "COMPLIANCE") {
        fail("lockMode", `must be GOVERNANCE (privileged users may shorten retention) or COMPLIANCE (nobody can, not even root), got "${value}"`);
    }
    return value;
}

function logRetentionDays(raw: Readonly<Record<string, string>>): number {
    const value = integer(raw, "logRetentionDays", DEFAULTS.logRetentionDays, 1, 3653);
    if (!LOG_RETENTION_VALUES.includes(value)) {
        fail("logRetentionDays", `must be one of the values CloudWatch Logs accepts (${LOG_RETENTION_VALUES.join(", ")}), got ${value}`);
    }
    return value;
}

function dataEvents(raw: Readonly<Record<string, string>>): { s3: boolean; lambda: boolean } {
    const text = raw.dataEvents;
    if (text === undefined) {
        return { s3: false, lambda: false };
    }
    const shape = 'must be a map like {s3: true, lambda: false}';
    const value = json("dataEvents", text, shape);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail("dataEvents", shape);
    }
    const bag = value as Record<string, unknown>;
    for (const key of Object.keys(bag)) {
        if (key !== "s3" && key !== "lambda") {
            fail(`dataEvents.${key}`, "is not a data event source (known: s3, lambda)");
        }
        if (typeof bag[key] !== "boolean") {
            fail(`dataEvents.${key}`, "must be true or false");
        }
    }
    return { s3: bag.s3 === true, lambda: bag.lambda === true };
}

function readerPrincipals(raw: Readonly<Record<string, string>>): string[] {
    const text = raw.readerPrincipals;
    if (text === undefined) {
        return [];
    }
    const shape = "must be a list of IAM role, user or account-root ARNs, e.g. [arn:aws:iam::123456789012:role/security-audit]";
    const value = json("readerPrincipals", text, shape);
    if (!Array.isArray(value)) {
        fail("readerPrincipals", shape);
    }
    value.forEach((entry, index) => {
        if (typeof entry !== "string" || !IAM_PRINCIPAL_ARN.test(entry)) {
            fail(`readerPrincipals[${index}]`, `must be an IAM role, user or account-root ARN such as arn:aws:iam::123456789012:role/security-audit`);
        }
    });
    return value as string[];
}

function integer(raw: Readonly<Record<string, string>>, key: string, fallback: number, minimum: number, maximum: number): number {
    const text = raw[key];
    if (text === undefined) {
        return fallback;
    }
    if (!/^\d+$/.test(text.trim())) {
        fail(key, `must be a whole number of days between ${minimum} and ${maximum}, got "${text}"`);
    }
    const value = Number(text);
    if (value < minimum || value > maximum) {
        fail(key, `must be between ${minimum} and ${maximum} days, got ${value}`);
    }
    return value;
}

function boolean(raw: Readonly<Record<string, string>>, key: string, fallback: boolean): boolean {
    const text = raw[key];
    if (text === undefined) {
        return fallback;
    }
    if (text !== "true" && text !== "false") {
        fail(key, `must be true or false, got "${text}"`);
    }
    return text === "true";
}

function optionalString(raw: Readonly<Record<string, string>>, key: string): string | undefined {
    const text = raw[key];
    return text === undefined || text.trim() === "" ? undefined : text.trim();
}

function json(key: string, text: string, shape: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return fail(key, shape);
    }
}
