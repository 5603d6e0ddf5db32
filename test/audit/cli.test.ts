import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cli, fixture, REPO_ROOT, trailRulesOnlyConfig, writeTempConfig } from "./support";

const TRAIL = "aws:cloudtrail/trail:Trail";

interface Expected {
    readonly policy: string;
    readonly kind?: "violation" | "undecidable" | "notApplicable";
    readonly enforcementLevel: "mandatory" | "advisory";
    readonly severity: string;
    readonly trail: string;
    readonly message: string;
    readonly exemptionReason?: string;
}

/** The JSON report's entry for a finding on a trail of `stack` in project audit-trail. */
function entry(file: string, stack: string, e: Expected) {
    return {
        file,
        policy: e.policy,
        kind: e.kind ?? "violation",
        enforcementLevel: e.enforcementLevel,
        severity: e.severity,
        urn: `urn:pulumi:${stack}::audit-trail::${TRAIL}::${e.trail}`,
        resourceType: TRAIL,
        message: e.message,
        exemptionReason: e.exemptionReason ?? null,
    };
}

function summaryOf(files: Array<{ file: string; stack: string | null; resources: number; mandatory: number; advisory: number; information: number }>) {
    const total = (key: "resources" | "mandatory" | "advisory" | "information") => files.reduce((n, f) => n + f[key], 0);
    return {
        files: files.map((f) => ({ file: f.file, stack: f.stack, project: f.stack === null ? null : "audit-trail", resources: f.resources, mandatory: f.mandatory, advisory: f.advisory, information: f.information })),
        resources: total("resources"),
        mandatory: total("mandatory"),
        advisory: total("advisory"),
        information: total("information"),
        blocking: total("mandatory") > 0,
    };
}

const NOT_KNOWN = "is not known until the update runs (or is secret). The policy runs again on the update.";
const CLOUDWATCH_FIX = "Set both cloudWatchLogsGroupArn and cloudWatchLogsRoleArn: CloudTrail needs the group and a role allowed to write to it.";

/** Each trail of one-violation-each.export.json breaks exactly the rule it is named after; listed in the pack's rule order. */
const ONE_VIOLATION_EACH: Expected[] = [
    {
        policy: "cloudtrail-logging-enabled",
        enforcementLevel: "mandatory",
        severity: "critical",
        trail: "logging-stopped",
        message: 'trail "logging-stopped" sets "enableLogging" to false. Set enableLogging: true (or remove it) so the trail records events.',
    },
    {
        policy: "cloudtrail-log-file-validation",
        enforcementLevel: "mandatory",
        severity: "high",
        trail: "no-log-file-validation",
        message: 'trail "no-log-file-validation" sets "enableLogFileValidation" to false. Set enableLogFileValidation: true so CloudTrail signs digest files that prove the logs were not changed.',
    },
    {
        policy: "cloudtrail-multi-region",
        enforcementLevel: "mandatory",
        severity: "high",
        trail: "single-region",
        message: 'trail "single-region" sets "isMultiRegionTrail" to false. Set isMultiRegionTrail: true so the trail records events in every region.',
    },
    {
        policy: "cloudtrail-global-service-events",
        enforcementLevel: "mandatory",
        severity: "high",
        trail: "no-global-events",
        message: 'trail "no-global-events" sets "includeGlobalServiceEvents" to false. Set includeGlobalServiceEvents: true (or remove it) so IAM, STS and other global services are recorded.',
    },
    {
        policy: "cloudtrail-management-events",
        enforcementLevel: "mandatory",
        severity: "high",
        trail: "write-only-management",
        message:
            'trail "write-only-management" does not record all read management events: no event selector records them for every event source. ' +
            "Record all management events with readWriteType All (classic) or an eventCategory Management selector without readOnly or eventSource filters (advanced).",
    },
    {
        policy: "cloudtrail-kms-encryption",
        enforcementLevel: "mandatory",
        severity: "high",
        trail: "no-kms",
        message: 'trail "no-kms" has no "kmsKeyId". Set kmsKeyId to a customer managed KMS key ARN so reading the logs also needs kms:Decrypt on that key.',
    },
    { policy: "cloudtrail-cloudwatch-logs", enforcementLevel: "mandatory", severity: "medium", trail: "no-cloudwatch", message: `trail "no-cloudwatch" has no "cloudWatchLogsGroupArn". ${CLOUDWATCH_FIX}` },
    { policy: "cloudtrail-cloudwatch-logs", enforcementLevel: "mandatory", severity: "medium", trail: "no-cloudwatch", message: `trail "no-cloudwatch" has no "cloudWatchLogsRoleArn". ${CLOUDWATCH_FIX}` },
    {
        policy: "cloudtrail-organization-trail",
        enforcementLevel: "advisory",
        severity: "medium",
        trail: "account-trail",
        message: 'trail "account-trail" sets "isOrganizationTrail" to false. Set isOrganizationTrail: true in the management account so one trail records every member account.',
    },
    {
        policy: "cloudtrail-s3-data-events",
        enforcementLevel: "advisory",
        severity: "medium",
        trail: "no-s3-data-events",
        message: 'trail "no-s3-data-events" does not record S3 object reads and writes for all buckets. Add an S3 data event selector without a resources.ARN filter.',
    },
    { policy: "cloudtrail-sns-notifications", enforcementLevel: "advisory", severity: "low", trail: "no-sns", message: 'trail "no-sns" has no "snsTopicName". Set snsTopicName to a topic CloudTrail may publish to.' },
    { policy: "cloudtrail-insights", enforcementLevel: "advisory", severity: "low", trail: "no-insights", message: 'trail "no-insights" has an empty insightSelectors list. Add ApiCallRateInsight and ApiErrorRateInsight selectors.' },
];

