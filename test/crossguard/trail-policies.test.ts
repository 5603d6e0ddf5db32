/**
 * Layer B: the trail policies as @pulumi/policy objects, called the way the SDK calls them:
 * props wrapped in the SDK's own unknown-checking proxy, and through the SDK's own Analyze
 * handler in process.
 */
import { strict as assert } from "assert";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { buildPolicies } from "../../policypack/src/crossguard/policies";
import { TRAIL_TYPE, trailProps, UNKNOWN, urnOf } from "../support/resources";

// Internal to the SDK (stripped from its .d.ts), but exactly what it runs for each request.
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(value: T): T };
type RpcFactory = (name: string, version: string, level: string, policies: unknown[]) => unknown;
const { makeAnalyzeRpcFun, makeRemediateRpcFun } = require("@pulumi/policy/server") as { makeAnalyzeRpcFun: RpcFactory; makeRemediateRpcFun: RpcFactory };

const URN = urnOf(TRAIL_TYPE, "main");
const POLICIES = buildPolicies();
const TRAIL_POLICIES = POLICIES.filter((p): p is ResourceValidationPolicy => "validateResource" in p);

interface Reported {
    policy: string;
    message: string;
    level?: string;
}

function validate(policy: ResourceValidationPolicy, props: Record<string, unknown>, config: Record<string, unknown> = {}): Reported[] {
    const out: Reported[] = [];
    const args = {
        type: TRAIL_TYPE,
        props: unknownCheckingProxy(props),
        urn: URN,
        name: "main",
        opts: {},
        stackTags: new Map(),
        getConfig: () => config,
        notApplicable: (reason?: string) => {
            throw new Error(`notApplicable: ${reason}`);
        },
        isType: () => true,
        asType: () => props,
    };
    const fn = policy.validateResource as (a: unknown, r: (m: unknown, urn?: string) => void) => void;
    fn(args, (message) => {
        if (typeof message === "object" && message !== null) {
            const m = message as { message: string; enforcementLevel: string };
            out.push({ policy: policy.name, message: m.message, level: m.enforcementLevel });
        } else {
            out.push({ policy: policy.name, message: String(message) });
        }
    });
    return out;
}


