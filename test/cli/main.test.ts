import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as path from "path";
import { PassThrough } from "stream";
import { main } from "../../policypack/src/cli/main";
import { REPO_ROOT } from "../support/analyzer-client";

/** Runs the CLI in process with captured streams. */
export async function runCli(argv: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const input = new PassThrough();
    input.end(stdin);
    let out = "";
    let err = "";
    stdout.on("data", (c) => (out += c));
    stderr.on("data", (c) => (err += c));
    const code = await main(argv, { stdout, stderr, stdin: input, cwd: REPO_ROOT, env: {} });
    return { code, stdout: out, stderr: err };
}

const VERSION = require("../../policypack/package.json").version;

describe("cloudtrail-guardrails CLI", () => {
    it("--version prints the pack's version", async () => {
        assert.deepEqual(await runCli(["--version"]), { code: 0, stdout: `${VERSION}\n`, stderr: "" });
    });

    it("--help lists the commands", async () => {
        const { code, stdout } = await runCli(["--help"]);
        assert.equal(code, 0);
        assert.match(stdout, /^Usage: cloudtrail-guardrails <command> \[options\]\n/);
        assert.match(stdout, /\n {2}demo {2,}Evaluate the bundled example stacks/);
    });

    it("no arguments prints help and exits 2", async () => {
        const { code, stdout } = await runCli([]);
        assert.equal(code, 2);
        assert.match(stdout, /^Usage:/);
    });

    it("an unknown command is one actionable line, exit 2", async () => {
        assert.deepEqual(await runCli(["audti"]), {
            code: 2,
            stdout: "",
            stderr: 'cloudtrail-guardrails: unknown command "audti". Run "cloudtrail-guardrails --help" for the list.\n',
        });
    });

    it("is reachable from the root as npx cloudtrail-guardrails", () => {
        const out = execFileSync("npx", ["--no-install", "cloudtrail-guardrails", "--version"], { cwd: REPO_ROOT, encoding: "utf8" });
        assert.equal(out, `${VERSION}\n`);
    });

    it("the compiled bin prints nothing at import time (a pack's first stdout line must be its port)", () => {
        const result = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(path.join(REPO_ROOT, "policypack/dist/cli/main.js"))})`], { encoding: "utf8" });
        assert.deepEqual([result.status, result.stdout, result.stderr], [0, "", ""]);
    });
});
