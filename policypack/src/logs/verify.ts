import { sep } from "path";
import { checkChains, SignedDigest } from "./chain";
import { BACKFILL_GENERATION_TIMESTAMP, DigestDocument } from "./digest";
import { DigestProblem, DigestProvider, LoadedDigest, LocalDigestProvider } from "./digest-provider";
import { FileKind, FileResult, StatusCounts, VerificationReport } from "./findings";
import { LogHasher } from "./hash-pool";
import { keyTail, parseLocation } from "./layout";
import { PublicKeyProvider } from "./keys";
import { digestSigningString, DigestSignatureValidator, sha256WithRsa } from "./signing";
import { DigestFile, LogTree } from "./tree";

export interface VerifyOptions {
    readonly tree: LogTree;
    readonly keys: PublicKeyProvider;
    readonly hasher: LogHasher;
    readonly digests?: DigestProvider;
    readonly validator?: DigestSignatureValidator;
    readonly from?: Date;
    readonly to?: Date;
    /** `total` grows while digests are read: it counts the logs queued so far. */
    readonly onLogProgress?: (done: number, total: number) => void;
}

const HOUR_MS = 3600 * 1000;
const BACKFILL_KEY_TOLERANCE_MS = HOUR_MS;
const DIGEST_READS_AT_ONCE = 8;

/**
 * Digests are chosen as the AWS CLI chooses them: ending inside the window or up to an hour
 * after it, since a digest lists the logs of the hour before its end. Log files not listed by
 * any valid digest are judged by the delivery time in their name.
 *
 * The logs a digest lists are queued for hashing as soon as its signature checks out, so hashing
 * runs while the other digests are read; whether the chain makes the digest valid is settled
 * after, and results for logs only an invalid digest lists are dropped. Digests are read only as
 * fast as logs are hashed, and each is kept without its list of logs: what is held per log is
 * which digest queued it, and a finding for each that is not valid.
 */
