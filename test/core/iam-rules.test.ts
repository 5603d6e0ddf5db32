import { strict as assert } from "assert";
import * as fc from "fast-check";
import { runRule } from "../../policypack/src/core/evaluate";
import { buildModel } from "../../policypack/src/core/model";
import { logicalNameOf, ResourceSnapshot } from "../../policypack/src/core/resource";
import { covers, noTamperPermissions, TAMPER_ACTIONS } from "../../policypack/src/core/rules/iam/no-tamper-permissions";
import { resource, T, UNKNOWN } from "./linked-fixtures";

function findingsOf(resources: ResourceSnapshot[]): string[] {
    return runRule(noTamperPermissions, buildModel(resources), {})
        .findings.map((f) => `${f.kind} ${f.urn ? logicalNameOf(f.urn) : "-"}`)
        .sort();
}

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const policy = (name: string, document: unknown) => resource(T.iamPolicy, name, { policy: document });

const cases: { name: string; resources: ResourceSnapshot[]; expected: string[] }[] = [
    { name: "read-only access", resources: [policy("ro", doc({ Effect: "Allow", Action: ["cloudtrail:Get*", "cloudtrail:Describe*", "cloudtrail:List*", "cloudtrail:LookupEvents"], Resource: "*" }))], expected: [] },
    { name: "a direct grant", resources: [policy("p", doc({ Effect: "Allow", Action: "cloudtrail:StopLogging", Resource: "*" }))], expected: ["violation p"] },
    { name: "case-insensitive action names", resources: [policy("p", doc({ Effect: "Allow", Action: "CloudTrail:deletetrail", Resource: "*" }))], expected: ["violation p"] },
    { name: "a service wildcard", resources: [policy("p", doc({ Effect: "Allow", Action: ["cloudtrail:*"], Resource: "*" }))], expected: ["violation p"] },
    { name: "a partial wildcard", resources: [policy("p", doc({ Effect: "Allow", Action: "cloudtrail:Put*Selectors", Resource: "*" }))], expected: ["violation p"] },
    { name: "a star", resources: [policy("p", { Statement: { Effect: "Allow", Action: "*", Resource: "*" } })], expected: ["violation p"] },
    { name: "Allow + NotAction that does not exclude cloudtrail", resources: [policy("p", doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }))], expected: ["violation p"] },
    { name: "Allow + NotAction excluding cloudtrail:*", resources: [policy("p", doc({ Effect: "Allow", NotAction: ["cloudtrail:*"], Resource: "*" }))], expected: [] },
    { name: "scoped to S3 resources only", resources: [policy("p", doc({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::bucket/*" }))], expected: [] },
    { name: "scoped to a trail ARN", resources: [policy("p", doc({ Effect: "Allow", Action: "cloudtrail:UpdateTrail", Resource: "arn:aws:cloudtrail:*:111122223333:trail/main" }))], expected: ["violation p"] },
    {
        name: "an unconditional Deny on * in the same document cancels the grant",
        resources: [policy("p", doc({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "cloudtrail:*", Resource: "*" }))],
        expected: [],
    },
    {
        name: "a Deny on * whose Effect, Action, Resource or Condition is not known yet may still cancel the grant: cannot decide (found by fuzzing)",
        resources: [
            policy("effect", { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: UNKNOWN, Action: "cloudtrail:*", Resource: "*" }] }),
            policy("action", { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: ["cloudtrail:*", UNKNOWN], Resource: "*" }] }),
            policy("resource", { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "cloudtrail:*", Resource: UNKNOWN }] }),
            policy("condition", { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "cloudtrail:*", Resource: "*", Condition: UNKNOWN }] }),
            policy("partly", { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "cloudtrail:StopLogging", Resource: UNKNOWN }] }),
        ],
        expected: ["undecidable -", "violation partly"],
    },
    {
        name: "a conditional Deny does not",
        resources: [policy("p", doc({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "cloudtrail:*", Resource: "*", Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }))],
        expected: ["violation p"],
    },
    {
        name: "role policies, inline role policies and AWS managed policy attachments",
        resources: [
            resource(T.rolePolicy, "rp", { role: "r", policy: doc({ Effect: "Allow", Action: "cloudtrail:StopLogging", Resource: "*" }) }),
            resource(T.role, "admin", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "ok", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }], managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }),
            resource(T.rolePolicyAttachment, "ct-full", { role: "r", policyArn: "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess" }),
            resource(T.rolePolicyAttachment, "ro", { role: "r", policyArn: "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess" }),
            resource(T.rolePolicyAttachment, "custom", { role: "r", policyArn: UNKNOWN }),
        ],
        expected: ["violation admin", "violation ct-full", "violation rp"],
    },
    {
        name: "SCPs are not identity policies",
        resources: [resource("aws:organizations/policy:Policy", "scp", { type: "SERVICE_CONTROL_POLICY", content: doc({ Effect: "Allow", Action: "*", Resource: "*" }) })],
        expected: [],
    },
    {
        name: "preview: unknown documents give one line for the stack; known ones are still judged",
        resources: [policy("a", UNKNOWN), policy("b", UNKNOWN), policy("c", doc({ Effect: "Allow", Action: "cloudtrail:*", Resource: "*" }))],
        expected: ["undecidable -", "violation c"],
    },
    {
        name: "an unknown Resource leaves a grant undecided; an unknown element in an unrelated statement does not",
        resources: [policy("a", doc({ Effect: "Allow", Action: "cloudtrail:StopLogging", Resource: UNKNOWN })), policy("b", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN }))],
        expected: ["undecidable -"],
    },
    { name: "garbage", resources: [policy("a", "{not json"), policy("b", 42), policy("c", { Statement: "x" }), policy("d", doc(null as never, 7 as never))], expected: ["undecidable a", "undecidable b", "undecidable c"] },
];

describe("cloudtrail-no-tamper-permissions (layer A)", () => {
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(findingsOf(c.resources), c.expected));
    }

    it("the wildcard matcher agrees with the catalogue's expansion (@cloud-copilot/iam-expand) on every CloudTrail action", async () => {
        const { expandIamActions } = await import("@cloud-copilot/iam-expand");
        const catalogue = await expandIamActions("cloudtrail:*");
        const fixed = ["cloudtrail:*", "cloudtrail:Stop*", "cloudtrail:*Trail", "cloudtrail:Put*", "cloudtrail:?eleteTrail", "cloudtrail:Get*", "cloud*:*", "*:StopLogging", "s3:*", "CloudTrail:stoplogging"];
        // Random patterns cut from real action names: wildcards replace runs, `?` single letters, case varies.
        const generated = fc.sample(
            fc.tuple(fc.constantFrom(...catalogue), fc.nat(40), fc.nat(40), fc.boolean(), fc.boolean()).map(([action, from, length, question, upper]) => {
                const name = action.slice("cloudtrail:".length);
                const start = from % (name.length + 1);
                const cut = name.slice(0, start) + (question ? "?" : "*") + name.slice(Math.min(name.length, start + (question ? 1 : length % 6)));
                return `cloudtrail:${upper ? cut.toUpperCase() : cut}`;
            }),
            { numRuns: 150, seed: 42 },
        );
        for (const pattern of [...fixed, ...generated]) {
            const expanded = new Set((await expandIamActions(pattern)).map((a) => a.toLowerCase()));
            const ours = catalogue.filter((a) => covers(pattern, a)).map((a) => a.toLowerCase());
            const theirs = catalogue.filter((a) => expanded.has(a.toLowerCase())).map((a) => a.toLowerCase());
            assert.deepEqual(ours, theirs, pattern);
        }
    });

    it("every tamper action exists in the catalogue", async () => {
        const { expandIamActions } = await import("@cloud-copilot/iam-expand");
        const all = new Set(await expandIamActions("cloudtrail:*"));
        for (const action of TAMPER_ACTIONS) {
            assert.ok(all.has(action), action);
        }
    });

    it("property: any allowed action list holding a tamper action is reported", () => {
        fc.assert(
            fc.property(fc.subarray(["s3:GetObject", "ec2:Describe*", "kms:Decrypt"]), fc.constantFrom(...TAMPER_ACTIONS), (others, tamper) => {
                assert.deepEqual(findingsOf([policy("p", doc({ Effect: "Allow", Action: [...others, tamper], Resource: "*" }))]), ["violation p"]);
            }),
            { numRuns: 50 },
        );
    });
});
