import { createHash } from "crypto";
import { readFile } from "fs/promises";
import { basename, join } from "path";
import { DigestDocument, DigestFormatError, DigestSignatureMetadata, parseDigest, parseSignatureMetadata } from "./digest";
import { describeInflateError, inflateGzipFile } from "./gzip";
import { sidecarPath } from "./layout";
import { DigestFile } from "./tree";

export interface LoadedDigest {
    readonly document: DigestDocument;
    /** Hex SHA-256 of the inflated digest: signed, and named by the next digest's previousDigestHashValue. */
    readonly inflatedSha256: string;
    /** For a backfill digest, with backfillGeneratedAt when the metadata has it. */
    readonly metadata: DigestSignatureMetadata;
}

/** Why a digest is invalid before its signature is even checked; the message is the finding's reason. */
export class DigestProblem extends Error {}

/** Swappable like the AWS CLI's DigestProvider, which reads from S3 instead. */
export interface DigestProvider {
    load(file: DigestFile): Promise<LoadedDigest>;
}

/** Digests copied out of S3, each with its metadata sidecar. */
export class LocalDigestProvider implements DigestProvider {
    constructor(private readonly root: string) {}

    async load(file: DigestFile): Promise<LoadedDigest> {
        // The sidecar is read first, and any problem with it reported after the digest's own: then
        // nothing is awaited between parsing the digest and the caller taking its list of logs,
        // so verify-logs' concurrent reads hold one parsed list at a time, not one per read.
        const sidecar = file.hasSidecar ? await readFile(join(this.root, sidecarPath(file.path)), "utf8").catch((error: NodeJS.ErrnoException) => error) : undefined;
        const chunks: Buffer[] = [];
        const hash = createHash("sha256");
        await inflateGzipFile(join(this.root, file.path), (chunk) => {
            chunks.push(chunk);
            hash.update(chunk);
        }).catch((error: Error) => {
            throw new DigestProblem(describeInflateError(error));
        });
        const document = parseOr(() => parseDigest(Buffer.concat(chunks).toString("utf8")), "invalid format");
        if (!file.hasSidecar) {
            throw new DigestProblem(`signature metadata not found; expected ${basename(sidecarPath(file.path))} beside the digest`);
        }
        if (typeof sidecar !== "string") {
            throw new DigestProblem(`signature metadata unreadable (${sidecar?.code ?? sidecar?.message})`);
        }
        const metadata = parseOr(() => parseSignatureMetadata(sidecar, file.location.backfill), "invalid signature metadata");
        return { document, inflatedSha256: hash.digest("hex"), metadata };
    }
}

function parseOr<T>(parse: () => T, problem: string): T {
    try {
        return parse();
    } catch (error) {
        if (error instanceof DigestFormatError) {
            throw new DigestProblem(`${problem}: ${error.message}`);
        }
        throw error;
    }
}
