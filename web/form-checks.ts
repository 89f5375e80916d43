/**
 * A form's problems found before the API is called, all at once (the API stops at its first):
 * the very policy functions the API runs (canonical email, profile rules, password policy), so
 * a form these pass is judged by the API exactly as it would be anyway. A form with problems
 * never reaches the API, so it counts against no limit.
 */
import { canonicalEmail } from "../policies/email-domain";
import { checkAccountPassword, passwordProblemDetail } from "../policies/password";
import { validateProfile } from "../policies/profile";
import type { AccountSettings } from "../policies/settings";
import { problemFromApi, type FormFields, type Problem, type ProblemId } from "./problems";

const refusal = (detail: string, fields: FormFields): Problem => problemFromApi({ status: 400, body: { detail } }, fields);

export function emailProblems(email: string, field = "email"): Problem[] {
  if (!email.trim()) return [{ id: "emailMissing", field }];
  return canonicalEmail(email) ? [] : [{ id: "emailInvalid", field }];
}

/**
 * An emailed code as the person typed or pasted it: "123 456", "123-456" and full-width digits
 * are the same six digits. Anything else is kept as typed, for the format problem.
 */
export function codeAsTyped(raw: string): string {
  const digits = raw.normalize("NFKC").replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : raw.trim();
}

export function codeProblems(code: string, field: string, purpose: "verify" | "reset"): Problem[] {
  if (!code) return [{ id: purpose === "reset" ? "resetCodeMissing" : "codeMissing", field }];
  return /^\d{6}$/.test(code) ? [] : [{ id: "codeFormat", field }];
}

/** A password that must be there (sign-in, current password, deletion), checked only by the API. */
export function passwordGiven(password: string, field: string, missing: ProblemId): Problem[] {
  return password ? [] : [{ id: missing, field }];
}

/** The person's own words as the API reads them before its password check. */
export function ownWords(email: string | undefined, name: string | undefined, organization: string | undefined) {
  const nameRead = validateProfile({ name }, { nameRequired: false });
  const organizationRead = validateProfile({ organization }, { nameRequired: false });
  return {
    email: (email !== undefined ? canonicalEmail(email) : undefined) ?? email,
    name: nameRead.ok && name !== undefined ? nameRead.profile.name : name,
    organization: organizationRead.ok && organization !== undefined ? organizationRead.profile.organization : organization,
  };
}

/** A new password against the policy, with the person's own words: the API's verdict, in the API's words. */
export function newPasswordProblems(password: string, field: string, account: AccountSettings, words: ReturnType<typeof ownWords>): Problem[] {
  if (!password) return [{ id: "newPasswordMissing", field }];
  const verdict = checkAccountPassword(password, account, words);
  return verdict.ok ? [] : [refusal(passwordProblemDetail(verdict.reasons), { newPassword: field })];
}

/** Each profile field on its own, so every field's problem is found, not only the first. */
export function profileProblems(profile: { name?: string; organization?: string; country?: string }, fields: Pick<FormFields, "name" | "organisation" | "country">): Problem[] {
  const problems: Problem[] = [];
  if (profile.name !== undefined) {
    const read = validateProfile({ name: profile.name });
    if (!read.ok) problems.push(refusal(read.message, fields));
  }
  for (const [key, value] of [["organization", profile.organization], ["country", profile.country]] as const) {
    if (value === undefined) continue;
    const read = validateProfile({ [key]: value }, { nameRequired: false });
    if (!read.ok) problems.push(refusal(read.message, fields));
  }
  return problems;
}
