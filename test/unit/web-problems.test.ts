/**
 * No raw error name or API field name ever reaches a person (issue 17): every text the API can
 * answer, walked here, becomes a problem whose sentence, in English and in French, says what to
 * do next. The texts come from the API's own tables (api/cognito-errors.ts, api/deps.ts' limits),
 * from the policies that word them (profile, password), and from a scan of api/ and the pre
 * sign-up trigger for every literal error text, so a text added later is walked too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as errors from "../../api/cognito-errors";
import { DEFAULT_RATE_LIMITS } from "../../api/config";
import { limitsFor } from "../../api/deps";
import { UNAVAILABLE_DETAIL } from "../../api/dependency-calls";
import { tooMany, type Limit } from "../../api/rate-limiter";
import { checkAccountPassword, passwordProblemDetail } from "../../policies/password";
import { validateProfile } from "../../policies/profile";
import { resolveSettings } from "../../policies/settings";
import { PAGE_LANGUAGES, PAGE_TEXTS } from "../../web/locales";
import { PASSWORD_CHECK_LIMIT } from "../../web/pages-app";
import { problemFromApi, PROBLEM_IDS, type FormFields, type Problem } from "../../web/problems";
import { duration, problemText } from "../../web/views/problem-text";

const root = join(__dirname, "../..");
const SUPPORT = "support@igad.int";
/** Every field a page form has, so a problem about a field always has one to sit beside. */
const ALL_FIELDS: FormFields = { email: "email", newPassword: "password", accountPassword: "current-password", code: "code", name: "name", organisation: "organization", country: "country", captcha: "captcha", locale: "locale" };

/** What no sentence shown to a person may contain: an SDK error name, a JSON field name, API or library jargon. */
const RAW = /Exception\b|\b[a-z]+_[a-z_]+\b|\b(username|altcha|detail|request id|Authentication error|ISO 3166|CAPTCHA|JSON|Content-Type|body|null|undefined|NaN)\b|\{\w+\}/;

/**
 * The API's code the pages' forms reach: every route they call and what those routes share, two-step
 * verification and administration (api/routes/mfa.ts, admin.ts, admin-access.ts, audit-log.ts) included.
 */
const PAGE_ROUTES = ["registration", "session", "password-reset", "account", "profile", "captcha", "mfa", "admin"];
const NOT_FOR_PAGES = new Set<string>();
const apiFiles = () => [
  ...readdirSync(join(root, "api")).filter((name) => name.endsWith(".ts") && !NOT_FOR_PAGES.has(name)).map((name) => join(root, "api", name)),
  ...PAGE_ROUTES.map((name) => join(root, "api/routes", `${name}.ts`)),
];

/** Every literal error text in the API's code the pages reach, and the pre sign-up trigger's user-facing errors. */
function scannedTexts(): string[] {
  const patterns = [/new ApiError\(\d{3}, "([^"]+)"/g, /\[\d{3}, "([^"]+)"\]/g, /\bdetail: "([^"]+)"/g, /tooMany\("([^"]+)"/g, /DETAIL = "([^"]+)"/g, /export const [A-Z_]*(?:FAILED|INCORRECT|CODE) = "([^"]+)"/g, /UserFacingError\("([^"]+)"/g];
  const texts = new Set<string>();
  for (const file of [...apiFiles(), join(root, "triggers/pre-sign-up.ts")]) {
    const source = readFileSync(file, "utf8");
    for (const pattern of patterns) for (const match of source.matchAll(pattern)) texts.add(match[1]!);
  }
  return [...texts];
}

