import { effectIs, parsePolicyDocument, Statement } from "../../facts/iam";
import { Finding } from "../../finding";
import { ResourceSnapshot } from "../../resource";
import { StackRule } from "../../rule";
import { IAM_POLICY_ATTACHMENTS, IAM_POLICY_DOCUMENTS, IAM_ROLE } from "../../tokens";
import { allTri, Tri } from "../../tri";
import { asList, asObject, asString, asStringList, elements, Field, prop } from "../../values";
import { cannotDecide, subject, undecidable, violation } from "../support";

const NAME = "cloudtrail-no-tamper-permissions";

/** The CloudTrail actions that stop, delete or narrow a trail. */
export const TAMPER_ACTIONS = [
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
    "cloudtrail:PutInsightSelectors",
] as const;

/** AWS managed policies that grant the tamper actions (Administrator: "*"; PowerUser: NotAction iam/organizations/account; CloudTrail: "cloudtrail:*"). */
const TAMPERING_MANAGED_POLICY = /^arn:aws(-[a-z]+)*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|AWSCloudTrail_FullAccess)$/;

/**
 * Whether an IAM action pattern covers an action, with IAM's semantics: case-insensitive, `*` any
 * run of characters, `?` one character, wildcards in the action name only ("cloud*:*" names no
 * action). The tests check it against a maintained catalogue's expansion (@cloud-copilot/iam-expand
 * over iam-data): a dev-only dependency, as its AGPL licence and 15 MB of data do not belong in a
 * pack that every stack installs.
 */
