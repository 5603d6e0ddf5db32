import { availableParallelism } from "os";
import { extname, join } from "path";
import { Worker } from "worker_threads";

/** SHA-256 of a log's inflated bytes, or why it could not be computed. */
export type HashResult = { readonly sha256: string } | { readonly problem: string };

/** Files go to workers in batches: one message per file would cost as much as hashing a small log. */
export interface HashBatch {
    readonly first: number;
    readonly paths: readonly string[];
}

export interface HashedBatch {
    readonly first: number;
    readonly results: readonly HashResult[];
}

/** Swappable so tests and other front-ends can hash without threads. */
export interface LogHasher {
    hashAll(paths: readonly string[], onProgress?: (done: number) => void): Promise<HashResult[]>;
}

/**
 * Inflating is CPU-bound, so files are spread over worker threads. Each worker has at most
 * `batchesPerWorker` batches queued and opens one file at a time, read in fixed chunks: memory
 * depends on the thread count, never on the number or size of the files.
 */
export class WorkerHashPool implements LogHasher {
    constructor(
        private readonly threads = availableParallelism(),
        private readonly batchSize = 32,
        private readonly batchesPerWorker = 2,
    ) {}

    async hashAll(paths: readonly string[], onProgress?: (done: number) => void): Promise<HashResult[]> {
        const results: HashResult[] = new Array(paths.length);
        if (paths.length === 0) {
            return results;
        }
        const workers = Array.from({ length: Math.min(this.threads, Math.ceil(paths.length / this.batchSize)) }, startWorker);
        let next = 0;
        let done = 0;
        try {
            await new Promise<void>((resolve, reject) => {
                const feed = (worker: Worker): void => {
                    if (next < paths.length) {
                        const batch: HashBatch = { first: next, paths: paths.slice(next, next + this.batchSize) };
                        next += batch.paths.length;
                        worker.postMessage(batch);
                    }
                };
                for (const worker of workers) {
                    worker.on("error", reject);
                    worker.on("message", ({ first, results: hashed }: HashedBatch) => {
                        hashed.forEach((result, offset) => (results[first + offset] = result));
                        done += hashed.length;
                        onProgress?.(done);
                        if (done === paths.length) {
                            resolve();
                        } else {
                            feed(worker);
                        }
                    });
                    for (let slot = 0; slot < this.batchesPerWorker; slot++) {
                        feed(worker);
                    }
                }
            });
        } finally {
            await Promise.all(workers.map((worker) => worker.terminate()));
        }
        return results;
    }
}

/** Under ts-node (tests, bench) the worker is TypeScript and needs the same loader. */
function startWorker(): Worker {
    const extension = extname(__filename);
    const execArgv = extension === ".ts" ? ["--require", "ts-node/register/transpile-only"] : [];
    return new Worker(join(__dirname, `hash-worker${extension}`), { execArgv });
}