/** Texts the API builds from parts: request bodies it could not read, challenges, unexpected errors, the policies' words. */
function builtTexts(): string[] {
  const profile = [
    validateProfile({ name: "" }),
    validateProfile({ name: "x".repeat(101) }),
    validateProfile({ name: "A\u0000B" }),
    validateProfile({ name: "<b>A</b>" }),
    validateProfile({ name: 42 }),
    validateProfile({ name: "A", organization: "x".repeat(101) }),
    validateProfile({ name: "A", organization: "A\u200BB" }),
    validateProfile({ name: "A", organization: "A &amp; B" }),
    validateProfile({ name: "A", country: "Atlantis" }),
    validateProfile({ name: "A", country: "x".repeat(101) }),
  ].flatMap((r) => (r.ok ? [] : [r.message]));
  const settings = resolveSettings();
  const weak = ["Welcome@2025", "password", "qwertyuiop12", " Short1!", "Amina2025!Hassan", "x".repeat(300)].map((p) => checkAccountPassword(p, settings, { email: "amina@example.org", name: "Amina Hassan" }));
  return [
    ...profile,
    ...weak.filter((v) => !v.ok).map((v) => passwordProblemDetail(v.reasons)),
    ...["email", "username", "password", "new_password", "current_password", "code", "name", "session", "refresh_token"].map((field) => `${field} is required`),
    "password must be at most 256 characters",
    "new_password must be at most 256 characters",
    "session must be at most 4096 characters",
    "name must be a string",
    "code is invalid",
    "Unknown field: role",
    "Unknown field: custom:role",
    // Administration's texts built from parts (api/routes/admin.ts).
    ...["change the role of", "disable", "delete"].map((what) => `You cannot ${what} your own account. Ask another administrator.`),
    `Unknown role: use one of ${resolveSettings().roles.join(", ")}`,
    "Unknown status: use one of CONFIRMED, FORCE_CHANGE_PASSWORD",
    "Authentication error: SMS_MFA",
    "Authentication error: SOFTWARE_TOKEN_MFA",
    "Registration failed: unexpected error (request id 7b12e69b-77e8-4370-b74b-e44a196211a1)",
    "Internal server error (request id 7b12e69b-77e8-4370-b74b-e44a196211a1)",
  ];
}

/** Every 429 the API can answer, as tooMany words them (with their wait). */
function limitTexts(): string[] {
  const limits = Object.values(limitsFor({ rateLimits: DEFAULT_RATE_LIMITS } as never)).flatMap((l): Limit[] => ("detail" in l ? [l] : [l.perSource, l.fromAnywhere]));
  const mapped = [errors.REGISTER_ERRORS, errors.VERIFY_ERRORS, errors.RESEND_ERRORS, errors.RESET_ERRORS].flatMap((m) => Object.values(m).filter(([status]) => status === 429).map(([, detail]) => detail));
  return [...limits.map((l) => l.detail), ...mapped, PASSWORD_CHECK_LIMIT.detail, "Too many password change attempts. Please try again later."];
}

/** The answer the API gives with `detail`: its status as the API would set it. */
function answerFor(detail: string, seconds = 840) {
  if (/try again later\.$/.test(detail)) {
    const error = tooMany(detail, seconds);
    return { status: 429, body: { detail: error.detail }, retryAfter: error.retryAfter };
  }
  if (detail === UNAVAILABLE_DETAIL) return { status: 503, body: { detail }, retryAfter: 10 };
  if (/\(request id [\w-]+\)$/.test(detail)) return { status: 500, body: { detail } };
  return { status: 400, body: { detail } };
}

const mappingTexts = () =>
  [errors.REGISTER_ERRORS, errors.VERIFY_ERRORS, errors.RESEND_ERRORS, errors.LOGIN_ERRORS, errors.CHALLENGE_ERRORS, errors.RESET_ERRORS, errors.TOKEN_ERRORS].flatMap((m) => Object.values(m).map(([, detail]) => detail));

const everyText = () => [...new Set([...scannedTexts(), ...builtTexts(), ...limitTexts(), ...mappingTexts()])].filter(Boolean);

