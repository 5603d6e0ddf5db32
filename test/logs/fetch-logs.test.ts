import * as assert from "assert";
import { createHash, createHmac } from "crypto";
import { readdirSync, readFileSync, rmSync } from "fs";
import { createServer, IncomingMessage, Server } from "http";
import { AddressInfo } from "net";
import { join } from "path";
import { gzipSync } from "zlib";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";
import { signRequest } from "../../policypack/src/logs/public-keys-api";
import { buildTrail, BUCKET, listPublicKeysJson, makeSigningKey, runCli, tempDir, TrailFixture } from "./fixtures";

// s3rver ships no types; this is the part the tests use.
const S3rver: new (options: object) => { run(): Promise<AddressInfo>; close(): Promise<void> } = require("s3rver");

const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const signingKey = makeSigningKey();

/** The SDK reads its settings from process.env, so the tests set them there for the run. */
function setEnv(values: Record<string, string>): () => void {
    const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
    Object.assign(process.env, values);
    return () => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    };
}

function listFiles(root: string): string[] {
    return (readdirSync(root, { recursive: true, withFileTypes: true }) as import("fs").Dirent[])
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name).slice(root.length + 1))
        .sort();
}

describe("fetch-logs", function () {
    this.timeout(30000);
    let root: string;
    let trail: TrailFixture;
    let s3server: { close(): Promise<void> };
    let cloudtrail: Server;
    let client: S3Client;
    let restoreEnv: () => void;
    const cloudtrailRequests: { target: string; authorization: string; body: unknown }[] = [];

    async function upload(key: string, body: Buffer, metadata?: Record<string, string>): Promise<void> {
        await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, Metadata: metadata }));
    }

    before(async () => {
        root = tempDir("fetch-logs");
        const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: join(root, "s3rver"), configureBuckets: [{ name: BUCKET }] });
        const s3Address = await s3.run();
        s3server = s3;
        cloudtrail = createServer((request: IncomingMessage, response) => {
            let body = "";
            request.on("data", (chunk) => (body += chunk));
            request.on("end", () => {
                cloudtrailRequests.push({ target: String(request.headers["x-amz-target"]), authorization: String(request.headers.authorization), body: JSON.parse(body) });
                const listed = JSON.parse(listPublicKeysJson([signingKey])).PublicKeyList[0];
                response.setHeader("content-type", "application/x-amz-json-1.1");
                response.end(JSON.stringify({ PublicKeyList: [{ ...listed, ValidityStartTime: 1420070400, ValidityEndTime: 2051222400 }] }));
            });
        });
        await new Promise<void>((resolve) => cloudtrail.listen(0, "127.0.0.1", resolve));
        restoreEnv = setEnv({
            AWS_ENDPOINT_URL: `http://127.0.0.1:${s3Address.port}`,
            AWS_ENDPOINT_URL_CLOUDTRAIL: `http://127.0.0.1:${(cloudtrail.address() as AddressInfo).port}`,
            AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
            AWS_REGION: "us-east-1",
            AWS_CONFIG_FILE: join(root, "no-config"),
            AWS_SHARED_CREDENTIALS_FILE: join(root, "no-credentials"),
        });
        client = new S3Client({ requestChecksumCalculation: "WHEN_REQUIRED" });
        trail = buildTrail(join(root, "source"), { key: signingKey, hours: 3, logsPerHour: 2, prefix: "archive" });
        for (const digest of trail.digests) {
            const metadata = JSON.parse(readFileSync(join(trail.root, `${digest.key}.metadata.json`), "utf8"));
            await upload(digest.key, readFileSync(join(trail.root, digest.key)), metadata);
        }
        for (const log of trail.logs) {
            await upload(log, readFileSync(join(trail.root, log)));
        }
        await upload("archive/README.txt", Buffer.from("not a CloudTrail file"));
    });

    after(async () => {
        client?.destroy();
        await s3server?.close();
        await new Promise((resolve) => cloudtrail?.close(resolve));
        restoreEnv?.();
        rmSync(root, { recursive: true, force: true });
    });

    it("downloads logs, digests and their metadata, and saves the public keys, so verify-logs passes offline", async () => {
        const target = join(root, "copy");
        const keys = join(root, "keys.json");
        const run = await runCli(["fetch-logs", `s3://${BUCKET}/archive`, target, "--save-public-keys", keys], process.env);
        assert.deepStrictEqual(run, { code: 0, stdout: `Fetched s3://${BUCKET}/archive into ${target}: 9 downloaded, 0 unchanged\nSaved 1 public key to ${keys}\n`, stderr: "" });
        assert.deepStrictEqual(listFiles(target), listFiles(trail.root));
        for (const digest of trail.digests) {
            assert.deepStrictEqual(
                JSON.parse(readFileSync(join(target, `${digest.key}.metadata.json`), "utf8")),
                { signature: digest.signature, "signature-algorithm": "SHA256withRSA" },
            );
        }
        assert.deepStrictEqual(
            cloudtrailRequests.map(({ target: operation, body }) => ({ operation, body })),
            [{ operation: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListPublicKeys", body: { StartTime: 1714561200, EndTime: 1714568400 } }],
        );
        assert.match(cloudtrailRequests[0].authorization, /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/cloudtrail\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
        const verified = await runCli(["verify-logs", target, "--public-keys", keys]);
        assert.strictEqual(verified.code, 0, verified.stdout);
    });

    it("skips what is already there and unchanged, and fetches what changed", async () => {
        const target = join(root, "copy");
        const again = await runCli(["fetch-logs", `s3://${BUCKET}/archive`, target], process.env);
        assert.strictEqual(again.stdout, `Fetched s3://${BUCKET}/archive into ${target}: 0 downloaded, 9 unchanged\n`);
        await upload(trail.logs[3], gzipSync(Buffer.from('{"Records":[]}')));
        rmSync(join(target, `${trail.digests[0].key}.metadata.json`));
        const changed = await runCli(["fetch-logs", `s3://${BUCKET}/archive/`, target], process.env);
        assert.strictEqual(changed.stdout, `Fetched s3://${BUCKET}/archive/ into ${target}: 2 downloaded, 7 unchanged\n`);
        const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: trail.logs[3] }));
        assert.deepStrictEqual(readFileSync(join(target, trail.logs[3])), Buffer.from(await stored.Body!.transformToByteArray()));
    });

    it("exits 2 on a source that is not an s3:// URL, or a bucket that does not exist", async () => {
        const notUrl = await runCli(["fetch-logs", "bucket/prefix", join(root, "x")], process.env);
        assert.deepStrictEqual([notUrl.code, notUrl.stderr], [2, "cloudtrail-guardrails fetch-logs: expects a source and a folder: fetch-logs s3://bucket[/prefix] <dir>\n"]);
        const noBucket = await runCli(["fetch-logs", "s3://no-such-bucket", join(root, "x")], process.env);
        assert.deepStrictEqual([noBucket.code, noBucket.stderr], [2, "cloudtrail-guardrails fetch-logs: s3://no-such-bucket/: NoSuchBucket: The specified bucket does not exist\n"]);
    });

    it("signs ListPublicKeys exactly as the AWS SDK's SigV4 signer does", async () => {
        type SourceData = string | ArrayBuffer | ArrayBufferView;
        const bytes = (data: SourceData): string | Buffer =>
            typeof data === "string" ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
        class NodeSha256 {
            private readonly hash;
            constructor(secret?: SourceData) {
                this.hash = secret ? createHmac("sha256", bytes(secret)) : createHash("sha256");
            }
            update(data: SourceData): void {
                this.hash.update(bytes(data));
            }
            async digest(): Promise<Uint8Array> {
                return this.hash.digest();
            }
        }
        const now = new Date(Date.UTC(2024, 4, 1, 12, 30, 0));
        const credentials = { ...CREDENTIALS, sessionToken: "token" };
        const endpoint = new URL("https://cloudtrail.eu-west-1.amazonaws.com/");
        const body = '{"StartTime":1,"EndTime":2}';
        const ours = signRequest(endpoint, "eu-west-1", body, credentials, now);
        const sdk = await new SignatureV4({ credentials, region: "eu-west-1", service: "cloudtrail", sha256: NodeSha256, applyChecksum: false }).sign(
            { method: "POST", protocol: "https:", hostname: endpoint.hostname, path: "/", query: {}, headers: { host: endpoint.host, "content-type": ours["content-type"], "x-amz-target": ours["x-amz-target"] }, body },
            { signingDate: now },
        );
        assert.strictEqual(ours.authorization, sdk.headers.authorization);
    });
});
