/** Guardrails on app clients: what they may write, which OAuth flows, what errors they reveal. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resource-types";

export const noClientWritesRole: ResourceValidationPolicy = {
  name: "no-client-writes-custom-role",
  description: "No app client may write custom:role (anyone could make themselves an administrator at sign-up).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.userPoolClient) return;
    const write: string[] | undefined = args.props.writeAttributes;
    if (!write || write.length === 0) {
      reportViolation("writeAttributes must be listed explicitly: unset, Cognito lets the client write every attribute, custom:role included.");
    } else if (write.includes("custom:role")) {
      reportViolation("writeAttributes includes custom:role: remove it; roles are set by administrators and the post confirmation trigger.");
    }
  },
};

export const noImplicitOAuthFlow: ResourceValidationPolicy = {
  name: "no-implicit-oauth-flow",
  description: "No app client may use the OAuth implicit flow (tokens in URLs); use the code flow with PKCE.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.userPoolClient) return;
    if ((args.props.allowedOauthFlows ?? []).includes("implicit")) reportViolation('allowedOauthFlows includes "implicit": use ["code"].');
  },
};

export const userExistenceErrorsHidden: ResourceValidationPolicy = {
  name: "user-existence-errors-hidden",
  description: "App clients must not reveal whether an account exists (preventUserExistenceErrors ENABLED).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.userPoolClient) return;
    if (args.props.preventUserExistenceErrors !== "ENABLED") reportViolation('set preventUserExistenceErrors to "ENABLED".');
  },
};
