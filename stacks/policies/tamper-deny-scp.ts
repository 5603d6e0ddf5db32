import { TrailNames } from "../names";
import { policyDocument, PolicyDocument } from "./document";

export const TRAIL_TAMPER_ACTIONS: readonly string[] = [
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
    "cloudtrail:PutInsightSelectors",
];
export const BUCKET_TAMPER_ACTIONS: readonly string[] = [
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketObjectLockConfiguration",
    "s3:BypassGovernanceRetention",
];
export const KEY_TAMPER_ACTIONS: readonly string[] = ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"];

/**
 * A service control policy denying, in member accounts, every way of silencing the organization
 * trail. SCPs never bind the management account, where this stack runs: there the pack and IAM
 * (AWSCloudTrail_ReadOnlyAccess for readers, no cloudtrail:* for anyone) are the guard.
 */
export function tamperDenyScp(names: TrailNames, keyArn: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "DenyTrailTampering",
            Effect: "Deny",
            Action: TRAIL_TAMPER_ACTIONS,
            Resource: names.trailArn,
        },
        {
            Sid: "DenyLogBucketTampering",
            Effect: "Deny",
            Action: BUCKET_TAMPER_ACTIONS,
            Resource: [names.bucketArn, `${names.bucketArn}/*`],
        },
        {
            Sid: "DenyTrailKeyTampering",
            Effect: "Deny",
            Action: KEY_TAMPER_ACTIONS,
            Resource: keyArn,
        },
    );
}
