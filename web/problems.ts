/**
 * What went wrong with a form, as the pages show it: a problem has an id (its sentence in each
 * language is `t.problems[id]`, web/locales), the field it is about (the input's id: the error
 * summary links there and the message sits beside it), and what its sentence needs (a wait, the
 * password policy's reasons, a reference). The API answers in English `detail` texts; this module
 * is the one place that reads them, so no API text, error name or field name reaches a person
 * (test/unit/web-problems.test.ts walks every text the API can answer).
 */
import { CAPTCHA_FAILED } from "../api/captcha";
import { ADMINS_ONLY, TURN_ON_MFA } from "../api/admin-access";
import { INVALID_VERIFICATION_CODE } from "../api/cognito-errors";
import { INVALID_TOTP_CODE, USED_TOTP_CODE } from "../api/routes/mfa";
import type { ApiAnswer } from "./api-call";

export const PROBLEM_IDS = [
  "emailMissing",
  "emailInvalid",
  "accountExists",
  "passwordMissing",
  "newPasswordMissing",
  "currentPasswordMissing",
  "deletePasswordMissing",
  "passwordWeak",
  "passwordTooLong",
  "currentPasswordWrong",
  "deletePasswordWrong",
  "signInWrong",
  "emailNotVerified",
  "passwordResetRequired",
  "signInStepUnsupported",
  "challengeExpired",
  "nameMissing",
  "nameTooLong",
  "nameCharacters",
  "nameMarkup",
  "organisationTooLong",
  "organisationCharacters",
  "organisationMarkup",
  "countryUnknown",
  "languageUnknown",
  "codeMissing",
  "codeFormat",
  "codeWrong",
  "codeExpired",
  "codeLocked",
  "resetCodeMissing",
  "resetCodeWrong",
  "resetCodeExpired",
  "resetCodeLocked",
  "captchaFailed",
  "tooManySignUps",
  "tooManyCodeRequests",
  "tooManyResetRequests",
  "tooManyEmails",
  "tooManySignIns",
  "tooManyFailedSignIns",
  "tooManyPasswordAttempts",
  "tooManyPasswordChanges",
  "tooManyRequests",
  "unavailable",
  "unexpected",
  "formNotUnderstood",
  "cookiesNeeded",
  "crossSite",
  "sessionExpired",
  "totpCodeMissing",
  "totpCodeFormat",
  "totpCodeWrong",
  "totpCodeUsed",
  "tooManyTotpAttempts",
  "mfaAlreadyOn",
  "mfaNotOn",
  "mfaSetupExpired",
  "mfaUnavailable",
  "mfaChallengeExpired",
  "adminsOnly",
  "adminNeedsMfa",
  "adminUnavailable",
  "notYourselfRole",
  "notYourselfDisable",
  "notYourselfDelete",
  "lastAdmin",
  "bootstrapAdmin",
  "invitationAccepted",
  "inviteExists",
  "noSuchUser",
  "roleUnknown",
  "searchInvalid",
  "pageGone",
  "adminBusy",
] as const;

export type ProblemId = (typeof PROBLEM_IDS)[number];

export interface Problem {
  id: ProblemId;
  /** The id of the input it is about; none for the whole form. */
  field?: string;
  /** Seconds to wait, for limits and unavailability. */
  wait?: number;
  /** The password policy's reasons, in the policy's (English) words; shown translated. */
  reasons?: string[];
  /** A request id the person can quote to support. */
  reference?: string;
}

/** Which of a form's inputs each API field is, and what its code is for. */
export interface FormFields {
  email?: string;
  /** The password the API checks against the policy (a new password). */
  newPassword?: string;
  /** A password the API checks against the account (sign-in, current password, deletion). */
  accountPassword?: string;
  /** The message when that password is missing or wrong (sign-in and deletion word it their own way). */
  accountPasswordKind?: "signIn" | "current" | "delete";
  code?: string;
  /** What the code is for: the messages differ (an emailed code is sent again from different places; an app's code is never sent). */
  codePurpose?: "verify" | "reset" | "totp";
  /** Which sign-in challenge a session is for: an invited person's first password, or two-step verification. */
  challenge?: "newPassword" | "mfa";
  /** An address being invited by an administrator rather than one's own. */
  emailPurpose?: "invite";
  role?: string;
  search?: string;
  name?: string;
  organisation?: string;
  country?: string;
  captcha?: string;
  locale?: string;
}

export const PASSWORD_DETAIL_PREFIX = "Password does not meet requirements: ";
/** The API's 503 asks to come back after this many seconds (api/dependency-calls.ts): the pages say the same when an answer has no Retry-After. */
const DEFAULT_WAIT_SECONDS = 10;

