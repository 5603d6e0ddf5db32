/**
 * npm run bench:verify — verify-logs over 10,000 generated log files against three baselines
 * measured in the same run: a minimal Node floor (read + gunzip + SHA-256 on all cores), the same
 * work by C tools, and plain sha256sum of the stored bytes (not the same job: logs are hashed inflated).
 * Each figure is the median of several runs taken in turn, so load from elsewhere on a small
 * machine shifts both sides alike; peak RSS at a tenth and at three times the logs shows whether
 * memory grows with them.
 */
import { execFileSync, spawnSync } from "child_process";
import { closeSync, linkSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from "fs";
import { availableParallelism, tmpdir } from "os";
import { dirname, join } from "path";
import { gzipSync } from "zlib";
import { buildTrail, makeSigningKey, listPublicKeysJson, sha256, START, write } from "../test/logs/fixtures";

const LOGS = 10_000;
const LOGS_PER_HOUR = 100;
const RECORDS_PER_LOG = 60;
const RUNS = 5;
/** The larger tree links the logs again under later hours, so it costs digests and links, not content. */
const LARGE_FACTOR = 3;
const cores = availableParallelism();
const repo = join(__dirname, "..");

function main(): void {
    const root = mkdtempSync(join(tmpdir(), "bench-verify-"));
    try {
        console.log(`Building the CLI and generating ${LOGS} log files in ${root}, linked into trees of ${LOGS / 10} and ${LOGS * LARGE_FACTOR} ...`);
        execFileSync("npx", ["tsc", "-p", "policypack/tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
        const { tree, tenthTree, largeTree, keys, logList, storedBytes, inflatedBytes } = generate(root);
        console.log(`${LOGS} logs: ${mb(storedBytes)} MB stored, ${mb(inflatedBytes)} MB inflated; ${LOGS / LOGS_PER_HOUR} digests; ${cores} cores\n`);

        const cli = join(repo, "policypack/dist/cli/main.js");
        const verify = (dir: string): [string, string[]] => ["node", [cli, "verify-logs", dir, "--public-keys", keys, "--format", "json"]];
        // Alternated so a burst of load from elsewhere on the machine lands on both sides, and medians so one burst decides nothing.
        const [ours, floorRun, sums, tenth, large] = alternate(RUNS, [
            verify(tree),
            ["node", [join(__dirname, "hash-floor.js"), logList]],
            ["sh", ["-c", `tr '\\n' '\\0' < ${logList} | xargs -0 -P${cores} -n 500 sha256sum > /dev/null`]],
            verify(tenthTree),
            verify(largeTree),
        ]);
        // Thousands of gzip and sha256sum processes: slow and steady, so measured once.
        const [cTools] = alternate(1, [["sh", ["-c", `tr '\\n' '\\0' < ${logList} | xargs -0 -P${cores} -n 500 sh -c 'for f; do gzip -dc "$f" | sha256sum; done' _ > /dev/null`]]]);
        const rows: [string, Measurement][] = [
            ["verify-logs (this tool)", ours],
            ["floor: Node read+gunzip+sha256, worker threads", floorRun],
            [`C tools: xargs -P${cores} -n 500 gzip -dc | sha256sum`, cTools],
            [`plain sha256sum (stored bytes, xargs -P${cores})`, sums],
        ];
        const floor = floorRun.seconds;
        console.log(`Median of ${RUNS} alternated runs each (C tools: 1 run); all runs in seconds after the name.`);
        console.log(`${"run".padEnd(52)} ${"seconds".padStart(8)} ${"MB/s".padStart(8)} ${"x floor".padStart(8)} ${"peak RSS".padStart(9)}  runs`);
        for (const [name, row] of rows) {
            console.log(
                `${name.padEnd(52)} ${row.seconds.toFixed(2).padStart(8)} ${(mb(storedBytes) / row.seconds).toFixed(1).padStart(8)} ${(floor / row.seconds).toFixed(2).padStart(8)} ${`${row.peakRssMb} MB`.padStart(9)}  ${row.all.map((s) => s.toFixed(2)).join(" ")}`,
            );
        }
        const sizes: [number, Measurement][] = [
            [LOGS / 10, tenth],
            [LOGS, ours],
            [LOGS * LARGE_FACTOR, large],
        ];
        console.log(`\nMemory (median peak RSS): ${sizes.map(([logs, row]) => `${row.peakRssMb} MB verifying ${logs} logs`).join(", ")}.`);
        const growth = sizes.slice(1).map(([logs, row], index) => {
            const [fewer, smaller] = sizes[index];
            return `${(((row.peakRssMb - smaller.peakRssMb) / (logs - fewer)) * 1000).toFixed(2)} MB from ${fewer} to ${logs}`;
        });
        console.log(`Growth per 1000 logs: ${growth.join(", ")}.`);
        // The runs above read the report through a pipe, as a caller piping it on would. The same
        // sizes with stdout redirected to a file, once each, tell verify-logs' own memory apart
        // from report output the command queues when the pipe's reader falls behind.
        const toFile = alternate(1, [verify(tenthTree), verify(tree), verify(largeTree)], join(root, "report.json"));
        console.log(`Memory with stdout to a file: ${sizes.map(([logs], index) => `${toFile[index].peakRssMb} MB verifying ${logs} logs`).join(", ")}.`);
        console.log(`Target: verify-logs >= 0.8x the floor: ${(floor / ours.seconds).toFixed(2)}x`);
    } finally {
        if (process.env.BENCH_VERIFY_KEEP) {
            console.log(`Kept ${root} (BENCH_VERIFY_KEEP)`);
        } else {
            rmSync(root, { recursive: true, force: true });
        }
    }
}

interface Measurement {
    /** Medians over the runs. */
    readonly seconds: number;
    readonly peakRssMb: number;
    readonly all: readonly number[];
}

/** Runs each command `runs` times, taking turns, and returns each one's medians; stdout to `outputFile` if given, else a pipe. */
function alternate(runs: number, commands: readonly [string, string[]][], outputFile?: string): Measurement[] {
    const samples = commands.map(() => [] as { seconds: number; rssMb: number }[]);
    for (let run = 0; run < runs; run++) {
        commands.forEach(([command, args], index) => samples[index].push(measure(command, args, outputFile)));
    }
    return samples.map((runsOf) => ({
        seconds: median(runsOf.map((sample) => sample.seconds)),
        peakRssMb: median(runsOf.map((sample) => sample.rssMb)),
        all: runsOf.map((sample) => sample.seconds),
    }));
}

/** Wall time and peak RSS (GNU time) of one child process, which must exit 0. */
function measure(command: string, args: string[], outputFile?: string): { seconds: number; rssMb: number } {
    const output = outputFile === undefined ? "pipe" : openSync(outputFile, "w");
    const started = process.hrtime.bigint();
    const run = spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", output, "pipe"] });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (typeof output === "number") {
        closeSync(output);
    }
    if (run.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited ${run.status}: ${run.stderr.slice(-500)}`);
    }
    const rssKb = Number(run.stderr.trim().split("\n").pop());
    return { seconds, rssMb: Math.round(rssKb / 1024) };
}

function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** CloudTrail-like records with varied values, so the logs compress about as real ones do. */
function generate(root: string): { tree: string; tenthTree: string; largeTree: string; keys: string; logList: string; storedBytes: number; inflatedBytes: number } {
    const key = makeSigningKey();
    const tree = join(root, "tree");
    let storedBytes = 0;
    let inflatedBytes = 0;
    let seed = 1;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const hex = (length: number): string => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join("");
    const names = ["GetObject", "PutObject", "AssumeRole", "DescribeInstances", "ListBuckets", "Decrypt", "GenerateDataKey"];
    const hours = LOGS / LOGS_PER_HOUR;
    const trail = buildTrail(tree, {
        key,
        hours,
        logsPerHour: LOGS_PER_HOUR,
        writeLog: (path) => {
            const records = Array.from({ length: RECORDS_PER_LOG }, (_, n) => ({
                eventVersion: "1.09",
                userIdentity: { type: "AssumedRole", principalId: `AROA${hex(16).toUpperCase()}:session-${n}`, arn: `arn:aws:sts::111122223333:assumed-role/role-${n % 7}/session`, accountId: "111122223333", accessKeyId: `ASIA${hex(16).toUpperCase()}` },
                eventTime: new Date(START + n * 1000).toISOString(),
                eventSource: "s3.amazonaws.com",
                eventName: names[n % names.length],
                awsRegion: "us-east-1",
                sourceIPAddress: `10.${n % 250}.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}`,
                userAgent: "aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js md/nodejs#20.11.0 api/s3#3.600.0",
                requestParameters: { bucketName: "data-bucket", key: `prefix/${hex(24)}.parquet`, Host: "data-bucket.s3.amazonaws.com" },
                responseElements: null,
                requestID: hex(16).toUpperCase(),
                eventID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
                readOnly: n % 2 === 0,
                eventType: "AwsApiCall",
                recipientAccountId: "111122223333",
            }));
            const content = Buffer.from(JSON.stringify({ Records: records }));
            const stored = gzipSync(content);
            write(tree, path, stored);
            storedBytes += stored.length;
            inflatedBytes += content.length;
            return sha256(content);
        },
    });
    const keys = join(root, "keys.json");
    writeFileSync(keys, listPublicKeysJson([key]));
    // The first tenth of the hours, linked into a tree of its own: a whole tree of a tenth the files.
    const tenthTree = join(root, "tenth");
    for (const digest of trail.digests.slice(0, hours / 10)) {
        for (const file of [digest.key, `${digest.key}.metadata.json`, ...digest.logs]) {
            mkdirSync(dirname(join(tenthTree, file)), { recursive: true });
            linkSync(join(tree, file), join(tenthTree, file));
        }
    }
    const largeTree = join(root, "large");
    buildTrail(largeTree, {
        key,
        hours: hours * LARGE_FACTOR,
        logsPerHour: LOGS_PER_HOUR,
        writeLog: (path, hour, index) => {
            mkdirSync(dirname(join(largeTree, path)), { recursive: true });
            linkSync(join(tree, trail.digests[hour % hours].logs[index]), join(largeTree, path));
            return (trail.digests[hour % hours].document.logFiles as { hashValue: string }[])[index].hashValue;
        },
    });
    const logList = join(root, "logs.txt");
    writeFileSync(logList, trail.logs.map((log) => join(tree, log)).join("\n") + "\n");
    if (statSync(logList).size === 0) {
        throw new Error("no logs generated");
    }
    return { tree, tenthTree, largeTree, keys, logList, storedBytes, inflatedBytes };
}

function mb(bytes: number): number {
    return Math.round((bytes / 1e6) * 10) / 10;
}

main();
