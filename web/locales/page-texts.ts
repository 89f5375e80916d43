/**
 * The texts of the self-service pages in one language. The languages are the emails'
 * (triggers/emails/locales): web/locales/index.ts pairs each email locale with its page
 * texts, and test/unit/web-locales.test.ts checks both lists and every text stay in step.
 *
 * Placeholders: {min} a length, {email} an address, {wait} a duration ("3 minutes"),
 * {support} the support address, {reference} a request id, {n} a number.
 */
import type { ProblemId } from "../problems";

type Texts<K extends string> = Record<K, string>;

export type PageKey =
  | "signup"
  | "verify"
  | "login"
  | "newPassword"
  | "forgotPassword"
  | "resetPassword"
  | "account"
  | "refused"
  | "twoStep"
  | "twoStepScan"
  | "twoStepCode"
  | "admin"
  | "adminInvite"
  | "adminUser"
  | "adminConfirm"
  | "adminAudit"
  | "adminRefused";

/** The audit trail's actions (api/audit-log.ts), with `_` for `.`. */
export type AuditActionKey =
  | "user_invited"
  | "user_invitation_resent"
  | "user_role_changed"
  | "user_disabled"
  | "user_enabled"
  | "user_signed_out"
  | "user_mfa_reset"
  | "user_deleted"
  | "self_password_changed"
  | "self_password_reset"
  | "self_mfa_enabled"
  | "self_mfa_disabled"
  | "self_account_deleted";

export interface PageTexts {
  /** The language's own name, for the switch. */
  languageName: string;
  skipToContent: string;
  languageSwitch: string;
  /** The error summary's heading. */
  errorSummaryTitle: string;
  /** Before the title of a page with problems, and (hidden) before each message beside a field. */
  errorPrefix: string;
  passwordChecking: string;
  passwordOk: string;
  passwordProblems: string;
  /** `{min}` is replaced by the minimum length. */
  passwordHint: string;
  showPassword: string;
  hidePassword: string;
  /** Announced when the password is shown or hidden. */
  passwordShown: string;
  passwordHidden: string;
  /** A submit button's text while its form is being sent. */
  busy: string;
  /** Before the sign-up form when the CAPTCHA needs JavaScript and it is off. */
  needsJavaScriptTitle: string;
  needsJavaScript: string;
  captchaLabel: string;
  /** The hint under "Send a new code" right after a code was sent; `{wait}` is how long until another. */
  codeCooldown: string;
  /** The same hint while it counts down (with JavaScript). */
  codeCooldownLive: string;
  /** After the "unexpected" problem when the API gave a request id. */
  quoteReference: string;
  /** A duration: one and several. */
  units: Texts<"minute" | "minutes" | "second" | "seconds">;
  pages: Record<PageKey, { title: string; intro: string; linkIntro?: string }>;
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
    | "language"
  >;
  hints: Texts<"code" | "email" | "country" | "language">;
  countries: Texts<"none" | "igad" | "all">;
  buttons: Texts<"createAccount" | "verifyEmail" | "resendCode" | "signIn" | "setPassword" | "sendResetCode" | "resetPassword" | "save" | "saveLanguage" | "changePassword" | "deleteAccount" | "signOut">;
  sections: Texts<"profile" | "language" | "password" | "delete" | "deleteWarning" | "signedInAs">;
  links: Texts<"haveAccount" | "noAccount" | "forgot" | "haveCode" | "backToLogin" | "needCode" | "signInInstead" | "resetInstead" | "openPage">;
  notices: Texts<NoticeKey>;
  /** Two-step verification: the account's section, set-up, and the sign-in's second step. */
  twoStep: Texts<
    | "section"
    | "isOff"
    | "isOn"
    | "setUp"
    | "offHint"
    | "codeLabel"
    | "codeHint"
    | "continue"
    | "turnOn"
    | "turnOff"
    | "verify"
    | "qrLabel"
    | "scan"
    | "keyIntro"
    | "keyLabel"
    | "enterCode"
    | "backToAccount"
    | "startAgain"
  >;
  /** The administration pages. `{email}` is the account's address. */
  admin: Texts<
    | "nav"
    | "users"
    | "invite"
    | "audit"
    | "search"
    | "searchHint"
    | "noUsers"
    | "nextPage"
    | "firstPage"
    | "olderEvents"
    | "newestEvents"
    | "email"
    | "name"
    | "role"
    | "status"
    | "twoStep"
    | "on"
    | "off"
    | "active"
    | "disabled"
    | "invitationPending"
    | "notVerified"
    | "created"
    | "inviteLanguage"
    | "inviteButton"
    | "saveRole"
    | "access"
    | "accessHint"
    | "disableAccount"
    | "enableAccount"
    | "signOutEverywhere"
    | "resetTwoStep"
    | "resendInvitation"
    | "deleteSection"
    | "deleteAccount"
    | "deleteHint"
    | "confirmDisable"
    | "confirmDisableButton"
    | "confirmSignOut"
    | "confirmSignOutButton"
    | "confirmResetTwoStep"
    | "confirmResetTwoStepButton"
    | "confirmDelete"
    | "confirmDeleteButton"
    | "cancel"
    | "backToList"
    | "setUpTwoStep"
    | "backToAccount"
    | "when"
    | "actor"
    | "action"
    | "target"
    | "detail"
    | "noEvents"
    | "roleChange"
  >;
  auditActions: Texts<AuditActionKey>;
  /** Role names; a role a stack adds without a translation is shown as it is named. */
  roles: Record<string, string>;
  problems: Texts<ProblemId>;
}

/** What a redirect may announce on the next page (`?notice=<key>`): only these keys, never free text. */
export type NoticeKey =
  | "registered"
  | "registeredConfirmed"
  | "verified"
  | "adminVerified"
  | "codeResent"
  | "notVerifiedCodeSent"
  | "notVerified"
  | "resetSent"
  | "resetRequired"
  | "passwordReset"
  | "signedOut"
  | "deleted"
  | "profileSaved"
  | "languageSaved"
  | "passwordChanged"
  | "sessionExpired"
  | "twoStepOn"
  | "twoStepOff"
  | "invited"
  | "invitationResent"
  | "roleSaved"
  | "accountDisabled"
  | "accountEnabled"
  | "signedOutEverywhere"
  | "twoStepReset"
  | "userDeleted";
