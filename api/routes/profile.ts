/**
 * POST /change-password and PATCH /me: the signed-in person changes their password or
 * their profile, with their own access token (Cognito's ChangePassword and
 * UpdateUserAttributes), under the same rules as at sign-up.
 */
import { Hono } from "hono";
import { ChangePasswordCommand, UpdateUserAttributesCommand, type AttributeType } from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { validateProfile } from "../../policies/profile";
import { canonicalEmail } from "../../policies/email-domain";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { refuseBreachedPassword } from "../breached-password";
import { cognitoErrorName, mapCognitoError, TOKEN_ERRORS } from "../cognito-errors";
import type { RouteDeps } from "../deps";
import { logger } from "../logger";
import { meAnswer, userAttributes } from "../me-answer";
import type { Limit } from "../rate-limiter";
import { readBody } from "../request-body";
import { ChangePasswordRequest, UpdateProfileRequest } from "../schemas";
import { bearerToken } from "../tokens";

export const CURRENT_PASSWORD_INCORRECT = "Current password is incorrect";

export function profileRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;
  // Guessing the current password with a stolen access token is password guessing: the per-user counter
  // DELETE /me shares (any IP), then POST /login's own counter for the caller's IP and the person's email.
  const changeDetail = "Too many password change attempts. Please try again later.";
  const changeLimit: Limit = { ...deps.limits.reauth, detail: changeDetail };

  app.post("/change-password", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    const claims = await deps.verifyAccessToken(token);
    const body = await readBody(c, ChangePasswordRequest);
    await deps.limiter.hit(changeLimit, String(claims.sub ?? ""));
    const attributes = await userAttributes(deps, token);
    await deps.limiter.hit({ ...deps.limits.login, detail: changeDetail }, `${deps.clientIp(c)} ${canonicalEmail(attributes.email ?? "") ?? String(claims.sub ?? "")}`);
    if (body.new_password === body.current_password) {
      throw new ApiError(400, passwordProblemDetail(["Must differ from the current password"]));
    }
    // The policy against the person's own words (from their profile), then the breached-password check when it is on.
    const verdict = checkAccountPassword(body.new_password, config.account, {
      email: attributes.email,
      name: attributes.name,
      organization: attributes["custom:organization"],
    });
    if (!verdict.ok) throw new ApiError(400, passwordProblemDetail(verdict.reasons));
    await refuseBreachedPassword(body.new_password, config.account);
    try {
      await deps.cognito.send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: body.current_password, ProposedPassword: body.new_password }));
    } catch (error) {
      throw changePasswordError(error) ?? new UnexpectedCognitoError("Password change failed", error);
    }
    logger.info("password changed", { requestId: c.get("requestId"), userId: String(claims.sub ?? "") });
    return c.json({ success: true, message: "Password changed successfully." });
  });

  app.patch("/me", async (c) => {
    const token = bearerToken(c.req.header("authorization"));
    const claims = await deps.verifyAccessToken(token);
    const body = await readBody(c, UpdateProfileRequest);
    const changes = profileChanges(body);
    try {
      await deps.cognito.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: changes }));
    } catch (error) {
      throw updateError(error) ?? new UnexpectedCognitoError("Updating the profile failed", error);
    }
    logger.info("profile updated", { requestId: c.get("requestId"), userId: String(claims.sub ?? ""), attributes: changes.map((a) => a.Name) });
    const attributes = await userAttributes(deps, token);
    return c.json(meAnswer(deps, claims, attributes));
  });

  return app;
}

/** The attributes to write: only the fields sent, each validated as at sign-up; never custom:role. */
export function profileChanges(body: { name?: string; organization?: string; country?: string; locale?: "en" | "fr" }): AttributeType[] {
  const profile = validateProfile({ name: body.name, organization: body.organization, country: body.country }, { nameRequired: body.name !== undefined });
  if (!profile.ok) throw new ApiError(400, profile.message);
  const changes: AttributeType[] = [];
  if (body.name !== undefined) changes.push({ Name: "name", Value: profile.profile.name });
  // An empty organization or country clears it (GET /me then leaves it out).
  if (body.organization !== undefined) changes.push({ Name: "custom:organization", Value: profile.profile.organization ?? "" });
  if (body.country !== undefined) changes.push({ Name: "custom:country", Value: profile.profile.country ?? "" });
  if (body.locale !== undefined) changes.push({ Name: "locale", Value: body.locale });
  if (changes.length === 0) throw new ApiError(400, "Nothing to update: send name, organization, country or locale");
  return changes;
}

/**
 * ChangePassword's errors. NotAuthorizedException is a wrong current password, unless
 * Cognito says the token itself is no good (revoked, signed out). The access token was
 * verified just before, so anything else about it is a 401 too.
 */
function changePasswordError(error: unknown): ApiError | undefined {
  const name = cognitoErrorName(error);
  const message = (error as Error)?.message ?? "";
  if (name === "NotAuthorizedException") return /token/i.test(message) ? new ApiError(401, "Invalid or expired token") : new ApiError(400, CURRENT_PASSWORD_INCORRECT);
  if (name === "PasswordHistoryPolicyViolationException") return new ApiError(400, passwordProblemDetail(["Must not be one of your recent passwords"]));
  if (name === "LimitExceededException" || name === "TooManyFailedAttemptsException") return new ApiError(429, "Too many password change attempts. Please try again later.");
  return mapCognitoError(error, {
    InvalidPasswordException: [400, ""], // worded by mapCognitoError from Cognito's reason (history, breach, length, classes)
    InvalidParameterException: [400, CURRENT_PASSWORD_INCORRECT],
    UserNotFoundException: [401, "Invalid or expired token"],
    UserNotConfirmedException: [403, "Authentication error: UserNotConfirmedException"],
    PasswordResetRequiredException: [403, "Authentication error: PasswordResetRequiredException"],
  });
}

/**
 * UpdateUserAttributes' errors. A refused attribute ("unauthorized attribute") means the
 * app client cannot write what this API sends: the deployment's fault, so it stays a 500.
 */
function updateError(error: unknown): ApiError | undefined {
  if (/unauthorized attribute/i.test((error as Error)?.message ?? "")) return undefined;
  return mapCognitoError(error, TOKEN_ERRORS);
}
