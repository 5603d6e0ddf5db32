import {
    Policies,
    PolicyComplianceFramework,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { configSchemaOf, exemptionFor, levelFindings, resolveRuleConfig } from "../core/config";
import { RuleRun, runRule } from "../core/evaluate";
import { trailFacts } from "../core/facts/trail";
import { buildModel } from "../core/model";
import { ResourceSnapshot } from "../core/resource";
import { Rule, RuleMeta, StackRule, TrailRule } from "../core/rule";
import { RULES } from "../core/rules";
import { TRAIL } from "../core/tokens";

/**
 * The CrossGuard adapter: each rule becomes one @pulumi/policy policy. Nothing here runs at import
 * time; the pack's entry file constructs the PolicyPack.
 */

/** The SDK skips a policy before decoding a resource when its function carries the resource's type. */
function ofType<F extends object>(type: string, fn: F): F {
    return Object.assign(fn, { __pulumiType: type });
}

const CIS_VERSIONS = ["1.4", "3.0", "4.0", "5.0"] as const;

export function frameworkOf(rule: RuleMeta): PolicyComplianceFramework | undefined {
    const ids = CIS_VERSIONS.filter((v) => rule.cis[v] !== undefined).map((v) => [v, rule.cis[v] as string] as const);
    if (ids.length > 0) {
        const distinct = new Set(ids.map(([, id]) => id));
        const reference = distinct.size === 1 && ids.length === CIS_VERSIONS.length ? ids[0][1] : ids.map(([v, id]) => `v${v}.0: ${id}`).join("; ");
        return {
            name: "CIS AWS Foundations Benchmark",
            version: ids.map(([v]) => `${v}.0`).join(", "),
            reference,
            specification: rule.description,
        };
    }
    if (rule.securityHub) {
        return { name: "AWS Security Hub", version: "", reference: rule.securityHub, specification: rule.description };
    }
    return undefined;
}

function tagsOf(rule: RuleMeta): string[] {
    const tags = [...rule.tags];
    for (const v of CIS_VERSIONS) {
        if (rule.cis[v]) {
            tags.push(`cis-v${v}:${rule.cis[v]}`);
        }
    }
    if (rule.securityHub) {
        tags.push(`securityhub:${rule.securityHub}`);
    }
    return tags;
}

function metadataOf(rule: RuleMeta) {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel,
        severity: rule.severity,
        framework: frameworkOf(rule),
        remediationSteps: rule.remediationSteps,
        url: rule.url,
        tags: tagsOf(rule),
        configSchema: configSchemaOf(rule) as PolicyConfigSchema,
    };
}

/**
 * The CLI reads replies with gRPC's default 4 MiB limit and fails the whole preview past it. At
 * about 600 bytes a line, 100 lines for each of the pack's policies stays well below it.
 */
export const MAX_LINES_PER_POLICY = 100;

/**
 * Violations go through the SDK's plain form, so they take the policy's configured level (the
 * level given to levelFindings only marks them). Exempted violations and "cannot decide" lines are
 * always advisory, which needs the object form.
 */
function report(rule: RuleMeta, run: RuleRun, reportViolation: ReportViolation): void {
    const leveled = levelFindings(run.findings, "mandatory", run.config);
    // Violations first, so a cut never hides what blocks the update.
    const ordered = [...leveled.filter((f) => f.kind === "violation"), ...leveled.filter((f) => f.kind !== "violation")];
    const shown = ordered.length > MAX_LINES_PER_POLICY ? ordered.slice(0, MAX_LINES_PER_POLICY - 1) : ordered;
    if (shown.length < ordered.length) {
        const left = ordered.slice(shown.length);
        const violations = left.filter((f) => f.kind === "violation").length;
        reportViolation({
            message:
                `${rule.description}\n${left.length} more findings of this policy (${violations} of them violations) were left out to keep the reply ` +
                "under the Pulumi CLI's 4 MiB limit. Run `cloudtrail-guardrails audit` on a stack export for the full list.",
            enforcementLevel: "advisory",
        } as never);
    }
    for (const finding of shown) {
        if (finding.kind === "violation" && finding.exemptionReason === undefined) {
            reportViolation(finding.message, finding.urn);
        } else {
            reportViolation({ message: `${rule.description}\n${finding.message}`, urn: finding.urn, enforcementLevel: "advisory" } as never);
        }
    }
}

function trailPolicy(rule: TrailRule): ResourceValidationPolicy {
    const validateResource = ofType(TRAIL, (args: { urn: string; name: string; props: unknown; getConfig(): unknown }, reportViolation: ReportViolation) => {
        report(rule, runRule(rule, buildModel([snapshotOfAnalyzed(args)]), args.getConfig()), reportViolation);
    });
    const policy: ResourceValidationPolicy = { ...metadataOf(rule), validateResource };
    const remediation = rule.remediation;
    if (remediation) {
        policy.remediateResource = ofType(TRAIL, (args: { urn: string; name: string; props: Record<string, unknown>; getConfig(): unknown }) => {
            let config;
            try {
                config = resolveRuleConfig(rule, args.getConfig());
            } catch {
                return undefined;
            }
            if (exemptionFor(config, args.urn) || !remediation.applies(trailFacts(args))) {
                return undefined;
            }
            // Writing through the SDK's proxy keeps the secretness of every other property.
            args.props[remediation.property] = remediation.value;
            return args.props;
        });
    }
    return policy;
}

function snapshotOfAnalyzed(args: { urn: string; name: string; props: unknown }): ResourceSnapshot {
    return { urn: args.urn, name: args.name, type: TRAIL, props: args.props as ResourceSnapshot["props"], dependencies: [], propertyDependencies: {} };
}

export function snapshotOfPolicyResource(r: PolicyResource): ResourceSnapshot {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
        propertyDependencies[key] = deps.map((d) => d.urn);
    }
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: r.props as ResourceSnapshot["props"],
        parent: r.parent?.urn,
        dependencies: (r.dependencies ?? []).map((d) => d.urn),
        propertyDependencies,
    };
}

function stackPolicy(rule: StackRule): StackValidationPolicy {
    const validate = (args: { resources: PolicyResource[]; getConfig(): unknown }, reportViolation: ReportViolation) => {
        report(rule, runRule(rule, buildModel(args.resources.map(snapshotOfPolicyResource)), args.getConfig()), reportViolation);
    };
    return { ...metadataOf(rule), validateStack: rule.needsTrail ? ofType(TRAIL, validate) : validate };
}

export function policyOf(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
    return rule.subject === "trail" ? trailPolicy(rule) : stackPolicy(rule);
}

export function buildPolicies(rules: readonly Rule[] = RULES): Policies {
    return rules.map(policyOf);
}
