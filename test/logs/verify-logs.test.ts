import * as assert from "assert";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { gzipSync } from "zlib";
import { buildTrail, iso, sha256, listPublicKeysJson, logContent, makeSigningKey, runCli, START, tempDir, TrailFixture, TrailOptions, write, writeDigest } from "./fixtures";

const HOUR = 3600 * 1000;
const trustedKey = makeSigningKey();
const otherKey = makeSigningKey();

interface Finding {
    readonly kind: string;
    readonly path: string;
    readonly status: string;
    readonly reason?: string;
}

interface Case {
    readonly name: string;
    readonly trail?: Partial<TrailOptions>;
    readonly tamper?: (trail: TrailFixture) => void;
    readonly args?: (trail: TrailFixture) => string[];
    readonly keys?: string;
    readonly code: number;
    /** Every file not valid, in report order. */
    readonly findings: (trail: TrailFixture) => Finding[];
    readonly gaps?: (trail: TrailFixture) => unknown[];
    readonly valid?: { digest: number; log: number };
}

const digest = (trail: TrailFixture, hour: number): string => trail.digests[hour].key;
const logsOf = (trail: TrailFixture, hour: number): readonly string[] => trail.digests[hour].logs;
const uncovered = (path: string): Finding => ({ kind: "log", path, status: "uncovered", reason: "no valid digest lists this file" });
const invalidDigest = (path: string, reason: string): Finding => ({ kind: "digest", path, status: "invalid", reason });

function replaceLogContent(root: string, key: string, bytes: Buffer): void {
    writeFileSync(join(root, key), bytes);
}

function resignDigest(trail: TrailFixture, hour: number, change: (document: Record<string, unknown>) => Record<string, unknown>): void {
    const { key, document } = trail.digests[hour];
    writeDigest(trail.root, key, change(document), trustedKey);
}

