/**
 * The reference stack through the pack: every resource it registers, at preview and after the
 * update, must pass every policy except those its config deliberately turns off; and each
 * mutation a team might make to its fork must be reported by the policy that guards against it.
 */
import * as assert from "assert";
import { evaluate } from "../../policypack/src/core/evaluate";
import { LeveledFinding } from "../../policypack/src/core/finding";
import { ResourceSnapshot } from "../../policypack/src/core/resource";
import { ruleNamed } from "../../policypack/src/core/rules";
import { PackProcess } from "../support/analyzer-client";
import { runReference, snapshotsOf, TRAIL } from "./support";

type Raw = Record<string, string>;

/** Advisory policies the config can turn off, and the setting that does. */
const DELIBERATELY_OFF: [string, (raw: Raw) => boolean][] = [
    ["cloudtrail-s3-data-events", (raw) => !(raw.dataEvents ?? "").includes('"s3":true')],
    ["cloudtrail-insights", (raw) => raw.insights !== "true"],
    ["cloudtrail-organization-trail", (raw) => raw.organizationTrail === "false"],
];

const CONFIGS: [string, Raw][] = [
    ["the defaults", {}],
    ["everything on", { dataEvents: '{"s3":true,"lambda":true}', insights: "true", alarmEmail: "security@example.com", lockMode: "COMPLIANCE" }],
    ["a single-account trail with an existing alarm topic", { organizationTrail: "false", alarmTopicArn: "arn:aws:sns:us-east-1:111122223333:alarms" }],
];

function expectedViolations(raw: Raw): string[] {
    return DELIBERATELY_OFF.filter(([, off]) => off(raw))
        .map(([policy]) => `${policy} advisory ${TRAIL}`)
        .sort();
}

function violations(findings: readonly LeveledFinding[], byUrn: ReadonlyMap<string, ResourceSnapshot>): string[] {
    return findings
        .filter((f) => f.kind === "violation")
        .map((f) => `${f.policy} ${f.enforcementLevel} ${f.urn ? byUrn.get(f.urn)?.type : "stack"}`)
        .sort();
}

