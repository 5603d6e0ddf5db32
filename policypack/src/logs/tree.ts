import { Dirent } from "fs";
import { readdir } from "fs/promises";
import { join } from "path";
import { DigestLocation, keyTail, LogLocation, parseLocation, SIDECAR_SUFFIX } from "./layout";

export interface DigestFile {
    /** Relative to the tree's root, with forward slashes, as the object key it was copied from. */
    readonly path: string;
    readonly location: DigestLocation;
    readonly hasSidecar: boolean;
}

export interface LogFile {
    readonly path: string;
    readonly location: LogLocation;
}

export interface LogTree {
    readonly root: string;
    readonly digests: readonly DigestFile[];
    readonly logs: readonly LogFile[];
    /** Files by the part of their key from `AWSLogs/` on, which is how digests are matched to copies. */
    readonly byTail: ReadonlyMap<string, DigestFile | LogFile>;
}

/** The tree cannot be verified at all: exit 2, not a finding. */
export class TreeError extends Error {}

export async function scanTree(root: string): Promise<LogTree> {
    const paths: string[] = [];
    await walk(root, "", paths, true);
    const present = new Set(paths);
    const digests: DigestFile[] = [];
    const logs: LogFile[] = [];
    const byTail = new Map<string, DigestFile | LogFile>();
    for (const path of paths.sort()) {
        const location = parseLocation(path);
        if (!location) {
            continue;
        }
        const file =
            location.kind === "digest"
                ? { path, location, hasSidecar: present.has(path + SIDECAR_SUFFIX) }
                : { path, location };
        const tail = keyTail(path);
        const twin = byTail.get(tail);
        if (twin) {
            throw new TreeError(`${join(root, path)}: a second copy of ${twin.path}; point verify-logs at a folder holding one copy`);
        }
        byTail.set(tail, file);
        (location.kind === "digest" ? digests : logs).push(file as DigestFile & LogFile);
    }
    if (byTail.size === 0) {
        throw new TreeError(`${root}: no CloudTrail log or digest files; expected AWSLogs/<account>/CloudTrail/... or .../CloudTrail-Digest/... below it`);
    }
    return { root, digests, logs, byTail };
}

async function walk(root: string, relative: string, out: string[], isRoot: boolean): Promise<void> {
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
    await Promise.all(
        entries.map((entry) => {
            const path = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                return walk(root, path, out, false);
            }
            if (entry.isFile()) {
                out.push(path);
            }
            return undefined;
        }),
    );
}
