import { promises as fs } from "fs";
import * as path from "path";
import { auditSources } from "../../audit/audit";
import { ExportError, parseJson, STDIN } from "../../audit/export";
import { jsonReport } from "../../audit/json";
import { Progress } from "../../audit/progress";
import { exitCodeOf, FileAudit } from "../../audit/report";
import { sarifReport } from "../../audit/sarif";
import { textReport } from "../../audit/text";
import { ConfigError, resolveRuleConfig } from "../../core/config";
import { DEFAULT_CONFIG, PackConfig, parsePackConfig } from "../../core/pack-config";
import { RULES } from "../../core/rules";
import { Command, CommandIO, UsageError } from "../command";

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: cloudtrail-guardrails audit <stack-export.json>... [--format text|json|sarif] [--config <policy-config.json>]

Checks stacks that are already deployed, offline: reads what \`pulumi stack export\` prints
(deployment version 3) and runs the same rules with the same configuration as the policy pack.
Each resource is judged on its outputs, falling back to its inputs where an output is missing.
Give one or more files, or - to read one export from stdin:

  pulumi stack export | cloudtrail-guardrails audit - --format sarif > cloudtrail.sarif

Options:
  --format text   Findings grouped by resource, as \`pulumi preview\` lists them (default).
  --format json   {"violations": [...], "summary": {...}}. Each violation has the keys
                  file, policy, kind (violation | undecidable | notApplicable),
                  enforcementLevel (mandatory | advisory), severity, urn (null for a
                  stack-level finding), resourceType, message and exemptionReason (null
                  unless exempted). The summary holds "files" (per file: file, stack,
                  project, resources, mandatory, advisory, information) and the totals
                  resources, mandatory (mandatory violations), advisory (advisory
                  violations, exempted ones included), information (lines where a rule
                  could not decide or had nothing to judge) and blocking (mandatory > 0).
  --format sarif  SARIF 2.1.0, for code-scanning UIs.
  --config FILE   The policy configuration, in the format of
                  \`pulumi preview --policy-pack-config\`: levels, settings, exemptions.

Secret values are never printed; a rule that needs one reports that it cannot decide.

Exit status: 0 no mandatory violation, 1 at least one mandatory violation, 2 unusable input
(a file that cannot be read or is not a version 3 stack export, a bad option or config). With
several files, each is reported and the worst status wins.
`;

interface Options {
    readonly sources: readonly string[];
    readonly format: Format;
    readonly configFile?: string;
}

function parseArgs(argv: readonly string[]): Options {
    const sources: string[] = [];
    let format: Format = "text";
    let configFile: string | undefined;
    let optionsEnded = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (optionsEnded || arg === STDIN || !arg.startsWith("-")) {
            sources.push(arg);
            continue;
        }
        if (arg === "--") {
            optionsEnded = true;
            continue;
        }
        const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const value = (): string => {
            const v = inline ?? argv[++i];
            if (v === undefined || v === "") {
                throw new UsageError(`${name} needs a value`);
            }
            return v;
        };
        switch (name) {
            case "--format": {
                const v = value();
                if (!(FORMATS as readonly string[]).includes(v)) {
                    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${v}"`);
                }
                format = v as Format;
                break;
            }
            case "--config":
                configFile = value();
                break;
            default:
                throw new UsageError(`unknown option "${name}". Run "cloudtrail-guardrails audit --help" for the options.`);
        }
    }
    if (sources.length === 0) {
        throw new UsageError('give at least one stack export file (the output of "pulumi stack export"), or - to read one from stdin');
    }
    if (sources.filter((s) => s === STDIN).length > 1) {
        throw new UsageError("stdin (-) can be read only once");
    }
    return { sources, format, configFile };
}

/** Reads and checks the whole configuration up front, so a typo fails the run instead of silently dropping one policy. */
async function loadConfig(file: string, cwd: string): Promise<PackConfig> {
    let text: string;
    try {
        text = await fs.readFile(path.resolve(cwd, file), "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code;
        throw new UsageError(`${file}: cannot read the policy configuration (${reason})`);
    }
    if (text.trim() === "") {
        // parseJson would call it an empty stack export.
        throw new UsageError(`${file}: is empty; expected the policy configuration, a JSON object keyed by policy name`);
    }
    try {
        const config = parsePackConfig(parseJson(text), RULES.map((r) => r.name));
        for (const rule of RULES) {
            resolveRuleConfig(rule, config.settingsFor(rule));
        }
        return config;
    } catch (error) {
        if (error instanceof ConfigError || error instanceof ExportError) {
            throw new UsageError(`${file}: ${error.message}`);
        }
        throw error;
    }
}

function formatReport(audits: readonly FileAudit[], format: Format): string {
    switch (format) {
        case "text":
            return textReport(audits);
        case "json":
            return jsonReport(audits);
        case "sarif":
            return sarifReport(audits, require("../../../package.json").version);
    }
}

export const audit: Command = {
    name: "audit",
    summary: "Check `pulumi stack export` files offline with the pack's rules (text, JSON or SARIF).",
    usage: USAGE,
    async run(argv: readonly string[], io: CommandIO): Promise<number> {
        const options = parseArgs(argv);
        const config = options.configFile === undefined ? DEFAULT_CONFIG : await loadConfig(options.configFile, io.cwd);
        const progress = new Progress(io.stderr);
        const { audits, unusable } = await auditSources(options.sources, config, io, progress);
        progress.clear();
        for (const { file, problem } of unusable) {
            io.stderr.write(`cloudtrail-guardrails audit: ${file}: ${problem}\n`);
        }
        if (audits.length > 0) {
            io.stdout.write(formatReport(audits, options.format));
        }
        return unusable.length > 0 ? 2 : exitCodeOf(audits);
    },
};
