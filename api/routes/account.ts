/** GET /me and DELETE /me: the signed-in user's profile, and deleting their own account. */
import { Hono, type Context } from "hono";
import { AdminDeleteUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { cognitoErrorName, mapCognitoError, TOKEN_ERRORS } from "../cognito-errors";
import type { Limit } from "../rate-limiter";
import type { RouteDeps } from "../deps";
import { logger } from "../logger";
import { meAnswer } from "../me-answer";
import { checkPassword, signedInUser, type PoolUser } from "../pool-user";
import { canonicalEmail } from "../../policies/email-domain";
import { readBody } from "../request-body";
import { DeleteMeRequest } from "../schemas";
import { bearerToken } from "../tokens";

export const WRONG_PASSWORD_DETAIL = "Current password is incorrect";

export function accountRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get("/me", async (c) => {
    const claims = await deps.verifyAccessToken(bearerToken(c.req.header("authorization")));
    const user = await signedInUser(deps, claims);
    return c.json(meAnswer(deps, claims, user.attributes, user.totpEnabled));
  });

  app.delete("/me", async (c) => {
    const claims = await deps.verifyAccessToken(bearerToken(c.req.header("authorization")));
    const body = await readBody(c, DeleteMeRequest);
    const user = await signedInUser(deps, claims);
    await confirmPassword(deps, c, user, body.password, { ...deps.limits.reauth, detail: deps.limits.login.detail });
    try {
      await deps.cognito.send(new AdminDeleteUserCommand({ UserPoolId: deps.config.userPoolId, Username: user.username }));
    } catch (error) {
      // Already gone (a retry after a lost answer): deleted is what was asked.
      if (cognitoErrorName(error) !== "UserNotFoundException") throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Deleting the account failed", error);
    }
    // Cognito ends a deleted user's refresh tokens; the API refuses their access tokens from now on.
    await deps.sessions.signOutEverywhere(user.sub);
    logger.info("account deleted", { requestId: c.get("requestId"), userId: user.sub });
    await deps.audit.recordSelf({ user_id: user.sub, email: user.attributes.email }, "self.account_deleted", c.get("requestId"));
    return c.json({ success: true, message: "Account deleted." });
  });

  return app;
}

/**
 * Re-authentication before a change a stolen access token alone must not make (deleting the
 * account, changing the password). The password is checked with the same call a login makes,
 * on the token's own user, and counts against POST /login's own limits (the caller's IP and
 * the person's email; failures from the IP) and against `perUser`, a counter per user that no
 * number of IPs gets around.
 */
export async function confirmPassword(deps: RouteDeps, c: Context, user: PoolUser, password: string, perUser: Limit): Promise<void> {
  await deps.limiter.hit(perUser, user.sub);
  const email = canonicalEmail(user.attributes.email ?? "") ?? user.username;
  // "unconfirmed" cannot happen for a signed-in person; like a challenge, any answer but "wrong" means the password was right.
  if ((await checkPassword(deps, c, user.username, email, password, perUser.detail)) === "wrong") throw new ApiError(400, WRONG_PASSWORD_DETAIL);
}
