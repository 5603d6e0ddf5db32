import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable, Writable } from "stream";
import { main } from "../../policypack/src/cli/main";
import { RULES } from "../../policypack/src/core/rules";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = "test/fixtures/exports";

export interface Run {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

class Capture extends Writable {
    text = "";
    constructor(readonly isTTY = false) {
        super();
    }
    override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
        this.text += chunk.toString();
        done();
    }
}

/** Runs the CLI in-process, as `cloudtrail-guardrails <argv>` from the repository root. */
export async function cli(argv: readonly string[], options: { stdin?: string; stderrIsTTY?: boolean } = {}): Promise<Run> {
    const stdout = new Capture();
    const stderr = new Capture(options.stderrIsTTY);
    const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
    const code = await main(argv, { stdout, stderr, stdin, cwd: REPO_ROOT, env: {} });
    return { code, stdout: stdout.text, stderr: stderr.text };
}

export function fixture(name: string): string {
    return `${FIXTURES}/${name}`;
}

let trailOnly: string | undefined;

/**
 * A policy config that runs only the trail rules, each at its default level: exact expectations
 * stay true while stack rules (bucket, key, log group, IAM) are added to the pack.
 */
export function trailRulesOnlyConfig(): string {
    if (trailOnly === undefined) {
        const config: Record<string, string> = { all: "disabled" };
        for (const rule of RULES.filter((r) => r.subject === "trail")) {
            config[rule.name] = rule.enforcementLevel;
        }
        trailOnly = writeTempConfig("trail-rules-only", config);
    }
    return trailOnly;
}

export function writeTempConfig(name: string, config: unknown): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-config-"));
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}