/** Texts only a request the pages never send can get: the one generic sentence is right for them. */
const BROKEN_REQUESTS = [
  /^Content-Type must be/,
  /^Malformed JSON body$/,
  /^The body must be a JSON object$/,
  /^Unknown field: /,
  /must be a string$/,
  /is invalid$/,
  /^Request body too large/,
  /^Not found$/,
  /^Nothing to update/,
  /must be text$/,
  /^custom:role cannot be set/,
  /^validationData\.password is required/,
  /^session (is required|must be at most)/,
  /^refresh_token is required$/,
  /^Starting$/,
  /^Forbidden$/,
  /^Unknown status: /,
];

test("the walk covers the API's texts: the scan finds the tables' texts and many more", () => {
  const scanned = scannedTexts();
  expect(scanned.length).toBeGreaterThan(30);
  for (const text of ["Invalid credentials", "Invalid email format", "CAPTCHA verification failed", "Current password is incorrect", UNAVAILABLE_DETAIL]) expect(scanned).toContain(text);
  expect(limitTexts().length).toBeGreaterThanOrEqual(12);
});

describe.each(PAGE_LANGUAGES)("(%s) every text the API can answer has a sentence that says what to do next", (lang) => {
  const t = PAGE_TEXTS[lang]!;
  test.each(everyText())("%s", (detail) => {
    const problem = problemFromApi(answerFor(detail), ALL_FIELDS);
    const text = problemText(t, lang, problem, SUPPORT);
    const shown = [text.message, ...text.reasons].join(" ");
    expect({ detail, shown, raw: RAW.test(shown) }).toEqual({ detail, shown, raw: false });
    expect(shown).not.toContain(detail);
    if (BROKEN_REQUESTS.some((pattern) => pattern.test(detail))) expect(problem.id).toBe("formNotUnderstood");
    else expect({ detail, id: problem.id }).not.toEqual({ detail, id: "formNotUnderstood" });
    if (lang !== "en") expect(text.message).not.toBe(problemText(PAGE_TEXTS.en!, "en", problem, SUPPORT).message);
  });
});

test("every limit says how long to wait, in minutes, in each language; an outage in seconds", () => {
  for (const detail of limitTexts()) {
    const problem = problemFromApi(answerFor(detail, 840), ALL_FIELDS);
    expect([detail, problem.wait]).toEqual([detail, 840]);
    expect(problemText(PAGE_TEXTS.en!, "en", problem, SUPPORT).message).toContain("14 minutes");
    expect(problemText(PAGE_TEXTS.fr!, "fr", problem, SUPPORT).message).toContain("14 minutes");
  }
  const oneMinute = problemFromApi(answerFor("Too many sign-in attempts. Please try again later.", 45), ALL_FIELDS);
  expect(problemText(PAGE_TEXTS.en!, "en", oneMinute, SUPPORT).message).toContain("45 seconds");
  const outage = problemFromApi(answerFor(UNAVAILABLE_DETAIL), ALL_FIELDS);
  expect(outage).toEqual({ id: "unavailable", wait: 10 });
  expect(problemText(PAGE_TEXTS.fr!, "fr", outage, SUPPORT).message).toContain("10 secondes");
  expect(duration(PAGE_TEXTS.en!, 60)).toBe("1 minute");
  expect(duration(PAGE_TEXTS.fr!, 1)).toBe("1 seconde");
});

