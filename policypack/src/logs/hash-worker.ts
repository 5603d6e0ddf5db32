import { createHash } from "crypto";
import { parentPort } from "worker_threads";
import { describeInflateError, inflateGzipFile } from "./gzip";
import type { HashBatch, HashedBatch, HashProblem } from "./hash-pool";

parentPort!.on("message", async ({ tags, paths, expected }: HashBatch) => {
    const problems: HashProblem[] = [];
    for (let index = 0; index < paths.length; index++) {
        const problem = await checkFile(paths[index], expected[index]);
        if (problem !== undefined) {
            problems.push({ tag: tags[index], problem });
        }
    }
    parentPort!.postMessage({ count: paths.length, problems } satisfies HashedBatch);
});

async function checkFile(path: string, expectedSha256: string): Promise<string | undefined> {
    const hash = createHash("sha256");
    try {
        await inflateGzipFile(path, (chunk) => hash.update(chunk));
    } catch (error) {
        return describeInflateError(error as Error);
    }
    return hash.digest("hex") === expectedSha256 ? undefined : "hash value doesn't match";
}
