import { once } from "events";
import { resolve } from "path";
import { Command, parseCommandLine, UsageError } from "../command";
import { WorkerHashPool } from "../../logs/hash-pool";
import { KeyFileError, loadPublicKeys, PublicKeyStore } from "../../logs/keys";
import { parseUserTime } from "../../logs/layout";
import { ProgressBar } from "../../logs/progress";
import { formatJson, formatText, isAllValid, ReportFormat } from "../../logs/report";
import { scanTree, TreeError } from "../../logs/tree";
import { verifyTree } from "../../logs/verify";

const USAGE = `Usage: cloudtrail-guardrails verify-logs <dir> [--public-keys <file|dir>] [--from T] [--to T] [--format text|json]

Validates CloudTrail log files and digests copied out of S3 (an archive, another account, a laptop),
as "aws cloudtrail validate-logs" does in place.

  <dir>                 A tree laid out as in the bucket: [prefix/]AWSLogs/[o-org/]<account>/CloudTrail[-Digest]/...
                        Each digest needs its S3 metadata beside it in <digest name>.metadata.json,
                        e.g. {"signature": "<hex>", "signature-algorithm": "SHA256withRSA"} (fetch-logs writes these).
  --public-keys <path>  Output of "aws cloudtrail list-public-keys" (or fetch-logs --save-public-keys),
                        a folder of such files, or PEM files. Needed when the tree holds digests.
  --from T, --to T      Only digests and logs of this UTC window, e.g. 2024-05-01T00:00:00Z.
  --format text|json    Default text.

Checks each digest's SHA256withRSA signature, the chain of previous digests (reporting gaps),
every log file each digest lists (SHA-256 of the inflated file), and log files no valid digest lists.
Exit status: 0 all valid, 1 any file invalid, missing or not covered, 2 unusable input.
`;

interface VerifyLogsOptions {
    readonly dir: string;
    readonly publicKeys?: string;
    readonly from?: Date;
    readonly to?: Date;
    readonly format: ReportFormat;
}

export const verifyLogs: Command = {
    name: "verify-logs",
    summary: "Validate CloudTrail logs and digests copied out of S3 (signatures, chain, hashes).",
    usage: USAGE,
    async run(argv, io) {
        const options = parseOptions(argv, io.cwd);
        // Started before the scan, so a worker is up by the time the first digest lists its logs.
        const hasher = new WorkerHashPool();
        try {
            const tree = await scanTree(options.dir).catch(rethrowAsUsage(TreeError));
            if (tree.digests.length > 0 && options.publicKeys === undefined) {
                throw new UsageError(`${options.dir} holds digests: pass --public-keys <file|dir> with the output of "aws cloudtrail list-public-keys"`);
            }
            const keys = options.publicKeys === undefined ? new PublicKeyStore([]) : await loadPublicKeys(options.publicKeys).catch(rethrowAsUsage(KeyFileError));
            const progress = new ProgressBar(io.stderr, "Hashing log files");
            const report = await verifyTree({
                tree,
                keys,
                hasher,
                from: options.from,
                to: options.to,
                onLogProgress: (done, total) => progress.update(done, total),
            });
            progress.finish();
            if (options.format === "json") {
                // Wait for the reader: a report for many files would otherwise queue in memory behind a pipe.
                for (const piece of formatJson(report)) {
                    if (!io.stdout.write(piece)) {
                        await once(io.stdout, "drain");
                    }
                }
            } else {
                io.stdout.write(formatText(report));
            }
            return isAllValid(report) ? 0 : 1;
        } finally {
            await hasher.close();
        }
    },
};

function parseOptions(argv: readonly string[], cwd: string): VerifyLogsOptions {
    const { values, positionals } = parseCommandLine(argv, {
        "public-keys": { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        format: { type: "string" },
    });
    if (positionals.length !== 1) {
        throw new UsageError("expects one folder: verify-logs <dir> [--public-keys <file|dir>]");
    }
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") {
        throw new UsageError(`--format "${format}" is not text or json`);
    }
    const from = optionalTime(values.from, "--from");
    const to = optionalTime(values.to, "--to");
    if (from && to && from > to) {
        throw new UsageError("--from is after --to");
    }
    return {
        dir: resolve(cwd, positionals[0]),
        ...(values["public-keys"] === undefined ? {} : { publicKeys: resolve(cwd, values["public-keys"]) }),
        from,
        to,
        format,
    };
}

function optionalTime(text: string | undefined, flag: string): Date | undefined {
    if (text === undefined) {
        return undefined;
    }
    const time = parseUserTime(text);
    if (!time) {
        throw new UsageError(`${flag} "${text}" is not a UTC timestamp like 2024-05-01T00:00:00Z`);
    }
    return time;
}

/** Turns a known input error into exit status 2 with its one-line message. */
function rethrowAsUsage(kind: new (message: string) => Error): (error: unknown) => never {
    return (error) => {
        throw error instanceof kind ? new UsageError(error.message) : error;
    };
}