const CASES: Case[] = [
    { name: "an untouched tree", code: 0, findings: () => [], valid: { digest: 3, log: 6 } },
    {
        name: "a changed byte in a log's content",
        tamper: (t) => {
            const content = logContent(1, 0);
            content[20] ^= 1;
            replaceLogContent(t.root, logsOf(t, 1)[0], gzipSync(content));
        },
        code: 1,
        findings: (t) => [{ kind: "log", path: logsOf(t, 1)[0], status: "invalid", reason: "hash value doesn't match" }],
        valid: { digest: 3, log: 5 },
    },
    {
        name: "a changed byte in a log's gzip checksum",
        tamper: (t) => {
            const bytes = readFileSync(join(t.root, logsOf(t, 0)[1]));
            bytes[bytes.length - 6] ^= 1;
            replaceLogContent(t.root, logsOf(t, 0)[1], bytes);
        },
        code: 1,
        findings: (t) => [{ kind: "log", path: logsOf(t, 0)[1], status: "invalid", reason: "invalid format: gzip checksum mismatch" }],
    },
    {
        name: "a second gzip member appended to a log, which inflates to nothing",
        tamper: (t) => {
            const bytes = readFileSync(join(t.root, logsOf(t, 2)[0]));
            replaceLogContent(t.root, logsOf(t, 2)[0], Buffer.concat([bytes, gzipSync(Buffer.alloc(0))]));
        },
        code: 1,
        findings: (t) => [{ kind: "log", path: logsOf(t, 2)[0], status: "invalid", reason: "invalid format: data after the end of the gzip stream" }],
    },
    {
        name: "a deleted log",
        tamper: (t) => rmSync(join(t.root, logsOf(t, 1)[1])),
        code: 1,
        findings: (t) => [{ kind: "log", path: logsOf(t, 1)[1], status: "missing", reason: "not found" }],
        valid: { digest: 3, log: 5 },
    },
    {
        name: "a deleted digest in the middle of the chain",
        tamper: (t) => rmSync(join(t.root, digest(t, 1))),
        code: 1,
        findings: (t) => [
            { kind: "digest", path: digest(t, 1), status: "missing", reason: `not found; ${digest(t, 2)} names it as the previous digest` },
            ...logsOf(t, 1).map(uncovered),
        ],
        valid: { digest: 2, log: 4 },
    },
    {
        name: "a digest without its metadata sidecar",
        tamper: (t) => rmSync(join(t.root, `${digest(t, 0)}.metadata.json`)),
        code: 1,
        findings: (t) => [
            invalidDigest(digest(t, 0), `signature metadata not found; expected ${digest(t, 0).split("/").pop()}.metadata.json beside the digest`),
            ...logsOf(t, 0).map(uncovered),
        ],
    },
    {
        name: "public keys that did not sign the digests",
        keys: listPublicKeysJson([otherKey]),
        code: 1,
        findings: (t) => [
            ...[0, 1, 2].map((hour) => invalidDigest(digest(t, hour), `public key not found for fingerprint ${trustedKey.fingerprint}`)),
            ...t.logs.map(uncovered),
        ],
    },
    {
        name: "a public key whose validity ended before the digests",
        keys: listPublicKeysJson([trustedKey], { from: "2015-01-01T00:00:00+00:00", to: "2020-01-01T00:00:00+00:00" }),
        code: 1,
        findings: (t) => [
            ...[0, 1, 2].map((hour) =>
                invalidDigest(digest(t, hour), `public key ${trustedKey.fingerprint} was not valid at ${new Date(START + (hour + 1) * HOUR).toISOString()}`),
            ),
            ...t.logs.map(uncovered),
        ],
    },
    {
        name: "a forged digest covering a changed log",
        tamper: (t) => {
            const content = logContent(1, 0);
            content[30] ^= 1;
            replaceLogContent(t.root, logsOf(t, 1)[0], gzipSync(content));
            const forged = { ...t.digests[1].document };
            forged.logFiles = (forged.logFiles as { hashValue: string }[]).map((entry, index) =>
                index === 0 ? { ...entry, hashValue: sha256(content) } : entry,
            );
            write(t.root, digest(t, 1), gzipSync(Buffer.from(JSON.stringify(forged))));
        },
        code: 1,
        findings: (t) => [invalidDigest(digest(t, 1), "signature verification failed"), ...logsOf(t, 1).map(uncovered)],
    },
    {
        name: "two digests swapped",
        tamper: (t) => {
            for (const suffix of ["", ".metadata.json"]) {
                const [a, b] = [join(t.root, digest(t, 0) + suffix), join(t.root, digest(t, 1) + suffix)];
                renameSync(a, `${a}.tmp`);
                renameSync(b, a);
                renameSync(`${a}.tmp`, b);
            }
        },
        code: 1,
        findings: (t) => [
            invalidDigest(digest(t, 0), `has been moved from its original location ${digest(t, 1)}`),
            invalidDigest(digest(t, 1), `has been moved from its original location ${digest(t, 0)}`),
            ...logsOf(t, 0).map(uncovered),
            ...logsOf(t, 1).map(uncovered),
        ],
    },
    {
        name: "a validly signed digest that is not the one the next digest chained to",
        tamper: (t) => resignDigest(t, 1, (document) => ({ ...document, logFiles: (document.logFiles as unknown[]).slice(0, 1) })),
        code: 1,
        findings: (t) => [invalidDigest(digest(t, 1), `signature differs from previousDigestSignature in ${digest(t, 2)}`), ...logsOf(t, 1).map(uncovered)],
    },
    {
        name: "a previous digest whose content differs from previousDigestHashValue",
        tamper: (t) => resignDigest(t, 2, (document) => ({ ...document, previousDigestHashValue: "0".repeat(64) })),
        code: 1,
        findings: (t) => [invalidDigest(digest(t, 1), `hash differs from previousDigestHashValue in ${digest(t, 2)}`), ...logsOf(t, 1).map(uncovered)],
    },
    {
        name: "a chain that restarts (logging was off)",
        trail: { restartHours: [2] },
        code: 0,
        findings: () => [],
        gaps: (t) => [{ from: iso(START + 2 * HOUR), to: iso(START + 2 * HOUR), digest: digest(t, 2) }],
    },
    {
        name: "a log file no digest lists",
        tamper: (t) => write(t.root, t.logs[0].replace(/L0x0\.json\.gz$/, "EXTRA.json.gz"), gzipSync(logContent(9, 9))),
        code: 1,
        findings: (t) => [uncovered(t.logs[0].replace(/L0x0\.json\.gz$/, "EXTRA.json.gz"))],
    },
    {
        name: "a time window around the middle hour, with an older digest deleted",
        tamper: (t) => rmSync(join(t.root, digest(t, 0))),
        args: () => ["--from", iso(START + 1.5 * HOUR), "--to", iso(START + 1.9 * HOUR)],
        code: 0,
        findings: () => [],
        valid: { digest: 1, log: 2 },
    },
    {
        name: "an organization trail under a key prefix",
        trail: { prefix: "archive/2024", organizationId: "o-a1b2c3d4e5" },
        code: 0,
        findings: () => [],
        valid: { digest: 3, log: 6 },
    },
    {
        name: "a PEM public key",
        keys: trustedKey.publicKey.export({ type: "pkcs1", format: "pem" }) as string,
        code: 0,
        findings: () => [],
    },
];

