import { PolicyPack } from "@pulumi/policy";
import { RULES } from "./core/rules";
import { guardConfigure } from "./crossguard/configure-guard";
import { buildPolicies } from "./crossguard/policies";

// The only module with side effects: constructing the pack starts the gRPC server the CLI talks to.
guardConfigure(RULES);
new PolicyPack("cloudtrail-guardrails", { policies: buildPolicies(RULES) });
