import { describeError } from "../core/errors";
import { Command, CommandIO, UsageError } from "./command";

/**
 * Commands are loaded only when chosen, so `--help` and each command start without loading the
 * others' dependencies.
 */
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Command }>> = {
    audit: { summary: "Check `pulumi stack export` files offline with the pack's rules (text, JSON or SARIF).", load: () => require("./commands/audit").audit },
    demo: { summary: "Evaluate the bundled example stacks and print a preview-style report.", load: () => require("./commands/demo").demo },
    "verify-logs": { summary: "Validate CloudTrail logs and digests copied out of S3.", load: () => require("./commands/verify-logs").verifyLogs },
    "fetch-logs": { summary: "Download CloudTrail logs, digests and their signatures from S3 for verify-logs.", load: () => require("./commands/fetch-logs").fetchLogs },
};

const VERSION: string = require("../../package.json").version;

function help(): string {
    const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
    const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
    return [
        "Usage: cloudtrail-guardrails <command> [options]",
        "",
        "Keeps AWS CloudTrail deployments made with Pulumi safe.",
        "",
        "Commands:",
        ...lines,
        "",
        "Options:",
        "  --help     Show this help, or a command's help after its name.",
        "  --version  Print the version.",
        "",
    ].join("\n");
}

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
    const [first, ...rest] = argv;
    if (first === undefined || first === "--help" || first === "-h" || first === "help") {
        io.stdout.write(help());
        return first === undefined ? 2 : 0;
    }
    if (first === "--version" || first === "-v") {
        io.stdout.write(`${VERSION}\n`);
        return 0;
    }
    const entry = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!entry) {
        io.stderr.write(`cloudtrail-guardrails: unknown command "${first}". Run "cloudtrail-guardrails --help" for the list.\n`);
        return 2;
    }
    const command = entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
        io.stdout.write(command.usage.endsWith("\n") ? command.usage : `${command.usage}\n`);
        return 0;
    }
    try {
        return await command.run(rest, io);
    } catch (error) {
        if (error instanceof UsageError) {
            io.stderr.write(`cloudtrail-guardrails ${command.name}: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
}

/** Runs the CLI with the real process streams and sets the exit code. */
export function runFromProcess(): void {
    // `audit ... | head` closes the pipe early: that is the reader's choice, not an error.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE") {
            process.exit(process.exitCode ?? 0);
        }
        throw error;
    });
    main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env })
        .then((code) => {
            process.exitCode = code;
        })
        .catch((error: unknown) => {
            // The class and place only: a message could quote the input, and inputs may hold secrets.
            process.stderr.write(`cloudtrail-guardrails: internal error (${describeError(error)}). Please report it.\n`);
            process.exitCode = 3;
        });
}

if (require.main === module) {
    runFromProcess();
}
