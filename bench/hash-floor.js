"use strict";
// The floor for verify-logs: read, gunzip and SHA-256 every file on all cores, nothing else.
const { createHash } = require("crypto");
const { readFileSync } = require("fs");
const { availableParallelism } = require("os");
const { Worker, isMainThread, parentPort, workerData } = require("worker_threads");
const { gunzipSync } = require("zlib");

if (isMainThread) {
    const files = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
    const threads = availableParallelism();
    for (let t = 0; t < threads; t++) {
        new Worker(__filename, { workerData: files.filter((_, i) => i % threads === t) });
    }
} else {
    for (const file of workerData) {
        createHash("sha256").update(gunzipSync(readFileSync(file))).digest("hex");
    }
    parentPort.close();
}
