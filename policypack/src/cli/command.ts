import { parseArgs } from "util";

/** A subcommand of the `cloudtrail-guardrails` CLI. */
export interface Command {
    readonly name: string;
    /** One line for `--help`. */
    readonly summary: string;
    /** Full usage text for `<command> --help`. */
    readonly usage: string;
    /** Returns the process exit code. Never prints secrets; errors go to io.stderr. */
    run(argv: readonly string[], io: CommandIO): Promise<number>;
}

export interface CommandIO {
    readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
    readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
    readonly stdin: NodeJS.ReadableStream;
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
}

/** An error the user can act on: printed as one line, exit code 2. */
export class UsageError extends Error {}

/**
 * util.parseArgs, with its errors (unknown flag, missing value) as one-line usage errors. It lives
 * here, not in a command, so a command does not load another command's modules to parse options.
 */
export function parseCommandLine<T extends Record<string, { type: "string" | "boolean" }>>(argv: readonly string[], options: T) {
    try {
        return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError(`${(error as Error).message.split(". ")[0]}; run with --help for the options`);
    }
}
