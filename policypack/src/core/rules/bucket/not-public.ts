import { allowsPublicly } from "../../facts/iam";
import { StackRule } from "../../rule";
import { allTri, notTri } from "../../tri";
import { judgeLinked, judgeSettings } from "../linked";

const NAME = "cloudtrail-bucket-not-public";

export const bucketNotPublic: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description:
        'The S3 bucket a CloudTrail trail delivers to must not be public: no bucket policy statement may allow Principal "*" without a condition that pins the caller, and no ACL may grant AllUsers or AuthenticatedUsers.',
    enforcementLevel: "mandatory",
    severity: "critical",
    cis: { "1.4": "3.3" },
    securityHub: "CloudTrail.6",
    equivalents: { checkov: ["CKV_AWS_20", "CKV_AWS_57", "CKV_AWS_70"], trivy: ["AVD-AWS-0161"], prowler: ["cloudtrail_logs_s3_bucket_is_not_publicly_accessible"] },
    remediationSteps:
        'Grant only named principals (cloudtrail.amazonaws.com with an aws:SourceArn condition, your log readers by ARN); remove Principal "*" Allow statements or pin them with aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID; use the private ACL (or BucketOwnerEnforced ownership).',
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
    tags: ["cloudtrail", "s3", "exposure"],
    check: (model) =>
        judgeLinked(model, "bucket", NAME, (urn) => {
            const bucket = model.links.bucket(urn);
            return [
                ...judgeSettings(NAME, urn, bucket.policy, {
                    passes: (statements) => allTri(statements.map((s) => notTri(allowsPublicly(s)))),
                    absentPasses: true,
                    failure: (s) =>
                        `${s.who}, for a bucket that receives CloudTrail logs, has a statement in "${s.property}" that allows everyone (Principal "*") with no condition pinning the caller. Name the principals, or add an aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID condition.`,
                }),
                ...judgeSettings(NAME, urn, bucket.publicAcl, {
                    passes: (isPublic) => notTri(isPublic),
                    absentPasses: true,
                    failure: (s) => `${s.who}, for a bucket that receives CloudTrail logs, grants public access through "${s.property}". Use the private ACL and no AllUsers or AuthenticatedUsers grants.`,
                }),
            ];
        }),
};
