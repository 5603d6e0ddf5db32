import { createHash } from "crypto";
import { logicalNameOf } from "../core/resource";
import { Rule, Severity } from "../core/rule";
import { RULES } from "../core/rules";
import { STDIN_LABEL } from "./export";
import { AuditFinding, FileAudit } from "./report";

/**
 * SARIF 2.1.0 for code-scanning UIs. An export has no source lines, so each result points at the
 * export file and names the resource as a logical location; a fingerprint of policy and URN lets
 * a UI track a finding across runs. Exempted violations are results with an external suppression.
 */

/** GitHub code scanning ranks results by this rule property (0–10). */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

export function sarifReport(audits: readonly FileAudit[], version: string): string {
    const ruleIndex = new Map(RULES.map((rule, index) => [rule.name, index]));
    const log = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "cloudtrail-guardrails",
                        version,
                        rules: RULES.map(ruleDescriptor),
                    },
                },
                artifacts: audits.map((audit) => ({ location: { uri: uriOf(audit.file) } })),
                results: audits.flatMap((audit, artifactIndex) => audit.findings.map((f) => resultOf(f, uriOf(audit.file), artifactIndex, ruleIndex.get(f.policy)!))),
            },
        ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleDescriptor(rule: Rule) {
    return {
        id: rule.name,
        shortDescription: { text: rule.description },
        help: { text: rule.remediationSteps },
        helpUri: rule.url,
        defaultConfiguration: { level: rule.enforcementLevel === "mandatory" ? "error" : "warning" },
        properties: { tags: ["security", ...rule.tags], "security-severity": SECURITY_SEVERITY[rule.severity] },
    };
}

/** Only violations fail; SARIF requires level "none" for any other kind of result. */
function resultOf(f: AuditFinding, uri: string, artifactIndex: number, ruleIndex: number) {
    const kind = f.kind === "violation" ? "fail" : f.kind === "undecidable" ? "review" : "notApplicable";
    const level = f.kind !== "violation" ? "none" : f.enforcementLevel === "mandatory" ? "error" : "warning";
    const logical = f.urn === undefined ? [] : [{ name: logicalNameOf(f.urn), fullyQualifiedName: f.urn, kind: "resource" }];
    return {
        ruleId: f.policy,
        ruleIndex,
        kind,
        level,
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri, index: artifactIndex } }, logicalLocations: logical }],
        partialFingerprints: { "cloudtrailGuardrails/v1": createHash("sha256").update(`${f.policy}\n${f.urn ?? ""}`).digest("hex") },
        ...(f.exemptionReason === undefined ? {} : { suppressions: [{ kind: "external", justification: f.exemptionReason }] }),
    };
}

/** A relative URI reference: forward slashes, each segment percent-encoded. */
function uriOf(file: string): string {
    return file === STDIN_LABEL ? "stdin" : file.split(/[\\/]/).map(encodeURIComponent).join("/");
}
