import * as assert from "assert";
import fc from "fast-check";
import { DigestFormatError, parseDigest, parseSignatureMetadata } from "../../policypack/src/logs/digest";
import { KeyFileError, parsePublicKeyFile } from "../../policypack/src/logs/keys";
import { keyTail, parseLocation, parseUserTime } from "../../policypack/src/logs/layout";
import { digestSigningString } from "../../policypack/src/logs/signing";
import { listPublicKeysJson, makeSigningKey } from "./fixtures";

const key = makeSigningKey();
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
const digestDocument = fc.record({
    digestStartTime: fc.constant("2024-05-01T10:00:00Z"),
    digestEndTime: fc.constant("2024-05-01T11:00:00Z"),
    digestS3Bucket: fc.string({ minLength: 1 }),
    digestS3Object: fc.string({ minLength: 1 }),
    digestPublicKeyFingerprint: fc.stringMatching(/^[0-9a-f]{32}$/),
    previousDigestS3Bucket: nullable(fc.string()),
    previousDigestS3Object: nullable(fc.string()),
    previousDigestHashValue: nullable(hex),
    previousDigestSignature: nullable(fc.stringMatching(/^[0-9a-f]{512}$/)),
    logFiles: fc.array(fc.record({ s3Bucket: fc.string(), s3Object: fc.string(), hashValue: hex, hashAlgorithm: fc.constant("SHA-256") }), { maxLength: 5 }),
});

