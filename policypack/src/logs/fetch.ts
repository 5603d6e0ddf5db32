import { createWriteStream } from "fs";
import { mkdir, rename, stat, utimes, writeFile } from "fs/promises";
import { dirname, join } from "path";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import { parseLocation, sidecarPath } from "./layout";

export interface StoredObject {
    readonly key: string;
    readonly size: number;
    readonly lastModified: Date;
}

/** The few S3 calls a copy needs; an adapter over the AWS SDK in the command, a fake or a local server in tests. */
export interface ObjectStore {
    list(prefix: string): AsyncIterable<StoredObject>;
    get(key: string): Promise<{ readonly body: Readable; readonly metadata: Record<string, string> }>;
}

export interface FetchSummary {
    readonly downloaded: number;
    readonly unchanged: number;
    /** End times of the digests in the prefix, by the region whose key signed them. */
    readonly digestTimes: ReadonlyMap<string, { readonly first: Date; readonly last: Date }>;
}

const DOWNLOADS_AT_ONCE = 8;

/**
 * Mirrors the CloudTrail logs and digests under a prefix into `dir`, object key = relative path,
 * so verify-logs reads it as it would the bucket. A file whose size and modification time match
 * the object's is already there; a digest also needs its sidecar, which only a download can write.
 */
export async function fetchTree(store: ObjectStore, prefix: string, dir: string, onProgress?: (done: number, total: number) => void): Promise<FetchSummary> {
    const wanted: StoredObject[] = [];
    const digestTimes = new Map<string, { first: Date; last: Date }>();
    for await (const object of store.list(prefix)) {
        const location = parseLocation(object.key);
        if (!location) {
            continue;
        }
        wanted.push(object);
        if (location.kind === "digest") {
            const span = digestTimes.get(location.stream.region);
            digestTimes.set(location.stream.region, {
                first: span && span.first < location.endTime ? span.first : location.endTime,
                last: span && span.last > location.endTime ? span.last : location.endTime,
            });
        }
    }
    let downloaded = 0;
    let done = 0;
    let next = 0;
    const lane = async (): Promise<void> => {
        while (next < wanted.length) {
            const object = wanted[next++];
            if (!(await isCurrent(dir, object))) {
                await download(store, dir, object);
                downloaded += 1;
            }
            onProgress?.(++done, wanted.length);
        }
    };
    await Promise.all(Array.from({ length: DOWNLOADS_AT_ONCE }, lane));
    return { downloaded, unchanged: wanted.length - downloaded, digestTimes };
}

async function isCurrent(dir: string, object: StoredObject): Promise<boolean> {
    const local = await stat(join(dir, object.key)).catch(() => undefined);
    if (!local || local.size !== object.size || Math.floor(local.mtimeMs / 1000) !== Math.floor(object.lastModified.getTime() / 1000)) {
        return false;
    }
    return parseLocation(object.key)?.kind !== "digest" || (await stat(join(dir, sidecarPath(object.key))).then(() => true, () => false));
}

/** Written beside and renamed into place, so an interrupted run never leaves a half file that looks current. */
async function download(store: ObjectStore, dir: string, object: StoredObject): Promise<void> {
    const target = join(dir, object.key);
    const partial = `${target}.part`;
    await mkdir(dirname(target), { recursive: true });
    const { body, metadata } = await store.get(object.key);
    await pipeline(body, createWriteStream(partial));
    if (parseLocation(object.key)?.kind === "digest") {
        await writeFile(sidecarPath(target), `${JSON.stringify(metadata, null, 2)}\n`);
    }
    await utimes(partial, object.lastModified, object.lastModified);
    await rename(partial, target);
}
