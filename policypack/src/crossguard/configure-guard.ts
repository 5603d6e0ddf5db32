import * as path from "path";
import { ConfigError, resolveRuleConfig } from "../core/config";
import { Rule } from "../core/rule";

/**
 * Rejects a malformed policy configuration at Configure, naming the policy and the key, instead of
 * letting each policy fail later on every resource. The Pulumi CLI validates configs against the
 * pack's schemas first, but configs also come from Pulumi Cloud policy groups and from older CLIs.
 *
 * @pulumi/policy registers its Configure handler inside PolicyPack's constructor with no hook, so
 * this wraps the handler as the pack's gRPC server registers it. It must run before the PolicyPack
 * is constructed, and it patches the @grpc/grpc-js instance that @pulumi/policy itself loads.
 */
export function guardConfigure(rules: readonly Rule[]): void {
    const policyDir = path.dirname(require.resolve("@pulumi/policy"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
    const byName = new Map(rules.map((r) => [r.name, r]));
    const original = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (this: unknown, service: unknown, implementation: Record<string, unknown>) {
        const configure = implementation.configure as ((call: ConfigureCall, callback: (error: unknown, response?: unknown) => void) => unknown) | undefined;
        if (typeof configure !== "function") {
            return original.call(this, service, implementation);
        }
        const guarded = (call: ConfigureCall, callback: (error: unknown, response?: unknown) => void) => {
            const problem = firstProblem(call, byName);
            if (problem) {
                callback({ code: grpc.status.INVALID_ARGUMENT, details: `cloudtrail-guardrails configuration: ${problem}` });
                return undefined;
            }
            return configure(call, callback);
        };
        return original.call(this, service, { ...implementation, configure: guarded });
    };
}

interface ConfigureCall {
    request: { getPolicyconfigMap(): { entries(): Iterable<[string, { getProperties(): { toJavaScript(): unknown } | undefined }]> } };
}

function firstProblem(call: ConfigureCall, rules: ReadonlyMap<string, Rule>): string | undefined {
    try {
        for (const [name, config] of call.request.getPolicyconfigMap().entries()) {
            const rule = rules.get(name);
            if (rule) {
                resolveRuleConfig(rule, config.getProperties()?.toJavaScript() ?? {});
            }
        }
    } catch (error) {
        if (error instanceof ConfigError) {
            return error.message;
        }
        return "the request could not be read";
    }
    return undefined;
}