describe("log parsers", () => {
    it("reads back every well-formed digest exactly", () => {
        fc.assert(fc.property(digestDocument, (document) => assert.deepStrictEqual(parseDigest(JSON.stringify(document)), JSON.parse(JSON.stringify(document)))));
    });

    it("rejects any digest missing a field the AWS CLI requires, naming the field", () => {
        const required = ["digestStartTime", "digestEndTime", "digestS3Bucket", "digestS3Object", "digestPublicKeyFingerprint", "previousDigestSignature"];
        fc.assert(
            fc.property(digestDocument, fc.constantFrom(...required), (document, field) => {
                const { [field]: _dropped, ...rest } = document as Record<string, unknown>;
                assert.throws(() => parseDigest(JSON.stringify(rest)), new DigestFormatError(`${field} is missing`));
            }),
        );
    });

    it("never throws anything but DigestFormatError on arbitrary text", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
                for (const parse of [parseDigest, parseSignatureMetadata]) {
                    try {
                        parse(text);
                    } catch (error) {
                        assert.ok(error instanceof DigestFormatError, String(error));
                    }
                }
            }),
        );
    });

    it("reads sidecars as S3 returns user metadata, and rejects non-hex signatures", () => {
        fc.assert(
            fc.property(fc.stringMatching(/^([0-9a-fA-F]{2})+$/), fc.dictionary(fc.stringMatching(/^[a-z-]{1,10}$/), fc.string()), (signature, extra) => {
                const text = JSON.stringify({ ...extra, signature, "signature-algorithm": "SHA256withRSA" });
                assert.deepStrictEqual(parseSignatureMetadata(text), { signature: signature.toLowerCase(), signatureAlgorithm: "SHA256withRSA" });
            }),
        );
        assert.throws(() => parseSignatureMetadata('{"signature":"xyz","signature-algorithm":"SHA256withRSA"}'), new DigestFormatError("signature is not hex"));
        assert.throws(() => parseSignatureMetadata('{"signature":"ab"}'), new DigestFormatError("signature-algorithm is missing"));
    });

    it("reads backfill-generation-timestamp of a backfill only, as ISO 8601, no zone meaning UTC", () => {
        const sidecar = (extra: object): string => JSON.stringify({ signature: "ab", "signature-algorithm": "SHA256withRSA", ...extra });
        const CASES: [stamp: unknown, backfill: boolean, expected: string | undefined | DigestFormatError][] = [
            ["2024-05-01T17:00:00Z", true, "2024-05-01T17:00:00.000Z"],
            ["2024-05-01T19:00:00+02:00", true, "2024-05-01T17:00:00.000Z"],
            ["2024-05-01T17:00:00", true, "2024-05-01T17:00:00.000Z"],
            [undefined, true, undefined],
            // What Date.parse would take, and read as it pleases: refused, as the key hangs on it.
            ["Wed, 01 May 2024 17:00:00 GMT", true, new DigestFormatError('backfill-generation-timestamp "Wed, 01 May 2024 17:00:00 GMT" is not a timestamp')],
            ["1714582800", true, new DigestFormatError('backfill-generation-timestamp "1714582800" is not a timestamp')],
            [1714582800, true, new DigestFormatError("backfill-generation-timestamp is not a string")],
            ["not a time", false, undefined],
        ];
        for (const [stamp, backfill, expected] of CASES) {
            const text = sidecar(stamp === undefined ? {} : { "backfill-generation-timestamp": stamp });
            if (expected instanceof DigestFormatError) {
                assert.throws(() => parseSignatureMetadata(text, backfill), expected, String(stamp));
            } else {
                assert.strictEqual(parseSignatureMetadata(text, backfill).backfillGeneratedAt?.toISOString(), expected, String(stamp));
            }
        }
    });

    it("builds the AWS CLI's string to sign, with a null previous signature written as null", () => {
        const document = parseDigest(JSON.stringify({ ...fc.sample(digestDocument, 1)[0], digestS3Bucket: "b", digestS3Object: "AWSLogs/k.json.gz", previousDigestSignature: null }));
        assert.strictEqual(digestSigningString(document, "ab12"), "2024-05-01T11:00:00Z\nb/AWSLogs/k.json.gz\nab12\nnull");
    });

    it("reads list-public-keys output and PEM, fingerprinting the DER PKCS#1 key", () => {
        const [listed] = parsePublicKeyFile(listPublicKeysJson([key]), "keys.json");
        assert.deepStrictEqual([listed.fingerprint, listed.validFrom, listed.validTo], [key.fingerprint, new Date("2015-01-01T00:00:00Z"), new Date("2035-01-01T00:00:00Z")]);
        for (const type of ["pkcs1", "spki"] as const) {
            const [pem] = parsePublicKeyFile(key.publicKey.export({ type, format: "pem" }) as string, "key.pem");
            assert.strictEqual(pem.fingerprint, key.fingerprint);
        }
    });

    it("rejects malformed key files with KeyFileError naming the file and entry", () => {
        const cases: [string, string][] = [
            ["not json", 'keys.json: neither PEM nor JSON; expected the output of "aws cloudtrail list-public-keys"'],
            ["{}", 'keys.json: no PublicKeyList array; expected the output of "aws cloudtrail list-public-keys"'],
            ['{"PublicKeyList":[]}', "keys.json: holds no public keys"],
            ['{"PublicKeyList":[{"Value":"%%"}]}', "keys.json: PublicKeyList[0].Value is not base64"],
            [listPublicKeysJson([key]).replace(key.fingerprint, "0".repeat(32)), `keys.json: PublicKeyList[0].Fingerprint ${"0".repeat(32)} does not match the key (MD5 ${key.fingerprint})`],
            [listPublicKeysJson([key]).replace("2015-01-01T00:00:00+00:00", "soon"), "keys.json: PublicKeyList[0].ValidityStartTime is not a timestamp"],
        ];
        for (const [text, message] of cases) {
            assert.throws(() => parsePublicKeyFile(text, "keys.json"), new KeyFileError(message));
        }
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
                try {
                    parsePublicKeyFile(text, "keys.json");
                } catch (error) {
                    assert.ok(error instanceof KeyFileError, String(error));
                }
            }),
        );
    });

    it("classifies bucket keys, with prefixes and organization ids", () => {
        const cases: [string, unknown][] = [
            ["p/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1005Z_abcDEF123.json.gz", { kind: "log", accountId: "111122223333", region: "us-east-1", time: new Date("2024-05-01T10:05:00Z") }],
            [
                "AWSLogs/o-abc1234567/111122223333/CloudTrail-Digest/eu-west-1/2024/05/01/111122223333_CloudTrail-Digest_eu-west-1_my_trail_us-east-1_20240501T110000Z_backfill.json.gz",
                { kind: "digest", stream: { organizationId: "o-abc1234567", accountId: "111122223333", region: "eu-west-1", trailName: "my_trail", homeRegion: "us-east-1" }, endTime: new Date("2024-05-01T11:00:00Z"), backfill: true },
            ],
            ["AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/999999999999_CloudTrail_us-east-1_20240501T1005Z_abc.json.gz", undefined],
            ["AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/notes.txt", undefined],
        ];
        for (const [path, expected] of cases) {
            assert.deepStrictEqual(parseLocation(path), expected, path);
        }
        assert.strictEqual(keyTail("a/b/AWSLogs/1/x"), "AWSLogs/1/x");
    });

    it("reads --from/--to as UTC unless a zone is given", () => {
        const cases: [string, string | undefined][] = [
            ["2024-05-01", "2024-05-01T00:00:00.000Z"],
            ["2024-05-01T10:30", "2024-05-01T10:30:00.000Z"],
            ["2024-05-01T10:30:00+02:00", "2024-05-01T08:30:00.000Z"],
            ["2024-13-01", undefined],
            ["yesterday", undefined],
        ];
        for (const [text, expected] of cases) {
            assert.strictEqual(parseUserTime(text)?.toISOString(), expected, text);
        }
    });
});
