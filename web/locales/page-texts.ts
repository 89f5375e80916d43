/**
 * The texts of the self-service pages in one language. The languages are the emails'
 * (triggers/emails/locales): web/locales/index.ts pairs each email locale with its page
 * texts, and test/unit/web-locales.test.ts checks both lists and every text stay in step.
 */
type Texts<K extends string> = Record<K, string>;

export interface PageTexts {
  /** The language's own name, for the switch. */
  languageName: string;
  skipToContent: string;
  languageSwitch: string;
  errorHeading: string;
  passwordChecking: string;
  passwordOk: string;
  passwordProblems: string;
  /** `{min}` is replaced by the minimum length. */
  passwordHint: string;
  needsJavaScript: string;
  captchaLabel: string;
  cookiesNeeded: string;
  crossSiteRefused: string;
  pages: Record<"signup" | "verify" | "login" | "newPassword" | "forgotPassword" | "resetPassword" | "account", { title: string; intro: string; linkIntro?: string }>;
  labels: Texts<
    | "email"
    | "password"
    | "fullName"
    | "organisationOptional"
    | "countryOptional"
    | "organisation"
    | "country"
    | "verificationCode"
    | "resetCode"
    | "newPassword"
    | "currentPassword"
    | "name"
    | "role"
  >;
  buttons: Texts<"createAccount" | "verifyEmail" | "resendCode" | "signIn" | "setPassword" | "sendResetCode" | "resetPassword" | "save" | "changePassword" | "deleteAccount" | "signOut">;
  sections: Texts<"profile" | "password" | "delete" | "deleteWarning">;
  links: Texts<"haveAccount" | "noAccount" | "forgot" | "haveCode" | "backToLogin" | "needCode">;
  notices: Texts<NoticeKey>;
}

/** What a redirect may announce on the next page (`?notice=<key>`): only these keys, never free text. */
export type NoticeKey =
  | "registered"
  | "registeredConfirmed"
  | "verified"
  | "codeResent"
  | "resetSent"
  | "passwordReset"
  | "signedOut"
  | "deleted"
  | "profileSaved"
  | "passwordChanged"
  | "sessionExpired";
