/**
 * The exact text of every user-facing error not pinned elsewhere: command lines, unreadable or
 * malformed inputs and configurations, and the one line a policy gives when its rule throws.
 * Elsewhere: test/audit/cli.test.ts (audit usage and exports), test/logs/verify-logs.test.ts,
 * test/logs/fetch-logs.test.ts, test/core/config.test.ts, test/grpc/pack.test.ts (Configure).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { StackValidationPolicy } from "@pulumi/policy";
import { ConfigError, resolveRuleConfig } from "../../policypack/src/core/config";
import { evaluate, runRule } from "../../policypack/src/core/evaluate";
import { buildModel } from "../../policypack/src/core/model";
import { RuleMeta, StackRule } from "../../policypack/src/core/rule";
import { noTamperPermissions } from "../../policypack/src/core/rules/iam/no-tamper-permissions";
import { buildPolicies } from "../../policypack/src/crossguard/policies";
import { cli } from "../audit/support";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-errors-"));
/** A file under the temporary folder, by its path as the CLI is given it. */
function file(name: string, content: string): string {
    const at = path.join(dir, name);
    fs.writeFileSync(at, content);
    return at;
}

const NOT_AN_EXPORT = 'is not a stack export: expected a JSON object with "version" and "deployment" (the output of "pulumi stack export")';

describe("user-facing errors: exact texts", () => {
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const cases: Array<[string, () => string[], (argv: string[]) => string]> = [
        ["audit: an option without its value", () => ["audit", "x.json", "--format"], () => "cloudtrail-guardrails audit: --format needs a value\n"],
        ["audit: an empty inline value", () => ["audit", "x.json", "--format="], () => "cloudtrail-guardrails audit: --format needs a value\n"],
        ["audit: a bad inline --format", () => ["audit", "x.json", "--format=yaml"], () => 'cloudtrail-guardrails audit: --format must be one of text, json, sarif, not "yaml"\n'],
        ["audit: a --config that is a folder", () => ["audit", "x.json", "--config", dir], () => `cloudtrail-guardrails audit: ${dir}: cannot read the policy configuration (it is a directory)\n`],
        [
            "audit: a --config with a JSON syntax error",
            () => ["audit", "x.json", "--config", file("trailing-comma.json", '{"all": "advisory",}')],
            (argv) => `cloudtrail-guardrails audit: ${argv[3]}: is not valid JSON (line 1, column 20)\n`,
        ],
        ["audit: a --config that is not JSON at all", () => ["audit", "x.json", "--config", file("words.json", "all: advisory")], (argv) => `cloudtrail-guardrails audit: ${argv[3]}: is not valid JSON\n`],
        [
            "audit: an empty --config",
            () => ["audit", "x.json", "--config", file("empty.json", "\n")],
            (argv) => `cloudtrail-guardrails audit: ${argv[3]}: is empty; expected the policy configuration, a JSON object keyed by policy name\n`,
        ],
        [
            "audit: a --config that is a list",
            () => ["audit", "x.json", "--config", file("list.json", "[]")],
            (argv) => `cloudtrail-guardrails audit: ${argv[3]}: the policy configuration must be a JSON object keyed by policy name\n`,
        ],
        [
            "audit: a --config with a bad setting",
            () => ["audit", "x.json", "--config", file("setting.json", JSON.stringify({ "cloudtrail-bucket-retention": { minimumRetentionDays: "a year" } }))],
            (argv) => `cloudtrail-guardrails audit: ${argv[3]}: policy "cloudtrail-bucket-retention": "minimumRetentionDays" must be a whole number, got string "a year"\n`,
        ],
        [
            "audit: a --config with an exemption that is not an object",
            () => ["audit", "x.json", "--config", file("exemption.json", JSON.stringify({ "cloudtrail-insights": { exemptions: ["main"] } }))],
            (argv) => `cloudtrail-guardrails audit: ${argv[3]}: policy "cloudtrail-insights": "exemptions[0]" must be an object with "resource" and "reason", got string "main"\n`,
        ],
        ["audit: an export that cannot be read", () => ["audit", loop()], (argv) => `cloudtrail-guardrails audit: ${argv[1]}: cannot read it (ELOOP)\n`],
        ["audit: an export that is not JSON at all", () => ["audit", file("words.export.json", "resources: []")], (argv) => `cloudtrail-guardrails audit: ${argv[1]}: is not valid JSON\n`],
        ["audit: an export that is a list", () => ["audit", file("list.export.json", "[]")], (argv) => `cloudtrail-guardrails audit: ${argv[1]}: ${NOT_AN_EXPORT}\n`],
        [
            "audit: resources that are not a list",
            () => ["audit", file("resources.export.json", JSON.stringify({ version: 3, deployment: { resources: {} } }))],
            (argv) => `cloudtrail-guardrails audit: ${argv[1]}: has "deployment.resources" that is not a list\n`,
        ],
        [
            "audit: a resource that is not an object",
            () => ["audit", file("resource.export.json", JSON.stringify({ version: 3, deployment: { resources: ["urn:pulumi:dev::p::t::n"] } }))],
            (argv) => `cloudtrail-guardrails audit: ${argv[1]}: has deployment.resources[0] that is not an object\n`,
        ],
        ["demo: any argument", () => ["demo", "stack.json"], () => 'cloudtrail-guardrails demo: takes no arguments; to check your own stack run "cloudtrail-guardrails audit <stack-export.json>"\n'],
        ["verify-logs: no folder", () => ["verify-logs"], () => "cloudtrail-guardrails verify-logs: expects one folder: verify-logs <dir> [--public-keys <file|dir>]\n"],
        ["verify-logs: two folders", () => ["verify-logs", "a", "b"], () => "cloudtrail-guardrails verify-logs: expects one folder: verify-logs <dir> [--public-keys <file|dir>]\n"],
        ["verify-logs: an option without its value", () => ["verify-logs", "a", "--from"], () => "cloudtrail-guardrails verify-logs: Option '--from <value>' argument missing; run with --help for the options\n"],
        ["fetch-logs: an unknown option", () => ["fetch-logs", "--region", "x"], () => "cloudtrail-guardrails fetch-logs: Unknown option '--region'; run with --help for the options\n"],
        [
            "fetch-logs: an option without its value",
            () => ["fetch-logs", "s3://b", "d", "--save-public-keys"],
            () => "cloudtrail-guardrails fetch-logs: Option '--save-public-keys <value>' argument missing; run with --help for the options\n",
        ],
        ["fetch-logs: no folder", () => ["fetch-logs", "s3://b"], () => "cloudtrail-guardrails fetch-logs: expects a source and a folder: fetch-logs s3://bucket[/prefix] <dir>\n"],
    ];
    for (const [title, argvOf, stderrOf] of cases) {
        it(title, async () => {
            const argv = argvOf();
            const run = await cli(argv);
            assert.deepEqual([run.code, run.stdout, run.stderr], [2, "", stderrOf(argv)]);
        });
    }

    /** A symbolic link to itself: reading it fails with an error code no message names. */
    function loop(): string {
        const at = path.join(dir, "loop.export.json");
        fs.rmSync(at, { force: true });
        fs.symlinkSync(at, at);
        return at;
    }
});

