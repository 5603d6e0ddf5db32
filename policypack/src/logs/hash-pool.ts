import { availableParallelism } from "os";
import { extname, join } from "path";
import { Worker } from "worker_threads";

/** Why a file is not the log its digest listed: unreadable, not gzip, or another hash. */
export interface HashProblem {
    readonly tag: number;
    readonly problem: string;
}

/**
 * Files go to workers in batches: one message per file would cost as much as hashing a small log.
 * Workers compare each hash with the expected one and answer with the problems only, so a clean
 * tree sends back a count per batch.
 */
export interface HashBatch {
    readonly tags: readonly number[];
    readonly paths: readonly string[];
    /** Hex, lower case. */
    readonly expected: readonly string[];
}

export interface HashedBatch {
    readonly count: number;
    readonly problems: readonly HashProblem[];
}

/**
 * Files are hashed as they are queued, so hashing overlaps whatever finds them (reading and
 * checking digests). Swappable so tests and other front-ends can hash without threads.
 */
export interface LogHasher {
    /**
     * Starts a run; `pathOf` names the file a tag stands for, and `onHashed` hears how many more
     * files are done and which of them had problems.
     */
    start(pathOf: (tag: number) => string, onHashed: (count: number, problems: readonly HashProblem[]) => void): HashRun;
}

export interface HashRun {
    /** Queues file `tag` to be checked against `expectedSha256`; a problem with it names it by `tag`. */
    add(tag: number, expectedSha256: string): void;
    /** Resolves once the queue is short enough to add more: what is queued stays in memory until sent. */
    room(): Promise<void>;
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
    /**
     * Queued files by tag, their paths made only as a batch is sent: queued files outlive the main
     * thread's scavenges, and a path apiece was most of what the young generation copied.
     */
    private pending: number[] = [];
    private pendingExpected: string[] = [];
    private pathOf: (tag: number) => string = String;
    private added = 0;
    private done = 0;
    private pumpScheduled = false;
    private onHashed: (count: number, problems: readonly HashProblem[]) => void = () => {};
    private failure: Error | undefined;
    private waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
    private waitingForRoom: (() => void)[] = [];

    constructor(
        private readonly threads = availableParallelism(),
        private readonly batchSize = 32,
        private readonly batchesPerWorker = 2,
    ) {
        this.spawn();
    }

    start(pathOf: (tag: number) => string, onHashed: (count: number, problems: readonly HashProblem[]) => void): HashRun {
        this.pathOf = pathOf;
        this.onHashed = onHashed;
        return {
            add: (tag, expected) => {
                this.pending.push(tag);
                this.pendingExpected.push(expected);
                this.added += 1;
                // Files come in bursts (a digest's worth): batch the whole burst before sending.
                if (!this.pumpScheduled) {
                    this.pumpScheduled = true;
                    queueMicrotask(() => this.pump());
                }
            },
            room: () =>
                new Promise<void>((resolve) => {
                    this.waitingForRoom.push(resolve);
                    this.settle();
                }),
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
        this.settle();
    }

    private send(slot: { readonly worker: Worker; queued: number }): void {
        const tags = this.pending.splice(0, this.batchSize);
        const batch: HashBatch = { tags, paths: tags.map(this.pathOf), expected: this.pendingExpected.splice(0, this.batchSize) };
        slot.queued += 1;
        slot.worker.postMessage(batch);
    }

    private spawn(): { readonly worker: Worker; queued: number } {
        const slot = { worker: startWorker(), queued: 0 };
        slot.worker.on("error", (error) => {
            this.failure = error;
            this.settle();
        });
        slot.worker.on("message", ({ count, problems }: HashedBatch) => {
            slot.queued -= 1;
            this.done += count;
            this.onHashed(count, problems);
            this.pump();
        });
        this.workers.push(slot);
        return slot;
    }

    private settle(): void {
        // Another full round of batches for every thread may wait, so the workers never run dry; one
        // caller at a time is let through, as each adds its files only after reading a digest.
        if (this.failure || this.pending.length < this.threads * this.batchesPerWorker * this.batchSize) {
            this.waitingForRoom.shift()?.();
        }
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
