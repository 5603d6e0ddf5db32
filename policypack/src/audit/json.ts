import { countsOf, FileAudit } from "./report";

/**
 * The machine report. Every finding has the same keys (null where a value does not apply), so
 * consumers never test for presence:
 * {"violations": [{file, policy, kind, enforcementLevel, severity, urn, resourceType, message, exemptionReason}],
 *  "summary": {files: [{file, stack, project, resources, mandatory, advisory, information}],
 *              resources, mandatory, advisory, information, blocking}}
 */
export function jsonReport(audits: readonly FileAudit[]): string {
    const violations = audits.flatMap((audit) =>
        audit.findings.map((f) => ({
            file: audit.file,
            policy: f.policy,
            kind: f.kind,
            enforcementLevel: f.enforcementLevel,
            severity: f.severity,
            urn: f.urn ?? null,
            resourceType: f.resourceType ?? null,
            message: f.message,
            exemptionReason: f.exemptionReason ?? null,
        })),
    );
    const files = audits.map((audit) => ({ file: audit.file, stack: audit.stack ?? null, project: audit.project ?? null, ...countsOf([audit]) }));
    const totals = countsOf(audits);
    return `${JSON.stringify({ violations, summary: { files, ...totals, blocking: totals.mandatory > 0 } }, null, 2)}\n`;
}
