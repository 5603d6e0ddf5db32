import { evaluate } from "../core/evaluate";
import { LeveledFinding } from "../core/finding";
import { PackConfig } from "../core/pack-config";
import { Severity } from "../core/rule";
import { RULES } from "../core/rules";
import { StackExport } from "./export";

/** What the audit found in one export: the model the text, JSON and SARIF reports are written from. */
export interface FileAudit {
    /** As given on the command line; STDIN_LABEL for "-". */
    readonly file: string;
    readonly stack?: string;
    readonly project?: string;
    readonly resources: number;
    readonly findings: readonly AuditFinding[];
}

export interface AuditFinding extends LeveledFinding {
    readonly severity: Severity;
    /** From the URN; undefined for stack-level findings. */
    readonly resourceType?: string;
}

export interface Counts {
    readonly resources: number;
    /** Mandatory violations: each one would fail `pulumi preview` with the pack on. */
    readonly mandatory: number;
    /** Advisory violations, exempted ones included. */
    readonly advisory: number;
    /** Advisory lines that are not violations: a rule could not decide, or had nothing to judge. */
    readonly information: number;
}

const SEVERITY_OF: ReadonlyMap<string, Severity> = new Map(RULES.map((r) => [r.name, r.severity]));

export function auditExport(file: string, exported: StackExport, config: PackConfig): FileAudit {
    const findings = evaluate(exported.resources, config).map((finding) => ({
        ...finding,
        // Every finding names the rule that made it, so the lookup cannot miss.
        severity: SEVERITY_OF.get(finding.policy)!,
        resourceType: finding.urn === undefined ? undefined : typeOfUrn(finding.urn),
    }));
    return { file, stack: exported.stack, project: exported.project, resources: exported.resources.length, findings };
}

/** `urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`: the type is the last of the chain. */
export function typeOfUrn(urn: string): string | undefined {
    const types = urn.split("::")[2];
    return types === undefined ? undefined : types.slice(types.lastIndexOf("$") + 1);
}

export function countsOf(audits: readonly FileAudit[]): Counts {
    let resources = 0;
    let mandatory = 0;
    let advisory = 0;
    let information = 0;
    for (const audit of audits) {
        resources += audit.resources;
        for (const f of audit.findings) {
            if (f.kind !== "violation") {
                information++;
            } else if (f.enforcementLevel === "mandatory") {
                mandatory++;
            } else {
                advisory++;
            }
        }
    }
    return { resources, mandatory, advisory, information };
}

/** 1 when any mandatory violation would block a deployment, as `pulumi preview` with the pack would. */
export function exitCodeOf(audits: readonly FileAudit[]): 0 | 1 {
    return countsOf(audits).mandatory > 0 ? 1 : 0;
}
