import { availableParallelism } from "os";
import { extname, join } from "path";
import { Worker } from "worker_threads";

/** SHA-256 of a log's inflated bytes, or why it could not be computed. */
export type HashResult = { readonly sha256: string } | { readonly problem: string };

export interface HashRequest {
    readonly id: number;
    readonly path: string;
}

export type HashResponse = HashResult & { readonly id: number };

/** Swappable so tests and other front-ends can hash without threads. */
export interface LogHasher {
    hashAll(paths: readonly string[], onProgress?: (done: number) => void): Promise<HashResult[]>;
}

/**
 * Inflating is CPU-bound, so files are spread over worker threads. Each worker has at most
 * `perWorker` files open, each streamed in fixed chunks: memory depends on the thread count,
 * never on the number or size of the files.
 */
export class WorkerHashPool implements LogHasher {
    constructor(
        private readonly threads = availableParallelism(),
        private readonly perWorker = 2,
    ) {}

    async hashAll(paths: readonly string[], onProgress?: (done: number) => void): Promise<HashResult[]> {
        const results: HashResult[] = new Array(paths.length);
        if (paths.length === 0) {
            return results;
        }
        const workers = Array.from({ length: Math.min(this.threads, Math.ceil(paths.length / this.perWorker)) }, startWorker);
        let next = 0;
        let done = 0;
        try {
            await new Promise<void>((resolve, reject) => {
                const feed = (worker: Worker): void => {
                    if (next < paths.length) {
                        worker.postMessage({ id: next, path: paths[next++] } satisfies HashRequest);
                    }
                };
                for (const worker of workers) {
                    worker.on("error", reject);
                    worker.on("message", (response: HashResponse) => {
                        const { id, ...result } = response;
                        results[id] = result;
                        done += 1;
                        onProgress?.(done);
                        if (done === paths.length) {
                            resolve();
                        } else {
                            feed(worker);
                        }
                    });
                    for (let slot = 0; slot < this.perWorker; slot++) {
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
