/**
 * CloudWatch Logs JSON filter patterns (`{ ($.eventName = X) || ($.errorCode = "Y*") && ... }`)
 * reduced to what they mean: a disjunction of conjunctions of comparisons. Whitespace, quoting,
 * parentheses and order do not change the result, so two patterns can be compared by meaning.
 * `&&` binds tighter than `||`, as in CloudWatch Logs.
 */

/** One comparison, normalised to `<selector> <operator> <value>` with the value unquoted. */
type Comparison = string;
/** A conjunction of comparisons (sorted, without duplicates). */
type Conjunction = readonly Comparison[];
/** The pattern matches an event when any conjunction holds. */
export type PatternMeaning = readonly Conjunction[];

/** Garbage input must not explode: a pattern needing more conjunctions than this is not understood. */
const MAX_CONJUNCTIONS = 1024;
/** Nor overflow the stack: parentheses nested deeper than this are not understood either. */
const MAX_NESTING = 64;

class PatternError extends Error {}

const TOKEN = /\s*(\{|\}|\(|\)|&&|\|\||!=|<=|>=|=|<|>|"(?:[^"\\]|\\.)*"|[^\s(){}=!<>&|"]+)/y;

function tokenize(text: string): string[] {
    const tokens: string[] = [];
    TOKEN.lastIndex = 0;
    let position = 0;
    while (position < text.length) {
        if (/^\s*$/.test(text.slice(position))) {
            break;
        }
        TOKEN.lastIndex = position;
        const match = TOKEN.exec(text);
        if (!match) {
            throw new PatternError("unexpected character");
        }
        tokens.push(match[1]);
        position = TOKEN.lastIndex;
    }
    return tokens;
}

function unquote(token: string): string {
    return token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, "$1") : token;
}

function and(left: PatternMeaning, right: PatternMeaning): PatternMeaning {
    if (left.length * right.length > MAX_CONJUNCTIONS) {
        throw new PatternError("too many alternatives");
    }
    return left.flatMap((l) => right.map((r) => [...new Set([...l, ...r])].sort()));
}

class Parser {
    private at = 0;
    private depth = 0;
    constructor(private readonly tokens: readonly string[]) {}

    parse(): PatternMeaning {
        this.expect("{");
        const meaning = this.or();
        this.expect("}");
        if (this.at !== this.tokens.length) {
            throw new PatternError("text after the closing brace");
        }
        return meaning;
    }

    private peek(): string | undefined {
        return this.tokens[this.at];
    }

    private next(): string {
        const token = this.tokens[this.at++];
        if (token === undefined) {
            throw new PatternError("unexpected end");
        }
        return token;
    }

    private expect(token: string): void {
        if (this.next() !== token) {
            throw new PatternError(`expected ${token}`);
        }
    }

    private or(): PatternMeaning {
        const alternatives = [...this.and()];
        while (this.peek() === "||") {
            this.next();
            alternatives.push(...this.and());
            if (alternatives.length > MAX_CONJUNCTIONS) {
                throw new PatternError("too many alternatives");
            }
        }
        return alternatives;
    }

    private and(): PatternMeaning {
        let meaning = this.primary();
        while (this.peek() === "&&") {
            this.next();
            meaning = and(meaning, this.primary());
        }
        return meaning;
    }

    private primary(): PatternMeaning {
        if (this.peek() === "(") {
            this.next();
            if (++this.depth > MAX_NESTING) {
                throw new PatternError("nested too deeply");
            }
            const inner = this.or();
            this.expect(")");
            this.depth--;
            return inner;
        }
        const selector = this.next();
        if (!/^\$(\.[A-Za-z0-9_\-]+|\[\d+\])+$/.test(selector)) {
            throw new PatternError("expected a $.selector");
        }
        const operator = this.next();
        if (operator === "NOT" || operator === "IS") {
            return [[`${selector} ${operator} ${this.next()}`]];
        }
        if (!["=", "!=", "<", "<=", ">", ">="].includes(operator)) {
            throw new PatternError("expected a comparison");
        }
        return [[`${selector} ${operator} ${unquote(this.next())}`]];
    }
}

/** The meaning of a JSON filter pattern, or undefined when it is not one (or is too large to compare). */
export function parseFilterPattern(text: string): PatternMeaning | undefined {
    try {
        return new Parser(tokenize(text)).parse();
    } catch (error) {
        if (error instanceof PatternError) {
            return undefined;
        }
        throw error;
    }
}

/**
 * Whether `actual` matches every event `required` matches: each required conjunction implies some
 * actual conjunction (whose comparisons it contains). A filter that also matches more passes.
 */
export function coversPattern(actual: PatternMeaning, required: PatternMeaning): boolean {
    return required.every((needed) => {
        const have = new Set(needed);
        return actual.some((candidate) => candidate.every((comparison) => have.has(comparison)));
    });
}
