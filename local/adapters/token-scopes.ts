/**
 * Local-only: the operations a person authorizes with their own access token (GetUser,
 * UpdateUserAttributes, ChangePassword, DeleteUser, the MFA and verification operations,
 * GlobalSignOut) need the `aws.cognito.signin.user.admin` scope in it. Cognito refuses a token
 * without it with NotAuthorizedException "Access Token does not have required scopes"; a V2 pre
 * token generation trigger can suppress the scope to close that door. cognito-local never looks
 * at the scope.
 *
 * Here those operations check the token's space-separated `scope` claim first (the token's
 * signature and expiry are checked before, by access-token-validity.ts).
 */
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { ADMIN_SCOPE } from "./pre-token-generation-v2";
import { ACCESS_TOKEN_TARGETS, jwtClaims } from "./token-revocation";

export function hasAdminScope(token: unknown): boolean {
  const scope = jwtClaims(token)?.scope;
  return typeof scope === "string" && scope.split(" ").includes(ADMIN_SCOPE);
}

/** Wraps a router: access-token operations refuse a token without aws.cognito.signin.user.admin. */
export function withTokenScopes(router: Router): Router {
  return (target) => {
    const route: Route = router(target);
    if (!ACCESS_TOKEN_TARGETS.includes(target)) return route;
    return async (ctx, req) => {
      if (!hasAdminScope(req?.AccessToken)) throw new NotAuthorizedError("Access Token does not have required scopes");
      return route(ctx, req);
    };
  };
}
