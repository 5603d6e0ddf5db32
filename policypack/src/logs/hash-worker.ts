import { createHash } from "crypto";
import { parentPort } from "worker_threads";
import { describeInflateError, inflateGzipFile } from "./gzip";
import type { HashBatch, HashedBatch, HashResult } from "./hash-pool";

parentPort!.on("message", async ({ first, paths }: HashBatch) => {
    const results: HashResult[] = [];
    for (const path of paths) {
        results.push(await hashFile(path));
    }
    parentPort!.postMessage({ first, results } satisfies HashedBatch);
});

async function hashFile(path: string): Promise<HashResult> {
    const hash = createHash("sha256");
    try {
        await inflateGzipFile(path, (chunk) => hash.update(chunk));
        return { sha256: hash.digest("hex") };
    } catch (error) {
        return { problem: describeInflateError(error as Error) };
    }
}
