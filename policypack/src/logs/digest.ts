/** The JSON CloudTrail writes into each digest file, and the S3 metadata that carries its signature. */

import { parseUserTime } from "./layout";

export interface DigestedLogFile {
    readonly s3Bucket: string;
    readonly s3Object: string;
    /** Hex SHA-256 of the inflated log file. */
    readonly hashValue: string;
    readonly hashAlgorithm: string;
}

export interface DigestDocument {
    readonly digestStartTime: string;
    readonly digestEndTime: string;
    readonly digestS3Bucket: string;
    readonly digestS3Object: string;
    readonly digestPublicKeyFingerprint: string;
    readonly previousDigestS3Bucket: string | null;
    readonly previousDigestS3Object: string | null;
    /** Hex SHA-256 of the previous digest's inflated bytes. */
    readonly previousDigestHashValue: string | null;
    readonly previousDigestSignature: string | null;
    readonly logFiles: readonly DigestedLogFile[];
}

/** S3 user metadata of a digest object, as HeadObject returns it and the sidecar file keeps it. */
export interface DigestSignatureMetadata {
    readonly signature: string;
    readonly signatureAlgorithm: string;
    /**
     * `backfill-generation-timestamp`, read for backfill digests only: when CloudTrail made and
     * signed the backfill, which can be long after the hour it covers ends.
     */
    readonly backfillGeneratedAt?: Date;
}

export class DigestFormatError extends Error {}

/** The fields the AWS CLI requires before it validates a digest, plus what we need to check logs. */
export function parseDigest(text: string): DigestDocument {
    const value = parseJsonObject(text, "digest");
    const time = (field: string): string => {
        const raw = stringField(value, field);
        if (Number.isNaN(Date.parse(raw))) {
            throw new DigestFormatError(`${field} is not a timestamp`);
        }
        return raw;
    };
    const logFiles = value.logFiles ?? [];
    if (!Array.isArray(logFiles)) {
        throw new DigestFormatError("logFiles is not a list");
    }
    return {
        digestStartTime: time("digestStartTime"),
        digestEndTime: time("digestEndTime"),
        digestS3Bucket: stringField(value, "digestS3Bucket"),
        digestS3Object: stringField(value, "digestS3Object"),
        digestPublicKeyFingerprint: stringField(value, "digestPublicKeyFingerprint"),
        previousDigestS3Bucket: nullableStringField(value, "previousDigestS3Bucket"),
        previousDigestS3Object: nullableStringField(value, "previousDigestS3Object"),
        previousDigestHashValue: nullableStringField(value, "previousDigestHashValue"),
        previousDigestSignature: nullableStringField(value, "previousDigestSignature", true),
        logFiles: logFiles.map((entry: unknown, index) => parseLogFile(entry, `logFiles[${index}]`)),
    };
}

function parseLogFile(entry: unknown, where: string): DigestedLogFile {
    if (!isObject(entry)) {
        throw new DigestFormatError(`${where} is not an object`);
    }
    const hashAlgorithm = stringField(entry, "hashAlgorithm", where);
    if (hashAlgorithm !== "SHA-256") {
        throw new DigestFormatError(`${where}.hashAlgorithm "${hashAlgorithm}" is not SHA-256`);
    }
    return {
        s3Bucket: stringField(entry, "s3Bucket", where),
        s3Object: stringField(entry, "s3Object", where),
        hashValue: stringField(entry, "hashValue", where).toLowerCase(),
        hashAlgorithm,
    };
}

export const BACKFILL_GENERATION_TIMESTAMP = "backfill-generation-timestamp";

/**
 * The sidecar `<digest>.metadata.json`: the object's user metadata, keys lower-case as S3 returns them.
 * `backfill` reads `backfill-generation-timestamp` too; as in the AWS CLI, other digests' copies of
 * the field are not read.
 */
export function parseSignatureMetadata(text: string, backfill = false): DigestSignatureMetadata {
    const value = parseJsonObject(text, "metadata");
    const signature = stringField(value, "signature");
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(signature)) {
        throw new DigestFormatError("signature is not hex");
    }
    const metadata = { signature: signature.toLowerCase(), signatureAlgorithm: stringField(value, "signature-algorithm") };
    // A backfill without the field is refused by verifyTree, whichever DigestProvider read it.
    if (!backfill || value[BACKFILL_GENERATION_TIMESTAMP] === undefined) {
        return metadata;
    }
    const raw = stringField(value, BACKFILL_GENERATION_TIMESTAMP);
    // Parsed as strictly as --from/--to, not as leniently as the CLI's dateutil: the key is chosen
    // by this time, so a value that only a guess can read is a finding, not a guess.
    const backfillGeneratedAt = parseUserTime(raw);
    if (!backfillGeneratedAt) {
        throw new DigestFormatError(`${BACKFILL_GENERATION_TIMESTAMP} ${JSON.stringify(raw)} is not a timestamp`);
    }
    return { ...metadata, backfillGeneratedAt };
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new DigestFormatError(`${what} is not JSON`);
    }
    if (!isObject(value)) {
        throw new DigestFormatError(`${what} is not a JSON object`);
    }
    return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringField(value: Record<string, unknown>, field: string, where?: string): string {
    const raw = value[field];
    if (typeof raw !== "string") {
        throw new DigestFormatError(`${where ? `${where}.` : ""}${field} is ${raw === undefined ? "missing" : "not a string"}`);
    }
    return raw;
}

/** `required`: the field must be present even when null, as the AWS CLI insists for previousDigestSignature. */
function nullableStringField(value: Record<string, unknown>, field: string, required = false): string | null {
    const raw = value[field];
    if (raw === undefined && !required) {
        return null;
    }
    return raw === null ? null : stringField(value, field);
}
