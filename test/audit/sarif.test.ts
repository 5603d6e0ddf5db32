import { strict as assert } from "assert";
import Ajv from "ajv";
import { cli, fixture, writeTempConfig } from "./support";

/**
 * The SARIF 2.1.0 schema (rtm.5, the revision GitHub code scanning validates against) as
 * @microsoft/jest-sarif ships it. It is draft-04; the only draft-04 keyword it uses is "id",
 * which becomes "$id" for Ajv's default draft. Its formats get plain checks here, and its
 * "language" pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) is only valid without the
 * regular expressions' unicode flag.
 */
function sarifValidator() {
    const { id, $schema: _draft04, ...schema } = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
    ajv.addFormat("uri", (value: string) => URL.canParse(value));
    ajv.addFormat("uri-reference", (value: string) => !/[\s<>"{}|\\^`]/.test(value));
    ajv.addFormat("date-time", (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value));
    return ajv.compile({ ...schema, $id: id });
}

describe("audit: SARIF output", () => {
    const validate = sarifValidator();
    const exemption = writeTempConfig("exempt-sarif", {
        "cloudtrail-log-file-validation": { exemptions: [{ resource: "no-log-file-validation", reason: "validated in the archive account" }] },
    });
    const cases: Array<[string, string[]]> = [
        ["violations of every level", [fixture("one-violation-each.export.json")]],
        ["lines where rules cannot decide", [fixture("preview-unknowns.export.json")]],
        ["an exempted violation (a suppression)", [fixture("one-violation-each.export.json"), "--config", exemption]],
        ["several files, one of them an empty stack", [fixture("compliant-v7.export.json"), "examples/noncompliant-stack.export.json", fixture("empty-stack.export.json")]],
    ];
    for (const [title, args] of cases) {
        it(`is valid SARIF 2.1.0: ${title}`, async () => {
            const run = await cli(["audit", ...args, "--format", "sarif"]);
            const log = JSON.parse(run.stdout);
            assert.equal(log.version, "2.1.0");
            assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
        });
    }

    it("the schema check rejects a broken log", () => {
        assert.equal(validate({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [{ message: { text: "x" }, level: "fatal" }] }] }), false);
    });

    it("maps levels and kinds, and points each result at its file and resource", async () => {
        const file = fixture("one-violation-each.export.json");
        const run = await cli(["audit", file, "--format", "sarif", "--config", exemption]);
        const [sarifRun] = JSON.parse(run.stdout).runs;
        const results: Array<{ ruleId: string; level: string; kind: string; suppressions?: unknown[]; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: Array<{ name: string }> }> }> =
            sarifRun.results;
        const resultFor = (ruleId: string, trail: string) => results.find((r) => r.ruleId === ruleId && r.locations[0].logicalLocations[0]?.name === trail)!;
        assert.deepEqual(
            [
                ["cloudtrail-logging-enabled", "logging-stopped"],
                ["cloudtrail-log-file-validation", "no-log-file-validation"],
                ["cloudtrail-insights", "no-insights"],
            ].map(([ruleId, trail]) => {
                const r = resultFor(ruleId, trail);
                return [r.ruleId, r.kind, r.level, r.suppressions, r.locations[0].physicalLocation.artifactLocation.uri];
            }),
            [
                ["cloudtrail-logging-enabled", "fail", "error", undefined, file],
                ["cloudtrail-log-file-validation", "fail", "warning", [{ kind: "external", justification: "validated in the archive account" }], file],
                ["cloudtrail-insights", "fail", "warning", undefined, file],
            ],
        );
        for (const r of results) {
            assert.equal(sarifRun.tool.driver.rules[(r as unknown as { ruleIndex: number }).ruleIndex].id, r.ruleId);
        }
    });

    it("a line where a rule cannot decide is a review result of level none", async () => {
        const run = await cli(["audit", fixture("preview-unknowns.export.json"), "--format", "sarif"]);
        const insights = JSON.parse(run.stdout).runs[0].results.find((r: { ruleId: string }) => r.ruleId === "cloudtrail-insights");
        assert.deepEqual([insights.kind, insights.level], ["review", "none"]);
    });
});
