import { DigestDocument } from "./digest";
import { ChainGap, FileResult } from "./findings";
import { keyTail, parseLocation, streamId } from "./layout";
import { DigestFile, LogTree } from "./tree";

/** A digest whose own signature verified, so its links can be trusted; the logs it lists are not kept. */
export interface SignedDigest {
    readonly file: DigestFile;
    readonly document: Omit<DigestDocument, "logFiles">;
    readonly signature: string;
    readonly inflatedSha256: string;
}

export interface ChainFindings {
    /** Signed digests that are not the digest their successor links to, with the reason. */
    readonly broken: ReadonlyMap<string, string>;
    readonly missing: readonly FileResult[];
    readonly gaps: readonly ChainGap[];
}

/**
 * Checks every signed digest's link to its previous one, as the AWS CLI's DigestTraverser does
 * walking newest first. Beyond the CLI, the previous digest must carry the signature and hash the
 * newer one recorded, so a validly signed digest swapped in from elsewhere breaks the chain.
 * Backfill digests stand outside the hourly chain.
 */
export function checkChains(tree: LogTree, signed: readonly SignedDigest[], from?: Date): ChainFindings {
    const signedByPath = new Map(signed.map((digest) => [digest.file.path, digest]));
    const broken = new Map<string, string>();
    const missing = new Map<string, FileResult>();
    const gaps: ChainGap[] = [];
    for (const digest of signed) {
        if (digest.file.location.backfill) {
            continue;
        }
        const previousKey = digest.document.previousDigestS3Object;
        if (previousKey === null) {
            const older = newestBefore(tree, digest.file);
            if (older && (!from || older.location.endTime >= from)) {
                gaps.push({ from: older.location.endTime, to: new Date(digest.document.digestStartTime), digest: digest.file.path });
            }
            continue;
        }
        const previousIndex = tree.digestByTail.get(keyTail(previousKey));
        if (previousIndex === undefined) {
            const previousLocation = parseLocation(previousKey);
            if (!from || previousLocation?.kind !== "digest" || previousLocation.endTime >= from) {
                missing.set(previousKey, { kind: "digest", path: previousKey, status: "missing", reason: `not found; ${digest.file.path} names it as the previous digest` });
            }
            continue;
        }
        const previous = tree.digests[previousIndex];
        const previousSigned = signedByPath.get(previous.path);
        if (!previousSigned) {
            continue;
        }
        if (digest.document.previousDigestSignature !== previousSigned.signature) {
            broken.set(previous.path, `signature differs from previousDigestSignature in ${digest.file.path}`);
        } else if (digest.document.previousDigestHashValue !== null && digest.document.previousDigestHashValue.toLowerCase() !== previousSigned.inflatedSha256) {
            broken.set(previous.path, `hash differs from previousDigestHashValue in ${digest.file.path}`);
        }
    }
    return { broken, missing: [...missing.values()], gaps };
}

function newestBefore(tree: LogTree, digest: DigestFile): DigestFile | undefined {
    const stream = streamId(digest.location.stream);
    let newest: DigestFile | undefined;
    for (const other of tree.digests) {
        const { location } = other;
        if (!location.backfill && streamId(location.stream) === stream && location.endTime < digest.location.endTime && (!newest || location.endTime > newest.location.endTime)) {
            newest = other;
        }
    }
    return newest;
}
