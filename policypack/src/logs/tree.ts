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

export interface LogTree {
    readonly root: string;
    /** Sorted by path. */
    readonly digests: readonly DigestFile[];
    readonly logs: LogFiles;
    /** Index into `digests` by the part of the key from `AWSLogs/` on, which is how digests are matched to copies. */
    readonly digestByTail: ReadonlyMap<string, number>;
}

/**
 * The log files, numbered 0 to count - 1 in path order. A tree holds a hundred logs for each
 * digest, so they are kept per folder as one string of names and their offsets: a string and a
 * map entry per log were most of what verify-logs held for a large tree. A log's delivery time is
 * read back from its name when a window asks for it.
 *
 * A log folder inside another log folder (a copied tree stored within a day's folder) is numbered
 * after it rather than interleaved, the only case where the numbering is not quite path order.
 */
export class LogFiles {
    readonly count: number;
    private readonly folders: readonly LogFolder[];
    /** Folders by the part of their path from `AWSLogs/` on; more than one only under different prefixes. */
    private readonly byTail = new Map<string, LogFolder[]>();

    /** `folders` sorted by path. */
    constructor(folders: readonly LogFolder[]) {
        let count = 0;
        for (const folder of folders) {
            folder.first = count;
            count += folder.length;
            const tail = keyTail(folder.path);
            this.byTail.set(tail, [...(this.byTail.get(tail) ?? []), folder]);
        }
        this.folders = folders;
        this.count = count;
    }

    /** Relative to the tree's root, with forward slashes. */
    path(ordinal: number): string {
        let low = 0;
        let high = this.folders.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (this.folders[middle].first <= ordinal) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        const folder = this.folders[low];
        return `${folder.path}/${folder.name(ordinal - folder.first)}`;
    }

    /** The log whose key from `AWSLogs/` on is `tail`. */
    find(tail: string): number | undefined {
        const slash = tail.lastIndexOf("/");
        const name = tail.slice(slash + 1);
        for (const folder of this.byTail.get(tail.slice(0, slash)) ?? []) {
            const index = folder.indexOf(name);
            if (index >= 0) {
                return folder.first + index;
            }
        }
        return undefined;
    }

    /** The first log, in path order, that has the same tail as an earlier one, and that earlier one. */
    firstCopy(): { path: string; twin: string } | undefined {
        let first: { path: string; twin: string } | undefined;
        for (const folders of this.byTail.values()) {
            if (folders.length < 2) {
                continue;
            }
            const seen = new Map<string, string>();
            for (const folder of folders) {
                for (let index = 0; index < folder.length; index++) {
                    const name = folder.name(index);
                    const path = `${folder.path}/${name}`;
                    const twin = seen.get(name);
                    if (twin === undefined) {
                        seen.set(name, path);
                    } else if (!first || path < first.path) {
                        first = { path, twin };
                    }
                }
            }
        }
        return first;
    }
}

/**
 * One folder's log names, sorted, end to end in a buffer: names are ASCII, and a buffer is outside
 * the JavaScript heap, whose young generation grows with every byte that outlives a collection.
 */
class LogFolder {
    readonly length: number;
    /** The number of the folder's first log, once the tree's folders are in order. */
    first = 0;
    private readonly names: Buffer;
    private readonly starts: Uint32Array;

    /** `names` sorted. */
    constructor(
        readonly path: string,
        names: readonly string[],
    ) {
        this.length = names.length;
        this.names = Buffer.from(names.join(""), "latin1");
        this.starts = new Uint32Array(names.length + 1);
        for (let index = 0; index < names.length; index++) {
            this.starts[index + 1] = this.starts[index] + names[index].length;
        }
    }

    name(index: number): string {
        return this.names.toString("latin1", this.starts[index], this.starts[index + 1]);
    }

    indexOf(name: string): number {
        let low = 0;
        let high = this.length - 1;
        while (low <= high) {
            const middle = (low + high) >> 1;
            const other = this.name(middle);
            if (other === name) {
                return middle;
            }
            if (other < name) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }
}

/** The tree cannot be verified at all: exit 2, not a finding. */
export class TreeError extends Error {}

export async function scanTree(root: string): Promise<LogTree> {
    const found: Found = { digests: [], logFolders: [], sidecars: new Set() };
    await walk(root, "", found);
    const digests = found.digests
        .sort((a, b) => (a.path < b.path ? -1 : 1))
        .map(({ path, location }): DigestFile => ({ path, location, hasSidecar: found.sidecars.has(path + SIDECAR_SUFFIX) }));
    // Folder by folder is path order, as every name in a folder follows its path and a "/".
    const logs = new LogFiles(found.logFolders.sort((a, b) => (`${a.path}/` < `${b.path}/` ? -1 : 1)));
    // A log's tail and a digest's differ in their CloudTrail or CloudTrail-Digest folder, so only
    // files of one kind can be copies of each other; the copy reported is the first in path order.
    const digestIndex = indexByTail(digests.map((digest) => digest.path));
    const copies = [digestIndex.copy, logs.firstCopy()].filter((copy) => copy !== undefined);
    if (copies.length > 0) {
        const { path, twin } = copies.reduce((a, b) => (a.path < b.path ? a : b));
        throw new TreeError(`${join(root, path)}: a second copy of ${twin}; point verify-logs at a folder holding one copy`);
    }
    if (digests.length === 0 && logs.count === 0) {
        throw new TreeError(`${root}: no CloudTrail log or digest files; expected AWSLogs/<account>/CloudTrail/... or .../CloudTrail-Digest/... below it`);
    }
    return { root, digests, logs, digestByTail: digestIndex.byTail };
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
    readonly logFolders: LogFolder[];
    /** Only the sidecars: every other file that is not a log or digest is dropped as it is read. */
    readonly sidecars: Set<string>;
}

async function walk(root: string, relative: string, found: Found): Promise<void> {
    // One folder at a time: read all at once, every folder's listing was in memory together,
    // and a day's folder lists thousands of logs.
    for (const folder of await readFolder(root, relative, found)) {
        await walk(root, folder, found);
    }
}

/** Keeps the folder's logs, digests and sidecars in `found`; returns its subfolders. */
async function readFolder(root: string, relative: string, found: Found): Promise<string[]> {
    let entries: Dirent[];
    try {
        entries = await readdir(join(root, relative), { withFileTypes: true });
    } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        if (relative === "") {
            throw new TreeError(`${root}: cannot read this folder (${reason})`);
        }
        throw new TreeError(`${join(root, relative)}: cannot read this folder (${reason}); fix its permissions or leave it out`);
    }
    const folders: string[] = [];
    const logNames: string[] = [];
    for (const entry of entries) {
        const path = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            folders.push(path);
        } else if (entry.isFile()) {
            const location = parseLocation(path);
            if (location?.kind === "log") {
                logNames.push(entry.name);
            } else if (location?.kind === "digest") {
                found.digests.push({ path, location });
            } else if (path.endsWith(SIDECAR_SUFFIX)) {
                found.sidecars.add(path);
            }
        }
    }
    if (logNames.length > 0) {
        found.logFolders.push(new LogFolder(relative, logNames.sort()));
    }
    return folders;
}