describe("the reference stack through the pack", function () {
    this.timeout(60_000);

    for (const [title, raw] of CONFIGS) {
        for (const preview of [true, false]) {
            it(`${title}, ${preview ? "preview" : "update"}: no violation but what the config turns off`, async () => {
                const snapshots = snapshotsOf(await runReference(raw, preview));
                const findings = evaluate(snapshots);
                assert.deepStrictEqual(violations(findings, new Map(snapshots.map((s) => [s.urn, s]))), expectedViolations(raw));
                // Anything else a policy says (undecidable at preview, not applicable) is information only.
                for (const f of findings.filter((f) => f.kind !== "violation")) {
                    assert.strictEqual(f.enforcementLevel, "advisory", `${f.policy}: ${f.message}`);
                }
            });
        }
    }

    describe("mutations of a fork", () => {
        let compliant: ResourceSnapshot[];
        before(async () => {
            compliant = snapshotsOf(await runReference({ dataEvents: '{"s3":true}', insights: "true" }, false));
        });

        const mutations: [string, string[], (stack: Mutable) => void][] = [
            ["log file validation off", ["cloudtrail-log-file-validation"], (s) => s.set(TRAIL, "enableLogFileValidation", false)],
            ["no CloudWatch Logs link", ["cloudtrail-cloudwatch-logs"], (s) => s.set(TRAIL, "cloudWatchLogsGroupArn", undefined).set(TRAIL, "cloudWatchLogsRoleArn", undefined)],
            [
                "no Object Lock",
                ["cloudtrail-bucket-object-lock"],
                (s) => s.set("aws:s3/bucket:Bucket", "objectLockEnabled", false, "org-trail-logs").remove("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"),
            ],
            [
                "a public log bucket",
                ["cloudtrail-bucket-public-access-block", "cloudtrail-bucket-not-public"],
                (s) =>
                    s
                        .set("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "blockPublicPolicy", false, "org-trail-logs-public-access-block")
                        .set("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "restrictPublicBuckets", false, "org-trail-logs-public-access-block")
                        .update("aws:s3/bucketPolicy:BucketPolicy", "policy", "org-trail-logs-policy", (policy) => {
                            const document = JSON.parse(String(policy));
                            document.Statement.push({ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::org-trail-logs-111122223333-us-east-1/*" });
                            return JSON.stringify(document);
                        }),
            ],
            ["key rotation off", ["cloudtrail-kms-key-rotation"], (s) => s.set("aws:kms/key:Key", "enableKeyRotation", false, "org-trail-key")],
            [
                "an admin policy with cloudtrail:*",
                ["cloudtrail-no-tamper-permissions"],
                (s) =>
                    s.add({
                        type: "aws:iam/policy:Policy",
                        name: "trail-admin",
                        props: { name: "trail-admin", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "cloudtrail:*", Resource: "*" }] }) },
                    }),
            ],
        ];

        for (const [title, policies, mutate] of mutations) {
            it(`${title} is reported by ${policies.join(" and ")}`, function () {
                const missing = policies.filter((p) => ruleNamed(p) === undefined);
                if (missing.length > 0) {
                    // The linked-resource rules (issue 4) land separately; the case runs once they are registered.
                    console.log(`      skipped: ${missing.join(", ")} not in RULES yet`);
                    this.skip();
                }
                const before = new Set(evaluate(compliant).filter((f) => f.kind === "violation").map((f) => f.policy));
                const stack = new Mutable(compliant);
                mutate(stack);
                const after = evaluate(stack.snapshots).filter((f) => f.kind === "violation" && !before.has(f.policy));
                assert.deepStrictEqual([...new Set(after.map((f) => f.policy))].sort(), [...policies].sort());
                for (const f of after) {
                    assert.strictEqual(f.enforcementLevel, ruleNamed(f.policy)!.enforcementLevel, f.message);
                }
            });
        }
    });

    describe("over the Analyzer gRPC protocol, as the CLI runs the pack", () => {
        for (const preview of [true, false]) {
            it(`${preview ? "preview" : "update"}: Analyze and AnalyzeStack report no mandatory diagnostic`, async () => {
                const raw = { dataEvents: '{"s3":true}', insights: "true" };
                const run = await runReference(raw, preview);
                const pack = await PackProcess.start(undefined, { PULUMI_NODEJS_DRY_RUN: String(preview) });
                try {
                    const info = await pack.getAnalyzerInfo();
                    await pack.configure(Object.fromEntries(info.policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel as "advisory" | "mandatory" }])));
                    const diagnostics = [];
                    // Analyze always gets the inputs; AnalyzeStack the outputs after an update.
                    for (const r of run.resources) {
                        diagnostics.push(...(await pack.analyze({ type: r.type, urn: r.urn, name: r.name, props: r.inputs, parent: r.parent })));
                    }
                    diagnostics.push(...(await pack.analyzeStack(snapshotsOf(run))));
                    assert.deepStrictEqual(
                        diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName}: ${d.message}`),
                        [],
                    );
                } finally {
                    await pack.stop();
                }
            });
        }
    });
});

/** A copy of a stack's snapshots that a test changes the way a team would edit its fork. */
class Mutable {
    snapshots: ResourceSnapshot[];

    constructor(snapshots: readonly ResourceSnapshot[]) {
        this.snapshots = snapshots.map((s) => ({ ...s, props: { ...s.props } }));
    }

    private one(type: string, name?: string): ResourceSnapshot {
        const matches = this.snapshots.filter((s) => s.type === type && (name === undefined || s.name === name));
        assert.strictEqual(matches.length, 1, `one ${type} ${name ?? ""}`);
        return matches[0];
    }

    set(type: string, property: string, value: unknown, name?: string): this {
        return this.update(type, property, name, () => value);
    }

    update(type: string, property: string, name: string | undefined, change: (value: unknown) => unknown): this {
        const target = this.one(type, name);
        const props: Record<string, unknown> = { ...target.props, [property]: change(target.props[property]) };
        if (props[property] === undefined) {
            delete props[property];
        }
        this.snapshots = this.snapshots.map((s) => (s === target ? { ...s, props } : s));
        return this;
    }

    remove(type: string, name?: string): this {
        const target = this.one(type, name);
        this.snapshots = this.snapshots.filter((s) => s !== target);
        return this;
    }

    add(resource: { type: string; name: string; props: Record<string, unknown> }): this {
        const urn = `urn:pulumi:dev::cloudtrail-reference::${resource.type}::${resource.name}`;
        this.snapshots = [...this.snapshots, { ...resource, urn, dependencies: [], propertyDependencies: {} }];
        return this;
    }
}
