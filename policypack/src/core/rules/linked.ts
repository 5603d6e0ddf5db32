import { Setting } from "../facts/bucket";
import { Finding } from "../finding";
import { LinkKind } from "../links";
import { StackModel } from "../model";
import { Tri } from "../tri";
import { Field, UNKNOWN } from "../values";
import { cannotDecide, notApplicable, subject, undecidable, violation } from "./support";

/**
 * `announcer` is the one policy of each kind that says when a trail's resource cannot be judged
 * (elsewhere, or not known yet), so the trail gets that line once instead of once per policy.
 */
const KINDS: Readonly<Record<LinkKind, { readonly label: string; readonly property: string; readonly announcer: string; readonly policies: string }>> = {
    bucket: { label: "bucket", property: "s3BucketName", announcer: "cloudtrail-bucket-object-lock", policies: "cloudtrail-bucket-*" },
    key: { label: "KMS key", property: "kmsKeyId", announcer: "cloudtrail-kms-key-rotation", policies: "cloudtrail-kms-key-rotation" },
    logGroup: { label: "log group", property: "cloudWatchLogsGroupArn", announcer: "cloudtrail-log-group-retention", policies: "cloudtrail-log-group-*" },
};

/**
 * Runs `judge` once for each distinct resource of `kind` a trail uses (trails sharing a bucket get
 * its findings once, on the bucket). A trail whose resource is elsewhere gets one advisory line.
 */
export function judgeLinked(model: StackModel, kind: LinkKind, policy: string, judge: (urn: string) => Finding[]): Finding[] {
    const { label, property, announcer, policies } = KINDS[kind];
    const announces = policy === announcer;
    const findings: Finding[] = [];
    const judged = new Set<string>();
    for (const links of model.links.trails) {
        const link = links[kind];
        const trail = subject("trail", links.trail.name);
        if (!announces && (link.state === "notInStack" || link.state === "unresolved")) {
            continue;
        }
        switch (link.state) {
            case "linked":
                if (!judged.has(link.urn)) {
                    judged.add(link.urn);
                    findings.push(...judge(link.urn));
                }
                break;
            case "notInStack":
                findings.push(
                    notApplicable(policy, links.trail.urn, `The ${label} ${trail} uses ("${property}") is not managed in this stack, so ${policies} do not check it here. Run this policy pack on the stack that manages it.`),
                );
                break;
            case "unresolved":
                findings.push(
                    undecidable(
                        policy,
                        links.trail.urn,
                        link.because === "valueUnknown"
                            ? `Cannot tell yet which ${label} ${trail} uses: "${property}" is not known until the update runs and no resource it depends on is a ${label}. ${policies} run again on the update.`
                            : `Cannot tell yet which ${label} ${trail} uses: "${property}" names no ${label} of this stack, but a ${label} here gets its name only when it is created. ${policies} run again on the update.`,
                    ),
                );
                break;
            case "unused":
                break;
        }
    }
    return findings;
}

/**
 * Judges each source of a bucket setting: a violation for each that fails, one "cannot decide"
 * line for each that is unknown or malformed.
 */
export function judgeSettings<T>(
    policy: string,
    urn: string,
    settings: readonly Setting<T>[],
    spec: { passes(value: T): Tri; readonly absentPasses: boolean; failure(setting: Setting<T>): string },
): Finding[] {
    const findings: Finding[] = [];
    for (const setting of settings) {
        const verdict = verdictOf(setting.field, spec.passes, spec.absentPasses);
        if (verdict === false) {
            findings.push(violation(policy, urn, spec.failure(setting)));
        } else if (verdict === "unknown") {
            const field: Field<unknown> = setting.field.state === "invalid" ? setting.field : UNKNOWN;
            findings.push(cannotDecide(policy, urn, setting.who, setting.property, field));
        }
    }
    return findings;
}

function verdictOf<T>(field: Field<T>, passes: (value: T) => Tri, absentPasses: boolean): Tri {
    switch (field.state) {
        case "known":
            return passes(field.value);
        case "absent":
            return absentPasses;
        default:
            return "unknown";
    }
}
