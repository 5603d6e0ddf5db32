import { strict as assert } from "assert";
import { allowsPublicly, parsePolicyDocument } from "../../policypack/src/core/facts/iam";
import { UNKNOWN } from "../support/resources";

describe("IAM documents: who a statement lets in", () => {
    const table: Array<[string, Record<string, unknown>, boolean | "unknown"]> = [
        ['Principal "*"', { Principal: "*" }, true],
        ['Principal {"AWS": "*"}', { Principal: { AWS: "*" } }, true],
        ['Principal {"AWS": ["arn", "*"]}', { Principal: { AWS: ["arn:aws:iam::111122223333:root", "*"] } }, true],
        ["a service principal", { Principal: { Service: "cloudtrail.amazonaws.com" } }, false],
        ["an account principal", { Principal: { AWS: "arn:aws:iam::111122223333:root" } }, false],
        ["NotPrincipal: everyone else", { NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }, true],
        ["Principal not known yet", { Principal: UNKNOWN }, "unknown"],
        ["Principal.AWS not known yet", { Principal: { AWS: UNKNOWN } }, "unknown"],
        ["NotPrincipal not known yet", { NotPrincipal: UNKNOWN }, "unknown"],
        ['Principal "*" pinned by aws:SourceArn', { Principal: "*", Condition: { StringEquals: { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/t" } } }, false],
    ];
    for (const [title, fields, expected] of table) {
        it(title, () => {
            const document = parsePolicyDocument({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...fields } });
            if (document.state !== "known") {
                assert.fail(`document not parsed: ${document.state}`);
            }
            assert.equal(allowsPublicly(document.value[0]), expected);
        });
    }
});
