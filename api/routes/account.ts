/** GET /me and DELETE /me: the signed-in user's profile, and deleting their own account. */
import { Hono, type Context } from "hono";
import { AdminInitiateAuthCommand, DeleteUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { cognitoErrorName, mapCognitoError, TOKEN_ERRORS } from "../cognito-errors";
import type { RouteDeps } from "../deps";
import { logger } from "../logger";
import { meAnswer, userAttributes } from "../me-answer";
import { canonicalEmail } from "../../policies/email-domain";
import { readBody } from "../request-body";
import { DeleteMeRequest } from "../schemas";
import { bearerToken } from "../tokens";

export const WRONG_PASSWORD_DETAIL = "Current password is incorrect";

export function accountRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get("/me", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    const claims = await deps.verifyAccessToken(token);
    return c.json(meAnswer(deps, claims, await userAttributes(deps, token)));
  });

  app.delete("/me", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    const claims = await deps.verifyAccessToken(token);
    const body = await readBody(c, DeleteMeRequest);
    await confirmPassword(deps, c, token, claims, body.password);
    try {
      await deps.cognito.send(new DeleteUserCommand({ AccessToken: token }));
    } catch (error) {
      throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Deleting the account failed", error);
    }
    logger.info("account deleted", { requestId: c.get("requestId"), userId: String(claims.sub ?? "") });
    return c.json({ success: true, message: "Account deleted." });
  });

  return app;
}

/**
 * Re-authentication before an irreversible change: a stolen access token alone must not
 * delete the account. The password is checked with the same call a login makes, on the
 * token's own user (its Cognito username), and counts against the login limit of that
 * user's email and the caller's IP (the very counter POST /login uses) and against the
 * per-user re-authentication limit, so it cannot guess passwords faster than login can.
 */
async function confirmPassword(deps: RouteDeps, c: Context, token: string, claims: Record<string, unknown>, password: string): Promise<void> {
  const username = typeof claims.username === "string" ? claims.username : typeof claims.sub === "string" ? claims.sub : "";
  if (!username) throw new ApiError(401, "Invalid or expired token");
  // POST /login's own counter (IP and canonical email), not a second one keyed on the user id,
  // and the per-user counter change-password shares, which no number of IPs gets around.
  const email = canonicalEmail((await userAttributes(deps, token)).email ?? "") ?? username;
  await deps.limiter.hit(deps.limits.login, `${deps.clientIp(c)} ${email}`);
  await deps.limiter.hit({ ...deps.limits.reauth, detail: deps.limits.login.detail }, username);
  try {
    await deps.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: deps.config.userPoolId,
        ClientId: deps.config.clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: deps.secretHash(username) },
      }),
    );
    // Any answer but an error (tokens, or a challenge such as NEW_PASSWORD_REQUIRED) means the password was right.
  } catch (error) {
    const name = cognitoErrorName(error);
    if (name === "NotAuthorizedException" || name === "UserNotFoundException" || name === "InvalidParameterException") throw new ApiError(400, WRONG_PASSWORD_DETAIL);
    throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Deleting the account failed", error);
  }
}
