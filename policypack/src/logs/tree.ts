import { Dir, opendirSync } from "fs";
import { join } from "path";
import { DigestLocation, keyTail, logNameTest, parseLocation, SIDECAR_SUFFIX } from "./layout";

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

    /** Name `index` is `bytes` from `starts[index]` to `starts[index + 1]`; names sorted. */
    constructor(
        readonly path: string,
        names: Buffer,
        starts: Uint32Array,
    ) {
        this.length = starts.length - 1;
        this.names = names;
        this.starts = starts;
    }

    name(index: number): string {
        return this.names.toString("latin1", this.starts[index], this.starts[index + 1]);
    }

    indexOf(name: string): number {
        let low = 0;
        let high = this.length - 1;
        while (low <= high) {
            const middle = (low + high) >> 1;
            const order = this.compare(middle, name);
            if (order === 0) {
                return middle;
            }
            if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }

    /**
     * The order of name `index` against `name`, as `<` orders strings, read in place: a string per
     * step of the search was most of what the main thread allocated per log, and the young
     * generation grows with how much of that is alive at each scavenge.
     */
    private compare(index: number, name: string): number {
        const start = this.starts[index];
        const length = this.starts[index + 1] - start;
        const shared = Math.min(length, name.length);
        for (let at = 0; at < shared; at++) {
            const order = this.names[start + at] - name.charCodeAt(at);
            if (order !== 0) {
                return order;
            }
        }
        return length - name.length;
    }
}

/**
 * A folder's log names as they are read, end to end in a buffer reused from folder to folder: a
 * day's folder holds thousands of logs, and as strings they all outlived the young generation's
 * collections while the folder was read, which is what makes V8 grow it.
 */
class NameCollector {
    private bytes = Buffer.allocUnsafeSlow(64 * 1024);
    /** Where each name ends in `bytes`. */
    private ends = new Uint32Array(1024);
    private count = 0;

    get length(): number {
        return this.count;
    }

    add(name: string): void {
        const start = this.count === 0 ? 0 : this.ends[this.count - 1];
        if (start + name.length > this.bytes.length) {
            const bytes = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, start + name.length));
            this.bytes.copy(bytes, 0, 0, start);
            this.bytes = bytes;
        }
        if (this.count === this.ends.length) {
            const ends = new Uint32Array(2 * this.ends.length);
            ends.set(this.ends);
            this.ends = ends;
        }
        // Log names are ASCII (logNameTest), so a byte per character.
        this.bytes.write(name, start, "latin1");
        this.ends[this.count++] = start + name.length;
    }

    /** The names so far as a folder's, sorted as `<` sorts strings; empties the collector. */
    take(path: string): LogFolder {
        const { bytes, ends, count } = this;
        const startOf = (index: number): number => (index === 0 ? 0 : ends[index - 1]);
        const order = new Uint32Array(count).map((_, index) => index);
        order.sort((a, b) => {
            const aStart = startOf(a);
            const bStart = startOf(b);
            const aLength = ends[a] - aStart;
            const bLength = ends[b] - bStart;
            const shared = Math.min(aLength, bLength);
            for (let at = 0; at < shared; at++) {
                const difference = bytes[aStart + at] - bytes[bStart + at];
                if (difference !== 0) {
                    return difference;
                }
            }
            return aLength - bLength;
        });
        // Its own allocation, exactly the size: a small one from Buffer's pool would keep the pool's 8 KB.
        const names = Buffer.allocUnsafeSlow(count === 0 ? 0 : ends[count - 1]);
        const starts = new Uint32Array(count + 1);
        let at = 0;
        for (let position = 0; position < count; position++) {
            // Byte by byte: a name is a few dozen bytes, less than Buffer#copy's own cost.
            for (let from = startOf(order[position]); from < ends[order[position]]; from++) {
                names[at++] = bytes[from];
            }
            starts[position + 1] = at;
        }
        this.count = 0;
        return new LogFolder(path, names, starts);
    }
}

/** The tree cannot be verified at all: exit 2, not a finding. */
export class TreeError extends Error {}

export async function scanTree(root: string): Promise<LogTree> {
    const found: Found = { digests: [], logFolders: [], sidecars: new Set(), logNames: new NameCollector() };
    walk(root, "", found);
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
    readonly logNames: NameCollector;
}

function walk(root: string, relative: string, found: Found): void {
    // One folder at a time: read all at once, every folder's listing was in memory together,
    // and a day's folder lists thousands of logs.
    for (const folder of readFolder(root, relative, found)) {
        walk(root, folder, found);
    }
}

/**
 * Keeps the folder's logs, digests and sidecars in `found`; returns its subfolders. Entries are
 * read a few at a time rather than listed whole (a Dirent and a name for each of thousands of
 * logs, all alive until the last is classified), and synchronously: folders are read one after
 * another anyway, and nothing else waits on the main thread during the scan.
 */
function readFolder(root: string, relative: string, found: Found): string[] {
    const isLog = logNameTest(relative);
    const folders: string[] = [];
    let dir: Dir | undefined;
    try {
        dir = opendirSync(join(root, relative), { bufferSize: 64 });
        for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
            if (entry.isFile() && isLog?.(entry.name)) {
                found.logNames.add(entry.name);
                continue;
            }
            const path = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                folders.push(path);
            } else if (entry.isFile()) {
                // Not a log, as isLog said: a digest, a sidecar or something to drop.
                const location = parseLocation(path);
                if (location?.kind === "digest") {
                    found.digests.push({ path, location });
                } else if (path.endsWith(SIDECAR_SUFFIX)) {
                    found.sidecars.add(path);
                }
            }
        }
    } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        if (relative === "") {
            throw new TreeError(`${root}: cannot read this folder (${reason})`);
        }
        throw new TreeError(`${join(root, relative)}: cannot read this folder (${reason}); fix its permissions or leave it out`);
    } finally {
        dir?.closeSync();
    }
    if (found.logNames.length > 0) {
        found.logFolders.push(found.logNames.take(relative));
    }
    return folders;
}
