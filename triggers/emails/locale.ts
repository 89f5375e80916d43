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
}
