import { strict as assert } from "assert";
import { ConfigError, levelFindings, resolveRuleConfig } from "../../policypack/src/core/config";
import { Finding } from "../../policypack/src/core/finding";
import { parsePackConfig } from "../../policypack/src/core/pack-config";
import { RuleMeta } from "../../policypack/src/core/rule";

const RULE: RuleMeta = {
    name: "example-policy",
    description: "d",
    enforcementLevel: "mandatory",
    severity: "high",
    cis: {},
    equivalents: {},
    remediationSteps: "r",
    url: "https://example.com",
    tags: [],
    config: { minimumDays: { type: "integer", description: "days", default: 365, minimum: 1 } },
};
const URN = "urn:pulumi:dev::proj::aws:cloudtrail/trail:Trail::main";

describe("rule configuration", () => {
    it("applies defaults", () => {
        assert.deepEqual(resolveRuleConfig(RULE, {}), { exemptions: [], settings: { minimumDays: 365 } });
        assert.deepEqual(resolveRuleConfig(RULE, undefined), { exemptions: [], settings: { minimumDays: 365 } });
    });

    it("accepts settings, the enforcement level key and exemptions", () => {
        assert.deepEqual(resolveRuleConfig(RULE, { enforcementLevel: "advisory", minimumDays: 400, exemptions: [{ resource: "main", reason: "migrating" }] }), {
            exemptions: [{ resource: "main", reason: "migrating" }],
            settings: { minimumDays: 400 },
        });
    });

    const errors: Array<[string, unknown, string]> = [
        ["not an object", "x", 'policy "example-policy": its configuration must be an object'],
        ["unknown key", { minDays: 3 }, 'policy "example-policy": unknown key "minDays" (known keys: enforcementLevel, exemptions, minimumDays)'],
        ["wrong type", { minimumDays: "365" }, 'policy "example-policy": "minimumDays" must be a whole number, got string "365"'],
        ["fraction", { minimumDays: 1.5 }, 'policy "example-policy": "minimumDays" must be a whole number, got number 1.5'],
        ["below minimum", { minimumDays: 0 }, 'policy "example-policy": "minimumDays" must be at least 1, got 0'],
        ["exemptions not a list", { exemptions: {} }, 'policy "example-policy": "exemptions" must be a list of {"resource", "reason"}, got an object'],
        ["exemption without reason", { exemptions: [{ resource: "main" }] }, 'policy "example-policy": "exemptions[0]".reason is required: say why "main" may break this policy'],
        ["exemption with blank resource", { exemptions: [{ resource: " ", reason: "r" }] }, 'policy "example-policy": "exemptions[0]".resource must name a resource by URN or logical name'],
        ["exemption with extra key", { exemptions: [{ resource: "a", reason: "r", until: "2027" }] }, 'policy "example-policy": "exemptions[0]" has unknown key "until" (known keys: resource, reason)'],
    ];
    for (const [title, raw, message] of errors) {
        it(`rejects ${title}`, () => assert.throws(() => resolveRuleConfig(RULE, raw), (e: unknown) => e instanceof ConfigError && e.message === message));
    }

    describe("levels and exemptions", () => {
        const violation: Finding = { policy: RULE.name, kind: "violation", urn: URN, message: "bad" };
        const undecidable: Finding = { policy: RULE.name, kind: "undecidable", urn: URN, message: "unknown" };
        const none = resolveRuleConfig(RULE, {});
        it("violations take the policy's level; remediate reports as mandatory", () => {
            assert.equal(levelFindings([violation], "advisory", none)[0].enforcementLevel, "advisory");
            assert.equal(levelFindings([violation], "mandatory", none)[0].enforcementLevel, "mandatory");
            assert.equal(levelFindings([violation], "remediate", none)[0].enforcementLevel, "mandatory");
            assert.deepEqual(levelFindings([violation], "disabled", none), []);
        });
        it("cannot-decide lines are always advisory", () => {
            assert.equal(levelFindings([undecidable], "mandatory", none)[0].enforcementLevel, "advisory");
        });
        for (const resource of [URN, "main"]) {
            it(`an exemption by ${resource === URN ? "URN" : "logical name"} downgrades to advisory and echoes the reason`, () => {
                const config = resolveRuleConfig(RULE, { exemptions: [{ resource, reason: "legacy trail, ticket SEC-12" }] });
                assert.deepEqual(levelFindings([violation], "mandatory", config), [
                    { ...violation, enforcementLevel: "advisory", exemptionReason: "legacy trail, ticket SEC-12", message: "bad (exempted: legacy trail, ticket SEC-12)" },
                ]);
            });
        }
        it("an exemption for another resource changes nothing", () => {
            const config = resolveRuleConfig(RULE, { exemptions: [{ resource: "other", reason: "r" }] });
            assert.equal(levelFindings([violation], "mandatory", config)[0].enforcementLevel, "mandatory");
        });
    });
});

describe("pack configuration file (the --policy-pack-config format)", () => {
    const names = [RULE.name, "other-policy"];
    it("reads levels, settings and the all key", () => {
        const config = parsePackConfig({ all: "advisory", "example-policy": { enforcementLevel: "disabled", minimumDays: 30 } }, names);
        assert.equal(config.levelFor(RULE), "disabled");
        assert.deepEqual(config.settingsFor(RULE), { minimumDays: 30 });
        assert.equal(config.levelFor({ ...RULE, name: "other-policy" }), "advisory");
    });
    it("falls back to the rule's default level", () => {
        assert.equal(parsePackConfig({}, names).levelFor(RULE), "mandatory");
    });
    const errors: Array<[string, unknown, string]> = [
        ["a list", [], "the policy configuration must be a JSON object keyed by policy name"],
        ["an unknown policy", { "no-such": "advisory" }, 'unknown policy "no-such" (this pack has: all, example-policy, other-policy)'],
        ["a bad level", { "example-policy": "strict" }, 'policy "example-policy": "enforcementLevel" must be one of advisory, mandatory, remediate, disabled'],
        ["settings under all", { all: { enforcementLevel: "advisory", minimumDays: 3 } }, 'policy "all": only "enforcementLevel" can be set for every policy at once'],
        ["a number", { "example-policy": 3 }, 'policy "example-policy": expected an enforcement level (advisory, mandatory, remediate, disabled) or an object'],
    ];
    for (const [title, json, message] of errors) {
        it(`rejects ${title}`, () => assert.throws(() => parsePackConfig(json, names), (e: unknown) => e instanceof ConfigError && e.message === message));
    }
});
