/**
 * The registration-attempt notice (concealExistingAccounts): when someone registers with an
 * address that already has an account, the API answers as for a new account and tells the
 * owner through Cognito's own email path, ForgotPassword (confirmed account) or
 * ResendConfirmationCode (unconfirmed), with ClientMetadata {"notice": "registration-attempt"}
 * (api/routes/registration.ts). This trigger then words that email as a notice, in place of
 * the plain reset or verification email, still carrying the code Cognito requires.
 *
 * clientMetadata is whatever the calling client sent, so it is read as hostile: only an own
 * data property `notice` equal to exactly "registration-attempt" selects the notice; any
 * other value, type or shape gives the normal email. It is never iterated, copied or logged,
 * so a huge map costs one property look-up.
 */
import type { Locale } from "./locale";
import type { MessageSource } from "./message-sources";
import type { EmailLinks } from "./render-message";
import { pageLink, verificationLinks } from "./verification-link";

/** The value the API puts in ClientMetadata.notice (REGISTRATION_ATTEMPT_METADATA in api/routes/registration.ts). */
export const REGISTRATION_ATTEMPT_NOTICE = "registration-attempt";

/** The two sources the API sends the notice through. */
export type NoticeSource = "CustomMessage_ForgotPassword" | "CustomMessage_ResendCode";

export function isRegistrationAttemptNotice(source: MessageSource, clientMetadata: unknown): source is NoticeSource {
  if (source !== "CustomMessage_ForgotPassword" && source !== "CustomMessage_ResendCode") return false;
  if (typeof clientMetadata !== "object" || clientMetadata === null || Array.isArray(clientMetadata)) return false;
  // A descriptor, not a property read: nothing inherited counts, and no getter runs.
  return Object.getOwnPropertyDescriptor(clientMetadata, "notice")?.value === REGISTRATION_ATTEMPT_NOTICE;
}

/**
 * With the pages deployed: the reset case links to sign-in and to the reset page (email
 * filled in, never the reset code: it would open the account to anyone who sees the URL);
 * the unconfirmed case links to /verify with the code, as every resent verification code does.
 */
export function registrationNoticeLinks(source: NoticeSource, locale: Locale, pagesBaseUrl: string, email: string | undefined, codeParameter: string): EmailLinks | undefined {
  if (source === "CustomMessage_ResendCode") return verificationLinks(source, locale, pagesBaseUrl, email, codeParameter);
  const signIn = pageLink(pagesBaseUrl, "/login", email);
  const reset = pageLink(pagesBaseUrl, "/reset-password", email);
  if (!signIn || !reset) return undefined;
  const texts = locale.registrationAttempt;
  return {
    intro: texts.pagesIntro,
    buttons: [
      { label: texts.signInLabel, href: signIn },
      { label: texts.resetLabel, href: reset },
    ],
  };
}
