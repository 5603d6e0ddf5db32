/**
 * Where CloudTrail puts things in a bucket, read back from object keys. A copied tree keeps the
 * keys as relative paths, so the same parsing serves S3 keys and local files.
 */

export interface TrailStream {
    readonly organizationId?: string;
    readonly accountId: string;
    readonly region: string;
    readonly trailName: string;
    readonly homeRegion: string;
}

export interface DigestLocation {
    readonly kind: "digest";
    readonly stream: TrailStream;
    /** The digest's end time, from its name. */
    readonly endTime: Date;
    readonly backfill: boolean;
}

export interface LogLocation {
    readonly kind: "log";
    readonly accountId: string;
    readonly region: string;
    /** The delivery time in the name, to the minute. */
    readonly time: Date;
}

const PATH =
    /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]+)\/)?(\d{12})\/(CloudTrail|CloudTrail-Digest)\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/([^/]+)$/;
const DIGEST_NAME = /^(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz$/;
const LOG_NAME = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz$/;

export const SIDECAR_SUFFIX = ".metadata.json";

/** The file that keeps a digest's S3 user metadata once the object has left S3. */
export function sidecarPath(digestPath: string): string {
    return digestPath + SIDECAR_SUFFIX;
}

/** Classifies a key or relative path (forward slashes), or undefined when CloudTrail would not write it. */
export function parseLocation(key: string): DigestLocation | LogLocation | undefined {
    const path = PATH.exec(key);
    if (!path) {
        return undefined;
    }
    const [, organizationId, accountId, folder, region, name] = path;
    if (folder === "CloudTrail") {
        const log = LOG_NAME.exec(name);
        if (!log || log[1] !== accountId || log[2] !== region) {
            return undefined;
        }
        return { kind: "log", accountId, region, time: parseCompactTime(log[3]) };
    }
    const digest = DIGEST_NAME.exec(name);
    if (!digest || digest[1] !== accountId || digest[2] !== region) {
        return undefined;
    }
    const stream: TrailStream = { ...(organizationId ? { organizationId } : {}), accountId, region, trailName: digest[3], homeRegion: digest[4] };
    return { kind: "digest", stream, endTime: parseCompactTime(digest[5]), backfill: digest[6] !== undefined };
}

/** A log folder's path, without the name: PATH's folder part, for CloudTrail's logs only. */
const LOG_FOLDER = /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}$/;

/**
 * For the files of `folder` (a relative path, forward slashes): whether `name` is a log, as
 * parseLocation(`${folder}/${name}`)?.kind === "log" says, or undefined when no file there can be
 * one. The folder decides the account and region a name must carry, so a name is one test that
 * allocates nothing: a match array, captures and a Date per file were most of what scanning a
 * large tree allocated.
 */
export function logNameTest(folder: string): ((name: string) => boolean) | undefined {
    const folderMatch = LOG_FOLDER.exec(folder);
    if (!folderMatch) {
        return undefined;
    }
    // Both are digits, lower-case letters and hyphens: nothing to escape.
    const [, accountId, region] = folderMatch;
    const logName = new RegExp(`^${accountId}_CloudTrail_${region}_\\d{8}T\\d{4}Z_[A-Za-z0-9]+\\.json\\.gz$`);
    return (name) => logName.test(name);
}

/**
 * The part of a key from `AWSLogs/` on. Digests name objects by full key including the trail's
 * prefix, which a copy may drop or change, so files are matched on this part.
 */
export function keyTail(key: string): string {
    const at = key.lastIndexOf("AWSLogs/");
    return at < 0 ? key : key.slice(at);
}

export function streamId(stream: TrailStream): string {
    return [stream.organizationId ?? "", stream.accountId, stream.region, stream.trailName, stream.homeRegion].join("/");
}

/** `20150817T150131Z` or `20150817T1501Z`, as CloudTrail writes in names. */
function parseCompactTime(compact: string): Date {
    const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/.exec(compact)!;
    return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, s === undefined ? 0 : +s));
}

/** ISO 8601 timestamps for --from/--to; a time without a zone is UTC, as in the AWS CLI. */
export function parseUserTime(text: string): Date | undefined {
    const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
    if (!match) {
        return undefined;
    }
    const [, date, time, zone] = match;
    const parsed = new Date(time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${zone ?? "Z"}`);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

export function displayTime(time: Date): string {
    return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}
