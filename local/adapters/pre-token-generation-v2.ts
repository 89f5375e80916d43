/**
 * Local-only: pre token generation as a pool on the Essentials plan with the trigger's
 * `lambdaVersion: V2_0` runs it. On AWS the trigger gets a version "2" event (userAttributes,
 * groupConfiguration, scopes, and clientMetadata when the operation passes it) and its answer
 * `claimsAndScopeOverrideDetails` changes both tokens: idTokenGeneration the ID token,
 * accessTokenGeneration (claims and scopes) the access token, groupOverrideDetails the groups.
 * cognito-local sends a V1-shaped event (version "0") and applies only `claimsOverrideDetails`
 * to the ID token.
 *
 * Here our trigger bundle is invoked (through cognito-local's Lambda service, so a failing
 * trigger still fails the sign-in) with the V2 event; the ID-token part of its answer goes back to
 * cognito-local as the V1 answer it applies to the ID token, and the access-token part is kept in
 * the request's record (token-request.ts) and applied by `applyAccessTokenGeneration` when the
 * access token is signed again with its origin_jti (token-revocation.ts): one signing pass.
 */
import { attributesToRecord } from "cognito-local/lib/services/userPoolService";
import type { LambdaService, TriggersService } from "cognito-local/lib/services";
import { currentTokenRequest, type AccessTokenGeneration } from "./token-request";

export const ADMIN_SCOPE = "aws.cognito.signin.user.admin";

/** Claims of an access token that no trigger can add, change or suppress (Cognito ignores those parts of the answer). */
const RESERVED_ACCESS_CLAIMS = new Set([
  "acr",
  "amr",
  "aud",
  "at_hash",
  "auth_time",
  "azp",
  "client_id",
  "cognito:username",
  "device_key",
  "event_id",
  "exp",
  "iat",
  "identities",
  "iss",
  "jti",
  "nbf",
  "nonce",
  "origin_jti",
  "scope",
  "sub",
  "token_use",
  "username",
  "version",
]);

/** The access token's claims with a V2 answer applied: claims added or overridden, then suppressed; scopes added, then suppressed; groups replaced. */
export function applyAccessTokenGeneration(claims: Record<string, unknown>, generation: AccessTokenGeneration | undefined): Record<string, unknown> {
  if (!generation) return claims;
  const result: Record<string, unknown> = { ...claims };
  const free = (claim: string) => !RESERVED_ACCESS_CLAIMS.has(claim);
  for (const [claim, value] of Object.entries(generation.claimsToAddOrOverride ?? {})) if (free(claim)) result[claim] = value;
  for (const claim of generation.claimsToSuppress ?? []) if (free(claim)) delete result[claim];
  if (Array.isArray(generation.groupsToOverride)) result["cognito:groups"] = generation.groupsToOverride;
  const scopes = typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [];
  const added = [...scopes, ...(generation.scopesToAdd ?? []).filter((s) => typeof s === "string" && !scopes.includes(s))];
  const suppressed = new Set(generation.scopesToSuppress ?? []);
  const scope = added.filter((s) => !suppressed.has(s)).join(" ");
  if (scope) result.scope = scope;
  else delete result.scope;
  return result;
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined);
const record = (value: unknown): Record<string, unknown> | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** The parts of a V2 answer, each checked for its shape (a malformed part is ignored, as a V1 answer's would be). */
export function readV2Answer(response: unknown): { idToken: { claimsToAddOrOverride?: Record<string, unknown>; claimsToSuppress?: string[] }; accessToken: AccessTokenGeneration } {
  const details = record(record(response)?.claimsAndScopeOverrideDetails) ?? {};
  const id = record(details.idTokenGeneration) ?? {};
  const access = record(details.accessTokenGeneration) ?? {};
  const groups = strings(record(details.groupOverrideDetails)?.groupsToOverride);
  return {
    idToken: { claimsToAddOrOverride: record(id.claimsToAddOrOverride), claimsToSuppress: strings(id.claimsToSuppress) },
    accessToken: {
      claimsToAddOrOverride: record(access.claimsToAddOrOverride),
      claimsToSuppress: strings(access.claimsToSuppress),
      scopesToAdd: strings(access.scopesToAdd),
      scopesToSuppress: strings(access.scopesToSuppress),
      groupsToOverride: groups,
    },
  };
}

/** Makes cognito-local's pre token generation send V2 events through `lambda` and apply V2 answers. */
export function withPreTokenGenerationV2(triggers: TriggersService, lambda: LambdaService): void {
  // cognito-local rebuilds every event in V1 shape; a V2 event we built passes through as it is.
  const v2Events = new WeakSet<object>();
  const service = lambda as unknown as { createLambdaEvent(event: object): object };
  const createLambdaEvent = service.createLambdaEvent.bind(service);
  Object.defineProperty(service, "createLambdaEvent", { value: (event: object) => (v2Events.has(event) ? event : createLambdaEvent(event)) });

  const wrapped: TriggersService["preTokenGeneration"] = async (ctx, event) => {
    const request = currentTokenRequest();
    const v2Event = {
      version: "2",
      triggerSource: `TokenGeneration_${request?.source ?? event.source}`,
      region: "local",
      userPoolId: event.userPoolId,
      userName: event.username,
      callerContext: { awsSdkVersion: "aws-sdk-js-3", clientId: event.clientId },
      request: {
        userAttributes: attributesToRecord(event.userAttributes),
        groupConfiguration: { groupsToOverride: [...(event.groupConfiguration?.groupsToOverride ?? [])], iamRolesToOverride: [], preferredRole: null },
        scopes: [ADMIN_SCOPE],
        ...(request?.clientMetadata ? { clientMetadata: request.clientMetadata } : {}),
      },
      response: { claimsAndScopeOverrideDetails: null },
    };
    v2Events.add(v2Event);
    const answer = readV2Answer(await lambda.invoke(ctx, "PreTokenGeneration", v2Event as never));
    if (request) request.accessTokenGeneration = answer.accessToken;
    const groups = answer.accessToken.groupsToOverride;
    return {
      claimsOverrideDetails: {
        claimsToAddOrOverride: { ...answer.idToken.claimsToAddOrOverride, ...(groups ? { "cognito:groups": groups } : {}) } as Record<string, string>,
        claimsToSuppress: answer.idToken.claimsToSuppress,
      },
    };
  };
  Object.defineProperty(triggers, "preTokenGeneration", { value: wrapped });
}
