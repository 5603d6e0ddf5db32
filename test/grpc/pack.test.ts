/**
 * Layer C: the compiled pack spawned as the Pulumi CLI spawns it, driven over the Analyzer gRPC
 * protocol in the engine's order (GetAnalyzerInfo, Configure, Remediate → Analyze, AnalyzeStack).
 */
import { strict as assert } from "assert";
import { RULES } from "../../policypack/src/core/rules";
import { Diagnostic, Level, PackProcess } from "../support/analyzer-client";
import { COMPLIANT_TRAIL_PROPS, TRAIL_TYPE, trailProps, UNKNOWN, urnOf } from "../support/resources";

const URN = urnOf(TRAIL_TYPE, "main");
const TRAIL_RULES = RULES.filter((r) => r.subject === "trail");

/** Configure as the engine always does: every policy, at its default level unless overridden. */
function defaults(overrides: Record<string, { enforcementLevel: Level; properties?: Record<string, unknown> }> = {}) {
    return { ...Object.fromEntries(RULES.map((r) => [r.name, { enforcementLevel: r.enforcementLevel as Level }])), ...overrides };
}

function brief(ds: Diagnostic[]): string[] {
    return ds.map((d) => `${d.policyName} ${d.enforcementLevel}`);
}

describe("the pack over the Analyzer gRPC protocol (layer C)", function () {
    let pack: PackProcess;
    before(async () => {
        pack = await PackProcess.start();
    });
    after(async () => {
        await pack?.stop();
    });

    it("GetAnalyzerInfo lists every policy with its metadata", async () => {
        const info = await pack.getAnalyzerInfo();
        assert.equal(info.name, "cloudtrail-guardrails");
        assert.equal(info.version, require("../../policypack/package.json").version);
        assert.deepEqual(
            info.policies.map((p) => [p.name, p.enforcementLevel, p.severity]),
            RULES.map((r) => [r.name, r.enforcementLevel, r.severity]),
        );
        const validation = info.policies.find((p) => p.name === "cloudtrail-log-file-validation")!;
        assert.deepEqual(validation.framework, { name: "CIS AWS Foundations Benchmark", version: validation.framework!.version, reference: validation.framework!.reference });
        assert.ok(validation.tags.includes("securityhub:CloudTrail.4"), validation.tags.join(","));
        assert.ok(validation.configSchema && "exemptions" in validation.configSchema);
        for (const p of info.policies) {
            assert.ok(p.description.length > 20 && p.remediationSteps.length > 20 && p.url.startsWith("https://"), p.name);
        }
    });

    it("Analyze reports a non-compliant trail's violations at their default levels", async () => {
        await pack.configure(defaults());
        const ds = await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: trailProps({ enableLogFileValidation: false, isMultiRegionTrail: false, snsTopicName: undefined }) });
        assert.deepEqual(brief(ds), ["cloudtrail-log-file-validation mandatory", "cloudtrail-multi-region mandatory", "cloudtrail-sns-notifications advisory"]);
        assert.equal(
            ds[0].message,
            "CloudTrail trails must have log file validation enabled, so tampering with delivered logs can be detected.\n" +
                'trail "main" sets "enableLogFileValidation" to false. Set enableLogFileValidation: true so CloudTrail signs digest files that prove the logs were not changed.',
        );
    });

    it("Analyze of a compliant trail reports nothing", async () => {
        await pack.configure(defaults());
        assert.deepEqual(await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: trailProps({}) }), []);
    });

    it("Configure overrides enforcement levels, including disabled", async () => {
        await pack.configure(defaults({ "cloudtrail-log-file-validation": { enforcementLevel: "advisory" }, "cloudtrail-multi-region": { enforcementLevel: "disabled" } }));
        const ds = await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: trailProps({ enableLogFileValidation: false, isMultiRegionTrail: false }) });
        assert.deepEqual(brief(ds), ["cloudtrail-log-file-validation advisory"]);
    });

    it("an exemption in the policy config downgrades to advisory and echoes the reason", async () => {
        await pack.configure(
            defaults({ "cloudtrail-log-file-validation": { enforcementLevel: "mandatory", properties: { exemptions: [{ resource: URN, reason: "legacy trail, SEC-42" }] } } }),
        );
        const ds = await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: trailProps({ enableLogFileValidation: false }) });
        assert.deepEqual(brief(ds), ["cloudtrail-log-file-validation advisory"]);
        assert.ok(ds[0].message.endsWith("(exempted: legacy trail, SEC-42)"), ds[0].message);
    });

    it("unknown values at preview give advisory lines, never a violation", async () => {
        await pack.configure(defaults());
        const props: Record<string, unknown> = {};
        for (const key of Object.keys(COMPLIANT_TRAIL_PROPS)) {
            props[key] = UNKNOWN;
        }
        const ds = await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props });
        assert.ok(ds.every((d) => d.enforcementLevel === "advisory"), brief(ds).join(", "));
        assert.deepEqual(
            ds.map((d) => d.policyName),
            TRAIL_RULES.filter((r) => !["cloudtrail-kms-encryption", "cloudtrail-cloudwatch-logs", "cloudtrail-sns-notifications"].includes(r.name)).map((r) => r.name),
        );
        assert.ok(ds.every((d) => d.message.includes("is not known until the update runs")));
    });

    it("a malformed property bag gets advisory lines and the pack keeps serving", async () => {
        await pack.configure(defaults());
        const ds = await pack.analyze({
            type: TRAIL_TYPE,
            urn: URN,
            name: "main",
            props: trailProps({ enableLogging: "yes", enableLogFileValidation: [1], isMultiRegionTrail: { a: 1 }, eventSelectors: "All", insightSelectors: 7, kmsKeyId: 12 }),
        });
        assert.ok(ds.every((d) => d.enforcementLevel === "advisory"), brief(ds).join(", "));
        assert.ok(ds.some((d) => d.message.includes('"enableLogging" should be a boolean but is a string')));
        assert.deepEqual(await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: trailProps({}) }), []);
    });

    it("Remediate fixes the four remediable properties when configured to remediate", async () => {
        const remediate = Object.fromEntries(
            ["cloudtrail-logging-enabled", "cloudtrail-log-file-validation", "cloudtrail-multi-region", "cloudtrail-global-service-events"].map((n) => [n, { enforcementLevel: "remediate" as Level }]),
        );
        await pack.configure(defaults(remediate));
        const rs = await pack.remediate({
            type: TRAIL_TYPE,
            urn: URN,
            name: "main",
            props: trailProps({ enableLogging: false, enableLogFileValidation: false, isMultiRegionTrail: undefined, includeGlobalServiceEvents: false }),
        });
        assert.deepEqual(rs.map((r) => r.policyName), Object.keys(remediate));
        const final = rs[rs.length - 1].properties!;
        assert.deepEqual([final.enableLogging, final.enableLogFileValidation, final.isMultiRegionTrail, final.includeGlobalServiceEvents], [true, true, true, true]);
        // After remediation the engine analyzes the fixed inputs: nothing left to report.
        assert.deepEqual(brief(await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: final })), []);
    });

    const badConfigs: Array<[string, Record<string, unknown>, string]> = [
        [
            "an exemption without a reason",
            { exemptions: [{ resource: "main" }] },
            'cloudtrail-guardrails configuration: policy "cloudtrail-multi-region": "exemptions[0]".reason is required: say why "main" may break this policy',
        ],
        [
            "an unknown key",
            { minimumDays: 3 },
            'cloudtrail-guardrails configuration: policy "cloudtrail-multi-region": unknown key "minimumDays" (known keys: enforcementLevel, exemptions)',
        ],
    ];
    for (const [title, properties, message] of badConfigs) {
        it(`Configure rejects ${title}, naming the policy and key, and keeps the last good config`, async () => {
            await pack.configure(defaults({ "cloudtrail-multi-region": { enforcementLevel: "advisory" } }));
            await assert.rejects(pack.configure(defaults({ "cloudtrail-multi-region": { enforcementLevel: "mandatory", properties } })), (e: Error & { details?: string }) => {
                assert.equal(e.details, message);
                return true;
            });
            const ds = await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: trailProps({ isMultiRegionTrail: false }) });
            assert.deepEqual(brief(ds), ["cloudtrail-multi-region advisory"]);
        });
    }

    it("a secret value never appears in a reply", async () => {
        await pack.configure(defaults());
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "TOP-SECRET-TOPIC" };
        const ds = await pack.analyze({ type: TRAIL_TYPE, urn: URN, name: "main", props: trailProps({ snsTopicName: secret, enableLogFileValidation: false, eventSelectors: [{ readWriteType: secret }], advancedEventSelectors: undefined }) });
        assert.ok(ds.length > 0);
        assert.ok(!JSON.stringify(ds).includes("TOP-SECRET"));
    });
});
