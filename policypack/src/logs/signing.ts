import { KeyObject, verify } from "crypto";
import { DigestDocument } from "./digest";

/**
 * What CloudTrail signs, as the AWS CLI rebuilds it (validation.py, _create_string_to_sign):
 * bucket and key come from the digest's own fields, and a first digest's missing previous
 * signature is the word "null", matching CloudTrail's Java implementation.
 */
export function digestSigningString(digest: DigestDocument, inflatedDigestSha256: string): string {
    return [
        digest.digestEndTime,
        `${digest.digestS3Bucket}/${digest.digestS3Object}`,
        inflatedDigestSha256,
        digest.previousDigestSignature ?? "null",
    ].join("\n");
}

/** Swappable like the AWS CLI's Sha256RSADigestValidator, should CloudTrail add an algorithm. */
export interface DigestSignatureValidator {
    readonly algorithm: string;
    isValid(key: KeyObject, signingString: string, signatureHex: string): boolean;
}

export const sha256WithRsa: DigestSignatureValidator = {
    algorithm: "SHA256withRSA",
    isValid(key, signingString, signatureHex) {
        return verify("sha256", Buffer.from(signingString, "utf8"), key, Buffer.from(signatureHex, "hex"));
    },
};
