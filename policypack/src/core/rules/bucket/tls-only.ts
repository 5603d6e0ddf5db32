import { conditionValues, effectIs, Statement } from "../../facts/iam";
import { StackRule } from "../../rule";
import { allTri, anyTri, Tri } from "../../tri";
import { judgeLinked, judgeSettings } from "../linked";

const NAME = "cloudtrail-bucket-tls-only";

function listHas(field: Statement["action"], test: (value: string) => boolean): Tri {
    return field.state === "unknown" ? "unknown" : field.state === "known" && field.value.some(test);
}

/** A Deny for everyone, on every S3 action, when aws:SecureTransport is false. */
function deniesPlainHttp(s: Statement): Tri {
    const secureTransport = conditionValues(s.condition, ["Bool", "BoolIfExists"], "aws:SecureTransport");
    return allTri([
        effectIs(s, "Deny"),
        s.publicPrincipal,
        listHas(s.action, (a) => a === "*" || a.toLowerCase() === "s3:*"),
        listHas(secureTransport, (v) => v.toLowerCase() === "false"),
    ]);
}

export const bucketTlsOnly: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The S3 bucket a CloudTrail trail delivers to should deny requests that do not use TLS (a Deny statement on aws:SecureTransport false).",
    enforcementLevel: "advisory",
    severity: "medium",
    cis: { "1.4": "2.1.2", "3.0": "2.1.1", "4.0": "2.1.1", "5.0": "2.1.1" },
    securityHub: "S3.5",
    equivalents: { checkov: ["CKV_AWS_379"], prowler: ["s3_bucket_secure_transport_policy"] },
    remediationSteps:
        'Add to the bucket policy: {Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, <bucket ARN>/*], Condition: {Bool: {"aws:SecureTransport": "false"}}}.',
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    tags: ["cloudtrail", "s3", "encryption"],
    check: (model) =>
        judgeLinked(model, "bucket", NAME, (urn) =>
            judgeSettings(NAME, urn, model.links.bucket(urn).policy, {
                passes: (statements) => anyTri(statements.map(deniesPlainHttp)),
                absentPasses: false,
                failure: (s) => `${s.who}, for a bucket that receives CloudTrail logs, does not deny plain HTTP in "${s.property}". Add a Deny statement for s3:* when aws:SecureTransport is false.`,
            }),
        ),
};
