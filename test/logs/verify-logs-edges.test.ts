import * as assert from "assert";
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { gunzipSync, gzipSync } from "zlib";
import {
    ACCOUNT,
    BUCKET,
    buildTrail,
    compact,
    iso,
    listPublicKeysJson,
    logContent,
    makeSigningKey,
    REGION,
    runCli,
    sha256,
    SigningKey,
    START,
    tempDir,
    TrailFixture,
    write,
    writeDigest,
} from "./fixtures";

/**
 * The paths verify-logs.test.ts leaves out: backfill digests, copies under two prefixes, moved
 * digests, windows that cut through an hour, keys listed twice, organization and account trees
 * side by side, and the whole JSON document. Every tree is signed for real; each case asserts
 * every finding and the exit status.
 */

const HOUR = 3600 * 1000;
const trustedKey = makeSigningKey();
const otherKey = makeSigningKey();
/** Signs backfills, with the validity each backfill case lists it with. */
const rotatedKey = makeSigningKey();
const ORG = "o-a1b2c3d4e5";

interface Finding {
    readonly kind: string;
    readonly path: string;
    readonly status: string;
    readonly reason?: string;
}

interface Outcome {
    readonly code: number;
    /** Every file not valid, in report order. */
    readonly findings: readonly Finding[];
    readonly valid: { readonly digest: number; readonly log: number };
    readonly gaps?: readonly unknown[];
    readonly found?: unknown;
}

const digest = (trail: TrailFixture, hour: number): string => trail.digests[hour].key;
const logsOf = (trail: TrailFixture, hour: number): readonly string[] => trail.digests[hour].logs;
const uncovered = (path: string): Finding => ({ kind: "log", path, status: "uncovered", reason: "no valid digest lists this file" });
const invalidDigest = (path: string, reason: string): Finding => ({ kind: "digest", path, status: "invalid", reason });
const invalidLog = (path: string): Finding => ({ kind: "log", path, status: "invalid", reason: "hash value doesn't match" });
const missingDigest = (path: string, namedBy: string): Finding => ({ kind: "digest", path, status: "missing", reason: `not found; ${namedBy} names it as the previous digest` });
const notValidAt = (hour: number): string => `public key ${trustedKey.fingerprint} was not valid at ${new Date(START + (hour + 1) * HOUR).toISOString()}`;
/** A report's summary: valid, invalid, missing and not covered, for digests and for logs. */
const counts = (digests: number[], logs: number[]) => {
    const kind = ([valid, invalid, missing, uncovered]: number[]) => ({ valid, invalid, missing, uncovered });
    return { digest: kind(digests), log: kind(logs) };
};
/** A hash no log of the fixtures has. */
const OTHER_HASH = sha256(Buffer.from("not this log"));

function newTrail(root: string, options: { hours?: number; logsPerHour?: number; organizationId?: string; prefix?: string; restartHours?: number[] } = {}): TrailFixture {
    return buildTrail(join(root, "tree"), { key: trustedKey, hours: options.hours ?? 3, logsPerHour: options.logsPerHour ?? 2, ...options });
}

function keysFile(root: string, content = listPublicKeysJson([trustedKey])): string {
    writeFileSync(join(root, "keys.json"), content);
    return join(root, "keys.json");
}

async function verifyJson(tree: string, keys: string, args: readonly string[] = []) {
    const run = await runCli(["verify-logs", tree, "--public-keys", keys, "--format", "json", ...args]);
    return { ...run, report: JSON.parse(run.stdout) };
}

function assertOutcome(run: Awaited<ReturnType<typeof verifyJson>>, outcome: Outcome): void {
    const { report } = run;
    assert.deepStrictEqual(
        report.files.filter((file: Finding) => file.status !== "valid"),
        outcome.findings,
    );
    assert.deepStrictEqual([report.summary.digest.valid, report.summary.log.valid], [outcome.valid.digest, outcome.valid.log]);
    assert.deepStrictEqual(report.gaps, outcome.gaps ?? []);
    if (outcome.found !== undefined) {
        assert.deepStrictEqual(report.found, outcome.found);
    }
    assert.strictEqual(run.stderr, "");
    assert.strictEqual(run.code, outcome.code);
}

