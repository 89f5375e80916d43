/** POST /forgot-password and /reset-password: the code-by-email reset. Neither reveals whether an account exists. */
import { Hono } from "hono";
import { ConfirmForgotPasswordCommand, ForgotPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { refuseBreachedPassword } from "../breached-password";
import { cognitoErrorName, mapCognitoError, RESET_ERRORS } from "../cognito-errors";
import { emailField, type RouteDeps } from "../deps";
import { withResponseFloor } from "../response-floor";
import { readBody } from "../request-body";
import { EmailOnlyRequest, ResetPasswordRequest } from "../schemas";

const FORGOT_MESSAGE = "If an account exists for this email, a password reset code has been sent.";
/**
 * Answered as success: saying otherwise would tell a stranger whether the account exists.
 * A per-user limit (LimitExceededException) is one only an existing account can reach.
 */
const SILENT_ERRORS = new Set(["UserNotFoundException", "InvalidParameterException", "NotAuthorizedException", "LimitExceededException", "CodeDeliveryFailureException"]);

export function passwordResetRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;

  app.post("/forgot-password", async (c) => {
    const body = await readBody(c, EmailOnlyRequest);
    const email = emailField(body.email);
    // Held to the same floor for every account, so its timing does not tell whether one exists.
    await withResponseFloor(config.enumerationFloorMs, "forgot-password", async () => {
      await deps.limiter.hit(deps.limits.forgot, email);
      try {
        await deps.cognito.send(new ForgotPasswordCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email }));
      } catch (error) {
        if (!SILENT_ERRORS.has(cognitoErrorName(error))) {
          throw mapCognitoError(error, RESET_ERRORS) ?? new UnexpectedCognitoError("Password reset failed", error);
        }
      }
    });
    return c.json({ success: true, message: FORGOT_MESSAGE });
  });

  app.post("/reset-password", async (c) => {
    const body = await readBody(c, ResetPasswordRequest);
    const email = emailField(body.email);
    await deps.limiter.hit(deps.limits.reset, email);
    const verdict = checkAccountPassword(body.new_password, config.account, { email });
    if (!verdict.ok) throw new ApiError(400, passwordProblemDetail(verdict.reasons));
    await refuseBreachedPassword(body.new_password, config.account);
    try {
      await deps.cognito.send(
        new ConfirmForgotPasswordCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, ConfirmationCode: body.code, Password: body.new_password }),
      );
    } catch (error) {
      throw mapCognitoError(error, RESET_ERRORS) ?? new UnexpectedCognitoError("Password reset failed", error);
    }
    return c.json({ success: true, message: "Password reset successfully. You can now log in." });
  });

  return app;
}