describe("verify-logs", function () {
    this.timeout(30000);

    for (const testCase of CASES) {
        it(`reports exactly what is wrong: ${testCase.name}`, async () => {
            const root = tempDir("verify-logs");
            const trail = buildTrail(join(root, "tree"), { key: trustedKey, hours: 3, logsPerHour: 2, ...testCase.trail });
            testCase.tamper?.(trail);
            const keyFile = join(root, testCase.keys?.startsWith("-----") ? "key.pem" : "keys.json");
            writeFileSync(keyFile, testCase.keys ?? listPublicKeysJson([trustedKey]));
            const run = await runCli(["verify-logs", trail.root, "--public-keys", keyFile, "--format", "json", ...(testCase.args?.(trail) ?? [])]);
            const report = JSON.parse(run.stdout);
            assert.deepStrictEqual(
                report.files.filter((file: Finding) => file.status !== "valid"),
                testCase.findings(trail),
            );
            assert.deepStrictEqual(report.gaps, testCase.gaps?.(trail) ?? []);
            if (testCase.valid) {
                assert.deepStrictEqual([report.summary.digest.valid, report.summary.log.valid], [testCase.valid.digest, testCase.valid.log]);
            }
            assert.strictEqual(run.stderr, "");
            assert.strictEqual(run.code, testCase.code);
            rmSync(root, { recursive: true, force: true });
        });
    }

    it("prints the AWS CLI's summary and the exact files in text form", async () => {
        const root = tempDir("verify-logs-text");
        const trail = buildTrail(join(root, "tree"), { key: trustedKey, hours: 2, logsPerHour: 2 });
        rmSync(join(trail.root, trail.digests[1].logs[0]));
        const content = logContent(0, 1);
        content[5] ^= 1;
        writeFileSync(join(trail.root, trail.digests[0].logs[1]), gzipSync(content));
        writeFileSync(join(root, "keys.json"), listPublicKeysJson([trustedKey]));
        const run = await runCli(["verify-logs", trail.root, "--public-keys", join(root, "keys.json")]);
        assert.strictEqual(
            run.stdout,
            [
                "Results requested for the earliest file to the latest file",
                "Results found for 2024-05-01T10:00:00Z to 2024-05-01T12:00:00Z:",
                "",
                `Log file\t${trail.digests[0].logs[1]}\tINVALID: hash value doesn't match`,
                `Log file\t${trail.digests[1].logs[0]}\tMISSING: not found`,
                "",
                "2/2 digest files valid",
                "2/4 log files valid, 1/4 log files INVALID, 1/4 log files missing",
                "",
            ].join("\n"),
        );
        assert.strictEqual(run.code, 1);
        rmSync(root, { recursive: true, force: true });
    });

    it("prints the whole JSON report", async () => {
        const root = tempDir("verify-logs-json");
        const trail = buildTrail(join(root, "tree"), { key: trustedKey, hours: 1, logsPerHour: 1 });
        writeFileSync(join(root, "keys.json"), listPublicKeysJson([trustedKey]));
        const run = await runCli(["verify-logs", trail.root, "--public-keys", join(root, "keys.json"), "--format", "json", "--to", "2024-05-02"]);
        assert.deepStrictEqual(JSON.parse(run.stdout), {
            requested: { from: null, to: "2024-05-02T00:00:00Z" },
            found: { from: "2024-05-01T10:00:00Z", to: "2024-05-01T11:00:00Z" },
            summary: { digest: { valid: 1, invalid: 0, missing: 0, uncovered: 0 }, log: { valid: 1, invalid: 0, missing: 0, uncovered: 0 } },
            files: [
                { kind: "digest", path: trail.digests[0].key, status: "valid" },
                { kind: "log", path: trail.logs[0], status: "valid" },
            ],
            gaps: [],
        });
        assert.strictEqual(run.code, 0);
        rmSync(root, { recursive: true, force: true });
    });

    describe("unusable input exits 2 with one actionable line", () => {
        let root: string;
        let tree: string;
        before(() => {
            root = tempDir("verify-logs-usage");
            tree = buildTrail(join(root, "tree"), { key: trustedKey, hours: 1, logsPerHour: 1 }).root;
            writeFileSync(join(root, "keys.json"), listPublicKeysJson([trustedKey]));
            mkdirSync(join(root, "empty"));
            writeFileSync(join(root, "broken.json"), '{"PublicKeyList":[{"Value":"bm90IGEga2V5"}]}');
        });
        after(() => rmSync(root, { recursive: true, force: true }));

        const USAGE_CASES: { name: string; args: (root: string, tree: string) => string[]; stderr: (root: string, tree: string) => string }[] = [
            {
                name: "a folder that does not exist",
                args: (r) => ["verify-logs", join(r, "nope"), "--public-keys", join(r, "keys.json")],
                stderr: (r) => `cloudtrail-guardrails verify-logs: ${join(r, "nope")}: cannot read this folder (ENOENT)\n`,
            },
            {
                name: "a folder without CloudTrail files",
                args: (r) => ["verify-logs", join(r, "empty"), "--public-keys", join(r, "keys.json")],
                stderr: (r) =>
                    `cloudtrail-guardrails verify-logs: ${join(r, "empty")}: no CloudTrail log or digest files; expected AWSLogs/<account>/CloudTrail/... or .../CloudTrail-Digest/... below it\n`,
            },
            {
                name: "a malformed key file",
                args: (r, t) => ["verify-logs", t, "--public-keys", join(r, "broken.json")],
                stderr: (r) => `cloudtrail-guardrails verify-logs: ${join(r, "broken.json")}: PublicKeyList[0].Value is not a DER PKCS#1 RSA public key\n`,
            },
            {
                name: "digests but no public keys",
                args: (_r, t) => ["verify-logs", t],
                stderr: (_r, t) => `cloudtrail-guardrails verify-logs: ${t} holds digests: pass --public-keys <file|dir> with the output of "aws cloudtrail list-public-keys"\n`,
            },
            {
                name: "a bad --from",
                args: (r, t) => ["verify-logs", t, "--public-keys", join(r, "keys.json"), "--from", "yesterday"],
                stderr: () => `cloudtrail-guardrails verify-logs: --from "yesterday" is not a UTC timestamp like 2024-05-01T00:00:00Z\n`,
            },
            {
                name: "--from after --to",
                args: (r, t) => ["verify-logs", t, "--public-keys", join(r, "keys.json"), "--from", "2024-05-02", "--to", "2024-05-01"],
                stderr: () => "cloudtrail-guardrails verify-logs: --from is after --to\n",
            },
            {
                name: "an unknown flag",
                args: (r, t) => ["verify-logs", t, "--public-keys", join(r, "keys.json"), "--verbose"],
                stderr: () => "cloudtrail-guardrails verify-logs: Unknown option '--verbose'; run with --help for the options\n",
            },
            {
                name: "an unknown format",
                args: (r, t) => ["verify-logs", t, "--public-keys", join(r, "keys.json"), "--format", "xml"],
                stderr: () => 'cloudtrail-guardrails verify-logs: --format "xml" is not text or json\n',
            },
        ];
        for (const usageCase of USAGE_CASES) {
            it(usageCase.name, async () => {
                const run = await runCli(usageCase.args(root, tree));
                assert.deepStrictEqual([run.code, run.stderr, run.stdout], [2, usageCase.stderr(root, tree), ""]);
            });
        }
    });
});
