/** POST /register, /verify-email, /resend-verification: sign-up with email verification. */
import { createHmac } from "node:crypto";
import { Hono, type Context } from "hono";
import { ConfirmSignUpCommand, ForgotPasswordCommand, ResendConfirmationCodeCommand, SignUpCommand, type SignUpCommandOutput } from "@aws-sdk/client-cognito-identity-provider";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { isInternalEmail } from "../../policies/email-domain";
import { validateProfile } from "../../policies/profile";
import { isAnswerLost } from "../answer-lost";
import { ApiError, UnexpectedCognitoError } from "../api-error";
import { refuseBreachedPassword } from "../breached-password";
import { cognitoErrorName, mapCognitoError, REGISTER_ERRORS, RESEND_ERRORS, triggerMessage, VERIFY_ERRORS } from "../cognito-errors";
import { userContextData } from "../context-data";
import { emailField, type RouteDeps } from "../deps";
import { logger } from "../logger";
import { isContested, markContested, requirePasswordFromMailbox } from "../account-recovery";
import { recordKey } from "../records-table";
import { checkPassword, findPoolUser } from "../pool-user";
import { withResponseFloor } from "../response-floor";
import { readBody } from "../request-body";
import { EmailOnlyRequest, RegisterRequest, VerifyEmailRequest } from "../schemas";

export function registrationRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { config } = deps;

  app.post("/register", async (c) => {
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
    // Only a request that will reach the pool counts against the sign-ups allowed from an address:
    // an office's typos (a weak password, a misspelt country) never use them up.
    const ip = deps.clientIp(c);
    await deps.limiter.hit(deps.limits.register, ip);

    const attributes = [
      { Name: "email", Value: email },
      { Name: "name", Value: name },
      ...(organization ? [{ Name: "custom:organization", Value: organization }] : []),
      ...(country ? [{ Name: "custom:country", Value: country }] : []),
      // The language the person signed up in: their emails (and the invitation, the reset) follow it.
      ...(body.locale ? [{ Name: "locale", Value: body.locale }] : []),
    ];
    const signUpOnce = () =>
      deps.cognito.send(
        new SignUpCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, Password: body.password, UserAttributes: attributes, UserContextData: userContextData(ip) }),
      );
    const signUp = async (): Promise<Pick<SignUpCommandOutput, "UserSub" | "UserConfirmed">> => {
      try {
        // A lost answer: ask once more, on purpose. If the first went through, this one meets its account.
        const created = await signUpOnce().catch((error: unknown) => (isAnswerLost(error) ? signUpOnce() : Promise.reject(error)));
        if (!created.UserConfirmed) await deps.codes.codeSent("verify", email, ip);
        return created;
      } catch (error) {
        if (cognitoErrorName(error) === "UsernameExistsException") {
          const own = await ownPendingRegistration(deps, c, email, body.password);
          if (own) return own;
          if (config.account.concealExistingAccounts) {
            await noticeToExistingOwner(deps, ip, email);
            // The answer a new account with this address would get: never the owner's id, and the same id each
            // time (a new account's retry answers with its one id too, so a changing id would tell them apart).
            return { UserSub: concealedUserId(config.clientSecret, email), UserConfirmed: isInternalEmail(email, config.account) };
          }
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
    const ip = deps.clientIp(c);
    await deps.codes.countAttempt("verify", email, ip, deps.limits.verify);
    // Verifying proves the mailbox, not who chose the password. It ends with a password chosen from the mailbox
    // for a first administrator's address, a contested one, and a code entered from another address than the
    // one that asked for it (a stranger's registration followed by its owner; docs/one-door.md).
    const passwordFromMailbox =
      config.account.bootstrapAdminEmails.includes(email) || (await isContested(deps, email)) || (await deps.codes.askedFrom("verify", email, ip)) === false;
    const lockKey = recordKey("lock-pending", `${email}\u0000${body.code}`);
    const confirm = () =>
      deps.cognito.send(new ConfirmSignUpCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, ConfirmationCode: body.code, UserContextData: userContextData(ip) }));
    try {
      await confirm().catch(async (error: unknown) => {
        if (!isAnswerLost(error)) throw error;
        await deps.codes.answerLost("verify", email, body.code);
        return confirm();
      });
    } catch (error) {
      // "Already confirmed", after an attempt with this very code whose answer was lost, or that confirmed the
      // account and then failed before its lock was done: that attempt's success (and its lock is finished below).
      const alreadyConfirmed = cognitoErrorName(error) === "NotAuthorizedException" && /CONFIRMED/.test((error as Error).message ?? "");
      const byEarlierAttempt =
        alreadyConfirmed && ((await deps.codes.wasAnswerLost("verify", email, body.code)) || (passwordFromMailbox && (await deps.records.get(lockKey)) === "confirmed"));
      if (!byEarlierAttempt) throw mapCognitoError(error, VERIFY_ERRORS) ?? new UnexpectedCognitoError("Verification failed", error);
    }
    if (passwordFromMailbox) {
      // Confirmed with this code, not yet locked: remembered so that a retry with the same code finishes the lock.
      // Written only after this very code confirmed the account, so nobody else's attempt can lock it.
      await deps.records.put(lockKey, "confirmed", 24 * 3600);
      await requirePasswordFromMailbox(deps, ip, email);
      await deps.records.put(lockKey, "done", 24 * 3600);
      const bootstrap = config.account.bootstrapAdminEmails.includes(email);
      return c.json({ success: true, message: bootstrap ? BOOTSTRAP_ADMIN_VERIFIED : CONTESTED_VERIFIED, email_verified: true });
    }
    return c.json({ success: true, message: "Email verified successfully. You can now log in.", email_verified: true });
  });

  app.post("/resend-verification", async (c) => {
    const body = await readBody(c, EmailOnlyRequest);
    const email = emailField(body.email);
    const ip = deps.clientIp(c);
    await withResponseFloor(config.enumerationFloorMs, "resend-verification", async () => {
      // Per address and source: a stranger elsewhere cannot use up the owner's requests.
      await deps.limiter.hit(deps.limits.resend, `${ip} ${email}`);
      await deps.limiter.hit(deps.limits.emailsFromIp, ip);
      try {
        await deps.cognito.send(new ResendConfirmationCodeCommand({ ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, UserContextData: userContextData(ip) }));
        await deps.codes.codeSent("verify", email, ip);
      } catch (error) {
        // A confirmed account (InvalidParameterException), an unknown one and a per-user limit
        // only an existing account can reach all get the answer an unconfirmed one gets; so does
        // a lost answer (the code may well be on its way, and another request sends a new one).
        if (isAnswerLost(error)) await deps.codes.codeSent("verify", email, ip);
        else if (!SILENT_RESEND_ERRORS.has(cognitoErrorName(error))) {
          throw mapCognitoError(error, RESEND_ERRORS) ?? new UnexpectedCognitoError("Resending the code failed", error);
        }
      }
    });
    // Built from the address itself, not Cognito's answer, so it is the same for every account state.
    return c.json({ success: true, message: "Verification code resent. Check your email.", delivery: { DeliveryMedium: "EMAIL", Destination: maskedEmail(email) } });
  });

  return app;
}

