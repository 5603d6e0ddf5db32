import { createHash, generateKeyPairSync, KeyObject, sign } from "crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { Writable } from "stream";
import { gzipSync } from "zlib";
import { main } from "../../policypack/src/cli/main";

export interface SigningKey {
    readonly privateKey: KeyObject;
    readonly publicKey: KeyObject;
    /** Hex MD5 of the DER PKCS#1 public key, as digestPublicKeyFingerprint holds it. */
    readonly fingerprint: string;
}

export function makeSigningKey(): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const fingerprint = createHash("md5").update(publicKey.export({ type: "pkcs1", format: "der" })).digest("hex");
    return { privateKey, publicKey, fingerprint };
}

/** What `aws cloudtrail list-public-keys` prints for these keys. */
export function listPublicKeysJson(keys: readonly SigningKey[], validity = { from: "2015-01-01T00:00:00+00:00", to: "2035-01-01T00:00:00+00:00" }): string {
    return JSON.stringify({
        PublicKeyList: keys.map((key) => ({
            Value: key.publicKey.export({ type: "pkcs1", format: "der" }).toString("base64"),
            ValidityStartTime: validity.from,
            ValidityEndTime: validity.to,
            Fingerprint: key.fingerprint,
        })),
    });
}

export function tempDir(name: string): string {
    return mkdtempSync(join(tmpdir(), `${name}-`));
}

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";
export const TRAIL = "org_trail-1";
export const BUCKET = "trail-bucket";
export const START = Date.UTC(2024, 4, 1, 10, 0, 0);
const HOUR = 3600 * 1000;

export interface TrailOptions {
    readonly key: SigningKey;
    readonly hours: number;
    readonly logsPerHour: number;
    /** Key prefix before AWSLogs/, with the organization id for an organization trail. */
    readonly prefix?: string;
    readonly organizationId?: string;
    /** Hours whose digest starts a new chain (previous digest null). */
    readonly restartHours?: readonly number[];
    /** Writes a log at `key` below the root and returns the hex SHA-256 of its inflated bytes; by default gzipped logContent. */
    readonly writeLog?: (key: string, hour: number, index: number) => string;
}

export interface DigestFixture {
    readonly key: string;
    readonly document: Record<string, unknown>;
    readonly signature: string;
    readonly logs: readonly string[];
}

export interface TrailFixture {
    readonly root: string;
    readonly digests: readonly DigestFixture[];
    readonly logs: readonly string[];
}

export function compact(time: number, withSeconds: boolean): string {
    const iso = new Date(time).toISOString();
    return iso.slice(0, withSeconds ? 19 : 16).replace(/[-:]/g, "") + "Z";
}