const PREVIEW_NOTES: Expected[] = [
    { policy: "cloudtrail-organization-trail", kind: "undecidable", enforcementLevel: "advisory", severity: "medium", trail: "dev-trail", message: `Cannot check trail "dev-trail" yet: "isOrganizationTrail" ${NOT_KNOWN}` },
    { policy: "cloudtrail-insights", kind: "undecidable", enforcementLevel: "advisory", severity: "low", trail: "dev-trail", message: `Cannot check trail "dev-trail" yet: "insightSelectors" ${NOT_KNOWN}` },
];

interface Case {
    readonly title: string;
    readonly file: string;
    readonly stack: string | null;
    readonly resources: number;
    readonly findings: Expected[];
    readonly exit: number;
}

const count = (findings: Expected[], test: (e: Expected) => boolean) => findings.filter(test).length;

const CASES: Case[] = [
    { title: "a compliant stack (v7 tokens, trail inside a component)", file: "compliant-v7.export.json", stack: "prod", resources: 13, findings: [], exit: 0 },
    { title: "a compliant stack (v6 tokens)", file: "compliant-v6.export.json", stack: "prod", resources: 12, findings: [], exit: 0 },
    { title: "one violation of each trail rule (update shape)", file: "one-violation-each.export.json", stack: "staging", resources: 22, findings: ONE_VIOLATION_EACH, exit: 1 },
    { title: "a preview shape: unknown values cannot be decided, known inputs stand in for unknown outputs", file: "preview-unknowns.export.json", stack: "dev", resources: 12, findings: PREVIEW_NOTES, exit: 0 },
    {
        title: "secrets a rule needs are unknown",
        file: "secrets.export.json",
        stack: "prod",
        resources: 12,
        findings: [
            { policy: "cloudtrail-multi-region", kind: "undecidable", enforcementLevel: "advisory", severity: "high", trail: "secret-trail", message: `Cannot check trail "secret-trail" yet: "isMultiRegionTrail" ${NOT_KNOWN}` },
        ],
        exit: 0,
    },
    { title: "an empty stack (no resources key)", file: "empty-stack.export.json", stack: null, resources: 0, findings: [], exit: 0 },
];

