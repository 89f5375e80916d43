/**
 * Local-only: an access token is accepted only if the pool signed it and it is still valid.
 * Cognito refuses any other with NotAuthorizedException ("Invalid Access Token", or "Access
 * Token has expired" once past `exp`). cognito-local only decodes the token: a hand-made token
 * with another person's `sub` passed GetUser, UpdateUserAttributes and DeleteUser for them.
 *
 * Here the operations that take an access token check its RS256 signature against
 * cognito-local's key (the one its JWKS serves), `token_use` "access" and `exp` before
 * cognito-local sees the request.
 */
import { createPublicKey, createVerify } from "node:crypto";
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { ACCESS_TOKEN_TARGETS, jwtClaims } from "./token-revocation";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PUBLIC_KEY = createPublicKey({ key: (require("cognito-local/lib/keys/cognitoLocal.public.json") as { jwk: object }).jwk as never, format: "jwk" });

/** The claims of a valid access token; throws NotAuthorizedException as Cognito does otherwise. */
export function verifiedAccessToken(token: unknown, nowSeconds = Date.now() / 1000): Record<string, unknown> {
  const parts = typeof token === "string" ? token.split(".") : [];
  const header = parts.length === 3 ? jwtClaims(`${parts[1]}.${parts[0]}.`) : undefined; // the header, decoded the same way
  const claims = jwtClaims(token);
  const signed =
    parts.length === 3 && header?.alg === "RS256" && createVerify("RSA-SHA256").update(`${parts[0]}.${parts[1]}`).verify(PUBLIC_KEY, parts[2]!, "base64url");
  if (!signed || !claims || claims.token_use !== "access") throw new NotAuthorizedError("Invalid Access Token");
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) throw new NotAuthorizedError("Access Token has expired");
  return claims;
}

/** Wraps a router: the access-token operations refuse a token the pool did not sign or that has expired. */
export function withAccessTokenValidity(router: Router): Router {
  return (target) => {
    const route: Route = router(target);
    if (!ACCESS_TOKEN_TARGETS.includes(target)) return route;
    return async (ctx, req) => {
      verifiedAccessToken(req?.AccessToken);
      return route(ctx, req);
    };
  };
}
