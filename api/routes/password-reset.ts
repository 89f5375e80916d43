/**
 * POST /forgot-password and /reset-password: the code-by-email reset. Neither reveals whether
 * an account exists. Whoever reads the address's mailbox always wins the account back this way,
 * whatever state a stranger left it in (account-recovery.ts), and a reset signs out every session.
 */
import { Hono } from "hono";
import { ConfirmForgotPasswordCommand, ForgotPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { isAnswerLost } from "../answer-lost";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { refuseBreachedPassword } from "../breached-password";
import { cognitoErrorName, mapCognitoError, RESET_ERRORS } from "../cognito-errors";
import { userContextData } from "../context-data";
import { emailField, type RouteDeps } from "../deps";
import { logger } from "../logger";
import { checkPassword, findPoolUser, signOutEverywhere } from "../pool-user";
import { grantBootstrapAdmin, markEmailVerified, resetNeverConfirmedAccount, sendRecoveryCode } from "../account-recovery";
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
    const ip = deps.clientIp(c);
    // Held to the same floor for every account, so its timing does not tell whether one exists.
    await withResponseFloor(config.enumerationFloorMs, "forgot-password", async () => {
      // Per address and source: requests by others, from anywhere, never use up the owner's own.
      await deps.limiter.hit(deps.limits.forgot, `${ip} ${email}`);
      await deps.limiter.hit(deps.limits.emailsFromIp, ip);
      try {
        await deps.cognito.send(new ForgotPasswordCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, UserContextData: userContextData(ip) }));
        await deps.codes.codeSent("reset", email, ip);
      } catch (error) {
        if (isAnswerLost(error)) await deps.codes.codeSent("reset", email, ip); // the code may be on its way
        // No verified email: a never-confirmed or never-verified account. Its mailbox's owner still gets a code.
        else if (cognitoErrorName(error) === "InvalidParameterException") await sendRecoveryCode(deps, ip, email);
        else if (!SILENT_ERRORS.has(cognitoErrorName(error))) {
          throw mapCognitoError(error, RESET_ERRORS) ?? new UnexpectedCognitoError("Password reset failed", error);
        }
      }
    });
    return c.json({ success: true, message: FORGOT_MESSAGE });
  });

  app.post("/reset-password", async (c) => {
    const body = await readBody(c, ResetPasswordRequest);
    const email = emailField(body.email);
    const ip = deps.clientIp(c);
    await deps.codes.countAttempt("reset", email, ip, deps.limits.reset);
    const verdict = checkAccountPassword(body.new_password, config.account, { email });
    if (!verdict.ok) throw new ApiError(400, passwordProblemDetail(verdict.reasons));
    await refuseBreachedPassword(body.new_password, config.account);
    const confirm = () =>
      deps.cognito.send(
        new ConfirmForgotPasswordCommand({
          ClientId: config.clientId,
          SecretHash: deps.secretHash(email),
          Username: email,
          ConfirmationCode: body.code,
          Password: body.new_password,
          UserContextData: userContextData(ip),
        }),
      );
    try {
      await confirm();
    } catch (error) {
      if (isAnswerLost(error)) await deps.codes.answerLost("reset", email, body.code);
      const settled = await settleFailedReset(error);
      if (!settled) throw mapCognitoError(error, RESET_ERRORS) ?? new UnexpectedCognitoError("Password reset failed", error);
    }
    const user = await findPoolUser(deps, email);
    if (user) {
      // The code reached this mailbox, so whoever used it reads it: the address is proven.
      if (user.attributes.email_verified !== "true") await markEmailVerified(deps, user);
      // The password now comes from the mailbox: a first administrator's address becomes one here (policies/roles.ts).
      await grantBootstrapAdmin(deps, user);
      // A reset ends every session: whoever held one (a stranger who had the password) is out.
      await signOutEverywhere(deps, user);
      await deps.audit.recordSelf({ user_id: user.sub, email: user.attributes.email }, "self.password_reset", c.get("requestId"));
    }
    logger.info("password reset", { requestId: c.get("requestId"), userId: user?.sub ?? "" });
    return c.json({ success: true, message: "Password reset successfully. You can now log in." });

    /**
     * Whether a reset Cognito refused is done all the same: the account was never confirmed and
     * the code is its sign-up code (account-recovery.ts), or an attempt with this very code had
     * its answer lost and the new password now works (that attempt went through).
     */
    async function settleFailedReset(error: unknown): Promise<boolean> {
      // A throttle, a WAF block, a timeout says nothing about the code: answered as it is (503).
      if (!isAnswerLost(error) && !(cognitoErrorName(error) in RESET_ERRORS)) return false;
      const user = await findPoolUser(deps, email);
      if (user?.status === "UNCONFIRMED") return resetNeverConfirmedAccount(deps, ip, user, body.code, body.new_password);
      if (!(await deps.codes.wasAnswerLost("reset", email, body.code))) return false;
      return user !== undefined && (await checkPassword(deps, c, user.username, email, body.new_password)) === "right";
    }
  });

  return app;
}
