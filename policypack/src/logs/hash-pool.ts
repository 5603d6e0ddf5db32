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

/**
 * Files are hashed as they are queued, so hashing overlaps whatever finds them (reading and
 * checking digests). Swappable so tests and other front-ends can hash without threads.
 */
export interface LogHasher {
    /** Starts a run; each result goes to `onResult` with the number `add` gave its file. */
    start(onResult: (id: number, result: HashResult) => void): HashRun;
}

export interface HashRun {
    add(path: string): number;
    /** Resolves once every file added so far has been hashed and its result handed over. */
    drained(): Promise<void>;
}

/**
 * Inflating is CPU-bound, so files are spread over worker threads. Each worker has at most
 * `batchesPerWorker` batches queued and opens one file at a time: memory depends on the thread
 * count, never on the number or size of the files. The first worker starts with the pool, so
 * its start-up overlaps the tree scan; more start as work queues up, up to `threads`.
 */
export class WorkerHashPool implements LogHasher {
    private readonly workers: { readonly worker: Worker; queued: number }[] = [];
    private pending: string[] = [];
    private firstPending = 0;
    private added = 0;
    private done = 0;
    private pumpScheduled = false;
    private onResult: (id: number, result: HashResult) => void = () => {};
    private failure: Error | undefined;
    private waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;

    constructor(
        private readonly threads = availableParallelism(),
        private readonly batchSize = 32,
        private readonly batchesPerWorker = 2,
    ) {
        this.spawn();
    }

    start(onResult: (id: number, result: HashResult) => void): HashRun {
        this.onResult = onResult;
        return {
            add: (path) => {
                this.pending.push(path);
                // Files come in bursts (a digest's worth): batch the whole burst before sending.
                if (!this.pumpScheduled) {
                    this.pumpScheduled = true;
                    queueMicrotask(() => this.pump());
                }
                return this.added++;
            },
            drained: () =>
                new Promise<void>((resolve, reject) => {
                    this.waiting = { resolve, reject };
                    this.settle();
                }),
        };
    }

    async close(): Promise<void> {
        await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
    }

    private pump(): void {
        this.pumpScheduled = false;
        for (const slot of this.workers) {
            while (slot.queued < this.batchesPerWorker && this.pending.length > 0) {
                this.send(slot);
            }
        }
        while (this.pending.length > 0 && this.workers.length < this.threads) {
            this.send(this.spawn());
        }
    }

    private send(slot: { readonly worker: Worker; queued: number }): void {
        const batch: HashBatch = { first: this.firstPending, paths: this.pending.splice(0, this.batchSize) };
        this.firstPending += batch.paths.length;
        slot.queued += 1;
        slot.worker.postMessage(batch);
    }

    private spawn(): { readonly worker: Worker; queued: number } {
        const slot = { worker: startWorker(), queued: 0 };
        slot.worker.on("error", (error) => {
            this.failure = error;
            this.settle();
        });
        slot.worker.on("message", ({ first, results }: HashedBatch) => {
            slot.queued -= 1;
            results.forEach((result, offset) => this.onResult(first + offset, result));
            this.done += results.length;
            this.pump();
            this.settle();
        });
        this.workers.push(slot);
        return slot;
    }

    private settle(): void {
        if (this.waiting && (this.failure || this.done === this.added)) {
            const { resolve, reject } = this.waiting;
            this.waiting = undefined;
            if (this.failure) {
                reject(this.failure);
            } else {
                resolve();
            }
        }
    }
}

/**
 * Under ts-node (tests, bench) the worker is TypeScript and needs the same loader. A small young
 * generation: each file's inflated bytes are garbage at once, and a default-sized nursery lets
 * tens of megabytes of them pile up per thread between collections.
 */
function startWorker(): Worker {
    const extension = extname(__filename);
    const execArgv = extension === ".ts" ? ["--require", "ts-node/register/transpile-only"] : [];
    return new Worker(join(__dirname, `hash-worker${extension}`), { execArgv, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
}