export function covers(pattern: string, action: string): boolean {
    if (pattern === "*") {
        return true;
    }
    const colon = pattern.indexOf(":");
    if (colon < 0 || /[*?]/.test(pattern.slice(0, colon))) {
        return false;
    }
    const glob = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${glob}$`, "is").test(action);
}

/** The literal start of a pattern, before its first wildcard. */
function literalPrefix(pattern: string): string {
    const wildcard = pattern.search(/[*?]/);
    return wildcard < 0 ? pattern : pattern.slice(0, wildcard);
}

/** Whether a Resource pattern can name a trail (`arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`). */
function mayNameTrail(pattern: string): boolean {
    if (pattern === "*") {
        return true;
    }
    const parts = pattern.split(":");
    if (parts.length < 6) {
        // A wildcard swallowing the separators (e.g. "arn:aws:*") can still reach a trail.
        return pattern.includes("*");
    }
    const service = parts[2];
    const resource = parts.slice(5).join(":");
    const servicePrefix = literalPrefix(service);
    const resourcePrefix = literalPrefix(resource);
    const serviceFits = service === servicePrefix ? service.toLowerCase() === "cloudtrail" : "cloudtrail".startsWith(servicePrefix.toLowerCase());
    const resourceFits = "trail/".startsWith(resourcePrefix) || resourcePrefix.startsWith("trail/");
    return serviceFits && resourceFits;
}

/** The tamper actions a statement's actions cover; "unknown" while its Action or NotAction is. */
function actionsOf(s: Statement): readonly string[] | "unknown" {
    if (s.action.state === "unknown" || s.notAction.state === "unknown") {
        return "unknown";
    }
    if (s.action.state === "known") {
        const patterns = s.action.value;
        return TAMPER_ACTIONS.filter((t) => patterns.some((p) => covers(p, t)));
    }
    if (s.notAction.state === "known") {
        // Allow + NotAction grants every action it does not list.
        const excluded = s.notAction.value;
        return TAMPER_ACTIONS.filter((t) => !excluded.some((p) => covers(p, t)));
    }
    return [];
}

function reachesTrails(s: Statement): boolean | "unknown" {
    if (s.resource.state === "unknown" || s.notResource.state === "unknown") {
        return "unknown";
    }
    if (s.resource.state === "known") {
        return s.resource.value.some(mayNameTrail);
    }
    // NotResource names what is excluded: it reaches trails unless it excludes everything.
    return s.notResource.state === "known" ? !s.notResource.value.includes("*") : false;
}

/**
 * The tamper actions a document allows. Deny is kept simple on purpose: only an unconditional Deny
 * on Resource "*" in the same document cancels an Allow (a Deny in another policy of the same
 * principal, or a conditional one, may not apply to every request, so it does not).
 */
function grantedBy(statements: readonly Statement[]): readonly string[] | "unknown" {
    const granted = new Set<string>();
    const denied = new Set<string>();
    // Actions a Deny takes back unless a value not known yet (its Effect, Action, Resource or Condition) says otherwise.
    const mayBeDenied = new Set<string>();
    let unknown = false;
    for (const s of statements) {
        const allow = effectIs(s, "Allow");
        const actions = actionsOf(s);
        const deniesAll = allTri([effectIs(s, "Deny"), unconditional(s), s.resource.state === "unknown" ? "unknown" : s.resource.state === "known" && s.resource.value.includes("*")]);
        if (deniesAll === true && actions !== "unknown") {
            actions.forEach((a) => denied.add(a));
            continue;
        }
        if (deniesAll !== false) {
            (actions === "unknown" ? TAMPER_ACTIONS : actions).forEach((a) => mayBeDenied.add(a));
        }
        if (allow === false) {
            continue;
        }
        const reach = reachesTrails(s);
        if (allow === "unknown" || actions === "unknown" || reach === "unknown") {
            unknown ||= actions === "unknown" || actions.length > 0;
            continue;
        }
        if (reach) {
            actions.forEach((a) => granted.add(a));
        }
    }
    const effective = [...granted].filter((a) => !denied.has(a));
    const certain = effective.filter((a) => !mayBeDenied.has(a));
    return certain.length === 0 && (unknown || effective.length > 0) ? "unknown" : certain;
}

function unconditional(s: Statement): Tri {
    return s.condition.state === "unknown" ? "unknown" : s.condition.state === "absent";
}

/** One document to judge: where it lives (resource, property) and its raw value. */
interface Document {
    readonly resource: ResourceSnapshot;
    readonly kind: string;
    readonly property: string;
    readonly raw: unknown;
}

function documentsOf(resources: { ofType(...types: string[]): readonly ResourceSnapshot[] }): Document[] {
    const documents: Document[] = [];
    for (const r of resources.ofType(...IAM_POLICY_DOCUMENTS)) {
        documents.push({ resource: r, kind: "IAM policy", property: "policy", raw: prop(r.props, "policy") });
    }
    for (const role of resources.ofType(IAM_ROLE)) {
        const inline = asList(prop(role.props, "inlinePolicies"));
        if (inline.state === "known") {
            elements(inline.value).forEach((p, i) =>
                // An element not known yet is an unknown document, not an empty one.
                documents.push({ resource: role, kind: "IAM role", property: `inlinePolicies[${i}].policy`, raw: asObject(p).state === "unknown" ? p : prop(p, "policy") }),
            );
        } else if (inline.state === "unknown") {
            documents.push({ resource: role, kind: "IAM role", property: "inlinePolicies", raw: prop(role.props, "inlinePolicies") });
        }
    }
    return documents;
}

/** Managed policy ARNs attached in the stack; unknown ARNs are customer policies, whose documents are judged where they are defined. */
function attachmentsOf(resources: { ofType(...types: string[]): readonly ResourceSnapshot[] }): { resource: ResourceSnapshot; kind: string; property: string; arns: Field<readonly string[]> }[] {
    return [
        ...resources.ofType(...IAM_POLICY_ATTACHMENTS).map((r) => {
            const arn = asString(prop(r.props, "policyArn"));
            return { resource: r, kind: "IAM policy attachment", property: "policyArn", arns: arn.state === "known" ? { state: "known" as const, value: [arn.value] } : arn };
        }),
        ...resources.ofType(IAM_ROLE).map((r) => ({ resource: r, kind: "IAM role", property: "managedPolicyArns", arns: asStringList(prop(r.props, "managedPolicyArns")) })),
    ];
}

const MAX_NAMED = 5;

export const noTamperPermissions: StackRule = {
    subject: "stack",
    needsTrail: false,
    name: NAME,
    description:
        "No IAM policy in the stack should allow stopping, deleting or narrowing CloudTrail trails (cloudtrail:StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors), directly, through wildcards or through NotAction.",
    enforcementLevel: "advisory",
    severity: "high",
    cis: {},
    equivalents: { prowler: ["iam_policy_no_full_access_to_cloudtrail", "iam_inline_policy_no_full_access_to_cloudtrail"] },
    remediationSteps:
        "Grant read access with the AWSCloudTrail_ReadOnlyAccess managed policy or explicit cloudtrail:Get*/Describe*/List*/LookupEvents; keep trail changes to a break-glass role; " +
        "replace \"*\", \"cloudtrail:*\" and NotAction statements with explicit actions; deny the tamper actions org-wide with an SCP.",
    url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html",
    tags: ["cloudtrail", "iam", "least-privilege"],
    // SCPs (aws:organizations/policy:Policy) are not scanned: an SCP Allow grants nothing by itself, and a Deny SCP is the remedy.
    check(model) {
        const findings: Finding[] = [];
        const pending: string[] = [];
        for (const doc of documentsOf(model)) {
            const who = subject(doc.kind, doc.resource.name);
            const statements = parsePolicyDocument(doc.raw);
            if (statements.state === "invalid") {
                findings.push(cannotDecide(NAME, doc.resource.urn, who, doc.property, statements));
                continue;
            }
            const granted = statements.state === "known" ? grantedBy(statements.value) : statements.state === "unknown" ? "unknown" : [];
            if (granted === "unknown") {
                pending.push(who);
            } else if (granted.length > 0) {
                findings.push(
                    violation(
                        NAME,
                        doc.resource.urn,
                        `${who} allows ${granted.join(", ")} in "${doc.property}", so its holders can stop or blind a trail. Grant only the actions needed, without "*", "cloudtrail:*" or NotAction.`,
                    ),
                );
            }
        }
        for (const attachment of attachmentsOf(model)) {
            if (attachment.arns.state !== "known") {
                continue;
            }
            const tampering = attachment.arns.value.filter((arn) => TAMPERING_MANAGED_POLICY.test(arn)).map((arn) => arn.slice(arn.lastIndexOf("/") + 1));
            if (tampering.length > 0) {
                findings.push(
                    violation(
                        NAME,
                        attachment.resource.urn,
                        `${subject(attachment.kind, attachment.resource.name)} attaches the AWS managed ${tampering.join(", ")} in "${attachment.property}", which allows stopping and deleting trails. Attach a narrower policy.`,
                    ),
                );
            }
        }
        if (pending.length > 0) {
            const named = pending.slice(0, MAX_NAMED).join(", ") + (pending.length > MAX_NAMED ? ` and ${pending.length - MAX_NAMED} more` : "");
            findings.push(undecidable(NAME, undefined, `Cannot check ${named} yet: their policy documents are not known until the update runs. The policy runs again on the update.`));
        }
        return findings;
    },
};