/** What the hourly digest lists for a log: its key and the hash of the log as written. */
function listing(trail: TrailFixture, hour: number, index: number): { s3Object: string; hashValue: string } {
    const entry = (trail.digests[hour].document.logFiles as { s3Object: string; hashValue: string }[])[index];
    return { s3Object: entry.s3Object, hashValue: entry.hashValue };
}

function backfillKey(hourlyKey: string): string {
    return hourlyKey.replace(/\.json\.gz$/, "_backfill.json.gz");
}

/**
 * A backfill digest for an hour, as CloudTrail delivers one for logs its hourly digest left out:
 * the hour's name with _backfill, outside the hourly chain, and backfill-generation-timestamp in
 * its metadata. `signedBy` other than the key `fingerprintOf` names makes its signature fail.
 */
function writeBackfill(
    trail: TrailFixture,
    hour: number,
    logFiles: readonly { s3Object: string; hashValue: string }[],
    options: { signedBy?: SigningKey; fingerprintOf?: SigningKey; metadata?: Record<string, string> } = {},
): string {
    const { signedBy = trustedKey, fingerprintOf = trustedKey, metadata = { "backfill-generation-timestamp": iso(START + (hour + 6) * HOUR) } } = options;
    const hourly = trail.digests[hour].document;
    const key = backfillKey(trail.digests[hour].key);
    const document = {
        ...hourly,
        digestS3Object: key,
        digestPublicKeyFingerprint: fingerprintOf.fingerprint,
        previousDigestS3Bucket: null,
        previousDigestS3Object: null,
        previousDigestHashValue: null,
        previousDigestHashAlgorithm: null,
        previousDigestSignature: null,
        logFiles: logFiles.map((entry) => ({ s3Bucket: BUCKET, ...entry, hashAlgorithm: "SHA-256", newestEventTime: hourly.newestEventTime, oldestEventTime: hourly.oldestEventTime })),
    };
    writeDigest(trail.root, key, document, signedBy, metadata);
    return key;
}

/** Signs an hour's digest again after a change; only the newest digest keeps its chain, as nothing links to it. */
function resign(trail: TrailFixture, hour: number, change: (document: Record<string, unknown>) => Record<string, unknown>): void {
    writeDigest(trail.root, digest(trail, hour), change(trail.digests[hour].document), trustedKey);
}

function withHash(document: Record<string, unknown>, index: number, hashValue: string): Record<string, unknown> {
    return { ...document, logFiles: (document.logFiles as Record<string, unknown>[]).map((entry, at) => (at === index ? { ...entry, hashValue } : entry)) };
}

/** A log delivered at `time` into the day's folder of `besides`, with a name no digest lists. */
function extraLog(trail: TrailFixture, besides: string, time: number, suffix = "EXTRA"): string {
    const key = `${dirname(besides)}/${ACCOUNT}_CloudTrail_${REGION}_${compact(time, false)}_${suffix}.json.gz`;
    write(trail.root, key, gzipSync(logContent(90, time % 97)));
    return key;
}

function hashOfLog(trail: TrailFixture, key: string): string {
    return sha256(gunzipSync(readFileSync(join(trail.root, key))));
}

/** The digest's bytes changed after signing, so its signature no longer verifies. */
function forge(trail: TrailFixture, hour: number): void {
    const document = withHash(trail.digests[hour].document, 0, OTHER_HASH);
    write(trail.root, digest(trail, hour), gzipSync(Buffer.from(JSON.stringify(document))));
}

interface TreeCase {
    readonly name: string;
    readonly tamper: (trail: TrailFixture) => void;
    readonly outcome: (trail: TrailFixture) => Outcome;
}

