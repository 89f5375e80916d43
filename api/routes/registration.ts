/** POST /register, /verify-email, /resend-verification: sign-up with email verification. */
import { Hono } from "hono";
import { ConfirmSignUpCommand, ResendConfirmationCodeCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { isInternalEmail, isValidEmail } from "../../policies/email-domain";
import { validateProfile } from "../../policies/profile";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { mapCognitoError, REGISTER_ERRORS, RESEND_ERRORS, triggerMessage, VERIFY_ERRORS } from "../cognito-errors";
import { normaliseEmail, type RouteDeps } from "../deps";
import { logger } from "../logger";
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
    const email = normaliseEmail(body.email);
    if (!isValidEmail(email)) throw new ApiError(400, "Invalid email format");
    const profile = validateProfile({ name: body.name, organization: body.organization, country: body.country });
    if (!profile.ok) throw new ApiError(400, profile.message);
    const { name, organization, country } = profile.profile;
    const verdict = checkAccountPassword(body.password, config.account, { email, name, organization });
    if (!verdict.ok) throw new ApiError(400, passwordProblemDetail(verdict.reasons));

    const attributes = [
      { Name: "email", Value: email },
      { Name: "name", Value: name },
      ...(organization ? [{ Name: "custom:organization", Value: organization }] : []),
      ...(country ? [{ Name: "custom:country", Value: country }] : []),
    ];
    let result;
    try {
      result = await deps.cognito.send(
        new SignUpCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, Password: body.password, UserAttributes: attributes }),
      );
    } catch (error) {
      const fromTrigger = triggerMessage(error);
      if (fromTrigger) throw new ApiError(400, fromTrigger);
      throw mapCognitoError(error, REGISTER_ERRORS) ?? new UnexpectedCognitoError("Registration failed", error);
    }
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
    const email = normaliseEmail(body.email);
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
    const email = normaliseEmail(body.email);
    await deps.limiter.hit(deps.limits.resend, email);
    let result;
    try {
      result = await deps.cognito.send(new ResendConfirmationCodeCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email }));
    } catch (error) {
      throw mapCognitoError(error, RESEND_ERRORS) ?? new UnexpectedCognitoError("Resending the code failed", error);
    }
    return c.json({
      success: true,
      message: "Verification code resent. Check your email.",
      delivery: { DeliveryMedium: result.CodeDeliveryDetails?.DeliveryMedium ?? "EMAIL", Destination: result.CodeDeliveryDetails?.Destination ?? "" },
    });
  });

  return app;
}
