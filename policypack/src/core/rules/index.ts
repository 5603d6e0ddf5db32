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
];

export function ruleNamed(name: string): Rule | undefined {
    return RULES.find((r) => r.name === name);
}
