import { createHash, createPublicKey, KeyObject } from "crypto";
import { readdir, readFile, stat } from "fs/promises";
import { join } from "path";

/** CloudTrail's public keys, by the fingerprint each digest names. */
export interface PublicKeyProvider {
    /** `toleranceMs`: a key whose validity ends or starts that close to `signedAt` also counts. */
    find(fingerprint: string, signedAt: Date, toleranceMs?: number): PublicKeyLookup;
}

export type PublicKeyLookup = { readonly key: KeyObject } | { readonly problem: string };

export interface PublicKeyRecord {
    readonly fingerprint: string;
    readonly key: KeyObject;
    readonly validFrom?: Date;
    readonly validTo?: Date;
}

/** A key file the user gave that cannot be used: the verification cannot start. */
export class KeyFileError extends Error {}

/** Hex MD5 of the DER PKCS#1 RSAPublicKey: what digestPublicKeyFingerprint holds. */
export function fingerprintOf(key: KeyObject): string {
    return createHash("md5").update(key.export({ type: "pkcs1", format: "der" })).digest("hex");
}

export class PublicKeyStore implements PublicKeyProvider {
    /**
     * Every record of a fingerprint: the same key can be listed more than once with different
     * validity (key files merged from several list-public-keys calls), and the one whose window
     * covers the digest decides, whatever order the files were read in.
     */
    private readonly byFingerprint = new Map<string, PublicKeyRecord[]>();

    constructor(records: readonly PublicKeyRecord[]) {
        for (const record of records) {
            this.byFingerprint.set(record.fingerprint, [...(this.byFingerprint.get(record.fingerprint) ?? []), record]);
        }
    }

    get size(): number {
        return this.byFingerprint.size;
    }

    find(fingerprint: string, signedAt: Date, toleranceMs = 0): PublicKeyLookup {
        const records = this.byFingerprint.get(fingerprint.toLowerCase());
        if (!records) {
            return { problem: `public key not found for fingerprint ${fingerprint}` };
        }
        const time = signedAt.getTime();
        const record = records.find(
            ({ validFrom, validTo }) => !(validFrom && time + toleranceMs < validFrom.getTime()) && !(validTo && time - toleranceMs > validTo.getTime()),
        );
        if (!record) {
            const when = toleranceMs ? `within ${toleranceMs / 60000} minutes of` : "at";
            return { problem: `public key ${fingerprint} was not valid ${when} ${signedAt.toISOString()}` };
        }
        return { key: record.key };
    }
}

/**
 * Reads `aws cloudtrail list-public-keys` output, PEM files, or a directory of either.
 * ListPublicKeys answers for one region; fingerprints are unique, so regions can share one store.
 */
export async function loadPublicKeys(path: string): Promise<PublicKeyStore> {
    const info = await stat(path).catch(() => {
        throw new KeyFileError(`${path}: cannot read the public keys (no such file or directory)`);
    });
    const files = info.isDirectory()
        ? (await readdir(path)).filter((name) => /\.(json|pem)$/i.test(name)).sort().map((name) => join(path, name))
        : [path];
    if (files.length === 0) {
        throw new KeyFileError(`${path}: no .json or .pem public key files in this directory`);
    }
    const records: PublicKeyRecord[] = [];
    for (const file of files) {
        records.push(...parsePublicKeyFile(await readFile(file, "utf8"), file));
    }
    return new PublicKeyStore(records);
}

export function parsePublicKeyFile(text: string, source: string): PublicKeyRecord[] {
    const trimmed = text.trim();
    const records = trimmed.startsWith("-----BEGIN") ? parsePem(trimmed, source) : parseListPublicKeys(trimmed, source);
    if (records.length === 0) {
        throw new KeyFileError(`${source}: holds no public keys`);
    }
    return records;
}

function parsePem(text: string, source: string): PublicKeyRecord[] {
    const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g) ?? [];
    return blocks.map((pem, index) => {
        try {
            const key = createPublicKey(pem);
            return { fingerprint: fingerprintOf(key), key };
        } catch {
            throw new KeyFileError(`${source}: PEM block ${index + 1} is not an RSA public key`);
        }
    });
}

function parseListPublicKeys(text: string, source: string): PublicKeyRecord[] {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new KeyFileError(`${source}: neither PEM nor JSON; expected the output of "aws cloudtrail list-public-keys"`);
    }
    const list = (parsed as { PublicKeyList?: unknown } | null)?.PublicKeyList;
    if (!Array.isArray(list)) {
        throw new KeyFileError(`${source}: no PublicKeyList array; expected the output of "aws cloudtrail list-public-keys"`);
    }
    return list.map((entry: unknown, index) => parseListedKey(entry, `${source}: PublicKeyList[${index}]`));
}

function parseListedKey(entry: unknown, where: string): PublicKeyRecord {
    const fields = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof fields.Value !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(fields.Value)) {
        throw new KeyFileError(`${where}.Value is not base64`);
    }
    let key: KeyObject;
    try {
        key = createPublicKey({ key: Buffer.from(fields.Value, "base64"), format: "der", type: "pkcs1" });
    } catch {
        throw new KeyFileError(`${where}.Value is not a DER PKCS#1 RSA public key`);
    }
    const fingerprint = fingerprintOf(key);
    if (fields.Fingerprint !== undefined && String(fields.Fingerprint).toLowerCase() !== fingerprint) {
        throw new KeyFileError(`${where}.Fingerprint ${String(fields.Fingerprint)} does not match the key (MD5 ${fingerprint})`);
    }
    return {
        fingerprint,
        key,
        ...optionalTime(fields.ValidityStartTime, `${where}.ValidityStartTime`, "validFrom"),
        ...optionalTime(fields.ValidityEndTime, `${where}.ValidityEndTime`, "validTo"),
    };
}

/** The AWS CLI prints ISO strings, or epoch seconds with cli_timestamp_format=none. */
function optionalTime(value: unknown, where: string, name: "validFrom" | "validTo"): Partial<PublicKeyRecord> {
    if (value === undefined || value === null) {
        return {};
    }
    const time = typeof value === "number" ? new Date(value * 1000) : typeof value === "string" ? new Date(value) : new Date(NaN);
    if (Number.isNaN(time.getTime())) {
        throw new KeyFileError(`${where} is not a timestamp`);
    }
    return { [name]: time };
}
