import { PUBLIC_ACCESS_FLAGS, PublicAccessBlock } from "../../facts/bucket";
import { StackRule } from "../../rule";
import { allTri, Tri } from "../../tri";
import { judgeLinked, judgeSettings } from "../linked";

const NAME = "cloudtrail-bucket-public-access-block";

/** Whether each flag is on; an unset flag defaults to false. */
function flagsOn(flags: PublicAccessBlock): Tri[] {
    return PUBLIC_ACCESS_FLAGS.map((f) => (flags[f].state === "known" ? flags[f].value : flags[f].state === "unknown" ? "unknown" : false));
}

export const bucketPublicAccessBlock: StackRule = {
    subject: "stack",
    needsTrail: true,
    name: NAME,
    description: "The S3 bucket a CloudTrail trail delivers to must block public access: all four public access block settings true.",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: { "1.4": "2.1.5", "3.0": "2.1.4", "4.0": "2.1.4", "5.0": "2.1.4" },
    securityHub: "S3.8",
    equivalents: {
        checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
        trivy: ["AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"],
        prowler: ["s3_bucket_level_public_access_block"],
    },
    remediationSteps: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    tags: ["cloudtrail", "s3", "exposure"],
    check: (model) =>
        judgeLinked(model, "bucket", NAME, (urn) =>
            judgeSettings(NAME, urn, model.links.bucket(urn).publicAccessBlock, {
                passes: (flags) => allTri(flagsOn(flags)),
                absentPasses: false,
                failure: (s) => {
                    const on = s.field.state === "known" ? flagsOn(s.field.value) : [];
                    const off = PUBLIC_ACCESS_FLAGS.filter((_, i) => on[i] === false);
                    return off.length > 0
                        ? `${s.who}, for a bucket that receives CloudTrail logs, does not set ${off.join(", ")} to true. Set all four public access block flags to true.`
                        : `${s.who}, which receives CloudTrail logs, has no public access block. Add an aws.s3.BucketPublicAccessBlock with all four flags true.`;
                },
            }),
        ),
};