export async function verifyTree(options: VerifyOptions): Promise<VerificationReport> {
    const { tree, from, to } = options;
    const { logs } = tree;
    const within = (time: Date, slackMs = 0): boolean => (!from || time >= from) && (!to || time.getTime() <= to.getTime() + slackMs);
    const selected = tree.digests.filter((digest) => within(digest.location.endTime, HOUR_MS));
    const provider = options.digests ?? new LocalDigestProvider(tree.root);

    // The index in `selected` of the digest that queued each log, -1 for none. A log listed again
    // (a backfill) is hashed again, against that listing, with a tag past the logs' ordinals.
    const queuedBy = new Int32Array(logs.count).fill(-1);
    const relisted: { readonly log: number; readonly digest: number }[] = [];
    const problems = new Map<number, string>();
    let queued = 0;
    let hashed = 0;
    // Concatenated, not path.join: the root is absolute and the paths came from readdir, so there
    // is nothing to normalize, and joining ten thousand paths shows in a profile.
    const pathOf = (tag: number): string => `${tree.root}${sep}${logs.path(tag < logs.count ? tag : relisted[tag - logs.count].log)}`;
    const run = options.hasher.start(pathOf, (count, found) => {
        found.forEach(({ tag, problem }) => problems.set(tag, problem));
        options.onLogProgress?.((hashed += count), queued);
    });
    const checked = await mapLimited(selected, DIGEST_READS_AT_ONCE, async (file, digest) => {
        // Waiting before the read, not after, so no digest's list of logs is held while waiting.
        await run.room();
        const result = await checkDigest(file, provider, options);
        if (!("document" in result)) {
            return result;
        }
        const { logFiles, ...document } = result.document;
        const missing: { tail: string; s3Object: string }[] = [];
        for (const { s3Object, hashValue } of logFiles) {
            const tail = keyTail(s3Object);
            const log = logs.find(tail);
            if (log === undefined) {
                missing.push({ tail, s3Object });
                continue;
            }
            let tag = log;
            if (queuedBy[log] < 0) {
                queuedBy[log] = digest;
            } else {
                tag = logs.count + relisted.length;
                relisted.push({ log, digest });
            }
            queued += 1;
            run.add(tag, hashValue);
        }
        return { ...result, document, missing: missing as Missing };
    });

    const signed = checked.filter((result): result is SignedDigest & { missing: Missing } => "document" in result);
    const chains = checkChains(tree, signed, from);
    const report = new ReportBuilder(tree);
    const isValid = new Uint8Array(checked.length);
    checked.forEach((result, digest) => {
        const problem = "problem" in result ? result.problem : chains.broken.get(result.file.path);
        isValid[digest] = problem === undefined ? 1 : 0;
        report.digest(result.file.path, problem);
    });
    chains.missing.forEach((missing) => report.problem(missing));
    const found = foundSpan(signed.filter((digest) => !chains.broken.has(digest.file.path)));
    // A log listed twice and not in the tree is reported once.
    const missing = new Map<string, string>();
    checked.forEach((result, digest) => {
        for (const { tail, s3Object } of "missing" in result && isValid[digest] ? result.missing : []) {
            missing.set(tail, s3Object);
        }
    });
    missing.forEach((path) => report.problem({ kind: "log", path, status: "missing", reason: "not found" }));
    await run.drained();
    // A log listed again (a backfill) must match every valid digest listing it, whichever came
    // last: the AWS CLI checks each listing and prints INVALID for any the file does not match.
    const relistingProblem = new Map<number, string | undefined>();
    relisted.forEach(({ log, digest }, index) => {
        if (isValid[digest] && relistingProblem.get(log) === undefined) {
            relistingProblem.set(log, problems.get(logs.count + index));
        }
    });
    for (let log = 0; log < logs.count; log++) {
        const first = queuedBy[log];
        const listedFirst = first >= 0 && isValid[first] === 1;
        if (listedFirst || relistingProblem.has(log)) {
            report.log(log, (listedFirst ? problems.get(log) : undefined) ?? relistingProblem.get(log));
        } else if (!(from || to) || within(logTime(logs.path(log)))) {
            report.problem({ kind: "log", path: logs.path(log), status: "uncovered", reason: "no valid digest lists this file" });
        }
    }
    return { requested: { from, to }, ...found, ...report.build(chains.gaps) };
}

function logTime(path: string): Date {
    const location = parseLocation(path);
    if (location?.kind !== "log") {
        throw new Error(`${path} was scanned as a log`);
    }
    return location.time;
}

interface NotSigned {
    readonly file: DigestFile;
    readonly problem: string;
}

/** A signed digest's logs that are not in the tree, by key tail. */
type Missing = readonly { readonly tail: string; readonly s3Object: string }[];

/**
 * Keeps counts, the files that are not valid, and one byte per file of the tree: a valid file's
 * entry is made again from the tree when the report is listed in full.
 */
class ReportBuilder {
    private readonly counts: Record<FileKind, StatusCounts> = {
        digest: { valid: 0, invalid: 0, missing: 0, uncovered: 0 },
        log: { valid: 0, invalid: 0, missing: 0, uncovered: 0 },
    };
    private readonly problems: FileResult[] = [];
    private readonly validDigests = new Set<string>();
    private readonly validLogs: Uint8Array;

    constructor(private readonly tree: LogTree) {
        this.validLogs = new Uint8Array(tree.logs.count);
    }

    digest(path: string, problem: string | undefined): void {
        if (problem === undefined) {
            this.validDigests.add(path);
            this.counts.digest.valid += 1;
        } else {
            this.problem({ kind: "digest", path, status: "invalid", reason: problem });
        }
    }

    log(index: number, problem: string | undefined): void {
        if (problem === undefined) {
            this.validLogs[index] = 1;
            this.counts.log.valid += 1;
        } else {
            this.problem({ kind: "log", path: this.tree.logs.path(index), status: "invalid", reason: problem });
        }
    }

