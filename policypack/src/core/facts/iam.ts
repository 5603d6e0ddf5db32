import { allTri, anyTri, notTri, Tri } from "../tri";
import { asList, asObject, asString, asStringList, Field, invalid, known, parseObjects, prop, rawGet, RawBag, UNKNOWN } from "../values";

/**
 * IAM policy documents (identity policies, bucket and key policies, SCPs) as statements. A document
 * arrives as a JSON string (aws.iam.getPolicyDocument, JSON.stringify) or as an object (the v7
 * bucket `policy` accepts one); at preview a document built from outputs is one unknown string.
 */
export interface Statement {
    readonly effect: Field<string>;
    readonly action: Field<readonly string[]>;
    readonly notAction: Field<readonly string[]>;
    readonly resource: Field<readonly string[]>;
    readonly notResource: Field<readonly string[]>;
    /** True when the statement names everyone: Principal "*" or {"AWS": "*"}, or any NotPrincipal. */
    readonly publicPrincipal: Tri;
    readonly condition: Field<RawBag>;
}

/** A property that IAM lets be one string or a list of strings. */
function stringOrList(value: unknown): Field<readonly string[]> {
    const single = asString(value);
    if (single.state === "known") {
        return known([single.value]);
    }
    return single.state === "invalid" ? asStringList(value) : single;
}

export function parsePolicyDocument(raw: unknown): Field<readonly Statement[]> {
    let document: unknown = raw;
    const text = asString(raw);
    if (text.state === "unknown" || text.state === "absent") {
        return text;
    }
    if (text.state === "known") {
        try {
            document = JSON.parse(text.value);
        } catch {
            return { state: "invalid", expected: "a JSON policy document", got: "text that is not JSON" };
        }
    }
    const bag = asObject(document);
    if (bag.state !== "known") {
        return bag.state === "invalid" ? invalid("a policy document object", document) : bag;
    }
    const statementRaw = prop(bag.value, "Statement");
    const single = asObject(statementRaw);
    if (single.state === "unknown" || single.state === "absent") {
        return single.state === "absent" ? known([]) : UNKNOWN;
    }
    const list = single.state === "known" ? known([single.value] as readonly unknown[]) : asList(statementRaw);
    if (list.state !== "known") {
        return list.state === "invalid" ? { state: "invalid", expected: "a statement or a list of statements", got: list.got, path: "Statement" } : list;
    }
    return parseObjects(list.value, parseStatement);
}

function parseStatement(s: RawBag): Statement {
    return {
        effect: asString(prop(s, "Effect")),
        action: stringOrList(prop(s, "Action")),
        notAction: stringOrList(prop(s, "NotAction")),
        resource: stringOrList(prop(s, "Resource")),
        notResource: stringOrList(prop(s, "NotResource")),
        publicPrincipal: publicPrincipal(prop(s, "Principal"), prop(s, "NotPrincipal")),
        condition: asObject(prop(s, "Condition")),
    };
}

function publicPrincipal(principal: unknown, notPrincipal: unknown): Tri {
    const not = asObject(notPrincipal);
    if (not.state === "known" || asString(notPrincipal).state === "known") {
        return true;
    }
    if (not.state === "unknown") {
        // An Allow for everyone but principals not known yet may well be public.
        return "unknown";
    }
    const asText = asString(principal);
    if (asText.state === "known") {
        return asText.value === "*";
    }
    const bag = asObject(principal);
    if (bag.state === "unknown" || asText.state === "unknown") {
        return "unknown";
    }
    if (bag.state !== "known") {
        return false;
    }
    const aws = stringOrList(prop(bag.value, "AWS"));
    if (aws.state === "unknown") {
        return "unknown";
    }
    return aws.state === "known" && aws.value.includes("*");
}

/** Condition keys that pin a statement to a known caller or network: AWS's own test for a "public" policy. */
const RESTRICTING_KEYS: ReadonlySet<string> = new Set(
    [
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:PrincipalArn",
        "aws:PrincipalAccount",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName",
        "aws:userid",
        "aws:username",
    ].map((k) => k.toLowerCase()),
);

/**
 * Whether a statement's Condition pins it to known callers: a positive operator (not String/Arn
 * "Not…", not NotIpAddress) on a restricting key, with no bare "*" among its values.
 */
export function restrictsCaller(condition: Field<RawBag>): Tri {
    if (condition.state === "unknown") {
        return "unknown";
    }
    if (condition.state !== "known") {
        return false;
    }
    const results: Tri[] = [];
    for (const operator of Object.keys(condition.value)) {
        if (/Not/.test(operator)) {
            continue;
        }
        const block = asObject(rawGet(condition.value, operator));
        if (block.state === "unknown") {
            results.push("unknown");
            continue;
        }
        if (block.state !== "known") {
            continue;
        }
        for (const key of Object.keys(block.value)) {
            if (!RESTRICTING_KEYS.has(key.toLowerCase())) {
                continue;
            }
            const values = stringOrList(rawGet(block.value, key));
            results.push(values.state === "unknown" ? "unknown" : values.state === "known" && values.value.length > 0 && !values.value.includes("*"));
        }
    }
    return anyTri(results);
}

/** The values a Condition tests `key` against under `operator` (both matched case-insensitively), e.g. Bool aws:SecureTransport. */
export function conditionValues(condition: Field<RawBag>, operators: readonly string[], key: string): Field<readonly string[]> {
    if (condition.state !== "known") {
        return condition.state === "unknown" ? UNKNOWN : { state: "absent" };
    }
    const wanted = new Set(operators.map((o) => o.toLowerCase()));
    for (const operator of Object.keys(condition.value)) {
        if (!wanted.has(operator.toLowerCase())) {
            continue;
        }
        const block = asObject(rawGet(condition.value, operator));
        if (block.state === "unknown") {
            return UNKNOWN;
        }
        if (block.state !== "known") {
            continue;
        }
        for (const k of Object.keys(block.value)) {
            if (k.toLowerCase() === key.toLowerCase()) {
                const raw = rawGet(block.value, k);
                // JSON booleans are as valid as strings here ("false" and false mean the same to IAM).
                return typeof raw === "boolean" ? known([String(raw)]) : stringOrList(raw);
            }
        }
    }
    return { state: "absent" };
}

export function effectIs(statement: Statement, effect: "Allow" | "Deny"): Tri {
    return statement.effect.state === "unknown" ? "unknown" : statement.effect.state === "known" && statement.effect.value === effect;
}

/** An Allow for everyone that no condition pins to known callers. */
export function allowsPublicly(statement: Statement): Tri {
    return allTri([effectIs(statement, "Allow"), statement.publicPrincipal, notTri(restrictsCaller(statement.condition))]);
}
