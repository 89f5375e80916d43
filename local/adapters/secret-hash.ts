/**
 * Local-only: an app client with a secret accepts only callers that know it. On AWS every
 * operation such a client is named in carries SECRET_HASH = Base64(HMAC-SHA256(key = client
 * secret, message = username + client id)) (SignUp, ConfirmSignUp, ResendConfirmationCode,
 * ForgotPassword, ConfirmForgotPassword in `SecretHash`; InitiateAuth and AdminInitiateAuth in
 * AuthParameters.SECRET_HASH, over the Cognito username (the sub here) for a refresh;
 * RespondToAuthChallenge and AdminRespondToAuthChallenge in ChallengeResponses.SECRET_HASH), or
 * the secret itself (RevokeToken, GetTokensFromRefreshToken: `ClientSecret`). Without it Cognito
 * answers NotAuthorizedException "Client <id> is configured with secret but SECRET_HASH was not
 * received", with a wrong one "Unable to verify secret hash for client <id>". cognito-local
 * checks none of it, so anyone could sign up through the API's client around the API.
 *
 * Here the expected hash is computed with node:crypto and compared in constant time before
 * cognito-local sees the request. A missing or wrong ClientSecret answers "Unable to verify secret
 * hash for client <id>" (AWS's exact text for that case was not found in its documentation).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { jwtClaims } from "./token-revocation";

type Request = Record<string, any>;

/** Where each operation carries the hash, and the username it is computed over. */
const HASHED: Record<string, (req: Request) => { hash: unknown; username: unknown }> = {
  SignUp: (req) => ({ hash: req.SecretHash, username: req.Username }),
  ConfirmSignUp: (req) => ({ hash: req.SecretHash, username: req.Username }),
  ResendConfirmationCode: (req) => ({ hash: req.SecretHash, username: req.Username }),
  ForgotPassword: (req) => ({ hash: req.SecretHash, username: req.Username }),
  ConfirmForgotPassword: (req) => ({ hash: req.SecretHash, username: req.Username }),
  InitiateAuth: authParameters,
  AdminInitiateAuth: authParameters,
  RespondToAuthChallenge: (req) => ({ hash: req.ChallengeResponses?.SECRET_HASH, username: req.ChallengeResponses?.USERNAME }),
  AdminRespondToAuthChallenge: (req) => ({ hash: req.ChallengeResponses?.SECRET_HASH, username: req.ChallengeResponses?.USERNAME }),
};
/** The operations that take the secret itself. */
const WITH_CLIENT_SECRET = new Set(["RevokeToken", "GetTokensFromRefreshToken"]);
export const SECRET_CHECKED_TARGETS = [...Object.keys(HASHED), ...WITH_CLIENT_SECRET];

function authParameters(req: Request): { hash: unknown; username: unknown } {
  const parameters = req.AuthParameters ?? {};
  const refresh = req.AuthFlow === "REFRESH_TOKEN_AUTH" || req.AuthFlow === "REFRESH_TOKEN";
  // A refresh names no user: the hash is over the Cognito username of the refresh token's owner.
  return { hash: parameters.SECRET_HASH, username: refresh ? jwtClaims(parameters.REFRESH_TOKEN)?.["cognito:username"] : parameters.USERNAME };
}

/** Cognito's SECRET_HASH. */
export function expectedSecretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws as Cognito does when the request does not prove the client's secret; passes requests to clients without one. */
export function checkClientSecret(target: string, req: Request, clientId: string, clientSecret: string | undefined): void {
  if (!clientSecret) return;
  if (WITH_CLIENT_SECRET.has(target)) {
    if (typeof req.ClientSecret !== "string" || !sameText(req.ClientSecret, clientSecret)) throw new NotAuthorizedError(`Unable to verify secret hash for client ${clientId}`);
    return;
  }
  const { hash, username } = HASHED[target]!(req);
  if (hash === undefined || hash === null || hash === "") throw new NotAuthorizedError(`Client ${clientId} is configured with secret but SECRET_HASH was not received`);
  if (typeof hash !== "string" || typeof username !== "string" || !sameText(hash, expectedSecretHash(username, clientId, clientSecret))) {
    throw new NotAuthorizedError(`Unable to verify secret hash for client ${clientId}`);
  }
}

/** Wraps a router: the operations above prove the client's secret first. */
export function withSecretHash(services: Services, router: Router): Router {
  return (target) => {
    const route: Route = router(target);
    if (!SECRET_CHECKED_TARGETS.includes(target)) return route;
    return async (ctx, req) => {
      const clientId: unknown = req?.ClientId;
      const client = typeof clientId === "string" ? await services.cognito.getAppClient(ctx, clientId).catch(() => null) : null;
      if (client) checkClientSecret(target, req, client.ClientId, client.ClientSecret);
      return route(ctx, req); // no such client: cognito-local answers it
    };
  };
}
