import { mkdir, writeFile } from "fs/promises";
import { resolve } from "path";
import { Readable } from "stream";
import { Command, parseCommandLine, UsageError } from "../command";
import { fetchTree, ObjectStore, StoredObject } from "../../logs/fetch";
import { ProgressBar } from "../../logs/progress";
import { listPublicKeys } from "../../logs/public-keys-api";

const USAGE = `Usage: cloudtrail-guardrails fetch-logs s3://bucket[/prefix] <dir> [--save-public-keys <file>]

Downloads the CloudTrail logs and digests under the prefix into <dir>, keeping their keys as paths,
and writes each digest's S3 metadata (its signature) to <digest name>.metadata.json beside it,
which a plain copy would lose. Files already there with the object's size and time are skipped.

  --save-public-keys <file>  Also write CloudTrail's public keys for the digests' regions and times,
                             as "aws cloudtrail list-public-keys" prints them, for verify-logs --public-keys.

Uses the AWS SDK's usual settings: credentials, AWS_REGION/AWS_PROFILE, and AWS_ENDPOINT_URL(_S3)
for S3-compatible storage. Needs the optional package @aws-sdk/client-s3.
`;

type S3Module = typeof import("@aws-sdk/client-s3");

export const fetchLogs: Command = {
    name: "fetch-logs",
    summary: "Download CloudTrail logs, digests and their signatures from S3 for verify-logs.",
    usage: USAGE,
    async run(argv, io) {
        const { values, positionals } = parseCommandLine(argv, { "save-public-keys": { type: "string" } });
        const source = /^s3:\/\/([^/]+)\/?(.*)$/.exec(positionals[0] ?? "");
        if (positionals.length !== 2 || !source) {
            throw new UsageError("expects a source and a folder: fetch-logs s3://bucket[/prefix] <dir>");
        }
        const [, bucket, prefix] = source;
        const dir = resolve(io.cwd, positionals[1]);
        const s3 = loadS3Client();
        const client = new s3.S3Client({});
        try {
            await mkdir(dir, { recursive: true });
            const progress = new ProgressBar(io.stderr, "Downloading");
            const summary = await fetchTree(s3Store(s3, client, bucket), prefix, dir, (done, total) => progress.update(done, total)).catch((error: Error) => {
                throw !("$metadata" in error) ? error : new UsageError(`s3://${bucket}/${prefix}: ${error.name}: ${error.message}`);
            });
            progress.finish();
            io.stdout.write(`Fetched s3://${bucket}/${prefix} into ${dir}: ${summary.downloaded} downloaded, ${summary.unchanged} unchanged\n`);
            const keysFile = values["save-public-keys"];
            if (keysFile !== undefined) {
                const credentials = await client.config.credentials();
                const keys: object[] = [];
                for (const [region, span] of summary.digestTimes) {
                    keys.push(...(await listPublicKeys(region, credentials, span.first, span.last, io.env)));
                }
                await writeFile(resolve(io.cwd, keysFile), `${JSON.stringify({ PublicKeyList: keys }, null, 2)}\n`);
                io.stdout.write(`Saved ${keys.length} public key${keys.length === 1 ? "" : "s"} to ${keysFile}\n`);
            }
            return 0;
        } finally {
            client.destroy();
        }
    },
};

/** The SDK is an optional peer dependency: only this command needs it. */
function loadS3Client(): S3Module {
    try {
        return require("@aws-sdk/client-s3");
    } catch {
        throw new UsageError('needs the package @aws-sdk/client-s3: run "npm install @aws-sdk/client-s3" beside cloudtrail-guardrails');
    }
}

function s3Store(s3: S3Module, client: InstanceType<S3Module["S3Client"]>, bucket: string): ObjectStore {
    return {
        async *list(prefix: string): AsyncIterable<StoredObject> {
            for await (const page of s3.paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
                for (const object of page.Contents ?? []) {
                    if (object.Key !== undefined && object.Size !== undefined && object.LastModified !== undefined) {
                        yield { key: object.Key, size: object.Size, lastModified: object.LastModified };
                    }
                }
            }
        },
        async get(key: string) {
            const response = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
            return { body: response.Body as Readable, metadata: response.Metadata ?? {} };
        },
    };
}