describe("audit: JSON report and exit codes (trail rules)", () => {
    for (const c of CASES) {
        it(c.title, async () => {
            const file = fixture(c.file);
            const run = await cli(["audit", file, "--format", "json", "--config", trailRulesOnlyConfig()]);
            assert.equal(run.stderr, "");
            const stack = c.stack ?? "";
            assert.deepEqual(JSON.parse(run.stdout), {
                violations: c.findings.map((e) => entry(file, stack, e)),
                summary: summaryOf([
                    {
                        file,
                        stack: c.stack,
                        resources: c.resources,
                        mandatory: count(c.findings, (e) => e.kind === undefined && e.enforcementLevel === "mandatory"),
                        advisory: count(c.findings, (e) => e.kind === undefined && e.enforcementLevel === "advisory"),
                        information: count(c.findings, (e) => e.kind !== undefined),
                    },
                ]),
            });
            assert.equal(run.code, c.exit);
        });
    }

    it("with every rule, a stack's trail findings are the same", async () => {
        const file = fixture("one-violation-each.export.json");
        const run = await cli(["audit", file, "--format", "json"]);
        const trailFindings = JSON.parse(run.stdout).violations.filter((v: { resourceType: string }) => v.resourceType === TRAIL);
        assert.deepEqual(trailFindings, ONE_VIOLATION_EACH.map((e) => entry(file, "staging", e)));
        assert.equal(run.code, 1);
    });

    it("an exemption turns the violation into an advisory line with its reason", async () => {
        const reason = "digest validation runs in the archive account";
        const config = writeTempConfig("exempt", {
            all: "disabled",
            "cloudtrail-log-file-validation": { enforcementLevel: "mandatory", exemptions: [{ resource: "no-log-file-validation", reason }] },
        });
        const file = fixture("one-violation-each.export.json");
        const run = await cli(["audit", file, "--format=json", `--config=${config}`]);
        const expected = ONE_VIOLATION_EACH[1];
        assert.deepEqual(JSON.parse(run.stdout).violations, [
            entry(file, "staging", { ...expected, enforcementLevel: "advisory", message: `${expected.message} (exempted: ${reason})`, exemptionReason: reason }),
        ]);
        assert.equal(run.code, 0);
    });

    it("several files: each finding names its file, the worst status wins", async () => {
        const files = [fixture("compliant-v7.export.json"), fixture("one-violation-each.export.json")];
        const run = await cli(["audit", ...files, "--format", "json", "--config", trailRulesOnlyConfig()]);
        const report = JSON.parse(run.stdout);
        assert.deepEqual(report.violations, ONE_VIOLATION_EACH.map((e) => entry(files[1], "staging", e)));
        assert.deepEqual(report.summary, summaryOf([
            { file: files[0], stack: "prod", resources: 13, mandatory: 0, advisory: 0, information: 0 },
            { file: files[1], stack: "staging", resources: 22, mandatory: 8, advisory: 4, information: 0 },
        ]));
        assert.equal(run.code, 1);
    });

    it("reads an export from stdin with -", async () => {
        const text = fs.readFileSync(path.join(REPO_ROOT, fixture("preview-unknowns.export.json")), "utf8");
        const run = await cli(["audit", "-", "--format", "json", "--config", trailRulesOnlyConfig()], { stdin: text });
        assert.deepEqual(JSON.parse(run.stdout).violations, PREVIEW_NOTES.map((e) => entry("<stdin>", "dev", e)));
        assert.equal(run.code, 0);
    });
});

describe("audit: text report", () => {
    it("groups findings by resource, mandatory first, with a summary line", async () => {
        const file = fixture("one-violation-each.export.json");
        const config = writeTempConfig("two-rules", { all: "disabled", "cloudtrail-cloudwatch-logs": "mandatory", "cloudtrail-insights": "advisory" });
        const run = await cli(["audit", file, "--config", config]);
        assert.equal(
            run.stdout,
            [
                `Policies for ${file} (stack "staging" of project "audit-trail", 22 resources):`,
                `    ${TRAIL}  no-cloudwatch`,
                "        - [mandatory]  cloudtrail-cloudwatch-logs",
                `          trail "no-cloudwatch" has no "cloudWatchLogsGroupArn". ${CLOUDWATCH_FIX}`,
                "        - [mandatory]  cloudtrail-cloudwatch-logs",
                `          trail "no-cloudwatch" has no "cloudWatchLogsRoleArn". ${CLOUDWATCH_FIX}`,
                `    ${TRAIL}  no-insights`,
                "        - [advisory]  cloudtrail-insights",
                '          trail "no-insights" has an empty insightSelectors list. Add ApiCallRateInsight and ApiErrorRateInsight selectors.',
                "",
                "Summary: 1 file, 22 resources: 2 mandatory violations, 1 advisory violation, 0 advisory notes. The mandatory violations would block `pulumi preview` and `pulumi up` with this pack.",
                "",
            ].join("\n"),
        );
        assert.equal(run.code, 1);
    });

    it("marks lines where a rule cannot decide", async () => {
        const file = fixture("preview-unknowns.export.json");
        const run = await cli(["audit", file, "--config", trailRulesOnlyConfig()]);
        assert.equal(
            run.stdout,
            [
                `Policies for ${file} (stack "dev" of project "audit-trail", 12 resources):`,
                `    ${TRAIL}  dev-trail`,
                "        - [advisory]  cloudtrail-organization-trail  (cannot decide)",
                `          ${PREVIEW_NOTES[0].message}`,
                "        - [advisory]  cloudtrail-insights  (cannot decide)",
                `          ${PREVIEW_NOTES[1].message}`,
                "",
                "Summary: 1 file, 12 resources: 0 mandatory violations, 0 advisory violations, 2 advisory notes. Nothing would block a deployment with this pack.",
                "",
            ].join("\n"),
        );
    });

    it("says so when a stack has no findings", async () => {
        const file = fixture("empty-stack.export.json");
        const run = await cli(["audit", file, "--config", trailRulesOnlyConfig()]);
        assert.equal(
            run.stdout,
            `Policies for ${file} (empty stack, 0 resources):\n    No findings.\n\nSummary: 1 file, 0 resources: 0 mandatory violations, 0 advisory violations, 0 advisory notes. Nothing would block a deployment with this pack.\n`,
        );
        assert.equal(run.code, 0);
    });
});

