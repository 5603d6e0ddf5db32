/**
 * npm run reference:export -- --out <file> [--config key=value ...]
 *
 * Runs the reference stack under the mock engine (update mode) and writes what it registers as a
 * `pulumi stack export` file, so the audit command, the pack and other scanners can read the
 * reference stack with no Pulumi CLI and no AWS account.
 */
import * as fs from "fs";
import { parseConfig, ReferenceConfigError } from "../stacks/config";
import { referenceStack } from "../stacks/program";
import { runUnderMocks } from "../stacks/testing/mock-engine";
import { referenceExport } from "../stacks/testing/reference-export";

const USAGE = "usage: npm run reference:export -- --out <file> [--config key=value ...]";

function parseArgs(argv: readonly string[]): { out: string; config: Record<string, string> } {
    let out: string | undefined;
    const config: Record<string, string> = {};
    for (let i = 0; i < argv.length; i++) {
        const value = argv[i + 1];
        if (value === undefined || (argv[i] !== "--out" && argv[i] !== "--config")) {
            throw new Error(`unexpected argument "${argv[i]}"\n${USAGE}`);
        }
        i++;
        if (argv[i - 1] === "--out") {
            out = value;
            continue;
        }
        const at = value.indexOf("=");
        if (at <= 0) {
            throw new Error(`--config needs key=value, got "${value}"\n${USAGE}`);
        }
        config[value.slice(0, at)] = value.slice(at + 1);
    }
    if (out === undefined) {
        throw new Error(`--out is required\n${USAGE}`);
    }
    return { out, config };
}

async function main(): Promise<void> {
    const { out, config } = parseArgs(process.argv.slice(2));
    const validated = parseConfig(config);
    const run = await runUnderMocks(() => referenceStack(validated), { preview: false });
    fs.writeFileSync(out, `${JSON.stringify(referenceExport(run), null, 2)}\n`);
    console.log(`Wrote ${run.resources.length + 1} resources to ${out}`);
}

main().catch((error: unknown) => {
    console.error(error instanceof ReferenceConfigError || error instanceof Error ? error.message : String(error));
    process.exit(1);
});
