/**
 * POST /change-password and PATCH /me: the signed-in person changes their password or
 * their profile, under the same rules as at sign-up. The API verifies their access token,
 * then makes the change with the IAM-signed Admin* operations (their token itself cannot:
 * pool-user.ts). A new password signs out every session.
 */
import { Hono } from "hono";
import { AdminSetUserPasswordCommand, AdminUpdateUserAttributesCommand, type AttributeType } from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { validateProfile } from "../../policies/profile";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { refuseBreachedPassword } from "../breached-password";
import { COGNITO_LIMIT_RETRY_SECONDS, cognitoErrorName, mapCognitoError, TOKEN_ERRORS } from "../cognito-errors";
import type { RouteDeps } from "../deps";
import { logger } from "../logger";
import { meAnswer } from "../me-answer";
import { signedInUser, signOutEverywhere } from "../pool-user";
import { confirmPassword, WRONG_PASSWORD_DETAIL } from "./account";
import { tooMany, type Limit } from "../rate-limiter";
import { readBody } from "../request-body";
import { ChangePasswordRequest, UpdateProfileRequest } from "../schemas";
import { bearerToken } from "../tokens";

export const CURRENT_PASSWORD_INCORRECT = "Current password is incorrect";

export function profileRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;
  // Guessing the current password with a stolen access token is password guessing: the per-user counter
  // DELETE /me shares (any IP), then POST /login's own counters for the caller's IP and the person's email.
  const changeDetail = "Too many password change attempts. Please try again later.";
  const changeLimit: Limit = { ...deps.limits.reauth, detail: changeDetail };

  app.post("/change-password", async (c) => {
    const claims = await deps.verifyAccessToken(bearerToken(c.req.header("authorization")));
    const body = await readBody(c, ChangePasswordRequest);
    const user = await signedInUser(deps, claims);
    const attributes = user.attributes;
    if (body.new_password === body.current_password) {
      throw new ApiError(400, passwordProblemDetail(["Must differ from the current password"]));
    }
    await confirmPassword(deps, c, user, body.current_password, changeLimit).catch((error: unknown) => {
      throw error instanceof ApiError && error.detail === WRONG_PASSWORD_DETAIL ? new ApiError(400, CURRENT_PASSWORD_INCORRECT) : error;
    });
    // The policy against the person's own words (from their profile), then the breached-password check when it is on.
    const verdict = checkAccountPassword(body.new_password, config.account, {
      email: attributes.email,
      name: attributes.name,
      organization: attributes["custom:organization"],
    });
    if (!verdict.ok) throw new ApiError(400, passwordProblemDetail(verdict.reasons));
    await refuseBreachedPassword(body.new_password, config.account);
    try {
      // IAM-signed: the person's own token cannot change the password on the pool (pool-user.ts). The pool's
      // password history applies to this call as to ChangePassword (PasswordHistoryPolicyViolationException).
      await deps.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: config.userPoolId, Username: user.username, Password: body.new_password, Permanent: true }));
    } catch (error) {
      throw changePasswordError(error) ?? new UnexpectedCognitoError("Password change failed", error);
    }
    // A new password ends every session, this one included: whoever else held one is out.
    await signOutEverywhere(deps, user);
    logger.info("password changed", { requestId: c.get("requestId"), userId: user.sub });
    await deps.audit.recordSelf({ user_id: user.sub, email: user.attributes.email }, "self.password_changed", c.get("requestId"));
    return c.json({ success: true, message: "Password changed successfully. Sign in again with your new password." });
  });

  app.patch("/me", async (c) => {
    const claims = await deps.verifyAccessToken(bearerToken(c.req.header("authorization")));
    const body = await readBody(c, UpdateProfileRequest);
    const changes = profileChanges(body);
    const user = await signedInUser(deps, claims);
    try {
      await deps.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: config.userPoolId, Username: user.username, UserAttributes: changes }));
    } catch (error) {
      // Gone since the token was read: a 401. Anything else refused here (say, an attribute the pool lacks) is
      // the deployment's fault, since the fields were validated first: a 500 naming the operation.
      throw mapCognitoError(error, { UserNotFoundException: [401, "Invalid or expired token"] }) ?? new UnexpectedCognitoError("Updating the profile failed", error);
    }
    logger.info("profile updated", { requestId: c.get("requestId"), userId: user.sub, attributes: changes.map((a) => a.Name) });
    const updated = { ...user.attributes, ...Object.fromEntries(changes.map((a) => [a.Name ?? "", a.Value ?? ""])) };
    return c.json(meAnswer(deps, claims, updated, user.totpEnabled));
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

/** AdminSetUserPassword's errors (the current password was checked before). */
function changePasswordError(error: unknown): ApiError | undefined {
  const name = cognitoErrorName(error);
  if (name === "PasswordHistoryPolicyViolationException") return new ApiError(400, passwordProblemDetail(["Must not be one of your recent passwords"]));
  if (name === "LimitExceededException" || name === "TooManyFailedAttemptsException") return tooMany("Too many password change attempts. Please try again later.", COGNITO_LIMIT_RETRY_SECONDS);
  return mapCognitoError(error, {
    InvalidPasswordException: [400, ""], // worded by mapCognitoError from Cognito's reason (history, breach, length, classes)
    UserNotFoundException: [401, "Invalid or expired token"],
    UserNotConfirmedException: [403, "Authentication error: UserNotConfirmedException"],
    PasswordResetRequiredException: [403, "Authentication error: PasswordResetRequiredException"],
  });
}