describe("audit: unusable input exits 2 with one line naming the file", () => {
    const ONLY_V3 = 'only version 3 stack exports (what "pulumi stack export" prints) can be audited';
    const cases: Array<[string, string, string]> = [
        ["a cut-off file", fixture("truncated.export.json"), "is not valid JSON (it ends too early: cut off?)"],
        ["a syntax error", fixture("trailing-comma.export.json"), "is not valid JSON (line 5, column 5)"],
        ["an empty file", fixture("empty-file.export.json"), "is empty, not a stack export"],
        ["a version 2 export", fixture("version-2.export.json"), `has "version": 2; ${ONLY_V3}`],
        ["stack outputs instead of an export", fixture("stack-output.json"), `has no "version"; ${ONLY_V3}`],
        ["no deployment", fixture("no-deployment.export.json"), 'has no "deployment" object, so it is not the output of "pulumi stack export"'],
        ["a resource without a URN", fixture("resource-without-urn.export.json"), 'has deployment.resources[1] without a "urn" of the form urn:pulumi:<stack>::<project>::<type>::<name>'],
        ["a missing file", fixture("missing.export.json"), "cannot read it: no such file"],
        ["a directory", "test/fixtures/exports", "is a directory, not a stack export file"],
    ];
    for (const [title, file, problem] of cases) {
        it(title, async () => {
            const run = await cli(["audit", file, "--format", "json"]);
            assert.deepEqual([run.code, run.stdout, run.stderr], [2, "", `cloudtrail-guardrails audit: ${file}: ${problem}\n`]);
        });
    }

    it("still reports the files it could read", async () => {
        const good = fixture("one-violation-each.export.json");
        const bad = fixture("version-2.export.json");
        const run = await cli(["audit", bad, good, "--format", "json", "--config", trailRulesOnlyConfig()]);
        assert.equal(run.stderr, `cloudtrail-guardrails audit: ${bad}: has "version": 2; ${ONLY_V3}\n`);
        assert.equal(JSON.parse(run.stdout).violations.length, ONE_VIOLATION_EACH.length);
        assert.equal(run.code, 2);
    });

    const usage: Array<[string, string[], string | RegExp]> = [
        ["no file", ["audit"], 'give at least one stack export file (the output of "pulumi stack export"), or - to read one from stdin'],
        ["an unknown format", ["audit", "x.json", "--format", "xml"], '--format must be one of text, json, sarif, not "xml"'],
        ["a missing option value", ["audit", "x.json", "--config"], "--config needs a value"],
        ["an unknown option", ["audit", "x.json", "--strict"], 'unknown option "--strict". Run "cloudtrail-guardrails audit --help" for the options.'],
        ["stdin twice", ["audit", "-", "-"], "stdin (-) can be read only once"],
        ["a missing config", ["audit", "x.json", "--config", "nope.json"], "nope.json: cannot read the policy configuration (no such file)"],
    ];
    for (const [title, argv, message] of usage) {
        it(`usage: ${title}`, async () => {
            const run = await cli(argv);
            assert.deepEqual([run.code, run.stdout, run.stderr], [2, "", `cloudtrail-guardrails audit: ${message}\n`]);
        });
    }

    const configs: Array<[string, unknown, string | RegExp]> = [
        ["an unknown policy", { "cloudtrail-logfile-validation": "mandatory" }, /^unknown policy "cloudtrail-logfile-validation" \(this pack has: all, cloudtrail-logging-enabled, /],
        ["a bad level", { all: "blocking" }, 'policy "all": "enforcementLevel" must be one of advisory, mandatory, remediate, disabled'],
        ["an unknown setting", { "cloudtrail-insights": { minimumDays: 3 } }, 'policy "cloudtrail-insights": unknown key "minimumDays" (known keys: enforcementLevel, exemptions)'],
    ];
    for (const [title, config, message] of configs) {
        it(`config: ${title}`, async () => {
            const file = writeTempConfig("bad", config);
            const run = await cli(["audit", fixture("compliant-v7.export.json"), "--config", file]);
            const prefix = `cloudtrail-guardrails audit: ${file}: `;
            assert.equal(run.code, 2);
            assert.equal(run.stdout, "");
            assert.ok(run.stderr.startsWith(prefix) && run.stderr.endsWith("\n") && run.stderr.split("\n").length === 2, run.stderr);
            const problem = run.stderr.slice(prefix.length, -1);
            if (typeof message === "string") {
                assert.equal(problem, message);
            } else {
                assert.match(problem, message);
            }
        });
    }
});

describe("audit: secrets and credentials are never printed", () => {
    const exported = fs.readFileSync(path.join(REPO_ROOT, fixture("secrets.export.json")), "utf8");
    const doc = JSON.parse(exported);
    const secrets = new Set<string>(["AKIAIOSFODNN7EXAMPLE"]);
    JSON.stringify(doc, (_key, value) => {
        if (value && typeof value === "object" && "ciphertext" in value) {
            secrets.add(value.ciphertext);
            const plaintext = typeof value.plaintext === "string" ? JSON.parse(value.plaintext) : undefined;
            // A boolean's plaintext ("false") is a word any report contains; the strings are what must not leak.
            if (typeof plaintext === "string") {
                secrets.add(plaintext);
            }
        }
        return value;
    });

    it("the fixture holds the secrets the test looks for", () => assert.equal(secrets.size, 7));

    for (const format of ["text", "json", "sarif"]) {
        it(`--format ${format}`, async () => {
            for (const run of [await cli(["audit", fixture("secrets.export.json"), "--format", format]), await cli(["audit", "-", "--format", format], { stdin: exported })]) {
                for (const secret of secrets) {
                    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `"${secret}" was printed`);
                }
                assert.match(run.stdout, /isMultiRegionTrail/);
            }
        });
    }

    it("a JSON syntax error does not quote the input", async () => {
        const broken = exported.replace('"ciphertext"', "ciphertext");
        const run = await cli(["audit", "-"], { stdin: broken });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /^cloudtrail-guardrails audit: <stdin>: is not valid JSON\b/);
        for (const secret of secrets) {
            assert.ok(!run.stderr.includes(secret));
        }
    });
});

