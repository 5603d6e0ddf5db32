import { Rule } from "../rule";
import { cloudwatchLogs } from "./trail/cloudwatch-logs";
import { globalServiceEvents } from "./trail/global-service-events";
import { insights } from "./trail/insights";
import { kmsEncryption } from "./trail/kms-encryption";
import { logFileValidation } from "./trail/log-file-validation";
import { loggingEnabled } from "./trail/logging-enabled";
import { managementEvents } from "./trail/management-events";
import { multiRegion } from "./trail/multi-region";
import { organizationTrail } from "./trail/organization-trail";
import { s3DataEvents } from "./trail/s3-data-events";
import { snsNotifications } from "./trail/sns-notifications";
import { bucketAccessLogging } from "./bucket/access-logging";
import { bucketNotPublic } from "./bucket/not-public";
import { bucketObjectLock } from "./bucket/object-lock";
import { bucketPublicAccessBlock } from "./bucket/public-access-block";
import { bucketRetention } from "./bucket/retention";
import { bucketTlsOnly } from "./bucket/tls-only";
import { bucketVersioning } from "./bucket/versioning";
import { noTamperPermissions } from "./iam/no-tamper-permissions";
import { kmsKeyRotation } from "./key/key-rotation";
import { logGroupEncryption } from "./log-group/encryption";
import { logGroupRetention } from "./log-group/retention";
import { cisAlarms } from "./stack/cis-alarms";

/** Every rule, in the order reports list them. The pack, the audit command and the docs read this list. */
export const RULES: readonly Rule[] = [
    loggingEnabled,
    logFileValidation,
    multiRegion,
    globalServiceEvents,
    managementEvents,
    kmsEncryption,
    cloudwatchLogs,
    organizationTrail,
    s3DataEvents,
    snsNotifications,
    insights,
    bucketObjectLock,
    bucketVersioning,
    bucketPublicAccessBlock,
    bucketNotPublic,
    bucketAccessLogging,
    bucketTlsOnly,
    bucketRetention,
    kmsKeyRotation,
    logGroupRetention,
    logGroupEncryption,
    cisAlarms,
    noTamperPermissions,
];

export function ruleNamed(name: string): Rule | undefined {
    return RULES.find((r) => r.name === name);
}