/** What a first administrator reads after verifying: their password comes from the mailbox (account-recovery.ts). */
export const BOOTSTRAP_ADMIN_VERIFIED = "Email verified. This is an administrator's account: choose its password with the reset code we have just emailed you, then log in.";
/** What the verifier of a contested registration reads: the password may not be theirs, so it comes from the mailbox. */
export const CONTESTED_VERIFIED = "Email verified. To keep the account safe, choose your password with the reset code we have just emailed you, then log in.";

const SILENT_RESEND_ERRORS = new Set(["InvalidParameterException", "UserNotFoundException", "NotAuthorizedException", "LimitExceededException", "CodeDeliveryFailureException"]);

/**
 * A registration whose address already has an account answers as the first registration did
 * when it is that registration again: a person retrying after a 503 (or after an answer lost on
 * the way), with the same password. That is knowable only for an account nobody can use yet,
 * one never confirmed (or an internal address auto-confirmed but never verified), and only with
 * its password, which the check counts as a sign-in attempt. A confirmed account is never asked:
 * a stranger's guesses must not feed Cognito's sign-in lockout of its owner.
 *
 * Decided (docs/one-door.md): a different password does not replace a pending registration,
 * whoever made it. The address's owner takes it back through forgot-password, which works for
 * a never-confirmed account too (password-reset.ts).
 */
async function ownPendingRegistration(deps: RouteDeps, c: Context, email: string, password: string): Promise<Pick<SignUpCommandOutput, "UserSub" | "UserConfirmed"> | undefined> {
  const user = await findPoolUser(deps, email);
  if (!user) return undefined;
  const pending = user.status === "UNCONFIRMED";
  const unverifiedInternal = user.status === "CONFIRMED" && user.attributes.email_verified !== "true" && isInternalEmail(email, deps.config.account);
  if (!pending && !unverifiedInternal) return undefined;
  const check = await checkPassword(deps, c, user.username, email, password);
  if (pending && check === "unconfirmed") return { UserSub: user.sub, UserConfirmed: false };
  if (unverifiedInternal && check === "right") return { UserSub: user.sub, UserConfirmed: true };
  // Someone else holds this pending registration: whoever verifies it will choose the password from the mailbox.
  if (pending) await markContested(deps, email);
  return undefined;
}

/** A UUID-shaped id derived from the address with a key only the API holds: stable, and unlike any real sub's source. */
export function concealedUserId(secret: string, email: string): string {
  const hex = createHmac("sha256", secret).update(`concealed-user-id\u0000${email}`).digest("hex");
  // Version 4 and the RFC 4122 variant, as Cognito's own subs have.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

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
 * the forgot-password counters of the address and source, so nobody can flood an owner's inbox
 * through register. Failures are logged by name only and never change the answer.
 */
async function noticeToExistingOwner(deps: RouteDeps, ip: string, email: string): Promise<void> {
  const { config } = deps;
  try {
    await deps.limiter.hit(deps.limits.forgot, `${ip} ${email}`);
    await deps.limiter.hit(deps.limits.emailsFromIp, ip);
  } catch {
    return; // over the limit (or the table is down): the owner has had enough notices
  }
  const common = { ClientId: config.clientId, SecretHash: deps.secretHash(email), Username: email, ClientMetadata: REGISTRATION_ATTEMPT_METADATA, UserContextData: userContextData(ip) };
  try {
    await deps.cognito.send(new ForgotPasswordCommand(common));
    await deps.codes.codeSent("reset", email, ip);
  } catch (error) {
    // ForgotPassword refuses an unconfirmed account (no verified email): send its code again instead.
    try {
      if (cognitoErrorName(error) === "InvalidParameterException" || cognitoErrorName(error) === "NotAuthorizedException") {
        await deps.cognito.send(new ResendConfirmationCodeCommand(common));
        await deps.codes.codeSent("verify", email, ip);
      } else throw error;
    } catch (noticeError) {
      logger.warn("registration-attempt notice not sent", { cognitoError: cognitoErrorName(noticeError) });
    }
  }
}