describe("trail policies through @pulumi/policy (layer B)", () => {
    it("every policy carries its metadata", () => {
        for (const p of TRAIL_POLICIES) {
            assert.ok(p.description && p.severity && p.remediationSteps && p.url?.startsWith("https://") && p.tags && p.configSchema, p.name);
            assert.equal((p.validateResource as { __pulumiType?: string }).__pulumiType, TRAIL_TYPE, `${p.name} must skip other types before decoding`);
        }
    });

    const table: Array<[string, Record<string, unknown>, Array<[string, string | undefined]>]> = [
        ["compliant", {}, []],
        ["validation off", { enableLogFileValidation: false }, [["cloudtrail-log-file-validation", undefined]]],
        ["single region, logging off", { isMultiRegionTrail: false, enableLogging: false }, [["cloudtrail-logging-enabled", undefined], ["cloudtrail-multi-region", undefined]]],
        // The SDK's proxy throws on reading an unknown: the policy must never read it through the proxy.
        ["validation unknown", { enableLogFileValidation: UNKNOWN }, [["cloudtrail-log-file-validation", "advisory"]]],
        ["selectors unknown", { advancedEventSelectors: [UNKNOWN] }, [["cloudtrail-management-events", "advisory"], ["cloudtrail-s3-data-events", "advisory"]]],
        ["KMS key unknown (still set)", { kmsKeyId: UNKNOWN }, []],
    ];
    for (const [title, overrides, expected] of table) {
        it(title, () => {
            const reported = TRAIL_POLICIES.flatMap((p) => validate(p, trailProps(overrides)));
            assert.deepEqual(
                reported.map((r) => [r.policy, r.level]),
                expected,
            );
        });
    }

    it("an exemption from getConfig() reports the violation as advisory with its reason", () => {
        const policy = TRAIL_POLICIES.find((p) => p.name === "cloudtrail-log-file-validation")!;
        const reported = validate(policy, trailProps({ enableLogFileValidation: false }), { exemptions: [{ resource: "main", reason: "replaced next sprint" }] });
        assert.deepEqual(reported, [
            {
                policy: "cloudtrail-log-file-validation",
                level: "advisory",
                message:
                    "CloudTrail trails must have log file validation enabled, so tampering with delivered logs can be detected.\n" +
                    'trail "main" sets "enableLogFileValidation" to false. Set enableLogFileValidation: true so CloudTrail signs digest files that prove the logs were not changed. (exempted: replaced next sprint)',
            },
        ]);
    });

    it("a bad setting from getConfig() is one advisory line, not a throw", () => {
        const policy = TRAIL_POLICIES.find((p) => p.name === "cloudtrail-multi-region")!;
        const reported = validate(policy, trailProps({ isMultiRegionTrail: false }), { exemptions: "all" });
        assert.deepEqual(reported.map((r) => [r.level, r.message.split("\n")[1]]), [
            ["advisory", 'Configuration error, policy not run: policy "cloudtrail-multi-region": "exemptions" must be a list of {"resource", "reason"}, got string "all"'],
        ]);
    });

    describe("through the SDK's own Analyze and Remediate handlers", () => {
        function request<T extends analyzerPb.AnalyzeRequest>(props: Record<string, unknown>, type = TRAIL_TYPE): T {
            const req = new analyzerPb.AnalyzeRequest();
            req.setType(type);
            req.setUrn(URN);
            req.setName("main");
            req.setProperties(Struct.fromJavaScript(props as never));
            const opts = new analyzerPb.AnalyzerResourceOptions();
            opts.setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
            req.setOptions(opts);
            return req as T;
        }
        function invoke<R>(fn: (call: unknown, cb: (err: unknown, res: R) => void) => unknown, req: unknown): Promise<R> {
            return new Promise((resolve, reject) => fn({ request: req }, (err, res) => (err ? reject(err) : resolve(res))));
        }

        it("Analyze reports each violation at the policy's level", async () => {
            const analyze = makeAnalyzeRpcFun("cloudtrail-guardrails", "0.0.0", "advisory", POLICIES);
            const res = await invoke<analyzerPb.AnalyzeResponse>(analyze as never, request(trailProps({ enableLogFileValidation: false, snsTopicName: undefined })));
            assert.deepEqual(
                res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel()]),
                [
                    ["cloudtrail-log-file-validation", analyzerPb.EnforcementLevel.MANDATORY],
                    ["cloudtrail-sns-notifications", analyzerPb.EnforcementLevel.ADVISORY],
                ],
            );
        });

        it("Analyze of another resource type decodes nothing and reports every trail policy not applicable", async () => {
            const analyze = makeAnalyzeRpcFun("cloudtrail-guardrails", "0.0.0", "advisory", POLICIES);
            const res = await invoke<analyzerPb.AnalyzeResponse>(analyze as never, request({ bucket: "x" }, "aws:s3/bucket:Bucket"));
            assert.equal(res.getDiagnosticsList().length, 0);
            assert.deepEqual(
                res.getNotApplicableList().map((n) => n.getPolicyName()),
                TRAIL_POLICIES.map((p) => p.name),
            );
        });

        it("Remediate sets each fixable property when the policy is at remediate", async () => {
            const remediable = POLICIES.map((p) => ({ ...p, enforcementLevel: "remediate" as const }));
            const remediate = makeRemediateRpcFun("cloudtrail-guardrails", "0.0.0", "advisory", remediable);
            const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" };
            const res = await invoke<analyzerPb.RemediateResponse>(
                remediate as never,
                request(trailProps({ enableLogging: false, enableLogFileValidation: undefined, isMultiRegionTrail: false, includeGlobalServiceEvents: false, snsTopicName: secret })),
            );
            const remediations = res.getRemediationsList();
            assert.deepEqual(
                remediations.map((r) => r.getPolicyname()),
                ["cloudtrail-logging-enabled", "cloudtrail-log-file-validation", "cloudtrail-multi-region", "cloudtrail-global-service-events"],
            );
            const final = remediations[remediations.length - 1].getProperties()!.toJavaScript() as Record<string, unknown>;
            assert.equal(final.enableLogging, true);
            assert.equal(final.enableLogFileValidation, true);
            assert.equal(final.isMultiRegionTrail, true);
            assert.equal(final.includeGlobalServiceEvents, true);
            // The secret stays a secret on the way back to the engine.
            assert.deepEqual(final.snsTopicName, secret);
        });

        it("Remediate leaves a compliant trail alone", async () => {
            const remediable = POLICIES.map((p) => ({ ...p, enforcementLevel: "remediate" as const }));
            const remediate = makeRemediateRpcFun("cloudtrail-guardrails", "0.0.0", "advisory", remediable);
            const res = await invoke<analyzerPb.RemediateResponse>(remediate as never, request(trailProps({})));
            assert.deepEqual(res.getRemediationsList(), []);
        });
    });
});
