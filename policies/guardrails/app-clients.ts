/** Guardrails on app clients: what they may write, which OAuth flows, what errors they reveal, and secrets in prod. */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { read, UNKNOWN } from "./known";
import { isProd, TYPES } from "./resource-types";

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

/** The policy pack's config for prodClientsConfidential: `pulumi preview --policy-pack-config <file>` with this in it allows public clients. */
export interface PublicClientsConfig {
  allowPublicClients?: boolean;
}

/** The guardrail's config, when the engine (or a test) passes one. */
function publicClientsAllowed(args: { getConfig?: <T extends object>() => T }): boolean {
  return typeof args.getConfig === "function" && args.getConfig<PublicClientsConfig>()?.allowPublicClients === true;
}

/** Whether `client` belongs to `pool`: its userPoolId comes from the pool (a preview knows that) or equals the pool's known id. */
function belongsTo(client: PolicyResource, pool: PolicyResource): boolean {
  if ((client.propertyDependencies?.userPoolId ?? []).some((d) => d.urn === pool.urn)) return true;
  const id = read(() => pool.props.id as string | undefined);
  const poolId = read(() => client.props.userPoolId as string | undefined);
  return id !== UNKNOWN && id !== undefined && poolId === id;
}

export const prodClientsConfidential: StackValidationPolicy = {
  name: "prod-app-clients-confidential",
  description:
    "In prod, every app client of the pool has a secret: with a public client's id alone anyone can call SignUp, ForgotPassword, ConfirmSignUp... on the pool, around the API's password check, CAPTCHA and limits. Allowed only with this policy's config allowPublicClients: true.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowPublicClients: { type: "boolean", default: false } } },
  validateStack: (args, reportViolation) => {
    if (publicClientsAllowed(args as { getConfig?: <T extends object>() => T })) return;
    const prodPools = args.resources.filter((r) => r.type === TYPES.userPool && isProd(r.props));
    for (const client of args.resources.filter((r) => r.type === TYPES.userPoolClient)) {
      if (!prodPools.some((pool) => belongsTo(client, pool))) continue;
      if (read(() => client.props.generateSecret) !== true) {
        reportViolation(
          `app client ${client.name} of a prod pool has no secret: set generateSecret: true (the stack setting hostedUiPublicClient: false), or allow public clients on purpose with --policy-pack-config holding {"prod-app-clients-confidential": {"allowPublicClients": true}}.`,
          client.urn,
        );
      }
    }
  },
};
