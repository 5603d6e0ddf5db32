import { promises as fs } from "fs";
import * as path from "path";
import { auditSources } from "../../audit/audit";
import { Progress } from "../../audit/progress";
import { exitCodeOf } from "../../audit/report";
import { textReport } from "../../audit/text";
import { DEFAULT_CONFIG } from "../../core/pack-config";
import { Command, CommandIO } from "../command";

/** The repository's examples/ folder, from src/cli/commands (ts-node) and dist/cli/commands alike. */
const EXAMPLES_DIR = path.resolve(__dirname, "..", "..", "..", "..", "examples");
const EXPORT_SUFFIX = ".export.json";
/** Listed first when present: the stack this project recommends. */
const REFERENCE_EXPORT = "reference-stack.export.json";

/**
 * `npm start`: the first thing a new user runs. Audits the example exports bundled in the
 * repository, with no cloud account and no Pulumi CLI, and always exits 0: it shows what the pack
 * would block, it does not block anything.
 */
export const demo: Command = {
    name: "demo",
    summary: "Evaluate the bundled example stacks and print a preview-style report.",
    usage: `Usage: cloudtrail-guardrails demo

Audits the example stack exports in the repository's examples/ folder (*${EXPORT_SUFFIX}) with
every rule at its default level and prints the report that \`cloudtrail-guardrails audit\` prints.
Needs no cloud account and no Pulumi CLI. Always exits 0.
`,
    async run(argv: readonly string[], io: CommandIO): Promise<number> {
        if (argv.length > 0) {
            io.stderr.write(`cloudtrail-guardrails demo: takes no arguments; to check your own stack run "cloudtrail-guardrails audit <stack-export.json>"\n`);
            return 2;
        }
        const names = await exampleExports();
        if (names.length === 0) {
            io.stdout.write(`No example exports (*${EXPORT_SUFFIX}) found in ${EXAMPLES_DIR}: this command runs from a clone of the repository.\n`);
            return 0;
        }
        const shown = names.map((n) => path.join("examples", n));
        const intro = [`Auditing the bundled example stack exports: ${shown.join(", ")}.`];
        if (!names.includes(REFERENCE_EXPORT)) {
            intro.push(`(${path.join("examples", REFERENCE_EXPORT)}, the reference stack's export, is not there yet.)`);
        }
        intro.push("No cloud account and no Pulumi CLI are used: these files are what `pulumi stack export` prints.", "", "");
        io.stdout.write(intro.join("\n"));
        const { audits, unusable } = await auditSources(shown, DEFAULT_CONFIG, { cwd: path.dirname(EXAMPLES_DIR), stdin: io.stdin }, new Progress(io.stderr));
        for (const { file, problem } of unusable) {
            io.stderr.write(`cloudtrail-guardrails demo: ${file}: ${problem}\n`);
        }
        io.stdout.write(textReport(audits));
        io.stdout.write(
            [
                "",
                `\`cloudtrail-guardrails audit\` would exit ${exitCodeOf(audits)} here (1 = a mandatory violation blocks). Check your own stacks with:`,
                "  pulumi stack export > stack.json && npx cloudtrail-guardrails audit stack.json [--format json|sarif] [--config policy-config.json]",
                "",
            ].join("\n"),
        );
        return 0;
    },
};

/** The example exports, the reference stack's first; none when the folder is missing (an installed package has no examples). */
async function exampleExports(): Promise<string[]> {
    let entries: string[];
    try {
        entries = await fs.readdir(EXAMPLES_DIR);
    } catch {
        return [];
    }
    const exports = entries.filter((n) => n.endsWith(EXPORT_SUFFIX)).sort();
    return [...exports.filter((n) => n === REFERENCE_EXPORT), ...exports.filter((n) => n !== REFERENCE_EXPORT)];
}