describe("audit: progress on a terminal", () => {
    it("prints nothing on stderr for a quick audit, even on a terminal", async () => {
        const run = await cli(["audit", fixture("compliant-v7.export.json")], { stderrIsTTY: true });
        assert.equal(run.stderr, "");
    });
});

describe("audit and demo as installed: the compiled bin", () => {
    const bin = path.join(REPO_ROOT, "policypack", "dist", "cli", "main.js");

    it("audit exits 1 on the non-compliant example and prints JSON", () => {
        const run = spawnSync(process.execPath, [bin, "audit", "examples/noncompliant-stack.export.json", "--format", "json"], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.equal(run.status, 1, run.stderr);
        const report = JSON.parse(run.stdout);
        assert.ok(report.violations.some((v: { policy: string; urn: string }) => v.policy === "cloudtrail-log-file-validation" && v.urn.endsWith("::audit-trail")));
        assert.equal(report.summary.blocking, true);
    });

    it("demo (npm start) audits the bundled examples and exits 0", () => {
        const run = spawnSync(process.execPath, [bin, "demo"], { cwd: path.join(REPO_ROOT, "policypack"), encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stderr, "");
        assert.match(run.stdout, /^Auditing the bundled example stack exports: .*examples\/noncompliant-stack\.export\.json/);
        assert.match(run.stdout, /Policies for examples\/noncompliant-stack\.export\.json \(stack "prod" of project "payments-platform", 10 resources\):/);
        assert.match(run.stdout, /\n`cloudtrail-guardrails audit` would exit 1 here/);
    });
});
