/**
 * Publishing: `pulumi policy publish` packs the folder with `npm pack`, and Pulumi Cloud installs
 * the tarball with production dependencies only. Do the same and start what was installed.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RULES } from "../../policypack/src/core/rules";
import { PACK_DIR, PackProcess } from "../support/analyzer-client";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the published tarball", function () {
    this.timeout(300_000);
    let work: string;
    let installed: string;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "ctg-publish-"));
        const out = execFileSync(NPM, ["pack", "--json", "--pack-destination", work], { cwd: PACK_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
        execFileSync("tar", ["xzf", path.join(work, filename), "-C", work]);
        installed = path.join(work, "package");
        execFileSync(NPM, ["install", "--omit=dev", "--no-audit", "--no-fund", "--no-package-lock"], { cwd: installed, stdio: "ignore" });
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("holds the pack files and only what the CLI and Pulumi Cloud need", () => {
        const files = fs.readdirSync(installed).filter((f) => f !== "node_modules").sort();
        assert.deepEqual(files, ["PulumiPolicy.yaml", "bin", "dist", "package.json"]);
        assert.ok(fs.existsSync(path.join(installed, "dist", "index.js")));
        assert.ok(!fs.existsSync(path.join(installed, "tsconfig.json")), "a tsconfig.json would be parsed on every start");
    });

    it("declares no install scripts and only the allowed production dependencies", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        for (const hook of ["preinstall", "install", "postinstall", "prepare"]) {
            assert.equal(pkg.scripts?.[hook], undefined, hook);
        }
        assert.deepEqual(Object.keys(pkg.dependencies).sort(), ["@pulumi/policy", "@pulumi/pulumi"]);
    });

    it("starts as the CLI starts it and lists every policy", async () => {
        const pack = await PackProcess.start(installed);
        try {
            const info = await pack.getAnalyzerInfo();
            assert.equal(info.name, "cloudtrail-guardrails");
            assert.deepEqual(info.policies.map((p) => p.name), RULES.map((r) => r.name));
        } finally {
            await pack.stop();
        }
    });

    it("its bin answers --version", () => {
        const version = execFileSync(path.join(installed, "bin", "cloudtrail-guardrails.js"), ["--version"], { encoding: "utf8" });
        assert.equal(version.trim(), require("../../policypack/package.json").version);
    });
});
