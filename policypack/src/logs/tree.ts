import { Dirent } from "fs";
import { readdir } from "fs/promises";
import { join } from "path";
import { DigestLocation, keyTail, parseLocation, SIDECAR_SUFFIX } from "./layout";

export interface DigestFile {
    /** Relative to the tree's root, with forward slashes, as the object key it was copied from. */
    readonly path: string;
    readonly location: DigestLocation;
    readonly hasSidecar: boolean;
}

/**
 * A tree holds a hundred logs for each digest, so logs are kept as bare paths (their delivery time
 * is read back from the name when a window asks for it): the scan's memory is the paths themselves.
 */
export interface LogTree {
    readonly root: string;
    /** Sorted by path. */
    readonly digests: readonly DigestFile[];
    /** Paths of log files, sorted. */
    readonly logs: readonly string[];
    /** Index into `digests` by the part of the key from `AWSLogs/` on, which is how digests are matched to copies. */
    readonly digestByTail: ReadonlyMap<string, number>;
    /** Index into `logs`, by key tail. */
    readonly logByTail: ReadonlyMap<string, number>;
}

/** The tree cannot be verified at all: exit 2, not a finding. */
export class TreeError extends Error {}

export async function scanTree(root: string): Promise<LogTree> {
    const found: Found = { digests: [], logs: [], sidecars: new Set() };
    await walk(root, "", found, true);
    const digests = found.digests
        .sort((a, b) => (a.path < b.path ? -1 : 1))
        .map(({ path, location }): DigestFile => ({ path, location, hasSidecar: found.sidecars.has(path + SIDECAR_SUFFIX) }));
    const logs = found.logs.sort();
    // A log's tail and a digest's differ in their CloudTrail or CloudTrail-Digest folder, so only
    // files of one kind can be copies of each other; the copy reported is the first in path order.
    const digestIndex = indexByTail(digests.map((digest) => digest.path));
    const logIndex = indexByTail(logs);
    const copies = [digestIndex.copy, logIndex.copy].filter((copy) => copy !== undefined);
    if (copies.length > 0) {
        const { path, twin } = copies.reduce((a, b) => (a.path < b.path ? a : b));
        throw new TreeError(`${join(root, path)}: a second copy of ${twin}; point verify-logs at a folder holding one copy`);
    }
    if (digests.length === 0 && logs.length === 0) {
        throw new TreeError(`${root}: no CloudTrail log or digest files; expected AWSLogs/<account>/CloudTrail/... or .../CloudTrail-Digest/... below it`);
    }
    return { root, digests, logs, digestByTail: digestIndex.byTail, logByTail: logIndex.byTail };
}

/** Sorted paths by key tail, up to the first whose tail an earlier path has. */
function indexByTail(paths: readonly string[]): { byTail: Map<string, number>; copy?: { path: string; twin: string } } {
    const byTail = new Map<string, number>();
    for (let index = 0; index < paths.length; index++) {
        const tail = keyTail(paths[index]);
        const twin = byTail.get(tail);
        if (twin !== undefined) {
            return { byTail, copy: { path: paths[index], twin: paths[twin] } };
        }
        byTail.set(tail, index);
    }
    return { byTail };
}

interface Found {
    readonly digests: { path: string; location: DigestLocation }[];
    readonly logs: string[];
    /** Only the sidecars: every other file that is not a log or digest is dropped as it is read. */
    readonly sidecars: Set<string>;
}

async function walk(root: string, relative: string, found: Found, isRoot: boolean): Promise<void> {
    let entries: Dirent[];
    try {
        entries = await readdir(join(root, relative), { withFileTypes: true });
    } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        if (isRoot) {
            throw new TreeError(`${root}: cannot read this folder (${reason})`);
        }
        throw new TreeError(`${join(root, relative)}: cannot read this folder (${reason}); fix its permissions or leave it out`);
    }
    const folders: Promise<void>[] = [];
    for (const entry of entries) {
        const path = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            folders.push(walk(root, path, found, false));
        } else if (entry.isFile()) {
            const location = parseLocation(path);
            if (location?.kind === "log") {
                found.logs.push(path);
            } else if (location?.kind === "digest") {
                found.digests.push({ path, location });
            } else if (path.endsWith(SIDECAR_SUFFIX)) {
                found.sidecars.add(path);
            }
        }
    }
    await Promise.all(folders);
}
