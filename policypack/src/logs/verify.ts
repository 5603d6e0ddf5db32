import { join } from "path";
import { checkChains, SignedDigest } from "./chain";
import { DigestProblem, DigestProvider, LoadedDigest, LocalDigestProvider } from "./digest-provider";
import { DigestedLogFile } from "./digest";
import { FileResult, VerificationReport } from "./findings";
import { LogHasher } from "./hash-pool";
import { keyTail } from "./layout";
import { PublicKeyProvider } from "./keys";
import { digestSigningString, DigestSignatureValidator, sha256WithRsa } from "./signing";
import { DigestFile, LogFile, LogTree } from "./tree";

export interface VerifyOptions {
    readonly tree: LogTree;
    readonly keys: PublicKeyProvider;
    readonly hasher: LogHasher;
    readonly digests?: DigestProvider;
    readonly validator?: DigestSignatureValidator;
    readonly from?: Date;
    readonly to?: Date;
    readonly onLogProgress?: (done: number, total: number) => void;
}

const HOUR_MS = 3600 * 1000;
const DIGEST_READS_AT_ONCE = 8;

/**
 * Digests are chosen as the AWS CLI chooses them: ending inside the window or up to an hour
 * after it, since a digest lists the logs of the hour before its end. Log files not listed by
 * any valid digest are judged by the delivery time in their name.
 */
export async function verifyTree(options: VerifyOptions): Promise<VerificationReport> {
    const { tree, from, to } = options;
    const within = (time: Date, slackMs = 0): boolean => (!from || time >= from) && (!to || time.getTime() <= to.getTime() + slackMs);
    const selected = tree.digests.filter((digest) => within(digest.location.endTime, HOUR_MS));
    const provider = options.digests ?? new LocalDigestProvider(tree.root);
    const checked = await mapLimited(selected, DIGEST_READS_AT_ONCE, (file) => checkDigest(file, provider, options));

    const signed = checked.filter((result): result is SignedDigest => "document" in result);
    const chains = checkChains(tree, signed, from);
    const valid = signed.filter((digest) => !chains.broken.has(digest.file.path));
    const listed = listedBy(valid);
    const files: FileResult[] = [
        ...checked.map((result): FileResult => {
            const problem = "problem" in result ? result.problem : chains.broken.get(result.file.path);
            return problem === undefined
                ? { kind: "digest", path: result.file.path, status: "valid" }
                : { kind: "digest", path: result.file.path, status: "invalid", reason: problem };
        }),
        ...chains.missing,
        ...(await checkLogs(tree, listed, options)),
        ...tree.logs
            .filter((log) => within(log.location.time) && !listed.has(keyTail(log.path)))
            .map((log): FileResult => ({ kind: "log", path: log.path, status: "uncovered", reason: "no valid digest lists this file" })),
    ];
    files.sort((a, b) => (a.kind === b.kind ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.kind === "digest" ? -1 : 1));
    return { requested: { from, to }, ...foundSpan(valid), files, gaps: chains.gaps };
}

async function checkDigest(file: DigestFile, provider: DigestProvider, options: VerifyOptions): Promise<SignedDigest | { file: DigestFile; problem: string }> {
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
    const lookup = options.keys.find(document.digestPublicKeyFingerprint, new Date(document.digestEndTime));
    if ("problem" in lookup) {
        return { file, problem: lookup.problem };
    }
    if (!validator.isValid(lookup.key, digestSigningString(document, inflatedSha256), metadata.signature)) {
        return { file, problem: "signature verification failed" };
    }
    return { file, document, signature: metadata.signature, inflatedSha256 };
}

async function checkLogs(tree: LogTree, listed: ReadonlyMap<string, DigestedLogFile>, options: VerifyOptions): Promise<FileResult[]> {
    const results: FileResult[] = [];
    const present: { entry: DigestedLogFile; file: LogFile }[] = [];
    for (const [tail, entry] of listed) {
        const file = tree.byTail.get(tail);
        if (file?.location.kind === "log") {
            present.push({ entry, file: file as LogFile });
        } else {
            results.push({ kind: "log", path: entry.s3Object, status: "missing", reason: "not found" });
        }
    }
    const hashes = await options.hasher.hashAll(
        present.map(({ file }) => join(tree.root, file.path)),
        (done) => options.onLogProgress?.(done, present.length),
    );
    present.forEach(({ entry, file }, index) => {
        const hash = hashes[index];
        if ("problem" in hash) {
            results.push({ kind: "log", path: file.path, status: "invalid", reason: hash.problem });
        } else if (hash.sha256 !== entry.hashValue) {
            results.push({ kind: "log", path: file.path, status: "invalid", reason: "hash value doesn't match" });
        } else {
            results.push({ kind: "log", path: file.path, status: "valid" });
        }
    });
    return results;
}

/** Log files the digests list, by key tail; a log listed twice (a backfill) is checked once. */
function listedBy(digests: readonly SignedDigest[]): Map<string, DigestedLogFile> {
    const listed = new Map<string, DigestedLogFile>();
    for (const digest of digests) {
        for (const entry of digest.document.logFiles) {
            listed.set(keyTail(entry.s3Object), entry);
        }
    }
    return listed;
}

function foundSpan(valid: readonly SignedDigest[]): Pick<VerificationReport, "found"> {
    if (valid.length === 0) {
        return {};
    }
    const starts = valid.map((digest) => Date.parse(digest.document.digestStartTime));
    const ends = valid.map((digest) => Date.parse(digest.document.digestEndTime));
    return { found: { from: new Date(starts.reduce((a, b) => Math.min(a, b))), to: new Date(ends.reduce((a, b) => Math.max(a, b))) } };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const lane = async (): Promise<void> => {
        while (next < items.length) {
            const index = next++;
            results[index] = await map(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
    return results;
}
