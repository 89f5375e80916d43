/**
 * Local-only: a disabled user cannot sign in or refresh. On AWS, AdminDisableUser deactivates
 * the user and revokes their tokens; a sign-in then answers NotAuthorizedException "User is
 * disabled.". cognito-local stores `Enabled: false` and ignores it: the user signed in and
 * refreshed as before.
 *
 * Here AdminDisableUser ends every session once cognito-local has stored the flag
 * (global-sign-out.ts), so the user's refresh and access tokens are refused (and stay refused
 * after AdminEnableUser, as on AWS). A password sign-in (InitiateAuth USER_PASSWORD_AUTH,
 * AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH) with the right password, a challenge answer, or a
 * refresh (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken) for a disabled user answers
 * "User is disabled."; a wrong password still answers "Incorrect username or password.", so the
 * state of an account is shown only to whoever knows its password.
 */
import { NotAuthorizedError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Context } from "cognito-local/lib/services/context";
import type { User } from "cognito-local/lib/services/userPoolService";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { endEverySession } from "./global-sign-out";
import type { RevokedOrigins } from "./token-revocation";

const PASSWORD_FLOWS = new Set(["USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"]);
const REFRESH_FLOWS = new Set(["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"]);
export const SIGN_IN_TARGETS = ["InitiateAuth", "AdminInitiateAuth", "RespondToAuthChallenge", "AdminRespondToAuthChallenge", "GetTokensFromRefreshToken"] as const;

/** The user a sign-in request is about, and whether the request proves their password. */
async function signingIn(services: Services, ctx: Context, target: string, req: Record<string, any>): Promise<{ user: User | null; provesPassword: boolean }> {
  const pool = await services.cognito.getUserPoolForClientId(ctx, req?.ClientId);
  if (target === "GetTokensFromRefreshToken") return { user: await pool.getUserByRefreshToken(ctx, String(req.RefreshToken)), provesPassword: true };
  if (target === "RespondToAuthChallenge" || target === "AdminRespondToAuthChallenge") {
    return { user: await pool.getUserByUsername(ctx, String(req.ChallengeResponses?.USERNAME)), provesPassword: true }; // a live session proves it
  }
  if (REFRESH_FLOWS.has(req?.AuthFlow)) return { user: await pool.getUserByRefreshToken(ctx, String(req.AuthParameters?.REFRESH_TOKEN)), provesPassword: true };
  if (PASSWORD_FLOWS.has(req?.AuthFlow)) {
    const user = await pool.getUserByUsername(ctx, String(req.AuthParameters?.USERNAME));
    return { user, provesPassword: user?.Password === req.AuthParameters?.PASSWORD };
  }
  return { user: null, provesPassword: false };
}

/** Wraps a router: the sign-in operations refuse a disabled user. */
export function withDisabledUsers(services: Services, router: Router): Router {
  return (target) => {
    const route: Route = router(target);
    if (!(SIGN_IN_TARGETS as readonly string[]).includes(target)) return route;
    return async (ctx, req) => {
      let found: { user: User | null; provesPassword: boolean } = { user: null, provesPassword: false };
      try {
        found = await signingIn(services, ctx, target, req);
      } catch {
        /* unknown client and the like: the operation answers it */
      }
      if (found.user?.Enabled === false && found.provesPassword) throw new NotAuthorizedError("User is disabled.");
      return route(ctx, req);
    };
  };
}

/** AdminDisableUser: once cognito-local has stored the flag, every session of the user ends. */
export function disablingEndsSessions(services: Services, base: Router, revoked: RevokedOrigins): Route {
  const original = base("AdminDisableUser");
  return async (ctx, req) => {
    const result = await original(ctx, req); // unknown user: UserNotFoundException from cognito-local
    const pool = await services.cognito.getUserPool(ctx, req.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (user) await endEverySession(ctx, pool, user.Username, revoked);
    return result;
  };
}
