/**
 * Guardrail on the one exemption from the pre token generation trigger's rule: every access token
 * loses aws.cognito.signin.user.admin (people change nothing on the pool around the API), except
 * the tokens of the API's self-service app client, which the API obtains for itself to set up
 * two-step verification (AssociateSoftwareToken, VerifySoftwareToken need the scope). The trigger
 * learns that client from SELF_SERVICE_CLIENT_ID in its environment.
 *
 * So: a trigger's environment may name one app client at most (SELF_SERVICE_CLIENT_ID's value, or
 * a client its environment is computed from), the whole stack exempts one client at most, and
 * that client must be one nobody else can sign a person in with: a secret, the API's password
 * flow and refresh only, no OAuth, access tokens of 15 minutes at most. Pointing the variable at
 * the API's client or the Hosted UI's would hand every person the scope again.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { knownStrings, read, UNKNOWN } from "./known";
import { namesFunction } from "./functions";
import { TYPES } from "./resource-types";

export const SELF_SERVICE_CLIENT_VARIABLE = "SELF_SERVICE_CLIENT_ID";
/** The longest an access token that carries the admin scope may live. */
export const SELF_SERVICE_MAX_ACCESS_MINUTES = 15;
const SELF_SERVICE_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
const MINUTES: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };

/** Why `client` may not be the exempted one; empty when it may. */
export function selfServiceShapeProblems(client: PolicyResource): string[] {
  const problems: string[] = [];
  const p = (get: () => unknown) => read(get);
  if (p(() => client.props.generateSecret) !== true) problems.push("it has no secret (generateSecret: true)");
  const oauth = p(() => client.props.allowedOauthFlowsUserPoolClient);
  const oauthFlows = knownStrings(() => client.props.allowedOauthFlows);
  if (oauth === true || oauthFlows.length > 0) problems.push("it offers OAuth flows (a browser could get its tokens)");
  const flows = knownStrings(() => client.props.explicitAuthFlows);
  const extra = flows.filter((f) => !SELF_SERVICE_FLOWS.includes(f));
  if (p(() => client.props.explicitAuthFlows) === undefined) problems.push("its explicitAuthFlows are unset (Cognito's defaults include sign-in by anyone with the id)");
  else if (extra.length > 0) problems.push(`it allows ${extra.join(", ")} (only ${SELF_SERVICE_FLOWS.join(" and ")})`);
  const validity = p(() => client.props.accessTokenValidity);
  const units = p(() => (client.props.tokenValidityUnits as { accessToken?: string } | undefined)?.accessToken);
  if (validity !== UNKNOWN && units !== UNKNOWN) {
    // Cognito's defaults: 60 minutes; a number without units counts in hours.
    const minutes = typeof validity === "number" ? validity * (MINUTES[typeof units === "string" ? units : "hours"] ?? 60) : 60;
    if (minutes > SELF_SERVICE_MAX_ACCESS_MINUTES) problems.push(`its access tokens live ${minutes} minutes (at most ${SELF_SERVICE_MAX_ACCESS_MINUTES})`);
  }
  return problems;
}

/** The app clients `fn`'s environment names: those it is computed from, and those whose known id SELF_SERVICE_CLIENT_ID holds. */
function clientsNamedBy(fn: PolicyResource, clients: PolicyResource[]): { named: PolicyResource[]; strays: string[]; unknownSource: boolean } {
  const deps = (fn.propertyDependencies?.environment ?? []).filter((d) => d.type === TYPES.userPoolClient);
  const value = read(() => (fn.props.environment as { variables?: Record<string, string> } | undefined)?.variables?.[SELF_SERVICE_CLIENT_VARIABLE]);
  const ids = typeof value === "string" ? value.split(/[\s,;]+/).filter(Boolean) : [];
  const byId = clients.filter((c) => {
    const id = read(() => c.props.id);
    return typeof id === "string" && id !== "" && ids.includes(id);
  });
  const knownIds = clients.map((c) => read(() => c.props.id)).filter((id): id is string => typeof id === "string");
  const named = [...new Map([...deps, ...byId].map((c) => [c.urn, clients.find((x) => x.urn === c.urn) ?? c])).values()];
  return {
    named,
    // Ids that are no app client of this stack (another pool's, a typo, one from config).
    strays: ids.filter((id) => !knownIds.includes(id)),
    // In a preview the value is unknown: it must then come from a client of the stack.
    unknownSource: value === UNKNOWN && deps.length === 0,
  };
}

export const adminScopeSelfServiceOnly: StackValidationPolicy = {
  name: "admin-scope-self-service-client-only",
  description:
    "The pre token generation trigger keeps aws.cognito.signin.user.admin for one app client at most (SELF_SERVICE_CLIENT_ID): the API's self-service client, with a secret, the API's password flow and refresh only, no OAuth and access tokens of 15 minutes at most. No other client is exempted.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const pools = args.resources.filter((r) => r.type === TYPES.userPool);
    const clients = args.resources.filter((r) => r.type === TYPES.userPoolClient);
    const exempted = new Map<string, PolicyResource>();
    for (const fn of args.resources.filter((r) => r.type === TYPES.lambdaFunction)) {
      if (!pools.some((pool) => namesFunction(pool, "lambdaConfig", fn))) continue;
      const { named, strays, unknownSource } = clientsNamedBy(fn, clients);
      if (strays.length > 0) {
        reportViolation(`trigger ${fn.name}'s ${SELF_SERVICE_CLIENT_VARIABLE} is ${strays.join(", ")}, no app client of this stack: set it from the self-service client's id.`, fn.urn);
      }
      if (unknownSource) reportViolation(`trigger ${fn.name}'s ${SELF_SERVICE_CLIENT_VARIABLE} comes from no app client of this stack: set it from the self-service client's id.`, fn.urn);
      if (named.length > 1) {
        reportViolation(`trigger ${fn.name}'s environment names ${named.length} app clients (${named.map((c) => c.name).join(", ")}): it may exempt one, the self-service client.`, fn.urn);
      }
      for (const client of named) {
        exempted.set(client.urn, client);
        const problems = selfServiceShapeProblems(client);
        if (problems.length > 0) {
          reportViolation(
            `trigger ${fn.name} keeps aws.cognito.signin.user.admin in the access tokens of app client ${client.name}, which is not a self-service client: ${problems.join("; ")}.`,
            fn.urn,
          );
        }
      }
    }
    if (exempted.size > 1) {
      reportViolation(`${exempted.size} app clients keep aws.cognito.signin.user.admin (${[...exempted.values()].map((c) => c.name).join(", ")}): at most one, the self-service client.`);
    }
  },
};
