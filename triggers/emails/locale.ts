/**
 * The texts of one language. Adding a language is adding one file in locales/ that
 * exports a `Locale`, and listing it in locales/index.ts; test/unit/custom-message.test.ts
 * checks every language defines every text for every source.
 */
import type { MessageSource } from "./message-sources";

export interface MessageTexts {
  /** The subject line; `{product}` is replaced by the product name. */
  subject: string;
  /** The heading inside the email. */
  heading: string;
  /** What happened and what to do, before the code. */
  intro: string;
  /** The label above the code. */
  codeLabel: string;
  /** How long the code is valid, or what to do if the person did not ask for it. */
  note: string;
  /** A second paragraph after the intro (the registration-attempt notices only). */
  detail?: string;
}

/**
 * The notice an account's owner gets when someone tries to register with their address
 * (concealExistingAccounts; registration-notice.ts). It replaces the password reset email
 * (a confirmed account) or the resent verification code (an unconfirmed one), whose code
 * it still carries. `{product}` is replaced by the product name in every text.
 */
export interface RegistrationAttemptTexts {
  CustomMessage_ForgotPassword: Required<MessageTexts>;
  CustomMessage_ResendCode: Required<MessageTexts>;
  /** With the pages deployed: the sentence before the buttons of the reset case. */
  pagesIntro: string;
  /** The button to the sign-in page. */
  signInLabel: string;
  /** The button to the password reset page. */
  resetLabel: string;
}

export interface Locale {
  /** BCP 47 language tag for the `lang` attribute. */
  lang: string;
  /** `{name}` is replaced by the person's (escaped) name. */
  greetingNamed: string;
  greeting: string;
  /** For AdminCreateUser: the label before the username placeholder. */
  usernameLabel: string;
  /** Verification emails with a link (PAGES_BASE_URL set): the sentence before the button. */
  verifyLinkIntro: string;
  /** The button's text: what the link does. */
  verifyLinkLabel: string;
  /** `{support}` is replaced by the support address, `{product}` by the product name. */
  footer: string;
  /** Text message: `{product}`, `{code}` replaced. */
  sms: string;
  /** Text message for AdminCreateUser: `{product}`, `{username}`, `{code}` replaced. */
  smsWithUsername: string;
  messages: Record<MessageSource, MessageTexts>;
  registrationAttempt: RegistrationAttemptTexts;
}