    problem(file: FileResult): void {
        this.problems.push(file);
        this.counts[file.kind][file.status] += 1;
    }

    build(gaps: VerificationReport["gaps"]): Pick<VerificationReport, "summary" | "problems" | "files" | "gaps"> {
        const problems = this.problems.sort(byKindAndPath);
        const { tree, validDigests, validLogs } = this;
        function* valid(): Generator<FileResult> {
            for (const { path } of tree.digests) {
                if (validDigests.has(path)) {
                    yield { kind: "digest", path, status: "valid" };
                }
            }
            for (let index = 0; index < tree.logs.count; index++) {
                if (validLogs[index]) {
                    yield { kind: "log", path: tree.logs.path(index), status: "valid" };
                }
            }
        }
        return { summary: this.counts, problems, files: () => merge(valid(), problems), gaps };
    }
}

function byKindAndPath(a: FileResult, b: FileResult): number {
    return a.kind === b.kind ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.kind === "digest" ? -1 : 1;
}

/** Two lists each in report order, as one. */
function* merge(valid: Iterator<FileResult>, problems: readonly FileResult[]): Generator<FileResult> {
    let next = valid.next();
    let at = 0;
    while (!next.done || at < problems.length) {
        if (next.done || (at < problems.length && byKindAndPath(problems[at], next.value) < 0)) {
            yield problems[at++];
        } else {
            yield next.value;
            next = valid.next();
        }
    }
}

async function checkDigest(file: DigestFile, provider: DigestProvider, options: VerifyOptions): Promise<(SignedDigest & { document: DigestDocument }) | NotSigned> {
    let loaded: LoadedDigest;
    try {
        loaded = await provider.load(file);
    } catch (error) {
        if (error instanceof DigestProblem) {
            return { file, problem: error.message };
        }
        throw error;
    }
    const { document, metadata, inflatedSha256 } = loaded;
    if (keyTail(document.digestS3Object) !== keyTail(file.path)) {
        return { file, problem: `has been moved from its original location ${document.digestS3Object}` };
    }
    const validator = options.validator ?? sha256WithRsa;
    if (metadata.signatureAlgorithm !== validator.algorithm) {
        return { file, problem: `unsupported signature algorithm ${metadata.signatureAlgorithm}` };
    }
    // A backfill is signed when CloudTrail makes it, often hours after the end time it names, so its
    // key is the one valid then. The AWS CLI looks the fingerprint up among the keys ListPublicKeys
    // gives for an hour either side of backfill-generation-timestamp; the same tolerance here.
    const { backfill } = file.location;
    const signedAt = backfill ? metadata.backfillGeneratedAt : new Date(document.digestEndTime);
    if (!signedAt) {
        // The AWS CLI rejects such a backfill as an invalid format: without the time there is no
        // telling which key was meant to sign it.
        return { file, problem: `invalid signature metadata: ${BACKFILL_GENERATION_TIMESTAMP} is missing` };
    }
    const lookup = options.keys.find(document.digestPublicKeyFingerprint, signedAt, backfill ? BACKFILL_KEY_TOLERANCE_MS : 0);
    if ("problem" in lookup) {
        return { file, problem: lookup.problem };
    }
    if (!validator.isValid(lookup.key, digestSigningString(document, inflatedSha256), metadata.signature)) {
        return { file, problem: "signature verification failed" };
    }
    return { file, document, signature: metadata.signature, inflatedSha256 };
}

function foundSpan(valid: readonly SignedDigest[]): Pick<VerificationReport, "found"> {
    if (valid.length === 0) {
        return {};
    }
    const starts = valid.map((digest) => Date.parse(digest.document.digestStartTime));
    const ends = valid.map((digest) => Date.parse(digest.document.digestEndTime));
    return { found: { from: new Date(starts.reduce((a, b) => Math.min(a, b))), to: new Date(ends.reduce((a, b) => Math.max(a, b))) } };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const lane = async (): Promise<void> => {
        while (next < items.length) {
            const index = next++;
            results[index] = await map(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
    return results;
}
