/** POST /register, /verify-email, /resend-verification: sign-up with email verification. */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { ConfirmSignUpCommand, ForgotPasswordCommand, ResendConfirmationCodeCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { isInternalEmail } from "../../policies/email-domain";
import { validateProfile } from "../../policies/profile";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { refuseBreachedPassword } from "../breached-password";
import { cognitoErrorName, mapCognitoError, REGISTER_ERRORS, RESEND_ERRORS, triggerMessage, VERIFY_ERRORS } from "../cognito-errors";
import { emailField, type RouteDeps } from "../deps";
import { logger } from "../logger";
import { withResponseFloor } from "../response-floor";
import { readBody } from "../request-body";
import { EmailOnlyRequest, RegisterRequest, VerifyEmailRequest } from "../schemas";

export function registrationRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;

  app.post("/register", async (c) => {
    await deps.limiter.hit(deps.limits.register, deps.clientIp(c));
    const body = await readBody(c, RegisterRequest);
    // Before anything costly (the password check, Cognito): a bot without a solved challenge stops here.
    if (config.account.captchaOnRegister) await deps.captcha.verifyOnce(body.altcha);
    const email = emailField(body.email);
    const profile = validateProfile({ name: body.name, organization: body.organization, country: body.country });
    if (!profile.ok) throw new ApiError(400, profile.message);
    const { name, organization, country } = profile.profile;
    const verdict = checkAccountPassword(body.password, config.account, { email, name, organization });
    if (!verdict.ok) throw new ApiError(400, passwordProblemDetail(verdict.reasons));
    await refuseBreachedPassword(body.password, config.account);

    const attributes = [
      { Name: "email", Value: email },
      { Name: "name", Value: name },
      ...(organization ? [{ Name: "custom:organization", Value: organization }] : []),
      ...(country ? [{ Name: "custom:country", Value: country }] : []),
    ];
    const signUp = async () => {
      try {
        return await deps.cognito.send(
          new SignUpCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, Password: body.password, UserAttributes: attributes }),
        );
      } catch (error) {
        if (config.account.concealExistingAccounts && cognitoErrorName(error) === "UsernameExistsException") {
          await noticeToExistingOwner(deps, email);
          // The answer a new account with this address would get; the id is random, never the owner's.
          return { UserSub: randomUUID(), UserConfirmed: isInternalEmail(email, config.account) };
        }
        const fromTrigger = triggerMessage(error);
        if (fromTrigger) throw new ApiError(400, fromTrigger);
        throw mapCognitoError(error, REGISTER_ERRORS) ?? new UnexpectedCognitoError("Registration failed", error);
      }
    };
    // Concealing existing accounts also means an existing one must not answer faster or slower.
    const result = config.account.concealExistingAccounts ? await withResponseFloor(config.enumerationFloorMs, "register", signUp) : await signUp();
    const confirmed = result.UserConfirmed === true;
    // The audit trail the reference asks for: the account's id and how it was confirmed, never the email.
    logger.info("account registered", { requestId: c.get("requestId"), userId: result.UserSub, autoConfirmed: confirmed });
    const verified = confirmed && config.account.autoVerifyInternalEmails && isInternalEmail(email, config.account);
    return c.json(
      {
        user_id: result.UserSub ?? "",
        email,
        email_verified: verified,
        name,
        message: confirmed ? "Registration successful. You can now log in." : "Registration successful. Please check your email for verification code.",
        verification_required: !confirmed,
      },
      201,
    );
  });

  app.post("/verify-email", async (c) => {
    const body = await readBody(c, VerifyEmailRequest);
    const email = emailField(body.email);
    await deps.limiter.hit(deps.limits.verify, email);
    try {
      await deps.cognito.send(new ConfirmSignUpCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, ConfirmationCode: body.code }));
    } catch (error) {
      throw mapCognitoError(error, VERIFY_ERRORS) ?? new UnexpectedCognitoError("Verification failed", error);
    }
    return c.json({ success: true, message: "Email verified successfully. You can now log in.", email_verified: true });
  });

  app.post("/resend-verification", async (c) => {
    const body = await readBody(c, EmailOnlyRequest);
    const email = emailField(body.email);
    await withResponseFloor(config.enumerationFloorMs, "resend-verification", async () => {
      await deps.limiter.hit(deps.limits.resend, email);
      try {
        await deps.cognito.send(new ResendConfirmationCodeCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email }));
      } catch (error) {
        // A confirmed account (InvalidParameterException), an unknown one and a per-user limit
        // only an existing account can reach all get the answer an unconfirmed one gets.
        if (!SILENT_RESEND_ERRORS.has(cognitoErrorName(error))) {
          throw mapCognitoError(error, RESEND_ERRORS) ?? new UnexpectedCognitoError("Resending the code failed", error);
        }
      }
    });
    // Built from the address itself, not Cognito's answer, so it is the same for every account state.
    return c.json({ success: true, message: "Verification code resent. Check your email.", delivery: { DeliveryMedium: "EMAIL", Destination: maskedEmail(email) } });
  });

  return app;
}

const SILENT_RESEND_ERRORS = new Set(["InvalidParameterException", "UserNotFoundException", "NotAuthorizedException", "LimitExceededException", "CodeDeliveryFailureException"]);

/** Cognito's masked destination, as the reference shows it: "n***@igad.int". */
export function maskedEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return `${email[0]}***${email.slice(at)}`;
}

/** ClientMetadata the custom message trigger can read to word the notice (only from the API's own client, which has a secret). */
export const REGISTRATION_ATTEMPT_METADATA = { notice: "registration-attempt" };

/**
 * concealExistingAccounts: tell the owner of an existing account that someone tried to
 * register with their address, through Cognito's own email path (no other mail service,
 * no new permission): a confirmed account gets a password reset code, an unconfirmed one
 * a new verification code, both sent with REGISTRATION_ATTEMPT_METADATA. Notices share
 * the forgot-password counter of the address, so nobody can flood an owner's inbox
 * through register. Failures are logged by name only and never change the answer.
 */
async function noticeToExistingOwner(deps: RouteDeps, email: string): Promise<void> {
  const { config } = deps;
  try {
    await deps.limiter.hit(deps.limits.forgot, email);
  } catch {
    return; // over the limit (or the table is down): the owner has had enough notices
  }
  const common = { ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, ClientMetadata: REGISTRATION_ATTEMPT_METADATA };
  try {
    await deps.cognito.send(new ForgotPasswordCommand(common));
  } catch (error) {
    // ForgotPassword refuses an unconfirmed account (no verified email): send its code again instead.
    try {
      if (cognitoErrorName(error) === "InvalidParameterException" || cognitoErrorName(error) === "NotAuthorizedException") await deps.cognito.send(new ResendConfirmationCodeCommand(common));
      else throw error;
    } catch (noticeError) {
      logger.warn("registration-attempt notice not sent", { cognitoError: cognitoErrorName(noticeError) });
    }
  }
}
