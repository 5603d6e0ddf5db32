import { logicalNameOf } from "../core/resource";
import { AuditFinding, countsOf, FileAudit } from "./report";

/**
 * The human report: per file, findings grouped by resource as `pulumi preview` lists policy
 * violations, then one summary line.
 */
export function textReport(audits: readonly FileAudit[]): string {
    const lines: string[] = [];
    for (const audit of audits) {
        lines.push(`${headerOf(audit)}:`);
        if (audit.findings.length === 0) {
            lines.push("    No findings.");
        }
        for (const [urn, findings] of groupByResource(audit.findings)) {
            lines.push(urn === undefined ? "    Stack-level:" : `    ${findings[0].resourceType}  ${logicalNameOf(urn)}`);
            for (const finding of findings) {
                lines.push(`        - [${finding.enforcementLevel}]  ${finding.policy}${KIND_NOTE[finding.kind]}`);
                lines.push(`          ${finding.message}`);
            }
        }
        lines.push("");
    }
    lines.push(summaryLine(audits));
    return `${lines.join("\n")}\n`;
}

const KIND_NOTE: Readonly<Record<AuditFinding["kind"], string>> = {
    violation: "",
    undecidable: "  (cannot decide)",
    notApplicable: "  (not applicable)",
};

function headerOf(audit: FileAudit): string {
    const stack = audit.stack === undefined ? "empty stack" : `stack "${audit.stack}" of project "${audit.project}"`;
    return `Policies for ${audit.file} (${stack}, ${plural(audit.resources, "resource")})`;
}

const ORDER: Readonly<Record<string, number>> = { mandatory: 0, advisory: 1 };

/** Resources in the order of their first finding, stack-level findings last; within one, mandatory first, then advisory, then notes. */
function groupByResource(findings: readonly AuditFinding[]): Map<string | undefined, AuditFinding[]> {
    const groups = new Map<string | undefined, AuditFinding[]>();
    for (const finding of findings) {
        if (finding.urn === undefined) {
            continue;
        }
        const list = groups.get(finding.urn);
        if (list) {
            list.push(finding);
        } else {
            groups.set(finding.urn, [finding]);
        }
    }
    const stackLevel = findings.filter((f) => f.urn === undefined);
    if (stackLevel.length > 0) {
        groups.set(undefined, stackLevel);
    }
    const rank = (f: AuditFinding) => (f.kind === "violation" ? ORDER[f.enforcementLevel] : 2);
    for (const list of groups.values()) {
        list.sort((a, b) => rank(a) - rank(b));
    }
    return groups;
}

export function summaryLine(audits: readonly FileAudit[]): string {
    const counts = countsOf(audits);
    const parts = [
        plural(counts.mandatory, "mandatory violation"),
        plural(counts.advisory, "advisory violation"),
        plural(counts.information, "advisory note"),
    ];
    const verdict =
        counts.mandatory > 0
            ? "The mandatory violations would block `pulumi preview` and `pulumi up` with this pack."
            : "Nothing would block a deployment with this pack.";
    return `Summary: ${plural(audits.length, "file")}, ${plural(counts.resources, "resource")}: ${parts.join(", ")}. ${verdict}`;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
