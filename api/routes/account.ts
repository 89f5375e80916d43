/** GET /me and DELETE /me: the signed-in user's profile, and deleting their own account. */
import { Hono } from "hono";
import { DeleteUserCommand, GetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { resolveRole, isTrue } from "../../policies/roles";
import { UnexpectedCognitoError } from "../api-error";
import { mapCognitoError, TOKEN_ERRORS } from "../cognito-errors";
import type { RouteDeps } from "../deps";
import { logger } from "../logger";
import { bearerToken } from "../tokens";

export function accountRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get("/me", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    const claims = await deps.verifyAccessToken(token);
    let user;
    try {
      user = await deps.cognito.send(new GetUserCommand({ AccessToken: token }));
    } catch (error) {
      throw mapCognitoError(error, TOKEN_ERRORS) ?? new UnexpectedCognitoError("Reading the profile failed", error);
    }
    const attributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value ?? ""]));
    const groups = Array.isArray(claims["cognito:groups"]) ? (claims["cognito:groups"] as string[]) : [];
    const emailVerified = isTrue(attributes.email_verified);
    const { role, isAdmin } = resolveRole({ groups, customRole: attributes["custom:role"], email: attributes.email, emailVerified }, deps.config.account);
    return c.json({
      user_id: attributes.sub ?? String(claims.sub ?? ""),
      email: attributes.email ?? "",
      email_verified: emailVerified,
      name: attributes.name ?? "",
      ...(attributes["custom:organization"] ? { organization: attributes["custom:organization"] } : {}),
      ...(attributes["custom:country"] ? { country: attributes["custom:country"] } : {}),
      role,
      is_admin: isAdmin,
    });
  });

  app.delete("/me", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    const claims = await deps.verifyAccessToken(token);
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