/** The API's 429 texts, by what they limit (api/deps.ts, api/cognito-errors.ts, api/routes/profile.ts). */
const LIMITS: ReadonlyArray<readonly [RegExp, ProblemId, keyof FormFields | undefined]> = [
  [/^Too many registration attempts\b/, "tooManySignUps", undefined],
  [/^Too many verification attempts\b/, "codeLocked", "code"],
  [/^Too many password reset attempts\b/, "resetCodeLocked", "code"],
  [/^Too many verification code requests\b/, "tooManyCodeRequests", undefined],
  [/^Too many password reset requests\b/, "tooManyResetRequests", undefined],
  [/^Too many emails requested\b/, "tooManyEmails", undefined],
  [/^Too many sign-in attempts\b/, "tooManySignIns", undefined],
  [/^Too many failed sign-in attempts\b/, "tooManyFailedSignIns", undefined],
  [/^Too many password attempts\b/, "tooManyPasswordAttempts", "accountPassword"],
  [/^Too many password change attempts\b/, "tooManyPasswordChanges", undefined],
  [/^Too many two-step verification attempts\b/, "tooManyTotpAttempts", "code"],
];

/** 503s that are not an outage to wait out: a feature this stack does not have (yet). */
const NOT_CONFIGURED: ReadonlyArray<readonly [RegExp, ProblemId]> = [
  [/^Two-step verification is not available\b/, "mfaUnavailable"],
  [/^Administration needs the audit trail\b/, "adminUnavailable"],
  [/^The audit trail is not configured\b/, "adminUnavailable"],
];

const PROFILE_FIELDS: Record<string, { field: keyof FormFields; tooLong: ProblemId; characters: ProblemId; markup: ProblemId }> = {
  Name: { field: "name", tooLong: "nameTooLong", characters: "nameCharacters", markup: "nameMarkup" },
  Organization: { field: "organisation", tooLong: "organisationTooLong", characters: "organisationCharacters", markup: "organisationMarkup" },
  Country: { field: "country", tooLong: "countryUnknown", characters: "countryUnknown", markup: "countryUnknown" },
};

/** The wait a 429 or 503 asks for: its Retry-After, else the minutes its text names. */
function waitOf(answer: ApiAnswer, detail: string): number {
  if (answer.retryAfter !== undefined && answer.retryAfter > 0) return answer.retryAfter;
  const minutes = /try again in (\d+) minutes?\.$/.exec(detail)?.[1];
  return minutes ? Number(minutes) * 60 : DEFAULT_WAIT_SECONDS;
}