describe("configuration errors: exact texts", () => {
    const RULE: RuleMeta = {
        name: "example-policy",
        description: "d",
        enforcementLevel: "mandatory",
        severity: "low",
        cis: {},
        equivalents: {},
        remediationSteps: "r",
        url: "https://example.com",
        tags: [],
        config: { strict: { type: "boolean", description: "s", default: false }, label: { type: "string", description: "l", default: "x" } },
    };
    const errors: Array<[string, unknown, string]> = [
        ["a boolean setting given a string", { strict: "yes" }, 'policy "example-policy": "strict" must be true or false, got string "yes"'],
        ["a string setting given a number", { label: 3 }, 'policy "example-policy": "label" must be a string, got number 3'],
        ["an exemption that is a list", { exemptions: [["main", "why"]] }, 'policy "example-policy": "exemptions[0]" must be an object with "resource" and "reason", got a list'],
        ["a configuration that is a list", [], 'policy "example-policy": its configuration must be an object'],
    ];
    for (const [title, raw, message] of errors) {
        it(`rejects ${title}`, () => assert.throws(() => resolveRuleConfig(RULE, raw), (e: unknown) => e instanceof ConfigError && e.message === message));
    }
});

describe("a rule that throws: one advisory line that names the error's class and place, never its message", () => {
    const SECRET = "Vsecret0123456789";
    let thrown: unknown;
    const throwing = (value: () => unknown): StackRule => ({
        ...noTamperPermissions,
        name: "throwing",
        description: "Throws.",
        enforcementLevel: "mandatory",
        check: () => {
            thrown = value();
            throw thrown;
        },
    });
    /** Where the error was made: the first "at" line of its stack, as the pack reports it. */
    const frameOf = (error: Error) => (error.stack as string).split("\n")[1].trim();

    it("runRule and evaluate give the line, as advisory whatever the policy's level", () => {
        const rule = throwing(() => new TypeError(`cannot read ${SECRET}`));
        const run = runRule(rule, buildModel([]), {});
        const message = `Internal error, policy not run (TypeError ${frameOf(thrown as Error)}). Please report it.`;
        assert.match(frameOf(thrown as Error), /^at .*errors\.test\.ts:\d+:\d+\)?$/);
        assert.deepEqual(run.findings, [{ policy: "throwing", kind: "undecidable", message }]);
        assert.deepEqual(
            evaluate([], undefined, [rule]).map((f) => [f.kind, f.enforcementLevel, f.message]),
            [["undecidable", "advisory", message]],
        );
    });

    it("a thrown value that is not an Error", () => {
        assert.deepEqual(runRule(throwing(() => SECRET), buildModel([]), {}).findings, [
            { policy: "throwing", kind: "undecidable", message: "Internal error, policy not run (a non-Error value was thrown). Please report it." },
        ]);
    });

    it("the pack reports it once, advisory, after the policy's description", () => {
        const [policy] = buildPolicies([throwing(() => new RangeError(SECRET))]) as StackValidationPolicy[];
        const lines: unknown[] = [];
        (policy.validateStack as (args: unknown, report: (violation: unknown) => void) => void)({ resources: [], getConfig: () => ({}) }, (v) => lines.push(v));
        assert.deepEqual(lines, [
            { message: `Throws.\nInternal error, policy not run (RangeError ${frameOf(thrown as Error)}). Please report it.`, urn: undefined, enforcementLevel: "advisory" },
        ]);
    });
});
