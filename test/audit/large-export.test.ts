import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./support";

const RESOURCES = 100_000;
const TRAILS = 50;

/**
 * A realistic export of over 50 MB (about 59): mostly buckets, some roles, and 50 trails. Written as
 * text, without building the tree in this process.
 */
function writeLargeExport(file: string): void {
    const stack = "urn:pulumi:prod::platform";
    const provider = `${stack}::pulumi:providers:aws::default_7_11_0`;
    const parts: string[] = [
        `{"version":3,"deployment":{"manifest":{"time":"2025-03-14T09:27:41Z","magic":"","version":"v3.153.1"},"resources":[`,
        JSON.stringify({ urn: `${stack}::pulumi:pulumi:Stack::platform-prod`, custom: false, type: "pulumi:pulumi:Stack" }),
        ",",
        JSON.stringify({ urn: provider, custom: true, id: "0b7a", type: "pulumi:providers:aws", inputs: { region: "us-east-1" }, outputs: { region: "us-east-1" } }),
    ];
    for (let i = 2; i < RESOURCES; i++) {
        parts.push(",", JSON.stringify(i < 2 + TRAILS ? trail(stack, provider, i) : i % 10 === 0 ? role(stack, provider, i) : bucket(stack, provider, i)));
    }
    parts.push("]}}\n");
    fs.writeFileSync(file, parts.join(""));
}

function common(stack: string, provider: string, type: string, name: string, id: string) {
    return { urn: `${stack}::${type}::${name}`, custom: true, id, type, parent: `${stack}::pulumi:pulumi:Stack::platform-prod`, provider: `${provider}::0b7a` };
}

function bucket(stack: string, provider: string, i: number) {
    const name = `tenant-${i}-data`;
    const inputs = { bucket: name, forceDestroy: false, tags: { tenant: String(i) } };
    return {
        ...common(stack, provider, "aws:s3/bucket:Bucket", name, name),
        inputs,
        outputs: { ...inputs, arn: `arn:aws:s3:::${name}`, id: name, region: "us-east-1" },
    };
}

function role(stack: string, provider: string, i: number) {
    const name = `tenant-${i}-worker`;
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const inputs = { assumeRolePolicy: trust, name };
    return {
        ...common(stack, provider, "aws:iam/role:Role", name, name),
        inputs,
        outputs: { ...inputs, arn: `arn:aws:iam::123456789012:role/${name}`, id: name, path: "/" },
    };
}

function trail(stack: string, provider: string, i: number) {
    const name = `tenant-trail-${i}`;
    const inputs = { name, s3BucketName: `tenant-${i + TRAILS}-data`, isMultiRegionTrail: i % 2 === 0, enableLogFileValidation: true };
    return { ...common(stack, provider, "aws:cloudtrail/trail:Trail", name, name), inputs, outputs: { ...inputs, arn: `arn:aws:cloudtrail:us-east-1:123456789012:trail/${name}`, kmsKeyId: "" } };
}

describe("audit: a 50+ MB export with 100k resources", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-large-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("goes through the compiled bin within time and memory bounds", () => {
        const file = path.join(dir, "large.export.json");
        writeLargeExport(file);
        const size = fs.statSync(file).size;
        assert.ok(size > 45e6 && size < 60e6, `generated ${size} bytes`);
        const rssFile = path.join(dir, "max-rss");
        const preload = path.join(dir, "max-rss.js");
        fs.writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
        const started = Date.now();
        const run = spawnSync(process.execPath, ["-r", preload, path.join(REPO_ROOT, "policypack", "dist", "cli", "main.js"), "audit", file, "--format", "json"], {
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
        });
        const seconds = (Date.now() - started) / 1000;
        const maxRssMb = Number(fs.readFileSync(rssFile, "utf8")) / 1024;
        console.log(`      ${(size / 1e6).toFixed(1)} MB, ${RESOURCES} resources: ${seconds.toFixed(1)} s, peak RSS ${maxRssMb.toFixed(0)} MB`);
        assert.equal(run.stderr, "");
        assert.equal(run.status, 1);
        const report = JSON.parse(run.stdout);
        assert.equal(report.summary.resources, RESOURCES);
        const singleRegion = report.violations.filter((v: { policy: string }) => v.policy === "cloudtrail-multi-region");
        assert.equal(singleRegion.length, TRAILS / 2);
        assert.ok(maxRssMb < 600, `peak RSS ${maxRssMb.toFixed(0)} MB`);
        assert.ok(seconds < 30, `took ${seconds} s`);
    });
});
