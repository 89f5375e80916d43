/**
 * The guardrails every stack of ours must pass. Each lives in its own module and is
 * unit-tested by calling it directly; pack/index.ts assembles them into a PolicyPack
 * for `pulumi preview --policy-pack policies/guardrails/pack`.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { noClientWritesRole, noImplicitOAuthFlow, prodClientsConfidential, userExistenceErrorsHidden } from "./app-clients";
import { prodDeletionProtection, prodPasswordLength, prodPoolProtected, prodSesEmail } from "./user-pools";
import { logRetentionSet, triggerTimeouts } from "./functions";
import { everyRestStageHasWebAcl, everyUserPoolHasWebAcl } from "./web-acl";
import { auditTrailDurable, tablesExpireItems } from "./tables";
import { adminScopeSelfServiceOnly } from "./self-service-client";

export const RESOURCE_GUARDRAILS: ResourceValidationPolicy[] = [
  noClientWritesRole,
  noImplicitOAuthFlow,
  userExistenceErrorsHidden,
  prodPasswordLength,
  prodDeletionProtection,
  prodPoolProtected,
  prodSesEmail,
  tablesExpireItems,
  auditTrailDurable,
];

export const STACK_GUARDRAILS: StackValidationPolicy[] = [
  everyUserPoolHasWebAcl,
  everyRestStageHasWebAcl,
  triggerTimeouts,
  logRetentionSet,
  prodClientsConfidential,
  adminScopeSelfServiceOnly,
];
