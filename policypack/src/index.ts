import { PolicyPack } from "@pulumi/policy";
import { buildPolicies } from "./crossguard/policies";

// The only module with a side effect: constructing the pack starts the gRPC server the CLI talks to.
new PolicyPack("cloudtrail-guardrails", { policies: buildPolicies() });
