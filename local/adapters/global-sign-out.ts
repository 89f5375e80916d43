/**
 * Local-only: ending every session of a person. On AWS, GlobalSignOut (with the person's
 * access token) and AdminUserGlobalSignOut (IAM) revoke every refresh token issued to the user
 * (a refresh then answers NotAuthorizedException "Refresh Token has been revoked") and every
 * access token (the token operations answer "Access Token has been revoked"); deleting a user
 * leaves none of their tokens usable. cognito-local has neither operation, and after a
 * deletion the deleted user's tokens were merely unmatched.
 *
 * Here every sign-in's refresh token is kept on the user (cognito-local keeps them in
 * `RefreshTokens`; challenge-refresh-tokens.ts adds those it forgets), each carrying the
 * origin_jti of its sign-in (token-revocation.ts). Ending every session revokes each of those
 * origins in the durable list of revoked origins (RevokedOrigins, written atomically, kept across
 * restarts), which refuses the refresh tokens, the access tokens and any rotated refresh token of
 * the same sign-ins, and empties the user's list. AdminDeleteUser and DeleteUser do the same once
 * cognito-local has deleted the user.
 */
import { NotAuthorizedError, UserNotFoundError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Context } from "cognito-local/lib/services/context";
import type { User, UserPoolService } from "cognito-local/lib/services/userPoolService";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { jwtClaims, type RevokedOrigins } from "./token-revocation";

/** The origin_jti of every sign-in whose refresh token the user holds. */
export function originsOf(user: User | null | undefined): string[] {
  const origins = (Array.isArray(user?.RefreshTokens) ? user.RefreshTokens : []).map((token) => jwtClaims(token)?.origin_jti);
  return origins.filter((origin): origin is string => typeof origin === "string");
}

/** Revokes every sign-in of the user and forgets their refresh tokens. */
export async function endEverySession(ctx: Context, pool: UserPoolService, username: string, revoked: RevokedOrigins, alsoOrigin?: unknown): Promise<void> {
  const user = await pool.getUserByUsername(ctx, username); // read now: the user as saved, not as a caller saw it earlier
  if (!user) return;
  revoked.addAll([...originsOf(user), ...(typeof alsoOrigin === "string" ? [alsoOrigin] : [])]);
  await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
}

/** GlobalSignOut: the access token's owner is signed out everywhere (the token was verified before). */
export function globalSignOut(services: Services, revoked: RevokedOrigins): Route {
  return async (ctx, req) => {
    const claims = jwtClaims(req?.AccessToken) ?? {};
    const pool = await services.cognito.getUserPoolForClientId(ctx, String(claims.client_id));
    const user = await pool.getUserByUsername(ctx, String(claims.username ?? claims.sub));
    if (!user) throw new NotAuthorizedError("User does not exist.");
    await endEverySession(ctx, pool, user.Username, revoked, claims.origin_jti);
    return {};
  };
}

/** AdminUserGlobalSignOut: an administrator signs a user out everywhere. */
export function adminUserGlobalSignOut(services: Services, revoked: RevokedOrigins): Route {
  return async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, req?.UserPoolId);
    const user = await pool.getUserByUsername(ctx, typeof req?.Username === "string" ? req.Username : "");
    if (!user) throw new UserNotFoundError("User does not exist.");
    await endEverySession(ctx, pool, user.Username, revoked);
    return {};
  };
}

/** AdminDeleteUser / DeleteUser: once cognito-local has deleted the user, none of their tokens work. */
export function deletingEndsSessions(services: Services, base: Router, target: "AdminDeleteUser" | "DeleteUser", revoked: RevokedOrigins): Route {
  const original = base(target);
  return async (ctx, req) => {
    let origins: string[] = [];
    try {
      const claims = target === "DeleteUser" ? (jwtClaims(req?.AccessToken) ?? {}) : {};
      const pool = target === "DeleteUser" ? await services.cognito.getUserPoolForClientId(ctx, String(claims.client_id)) : await services.cognito.getUserPool(ctx, req?.UserPoolId);
      const user = await pool.getUserByUsername(ctx, target === "DeleteUser" ? String(claims.sub) : String(req?.Username));
      origins = [...originsOf(user), ...(typeof claims.origin_jti === "string" ? [claims.origin_jti] : [])];
    } catch {
      /* unknown pool or client: cognito-local answers it */
    }
    const result = await original(ctx, req);
    revoked.addAll(origins);
    return result;
  };
}
