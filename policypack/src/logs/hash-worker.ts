import { createHash } from "crypto";
import { parentPort } from "worker_threads";
import { describeInflateError, inflateGzipFile } from "./gzip";
import type { HashRequest, HashResponse } from "./hash-pool";

parentPort!.on("message", ({ id, path }: HashRequest) => {
    const hash = createHash("sha256");
    inflateGzipFile(path, (chunk) => hash.update(chunk)).then(
        () => respond({ id, sha256: hash.digest("hex") }),
        (error: Error) => respond({ id, problem: describeInflateError(error) }),
    );
});

function respond(response: HashResponse): void {
    parentPort!.postMessage(response);
}