test("each problem is about its own field: the summary links there and the message sits beside it", () => {
  const on = (detail: string, fields: FormFields = ALL_FIELDS): Problem => problemFromApi(answerFor(detail), fields);
  expect(on("Invalid email format")).toEqual({ id: "emailInvalid", field: "email" });
  expect(on("An account with this email already exists")).toEqual({ id: "accountExists", field: "email" });
  expect(on("Invalid credentials", { email: "email", accountPassword: "password" })).toEqual({ id: "signInWrong", field: "password" });
  expect(on("Invalid verification code")).toEqual({ id: "codeWrong", field: "code" });
  expect(on("Invalid verification code", { code: "code", codePurpose: "reset" })).toEqual({ id: "resetCodeWrong", field: "code" });
  expect(on("Current password is incorrect", { accountPassword: "delete-password", accountPasswordKind: "delete" })).toEqual({ id: "deletePasswordWrong", field: "delete-password" });
  expect(on("Country must be an ISO 3166-1 country name or two-letter code, for example Kenya or KE")).toEqual({ id: "countryUnknown", field: "country" });
  expect(on("CAPTCHA verification failed")).toEqual({ id: "captchaFailed", field: "captcha" });
  expect(on("Organization must be at most 100 characters")).toEqual({ id: "organisationTooLong", field: "organization" });
  // Two-step verification and administration (issue 16).
  const totp = { code: "code", codePurpose: "totp", challenge: "mfa" } as const;
  expect(on("code is required", totp)).toEqual({ id: "totpCodeMissing", field: "code" });
  expect(on("code must be the 6-digit code from the email", totp)).toEqual({ id: "totpCodeFormat", field: "code" });
  expect(on("That code is not right: enter the 6-digit code your authenticator app shows now.", totp)).toEqual({ id: "totpCodeWrong", field: "code" });
  expect(on("Invalid or expired session", totp)).toEqual({ id: "mfaChallengeExpired" });
  expect(on("Invalid or expired session", { newPassword: "new-password", challenge: "newPassword" })).toEqual({ id: "challengeExpired" });
  expect(on("An account with this email already exists", { email: "email", emailPurpose: "invite" })).toEqual({ id: "inviteExists", field: "email" });
  expect(on("You cannot change the role of your own account. Ask another administrator.", { role: "role" })).toEqual({ id: "notYourselfRole", field: "role" });
  expect(problemFromApi({ status: 503, body: { detail: "Two-step verification is not available on this service yet." } }, ALL_FIELDS)).toEqual({ id: "mfaUnavailable" });
  expect(problemFromApi({ status: 429, body: { detail: "Too many two-step verification attempts. Please try again later." }, retryAfter: 60 }, totp)).toEqual({ id: "tooManyTotpAttempts", field: "code", wait: 60 });
  const weak = on("Password does not meet requirements: Too short; Must not contain your name", { newPassword: "new-password" });
  expect(weak).toEqual({ id: "passwordWeak", field: "new-password", reasons: ["Too short", "Must not contain your name"] });
  expect(problemText(PAGE_TEXTS.fr!, "fr", weak, SUPPORT).reasons).toEqual(["Trop court", "Ne doit pas contenir votre nom"]);
  const locked = problemFromApi(answerFor("Too many verification attempts with this code. Request a new code, or try again later."), ALL_FIELDS);
  expect(locked).toMatchObject({ id: "codeLocked", field: "code" });
  // An unexpected error names what support needs to find it, and nothing else.
  const unexpected = on("Registration failed: unexpected error (request id 7b12e69b-77e8-4370-b74b-e44a196211a1)");
  expect(unexpected).toEqual({ id: "unexpected", reference: "7b12e69b-77e8-4370-b74b-e44a196211a1" });
  expect(problemText(PAGE_TEXTS.en!, "en", unexpected, SUPPORT).message).toContain("7b12e69b-77e8-4370-b74b-e44a196211a1");
  expect(problemText(PAGE_TEXTS.en!, "en", unexpected, SUPPORT).message).not.toContain("Registration failed");
});

test.each(PAGE_LANGUAGES)("(%s) every problem has its sentence, with nothing left unfilled", (lang) => {
  const t = PAGE_TEXTS[lang]!;
  for (const id of PROBLEM_IDS) {
    const { message } = problemText(t, lang, { id, wait: 120, reference: "abc" }, SUPPORT);
    expect([id, message.length > 10, /\{\w+\}/.test(message)]).toEqual([id, true, false]);
  }
});
