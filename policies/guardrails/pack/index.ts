// The policy pack: `pulumi preview --policy-pack policies/guardrails/pack`.
// Constructing a PolicyPack starts its gRPC server, so nothing else imports this file.
import { PolicyPack } from "@pulumi/policy";
import { RESOURCE_GUARDRAILS, STACK_GUARDRAILS } from "../index";

new PolicyPack("igad-auth-guardrails", { policies: [...RESOURCE_GUARDRAILS, ...STACK_GUARDRAILS] });
