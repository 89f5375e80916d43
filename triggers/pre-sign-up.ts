/**
 * Pre sign-up trigger: decides whether a sign-up may proceed and whether it is
 * confirmed without a code.
 *
 * - PreSignUp_SignUp: refuse any `custom:role`; validate email and profile; check
 *   `validationData.password` when sent (required for the app clients the settings
 *   name), also against the breached-password lookup when the settings turn it on;
 *   auto-confirm internal-domain emails (verified only if the settings say so).
 * - PreSignUp_AdminCreateUser: validate the profile only (an administrator may set a role).
 * - PreSignUp_ExternalProvider: through unchanged.
 *
 * No trigger ever sees the real sign-up password: `validationData.password` is whatever
 * the client chose to send, so this check is a usability guard, not a security boundary
 * (the API checks every password itself; see ../shared/design.md).
 */
import type { PreSignUpTriggerEvent, PreSignUpTriggerHandler } from "aws-lambda";
import { checkAccountPassword, passwordProblemDetail } from "../policies/password";
import { canonicalEmail, isInternalEmail } from "../policies/email-domain";
import { validateProfile } from "../policies/profile";
import { MAX_PASSWORD_LENGTH, type AccountSettings } from "../policies/settings";
import { breachedPasswordProblem } from "./shared/breached-password-lookup";
import { UserFacingError, withErrorBoundary } from "./shared/errors";
import { countFunnel, FunnelMetric, logger, publishMetrics } from "./shared/observability";
import { TRIGGER_SERVICE } from "./shared/metric-names";
import { readBaseEvent, readStringMap } from "./shared/event-shape";
import { triggerSettings } from "./shared/settings";
import { warmPasswordCheck } from "./shared/warm-up";

warmPasswordCheck();

export const handler: PreSignUpTriggerHandler = async (event) =>
  withErrorBoundary("PreSignUp", async () => {
    try {
      const settings = triggerSettings();
      return preSignUp(event, settings, await breachedProblem(event, settings));
    } finally {
      publishMetrics();
    }
  });

/**
 * The optional breached-password lookup (off by default) for a self sign-up that sends
 * validationData.password; asked before the synchronous checks, which decide what to do with it.
 */
async function breachedProblem(event: PreSignUpTriggerEvent, settings: AccountSettings): Promise<string | undefined> {
  const password: unknown = event?.triggerSource === "PreSignUp_SignUp" ? event.request?.validationData?.password : undefined;
  if (typeof password !== "string" || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return undefined;
  return breachedPasswordProblem(password, settings, { logger, service: TRIGGER_SERVICE });
}

/** `breached`: the breached-password lookup's refusal text, when it found validationData.password. */
export function preSignUp(event: PreSignUpTriggerEvent, settings: AccountSettings, breached?: string): PreSignUpTriggerEvent {
  const base = readBaseEvent(event);
  if (base.triggerSource === "PreSignUp_ExternalProvider") return event;
  if (base.triggerSource !== "PreSignUp_SignUp" && base.triggerSource !== "PreSignUp_AdminCreateUser") {
    logger.warn("unexpected trigger source", { triggerSource: base.triggerSource });
    return event;
  }
  const attributes = readStringMap(event.request.userAttributes, "userAttributes");
  const isSelfSignUp = base.triggerSource === "PreSignUp_SignUp";
  if (isSelfSignUp) countFunnel(FunnelMetric.SignUpAttempted);

  try {
    if (isSelfSignUp) checkSelfSignUp(attributes, readStringMap(event.request.validationData, "validationData"), base.clientId, settings, breached);
    else checkAdminCreateUser(attributes);
  } catch (error) {
    if (error instanceof UserFacingError) {
      countFunnel(FunnelMetric.SignUpRejected, error.reason);
      logger.info("sign-up refused", { triggerSource: base.triggerSource, clientId: base.clientId, reason: error.reason });
    }
    throw error;
  }

  const autoConfirm = isSelfSignUp && isInternalEmail(attributes.email!, settings);
  event.response = {
    ...event.response,
    autoConfirmUser: autoConfirm,
    autoVerifyEmail: autoConfirm && settings.autoVerifyInternalEmails,
    autoVerifyPhone: false,
  };
  if (autoConfirm) countFunnel(FunnelMetric.AutoConfirmed);
  logger.info("sign-up accepted", { triggerSource: base.triggerSource, clientId: base.clientId, autoConfirmed: autoConfirm });
  return event;
}

function checkSelfSignUp(
  attributes: Readonly<Record<string, string>>,
  validationData: Readonly<Record<string, string>>,
  clientId: string,
  settings: AccountSettings,
  breached?: string,
): void {
  if ("custom:role" in attributes) {
    throw new UserFacingError("custom:role cannot be set at sign-up", "role_escalation");
  }
  const email = attributes.email;
  if (!email || !isCanonicalEmail(email)) throw new UserFacingError("Invalid email format", "invalid_email");
  const profile = checkProfile(attributes, true);

  const password = validationData.password;
  if (password === undefined) {
    if (settings.passwordRequiredClientIds.includes(clientId)) {
      throw new UserFacingError("validationData.password is required for this app client", "password_missing");
    }
    return;
  }
  const verdict = checkAccountPassword(password, settings, { email, name: profile.name, organization: profile.organization });
  if (!verdict.ok) throw new UserFacingError(passwordProblemDetail(verdict.reasons), "weak_password");
  if (breached) throw new UserFacingError(breached, "weak_password");
}

function checkAdminCreateUser(attributes: Readonly<Record<string, string>>): void {
  if (attributes.email !== undefined && !isCanonicalEmail(attributes.email)) {
    throw new UserFacingError("Invalid email format", "invalid_email");
  }
  checkProfile(attributes, false);
}

/**
 * Whether an `email` attribute is already in canonical form (policies/email-domain.ts),
 * up to case. A trigger cannot rewrite attributes, so a sign-up that reaches Cognito
 * without the API (Hosted UI, public clients) with `x@ｉｇａｄ.int` or an invisible
 * character is refused, not stored beside `x@igad.int`. Case alone is let through:
 * the pool compares usernames without regard to case (CaseSensitive false), so
 * `X@Igad.int` cannot become a second account. Only ASCII case: toLowerCase() also folds
 * the Kelvin sign (U+212A) to "k", which would let `\u212Aim@x.org` be stored as typed.
 */
function isCanonicalEmail(email: string): boolean {
  return canonicalEmail(email) === email.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

function checkProfile(attributes: Readonly<Record<string, string>>, nameRequired: boolean) {
  const result = validateProfile(
    { name: attributes.name, organization: attributes["custom:organization"], country: attributes["custom:country"] },
    { nameRequired },
  );
  if (!result.ok) throw new UserFacingError(result.message, "invalid_profile");
  return result.profile;
}