describe("verify-logs edge cases", function () {
    this.timeout(30000);

    let root: string;
    beforeEach(() => {
        root = tempDir("verify-logs-edges");
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    /** A test per case, each on a fresh three-hour trail with two logs an hour. */
    function itVerifiesEach(cases: readonly TreeCase[]): void {
        for (const testCase of cases) {
            it(testCase.name, async () => {
                const trail = newTrail(root);
                testCase.tamper(trail);
                assertOutcome(await verifyJson(trail.root, keysFile(root)), testCase.outcome(trail));
            });
        }
    }

    describe("a log listed by an hourly digest and a backfill digest", () => {
        // The AWS CLI checks the logs of every valid digest, backfills after the hourly chain, and
        // prints INVALID for any listing the file does not match; so a log must match every valid
        // listing, whichever digest comes last.
        const CASES: TreeCase[] = [
            {
                name: "both list the file's hash",
                tamper: (t) => writeBackfill(t, 1, [listing(t, 1, 0)]),
                outcome: () => ({ code: 0, findings: [], valid: { digest: 4, log: 6 } }),
            },
            {
                name: "the backfill lists a log the hourly digest left out, which is what backfills are for",
                tamper: (t) => {
                    const late = extraLog(t, logsOf(t, 1)[0], START + HOUR + 30 * 60000, "LATE");
                    writeBackfill(t, 1, [{ s3Object: late, hashValue: hashOfLog(t, late) }]);
                },
                outcome: () => ({ code: 0, findings: [], valid: { digest: 4, log: 7 } }),
            },
            {
                name: "the backfill lists another hash than the file and its hourly digest",
                tamper: (t) => writeBackfill(t, 1, [{ ...listing(t, 1, 0), hashValue: OTHER_HASH }]),
                outcome: (t) => ({ code: 1, findings: [invalidLog(logsOf(t, 1)[0])], valid: { digest: 4, log: 5 } }),
            },
            {
                name: "the hourly digest lists another hash, and the backfill after it matches the file",
                tamper: (t) => {
                    resign(t, 2, (document) => withHash(document, 0, OTHER_HASH));
                    writeBackfill(t, 2, [listing(t, 2, 0)]);
                },
                outcome: (t) => ({ code: 1, findings: [invalidLog(logsOf(t, 2)[0])], valid: { digest: 4, log: 5 } }),
            },
            // Signed, but not the digest the next one chained to: its listings count for nothing. A
            // backfill named for the hour before sorts, and is mostly read, ahead of the hourly
            // digest; one named for the same hour after it. Either order must give the same report.
            ...[
                { backfillHour: 1, which: "the backfill" },
                { backfillHour: 0, which: "a backfill named for the hour before" },
            ].map(
                ({ backfillHour, which }): TreeCase => ({
                    name: `an hourly digest cut out of the chain lists another hash, and ${which} matches the file`,
                    tamper: (t) => {
                        resign(t, 1, (document) => withHash(document, 0, OTHER_HASH));
                        writeBackfill(t, backfillHour, [listing(t, 1, 0)]);
                    },
                    outcome: (t) => ({
                        code: 1,
                        findings: [invalidDigest(digest(t, 1), `signature differs from previousDigestSignature in ${digest(t, 2)}`), uncovered(logsOf(t, 1)[1])],
                        valid: { digest: 3, log: 5 },
                    }),
                }),
            ),
            {
                name: "a backfill whose signature fails lists another hash: only the valid hourly listing counts",
                tamper: (t) => writeBackfill(t, 1, [{ ...listing(t, 1, 0), hashValue: OTHER_HASH }], { signedBy: otherKey }),
                outcome: (t) => ({ code: 1, findings: [invalidDigest(backfillKey(digest(t, 1)), "signature verification failed")], valid: { digest: 3, log: 6 } }),
            },
        ];
        itVerifiesEach(CASES);
    });

    describe("a backfill digest's key is the one valid at its backfill-generation-timestamp", () => {
        // Hour 1's backfill names the end time 12:00 and lists a log its hourly digest left out; it
        // is signed by a second key, listed with the validity each case gives, and generated at
        // 17:00 unless the case writes other metadata. The AWS CLI requires the timestamp and takes
        // the keys ListPublicKeys gives for an hour either side of it.
        const GENERATED = START + 7 * HOUR;
        const at = (time: number): string => iso(time).replace("Z", "+00:00");
        const ALWAYS = { from: "2015-01-01T00:00:00+00:00", to: "2035-01-01T00:00:00+00:00" };
        const CASES: {
            name: string;
            validity: { from: string; to: string };
            metadata?: Record<string, string>;
            outcome: (backfill: string, late: string) => Outcome;
        }[] = [
            {
                name: "signed by a key valid at its generation time, not at its end time",
                validity: { from: at(GENERATED - HOUR + 60000), to: ALWAYS.to },
                outcome: () => ({ code: 0, findings: [], valid: { digest: 4, log: 7 } }),
            },
            {
                name: "signed by a key that became valid within the hour after its generation time",
                validity: { from: at(GENERATED + HOUR), to: ALWAYS.to },
                outcome: () => ({ code: 0, findings: [], valid: { digest: 4, log: 7 } }),
            },
            {
                name: "signed by a key that became valid more than an hour after its generation time",
                validity: { from: at(GENERATED + HOUR + 60000), to: ALWAYS.to },
                outcome: (backfill, late) => ({
                    code: 1,
                    findings: [invalidDigest(backfill, `public key ${rotatedKey.fingerprint} was not valid within 60 minutes of 2024-05-01T17:00:00.000Z`), uncovered(late)],
                    valid: { digest: 3, log: 6 },
                }),
            },
            {
                name: "signed by a key valid at its end time, retired more than an hour before its generation time",
                validity: { from: ALWAYS.from, to: at(GENERATED - HOUR - 60000) },
                outcome: (backfill, late) => ({
                    code: 1,
                    findings: [invalidDigest(backfill, `public key ${rotatedKey.fingerprint} was not valid within 60 minutes of 2024-05-01T17:00:00.000Z`), uncovered(late)],
                    valid: { digest: 3, log: 6 },
                }),
            },
            {
                name: "a generation time with a zone offset is that instant",
                validity: { from: at(GENERATED - HOUR + 60000), to: ALWAYS.to },
                metadata: { "backfill-generation-timestamp": "2024-05-01T19:00:00+02:00" },
                outcome: () => ({ code: 0, findings: [], valid: { digest: 4, log: 7 } }),
            },
            {
                name: "no backfill-generation-timestamp in its metadata",
                validity: ALWAYS,
                metadata: {},
                outcome: (backfill, late) => ({
                    code: 1,
                    findings: [invalidDigest(backfill, "invalid signature metadata: backfill-generation-timestamp is missing"), uncovered(late)],
                    valid: { digest: 3, log: 6 },
                }),
            },
            {
                name: "a backfill-generation-timestamp that is not a timestamp",
                validity: ALWAYS,
                metadata: { "backfill-generation-timestamp": "17:00 yesterday" },
                outcome: (backfill, late) => ({
                    code: 1,
                    findings: [invalidDigest(backfill, 'invalid signature metadata: backfill-generation-timestamp "17:00 yesterday" is not a timestamp'), uncovered(late)],
                    valid: { digest: 3, log: 6 },
                }),
            },
        ];
        for (const testCase of CASES) {
            it(testCase.name, async () => {
                const trail = newTrail(root);
                const late = extraLog(trail, logsOf(trail, 1)[0], START + HOUR + 30 * 60000, "LATE");
                const backfill = writeBackfill(trail, 1, [{ s3Object: late, hashValue: hashOfLog(trail, late) }], {
                    signedBy: rotatedKey,
                    fingerprintOf: rotatedKey,
                    metadata: testCase.metadata,
                });
                const PublicKeyList = [
                    ...JSON.parse(listPublicKeysJson([trustedKey])).PublicKeyList,
                    ...JSON.parse(listPublicKeysJson([rotatedKey], testCase.validity)).PublicKeyList,
                ];
                assertOutcome(await verifyJson(trail.root, keysFile(root, JSON.stringify({ PublicKeyList }))), testCase.outcome(backfill, late));
            });
        }

        it("an hourly digest's backfill-generation-timestamp is not read, as in the AWS CLI", async () => {
            const trail = newTrail(root);
            // Signed again with the same key: PKCS#1 v1.5 signatures are deterministic, so the chain holds.
            writeDigest(trail.root, digest(trail, 1), trail.digests[1].document, trustedKey, { "backfill-generation-timestamp": "17:00 yesterday" });
            assertOutcome(await verifyJson(trail.root, keysFile(root)), { code: 0, findings: [], valid: { digest: 3, log: 6 } });
        });
    });

    describe("the same log under two prefixes is a copy error: exit 2, nothing verified", () => {
        const CASES: { name: string; copy: (trail: TrailFixture) => { copy: string; of: string } }[] = [
            {
                name: "one log copied into a second prefix",
                copy: (t) => {
                    const of = logsOf(t, 1)[0];
                    const copy = of.replace(/^a\//, "b/");
                    write(t.root, copy, readFileSync(join(t.root, of)));
                    return { copy, of };
                },
            },
            {
                name: "one log copied out of its prefix to the top of the tree",
                copy: (t) => {
                    const of = logsOf(t, 2)[1];
                    const copy = of.replace(/^a\//, "");
                    write(t.root, copy, readFileSync(join(t.root, of)));
                    // "AWSLogs/..." sorts before "a/AWSLogs/...", so the prefixed log is the second copy.
                    return { copy: of, of: copy };
                },
            },
            {
                name: "the whole tree copied under a second prefix: the first file in path order is named, a digest",
                copy: (t) => {
                    cpSync(join(t.root, "a"), join(t.root, "b"), { recursive: true });
                    const of = digest(t, 0);
                    return { copy: of.replace(/^a\//, "b/"), of };
                },
            },
        ];
        for (const testCase of CASES) {
            it(testCase.name, async () => {
                const trail = newTrail(root, { prefix: "a" });
                const { copy, of } = testCase.copy(trail);
                const run = await runCli(["verify-logs", trail.root, "--public-keys", keysFile(root), "--format", "json"]);
                assert.deepStrictEqual(
                    [run.code, run.stdout, run.stderr],
                    [2, "", `cloudtrail-guardrails verify-logs: ${join(trail.root, copy)}: a second copy of ${of}; point verify-logs at a folder holding one copy\n`],
                );
            });
        }
    });

    describe("a digest whose own digestS3Object or digestS3Bucket is not where it was read", () => {
        const CASES: TreeCase[] = [
            {
                name: "digest and sidecar moved into the next day's folder",
                tamper: (t) => {
                    const moved = digest(t, 1).replace("/2024/05/01/", "/2024/05/02/");
                    mkdirSync(dirname(join(t.root, moved)), { recursive: true });
                    for (const suffix of ["", ".metadata.json"]) {
                        renameSync(join(t.root, digest(t, 1) + suffix), join(t.root, moved + suffix));
                    }
                },
                outcome: (t) => ({
                    code: 1,
                    findings: [
                        // The next digest still names the original key, which is gone.
                        missingDigest(digest(t, 1), digest(t, 2)),
                        invalidDigest(digest(t, 1).replace("/2024/05/01/", "/2024/05/02/"), `has been moved from its original location ${digest(t, 1)}`),
                        ...logsOf(t, 1).map(uncovered),
                    ],
                    valid: { digest: 2, log: 4 },
                }),
            },
            {
                name: "validly signed, but digestS3Object names another region's folder",
                tamper: (t) => resign(t, 2, (document) => ({ ...document, digestS3Object: digest(t, 2).replace(`/${REGION}/`, "/eu-west-1/") })),
                outcome: (t) => ({
                    code: 1,
                    findings: [invalidDigest(digest(t, 2), `has been moved from its original location ${digest(t, 2).replace(`/${REGION}/`, "/eu-west-1/")}`), ...logsOf(t, 2).map(uncovered)],
                    valid: { digest: 2, log: 4 },
                }),
            },
            {
                // A copy may drop or change the trail's key prefix, so keys are compared from AWSLogs/ on.
                name: "digestS3Object names the same key under a prefix the copy dropped: valid",
                tamper: (t) => resign(t, 2, (document) => ({ ...document, digestS3Object: `archive/2024/${digest(t, 2)}` })),
                outcome: () => ({ code: 0, findings: [], valid: { digest: 3, log: 6 } }),
            },
            {
                // Offline there is no bucket to compare with. The signature covers the bucket, and an
                // older digest's bucket is pinned by the signature its successor recorded.
                name: "digestS3Bucket names another bucket: valid, as a copied tree does not say which bucket it came from",
                tamper: (t) => resign(t, 2, (document) => ({ ...document, digestS3Bucket: "another-bucket" })),
                outcome: () => ({ code: 0, findings: [], valid: { digest: 3, log: 6 } }),
            },
        ];
        itVerifiesEach(CASES);
    });

    describe("a --from/--to window that cuts through two hours", () => {
        // 11:01:30 to 12:01:30: the digests ending 12:00 and 13:00 are chosen (ending inside the
        // window or up to an hour after), and verify every log they list, even those delivered
        // just outside it. Everything else outside is broken, and must not be reported.
        const from = START + HOUR + 90000;
        const to = START + 2 * HOUR + 90000;
        const breakOutside = (t: TrailFixture): void => {
            const content = logContent(0, 0);
            content[10] ^= 1;
            writeFileSync(join(t.root, logsOf(t, 0)[0]), gzipSync(content));
            rmSync(join(t.root, logsOf(t, 3)[2]));
            rmSync(join(t.root, digest(t, 0)));
            forge(t, 3);
        };
        const CASES: (TreeCase & { window?: { from: number; to: number } })[] = [
            {
                name: "only files outside the window are broken",
                tamper: breakOutside,
                outcome: () => ({ code: 0, findings: [], valid: { digest: 2, log: 6 }, found: { from: iso(START + HOUR), to: iso(START + 3 * HOUR) } }),
            },
            {
                name: "unlisted logs a minute either side of each edge: only those inside are reported",
                tamper: (t) => {
                    breakOutside(t);
                    for (const time of [from - 30000, from + 30000, to - 30000, to + 30000]) {
                        extraLog(t, logsOf(t, 1)[0], time);
                    }
                },
                outcome: (t) => ({
                    code: 1,
                    findings: [from + 30000, to - 30000].map((time) => uncovered(`${dirname(logsOf(t, 1)[0])}/${ACCOUNT}_CloudTrail_${REGION}_${compact(time, false)}_EXTRA.json.gz`)),
                    valid: { digest: 2, log: 6 },
                }),
            },
            {
                // Both edges are inclusive, as in the AWS CLI: logs delivered in the minutes 11:01 and 12:01 are inside.
                name: "edges on the minute of an unlisted log",
                window: { from: from - 30000, to: to - 30000 },
                tamper: (t) => {
                    breakOutside(t);
                    for (const time of [from - 90000, from - 30000, to - 30000, to + 30000]) {
                        extraLog(t, logsOf(t, 1)[0], time);
                    }
                },
                outcome: (t) => ({
                    code: 1,
                    findings: [from - 30000, to - 30000].map((time) => uncovered(`${dirname(logsOf(t, 1)[0])}/${ACCOUNT}_CloudTrail_${REGION}_${compact(time, false)}_EXTRA.json.gz`)),
                    valid: { digest: 2, log: 6 },
                }),
            },
        ];
        for (const testCase of CASES) {
            it(testCase.name, async () => {
                const trail = newTrail(root, { hours: 4, logsPerHour: 3 });
                testCase.tamper(trail);
                const window = testCase.window ?? { from, to };
                const run = await verifyJson(trail.root, keysFile(root), ["--from", iso(window.from), "--to", iso(window.to)]);
                assert.deepStrictEqual(run.report.requested, { from: iso(window.from), to: iso(window.to) });
                assertOutcome(run, testCase.outcome(trail));
            });
        }
    });

    describe("a key is chosen by fingerprint and by the validity that covers the digest's end time", () => {
        const EXPIRED = { from: "2015-01-01T00:00:00+00:00", to: "2020-01-01T00:00:00+00:00" };
        const CURRENT = { from: "2020-01-01T00:00:00+00:00", to: "2035-01-01T00:00:00+00:00" };
        // Covers the digests ending 12:00 and 13:00, not the one ending 11:00.
        const FROM_1130 = { from: "2024-05-01T11:30:00+00:00", to: "2035-01-01T00:00:00+00:00" };
        const CASES: { name: string; keys: { key: SigningKey; validity: { from: string; to: string } }[]; outcome: (t: TrailFixture) => Outcome }[] = [
            {
                name: "the signing key listed valid, then again with a window that ended before the digests",
                keys: [
                    { key: trustedKey, validity: CURRENT },
                    { key: trustedKey, validity: EXPIRED },
                ],
                outcome: () => ({ code: 0, findings: [], valid: { digest: 3, log: 6 } }),
            },
            {
                name: "the signing key listed with a window that ended, then again valid",
                keys: [
                    { key: trustedKey, validity: EXPIRED },
                    { key: trustedKey, validity: CURRENT },
                ],
                outcome: () => ({ code: 0, findings: [], valid: { digest: 3, log: 6 } }),
            },
            {
                name: "no window of the signing key covers the first digest's end time",
                keys: [
                    { key: trustedKey, validity: FROM_1130 },
                    { key: trustedKey, validity: EXPIRED },
                ],
                outcome: (t) => ({ code: 1, findings: [invalidDigest(digest(t, 0), notValidAt(0)), ...logsOf(t, 0).map(uncovered)], valid: { digest: 2, log: 4 } }),
            },
            {
                name: "another key is valid, but the fingerprint names the signing key, whose window ended",
                keys: [
                    { key: otherKey, validity: CURRENT },
                    { key: trustedKey, validity: EXPIRED },
                ],
                outcome: (t) => ({ code: 1, findings: [...[0, 1, 2].map((hour) => invalidDigest(digest(t, hour), notValidAt(hour))), ...t.logs.map(uncovered)], valid: { digest: 0, log: 0 } }),
            },
        ];
        for (const testCase of CASES) {
            it(testCase.name, async () => {
                const trail = newTrail(root);
                // One list-public-keys document, as a user gets by merging the output of two calls.
                const PublicKeyList = testCase.keys.flatMap(({ key, validity }) => JSON.parse(listPublicKeysJson([key], validity)).PublicKeyList);
                assertOutcome(await verifyJson(trail.root, keysFile(root, JSON.stringify({ PublicKeyList }))), testCase.outcome(trail));
            });
        }
    });

    describe("an organization trail's tree and an account trail's tree in one run", () => {
        // AWSLogs/o-.../<account>/... and AWSLogs/<account>/... hold the same account, region,
        // trail name and log names: only the organization folder tells them apart.
        const CASES: { name: string; plainTrail?: { restartHours: number[] }; tamper: (org: TrailFixture, plain: TrailFixture) => void; outcome: (org: TrailFixture, plain: TrailFixture) => Outcome & { summary: unknown } }[] = [
            {
                name: "both untouched",
                tamper: () => {},
                outcome: () => ({ code: 0, findings: [], valid: { digest: 6, log: 12 }, summary: counts([6, 0, 0, 0], [12, 0, 0, 0]) }),
            },
            {
                name: "a log deleted in the organization tree, a log changed in the account tree",
                tamper: (org, plain) => {
                    rmSync(join(org.root, logsOf(org, 1)[1]));
                    const content = logContent(1, 1);
                    content[3] ^= 1;
                    writeFileSync(join(plain.root, logsOf(plain, 1)[1]), gzipSync(content));
                },
                outcome: (org, plain) => ({
                    code: 1,
                    findings: [invalidLog(logsOf(plain, 1)[1]), { kind: "log", path: logsOf(org, 1)[1], status: "missing", reason: "not found" }],
                    valid: { digest: 6, log: 10 },
                    summary: counts([6, 0, 0, 0], [10, 1, 1, 0]),
                }),
            },
            {
                name: "the organization tree's middle digest deleted: the account tree's same-named digest does not stand in",
                tamper: (org) => rmSync(join(org.root, digest(org, 1))),
                outcome: (org) => ({
                    code: 1,
                    findings: [missingDigest(digest(org, 1), digest(org, 2)), ...logsOf(org, 1).map(uncovered)],
                    valid: { digest: 5, log: 10 },
                    summary: counts([5, 0, 1, 0], [10, 0, 0, 2]),
                }),
            },
            {
                // With hour 1's account digest gone, the gap reaches back to the account tree's digest
                // ending 11:00, not to the organization tree's ending 12:00.
                name: "the account trail's chain restarts after a deleted digest: one gap, from the account tree's own older digest",
                plainTrail: { restartHours: [2] },
                tamper: (_org, plain) => rmSync(join(plain.root, digest(plain, 1))),
                outcome: (_org, plain) => ({
                    code: 1,
                    findings: logsOf(plain, 1).map(uncovered),
                    valid: { digest: 5, log: 10 },
                    summary: counts([5, 0, 0, 0], [10, 0, 0, 2]),
                    gaps: [{ from: iso(START + HOUR), to: iso(START + 2 * HOUR), digest: digest(plain, 2) }],
                }),
            },
        ];
        for (const testCase of CASES) {
            it(testCase.name, async () => {
                const org = newTrail(root, { organizationId: ORG });
                const plain = newTrail(root, testCase.plainTrail);
                testCase.tamper(org, plain);
                const run = await verifyJson(org.root, keysFile(root));
                const outcome = testCase.outcome(org, plain);
                assertOutcome(run, outcome);
                assert.deepStrictEqual(run.report.summary, outcome.summary);
            });
        }
    });

    it("--format json on a tree with every kind of problem prints this exact document", async () => {
        // Hour 1's digest deleted, hour 2's logs changed and deleted, hour 3's digest forged, and
        // hour 4's digest starting a new chain.
        const trail = newTrail(root, { hours: 5, logsPerHour: 2, restartHours: [4] });
        rmSync(join(trail.root, digest(trail, 1)));
        const content = logContent(2, 0);
        content[40] ^= 1;
        writeFileSync(join(trail.root, logsOf(trail, 2)[0]), gzipSync(content));
        rmSync(join(trail.root, logsOf(trail, 2)[1]));
        forge(trail, 3);
        const run = await runCli(["verify-logs", trail.root, "--public-keys", keysFile(root), "--format", "json"]);
        const valid = (kind: string, path: string): Finding => ({ kind, path, status: "valid" });
        const expected = {
            requested: { from: null, to: null },
            found: { from: "2024-05-01T10:00:00Z", to: "2024-05-01T15:00:00Z" },
            summary: {
                digest: { valid: 3, invalid: 1, missing: 1, uncovered: 0 },
                log: { valid: 4, invalid: 1, missing: 1, uncovered: 4 },
            },
            files: [
                valid("digest", digest(trail, 0)),
                missingDigest(digest(trail, 1), digest(trail, 2)),
                valid("digest", digest(trail, 2)),
                invalidDigest(digest(trail, 3), "signature verification failed"),
                valid("digest", digest(trail, 4)),
                ...logsOf(trail, 0).map((path) => valid("log", path)),
                ...logsOf(trail, 1).map(uncovered),
                invalidLog(logsOf(trail, 2)[0]),
                { kind: "log", path: logsOf(trail, 2)[1], status: "missing", reason: "not found" },
                ...logsOf(trail, 3).map(uncovered),
                ...logsOf(trail, 4).map((path) => valid("log", path)),
            ],
            gaps: [{ from: "2024-05-01T14:00:00Z", to: "2024-05-01T14:00:00Z", digest: digest(trail, 4) }],
        };
        // The text itself, not only its parse: the report is written in pieces, as JSON.stringify would print it whole.
        assert.strictEqual(run.stdout, `${JSON.stringify(expected, null, 2)}\n`);
        assert.deepStrictEqual([run.code, run.stderr], [1, ""]);
    });
});
