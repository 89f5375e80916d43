/**
 * Local-only: a sign-in finished by answering a challenge (RespondToAuthChallenge,
 * AdminRespondToAuthChallenge, e.g. NEW_PASSWORD_REQUIRED) gives a refresh token that works like
 * any other on AWS: it refreshes, and revoking it or a global sign-out ends it. cognito-local
 * issues it but never stores it on the user, so it could not refresh, and a global sign-out
 * could not find that sign-in.
 *
 * Here the refresh token is stored on the user once cognito-local has answered, as cognito-local
 * itself does after a password sign-in.
 */
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { jwtClaims } from "./token-revocation";

export function storingChallengeRefreshTokens(services: Services, router: Router, target: "RespondToAuthChallenge" | "AdminRespondToAuthChallenge"): Route {
  const route = router(target);
  return async (ctx, req) => {
    const result = await route(ctx, req);
    const refreshToken = result?.AuthenticationResult?.RefreshToken;
    const username = jwtClaims(refreshToken)?.["cognito:username"];
    if (typeof refreshToken === "string" && typeof username === "string") {
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, username);
      if (user && !user.RefreshTokens?.includes(refreshToken)) await pool.storeRefreshToken(ctx, refreshToken, user);
    }
    return result;
  };
}