/** The problem an API refusal is, about the form's own fields. */
export function problemFromApi(answer: ApiAnswer, form: FormFields): Problem {
  const detail = typeof answer.body.detail === "string" ? answer.body.detail : "";
  const on = (id: ProblemId, field: keyof FormFields | undefined, extra: Partial<Problem> = {}): Problem => {
    const input = field ? form[field] : undefined;
    return { id, ...(typeof input === "string" ? { field: input } : {}), ...extra };
  };
  const missing = NOT_CONFIGURED.find(([pattern]) => pattern.test(detail));
  if (missing) return { id: missing[1] };
  if (answer.status === 503) return { id: "unavailable", wait: waitOf(answer, detail) };
  if (answer.status === 429) {
    const limit = LIMITS.find(([pattern]) => pattern.test(detail));
    const [, id, field] = limit ?? [undefined, "tooManyRequests" as const, undefined];
    const reset = id === "codeLocked" && form.codePurpose === "reset" ? "resetCodeLocked" : id;
    return on(reset, field, { wait: waitOf(answer, detail) });
  }
  const reference = /\(request id ([\w-]{1,64})\)$/.exec(detail)?.[1];
  if (reference || answer.status >= 500 || !detail) return { id: "unexpected", ...(reference ? { reference } : {}) };
  if (detail.startsWith(PASSWORD_DETAIL_PREFIX)) {
    return on("passwordWeak", "newPassword", { reasons: detail.slice(PASSWORD_DETAIL_PREFIX.length).split("; ").filter(Boolean) });
  }
  const accountPasswordMissing: ProblemId = form.accountPasswordKind === "delete" ? "deletePasswordMissing" : form.accountPasswordKind === "current" ? "currentPasswordMissing" : "passwordMissing";
  const exact: Record<string, () => Problem> = {
    "Invalid email format": () => on("emailInvalid", "email"),
    "email is required": () => on("emailMissing", "email"),
    "username is required": () => on("emailMissing", "email"),
    "An account with this email already exists": () => on(form.emailPurpose === "invite" ? "inviteExists" : "accountExists", "email"),
    "Invalid credentials": () => on("signInWrong", "accountPassword"),
    "User not found": () => on("signInWrong", "accountPassword"),
    "Current password is incorrect": () => on(form.accountPasswordKind === "delete" ? "deletePasswordWrong" : "currentPasswordWrong", "accountPassword"),
    "password is required": () => (form.accountPassword ? on(accountPasswordMissing, "accountPassword") : on("newPasswordMissing", "newPassword")),
    "current_password is required": () => on("currentPasswordMissing", "accountPassword"),
    "new_password is required": () => on("newPasswordMissing", "newPassword"),
    "Authentication error: UserNotConfirmedException": () => on("emailNotVerified", "email"),
    "Authentication error: PasswordResetRequiredException": () => on("passwordResetRequired", "email"),
    [INVALID_VERIFICATION_CODE]: () => on(form.codePurpose === "reset" ? "resetCodeWrong" : "codeWrong", "code"),
    "Verification code has expired. Request a new one.": () => on("codeExpired", "code"),
    "Invalid reset code": () => on("resetCodeWrong", "code"),
    "Reset code has expired. Request a new one.": () => on("resetCodeExpired", "code"),
    "code must be the 6-digit code from the email": () => on(form.codePurpose === "totp" ? "totpCodeFormat" : "codeFormat", "code"),
    "code is required": () => on(form.codePurpose === "reset" ? "resetCodeMissing" : form.codePurpose === "totp" ? "totpCodeMissing" : "codeMissing", "code"),
    "Invalid or expired session": () => ({ id: form.challenge === "mfa" ? "mfaChallengeExpired" : "challengeExpired" }),
    [INVALID_TOTP_CODE]: () => on("totpCodeWrong", "code"),
    [USED_TOTP_CODE]: () => on("totpCodeUsed", "code"),
    "Two-step verification is already on. Turn it off first to move it to a new device.": () => ({ id: "mfaAlreadyOn" }),
    "Two-step verification is not on.": () => ({ id: "mfaNotOn" }),
    "Set-up has expired or was not started: start setting up two-step verification again.": () => ({ id: "mfaSetupExpired" }),
    [ADMINS_ONLY]: () => ({ id: "adminsOnly" }),
    [TURN_ON_MFA]: () => ({ id: "adminNeedsMfa" }),
    "You cannot change the role of your own account. Ask another administrator.": () => on("notYourselfRole", "role"),
    "You cannot disable your own account. Ask another administrator.": () => ({ id: "notYourselfDisable" }),
    "You cannot delete your own account. Ask another administrator.": () => ({ id: "notYourselfDelete" }),
    "This is the last administrator: make someone else an administrator first.": () => ({ id: "lastAdmin" }),
    "This administrator is named in BOOTSTRAP_ADMIN_EMAILS: take the address out of that setting first.": () => on("bootstrapAdmin", "role"),
    "This person has already accepted the invitation.": () => ({ id: "invitationAccepted" }),
    "No such user": () => ({ id: "noSuchUser" }),
    "Invalid cursor: use next_cursor from the previous page": () => ({ id: "pageGone" }),
    "Invalid or expired token": () => ({ id: "sessionExpired" }),
    "refresh_token must be a refresh token": () => ({ id: "sessionExpired" }),
    [CAPTCHA_FAILED]: () => on("captchaFailed", "captcha"),
    "Name is required": () => on("nameMissing", "name"),
    "name is required": () => on("nameMissing", "name"),
    "Country must be an ISO 3166-1 country name or two-letter code, for example Kenya or KE": () => on("countryUnknown", "country"),
    'locale must be "en" or "fr"': () => on("languageUnknown", "locale"),
  };
  if (Object.hasOwn(exact, detail)) return exact[detail]!();
  if (/^Authentication error: /.test(detail)) return { id: "signInStepUnsupported" };
  if (/^Unknown role: /.test(detail)) return on("roleUnknown", "role");
  if (/^Another administrator change is being made\b/.test(detail)) return { id: "adminBusy" };
  if (/^Search for the start of /.test(detail)) return on("searchInvalid", "search");
  if (/^Missing or malformed Authorization header/.test(detail)) return { id: "sessionExpired" };
  const profile = /^(Name|Organization|Country) must (be at most \d+ characters|not contain control characters|not contain < or > or HTML entities)$/.exec(detail);
  if (profile) {
    const which = PROFILE_FIELDS[profile[1]!]!;
    const id = profile[2]!.startsWith("be at most") ? which.tooLong : profile[2]!.includes("control") ? which.characters : which.markup;
    return on(id, which.field);
  }
  if (/^password must be at most \d+ characters$/.test(detail) || /^new_password must be at most \d+ characters$/.test(detail)) return on("passwordTooLong", "newPassword");
  // A request the pages never send (a wrong content type, an unknown field, a body too large): the form could not be read.
  return { id: "formNotUnderstood" };
}
