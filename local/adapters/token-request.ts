/**
 * Local-only: what one request tells the token generation that runs inside it. On AWS,
 * Cognito knows which operation is issuing tokens; cognito-local's token generator is called
 * with only the user and the app client, and passes ClientMetadata to pre token generation
 * from operations that AWS does not pass it from (AdminInitiateAuth, refreshes).
 *
 * Here every request runs with a small record (AsyncLocalStorage) that the adapters fill in and
 * that the token generation reads: the operation, the ClientMetadata when the operation passes it
 * to pre token generation on AWS (RespondToAuthChallenge, AdminRespondToAuthChallenge,
 * GetTokensFromRefreshToken; not InitiateAuth or AdminInitiateAuth, whose ClientMetadata only
 * reaches pre sign-up, pre authentication and user migration), the sign-in a refresh continues
 * (origin_jti), and what pre token generation V2 asked of the access token.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Router } from "cognito-local/lib/server/Router";

/** The access-token part of a V2 pre token generation answer (claimsAndScopeOverrideDetails). */
export interface AccessTokenGeneration {
  claimsToAddOrOverride?: Record<string, unknown>;
  claimsToSuppress?: string[];
  scopesToAdd?: string[];
  scopesToSuppress?: string[];
  /** groupOverrideDetails.groupsToOverride: the `cognito:groups` of both tokens. */
  groupsToOverride?: string[];
}

export interface TokenRequest {
  operation: string;
  /** Passed to pre token generation only by the operations that pass it on AWS. */
  clientMetadata?: Record<string, string>;
  /** TokenGeneration_<source> for the trigger, when the request decides it (a new password challenge). */
  source?: "NewPasswordChallenge";
  /** The origin_jti of the sign-in a refresh continues; unset means a new sign-in. */
  origin?: string;
  /** Set by pre token generation V2, applied when the access token is signed. */
  accessTokenGeneration?: AccessTokenGeneration;
}

/** The operations that hand their ClientMetadata to pre token generation on AWS. */
export const CLIENT_METADATA_TO_PRE_TOKEN_GENERATION = new Set(["RespondToAuthChallenge", "AdminRespondToAuthChallenge", "GetTokensFromRefreshToken"]);

const requests = new AsyncLocalStorage<TokenRequest>();

/** The record of the request running now, if any. */
export function currentTokenRequest(): TokenRequest | undefined {
  return requests.getStore();
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** Runs each request with its record. */
export function withTokenRequest(router: Router): Router {
  return (target) => {
    const route = router(target);
    return (ctx, req) => {
      const record: TokenRequest = { operation: target };
      if (CLIENT_METADATA_TO_PRE_TOKEN_GENERATION.has(target)) record.clientMetadata = stringMap(req?.ClientMetadata);
      if ((target === "RespondToAuthChallenge" || target === "AdminRespondToAuthChallenge") && req?.ChallengeName === "NEW_PASSWORD_REQUIRED") {
        record.source = "NewPasswordChallenge";
      }
      return requests.run(record, () => route(ctx, req));
    };
  };
}