export function iso(time: number): string {
    return new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function logContent(hour: number, index: number): Buffer {
    const records = Array.from({ length: 20 }, (_, n) => ({
        eventVersion: "1.09",
        eventTime: iso(START + hour * HOUR + index * 60000 + n * 1000),
        eventSource: "s3.amazonaws.com",
        eventName: n % 2 ? "GetObject" : "PutObject",
        awsRegion: REGION,
        requestID: `${hour}-${index}-${n}`,
    }));
    return Buffer.from(JSON.stringify({ Records: records }));
}

/** Writes a trail's logs and hourly digests, each signed as CloudTrail signs (validation.py's string to sign). */
export function buildTrail(root: string, options: TrailOptions): TrailFixture {
    const writeLog =
        options.writeLog ??
        ((key: string, hour: number, index: number) => {
            const content = logContent(hour, index);
            write(root, key, gzipSync(content));
            return sha256(content);
        });
    const base = `${options.prefix ? `${options.prefix}/` : ""}AWSLogs/${options.organizationId ? `${options.organizationId}/` : ""}${ACCOUNT}`;
    const digests: DigestFixture[] = [];
    const allLogs: string[] = [];
    let previous: { key: string; signature: string; inflatedSha256: string } | undefined;
    for (let hour = 0; hour < options.hours; hour++) {
        const start = START + hour * HOUR;
        const end = start + HOUR;
        const day = new Date(start).toISOString().slice(0, 10).replace(/-/g, "/");
        const logs = Array.from({ length: options.logsPerHour }, (_, index) => {
            const key = `${base}/CloudTrail/${REGION}/${day}/${ACCOUNT}_CloudTrail_${REGION}_${compact(start + index * 60000, false)}_L${hour}x${index}.json.gz`;
            return { key, sha256: writeLog(key, hour, index) };
        });
        allLogs.push(...logs.map((log) => log.key));
        const endDay = new Date(end).toISOString().slice(0, 10).replace(/-/g, "/");
        const key = `${base}/CloudTrail-Digest/${REGION}/${endDay}/${ACCOUNT}_CloudTrail-Digest_${REGION}_${TRAIL}_${REGION}_${compact(end, true)}.json.gz`;
        const chained = previous && !options.restartHours?.includes(hour) ? previous : undefined;
        const document = {
            awsAccountId: ACCOUNT,
            digestStartTime: iso(start),
            digestEndTime: iso(end),
            digestS3Bucket: BUCKET,
            digestS3Object: key,
            digestPublicKeyFingerprint: options.key.fingerprint,
            digestSignatureAlgorithm: "SHA256withRSA",
            newestEventTime: iso(end - 60000),
            oldestEventTime: iso(start),
            previousDigestS3Bucket: chained ? BUCKET : null,
            previousDigestS3Object: chained ? chained.key : null,
            previousDigestHashValue: chained ? chained.inflatedSha256 : null,
            previousDigestHashAlgorithm: chained ? "SHA-256" : null,
            previousDigestSignature: chained ? chained.signature : null,
            logFiles: logs.map((log) => ({
                s3Bucket: BUCKET,
                s3Object: log.key,
                hashValue: log.sha256,
                hashAlgorithm: "SHA-256",
                newestEventTime: iso(end - 60000),
                oldestEventTime: iso(start),
            })),
        };
        const signature = writeDigest(root, key, document, options.key);
        digests.push({ key, document, signature, logs: logs.map((log) => log.key) });
        previous = { key, signature, inflatedSha256: sha256(Buffer.from(JSON.stringify(document))) };
    }
    return { root, digests, logs: allLogs };
}

/**
 * Gzips, signs and writes a digest with its metadata sidecar; returns the hex signature.
 * `metadata` adds S3 user metadata, as CloudTrail adds backfill-generation-timestamp to a backfill digest.
 */
export function writeDigest(root: string, key: string, document: Record<string, unknown>, signingKey: SigningKey, metadata: Record<string, string> = {}): string {
    const inflated = Buffer.from(JSON.stringify(document));
    const previousSignature = document.previousDigestSignature ?? "null";
    const toSign = `${document.digestEndTime}\n${document.digestS3Bucket}/${document.digestS3Object}\n${sha256(inflated)}\n${previousSignature}`;
    const signature = sign("sha256", Buffer.from(toSign), signingKey.privateKey).toString("hex");
    write(root, key, gzipSync(inflated));
    write(root, `${key}.metadata.json`, JSON.stringify({ signature, "signature-algorithm": "SHA256withRSA", ...metadata }));
    return signature;
}

export function sha256(bytes: Buffer): string {
    return createHash("sha256").update(bytes).digest("hex");
}

export function write(root: string, key: string, bytes: Buffer | string): void {
    mkdirSync(dirname(join(root, key)), { recursive: true });
    writeFileSync(join(root, key), bytes);
}

export interface CliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
    let stdout = "";
    let stderr = "";
    const sink = (append: (text: string) => void): Writable =>
        new Writable({
            write(chunk, _encoding, done) {
                append(String(chunk));
                done();
            },
        });
    const code = await main(argv, {
        stdout: sink((text) => (stdout += text)),
        stderr: sink((text) => (stderr += text)),
        stdin: process.stdin,
        cwd: process.cwd(),
        env,
    });
    return { code, stdout, stderr };
}
