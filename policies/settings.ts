/**
 * The account settings: one typed object that feeds the Pulumi program (from stack
 * config), the Lambda triggers and the API (from environment variables).
 *
 * `resolveSettings` applies defaults and validates; `settingsFromEnv` reads the
 * environment a Lambda function gets; `settingsToEnv` writes that environment, so
 * the two can never drift apart. Every error names the setting and says what to write.
 */
import { normaliseDomain } from "./email-domain";

export interface AccountSettings {
  /** Email domains whose sign-ups are confirmed without a code. Default `["igad.int"]`. */
  internalEmailDomains: string[];
  /** Whether subdomains of an internal domain (`x@dept.igad.int`) count as internal. Default `false`. */
  allowInternalSubdomains: boolean;
  /** Whether auto-confirmed internal emails are also marked verified (skips proof of ownership). Default `false`. */
  autoVerifyInternalEmails: boolean;
  /** Emails that become administrators once their email is verified. Default none. */
  bootstrapAdminEmails: string[];
  /** Minimum password length, 8 to 99 (Cognito's policy allows at most 99). Default 12. */
  passwordMinLength: number;
  /** Roles a user may hold; must include `user` and `admin`. Default `["user", "admin"]`. */
  roles: string[];
  /** Product name shown in emails. Default "IGAD Innovation Hub". */
  productName: string;
  /** Support address shown in emails. Default "support@igad.int". */
  supportEmail: string;
  /** App client ids whose sign-ups must carry `validationData.password` to check. Default none. */
  passwordRequiredClientIds: string[];
  /** Whether POST /register requires a solved proof-of-work challenge (ALTCHA). Default `false`; on in the prod stack. */
  captchaOnRegister: boolean;
  /**
   * Whether register answers 201 for an email that already has an account (the owner is
   * emailed instead), so register cannot tell who has an account. Default `false`: the
   * reference's 400 "An account with this email already exists".
   */
  concealExistingAccounts: boolean;
  /** Whether passwords are also checked against the Pwned Passwords range API (k-anonymity; fails open). Default `false`. */
  breachedPasswordCheck: boolean;
  /** The range API's base URL; the first 5 hex characters of the SHA-1 are appended. Default Pwned Passwords'. */
  breachedPasswordApiUrl: string;
  /** The public address of the self-service pages (e.g. `https://hub.example.org`), used in email links. Default none: emails carry the code only. */
  pagesBaseUrl: string;
}

export const DEFAULT_ROLE = "user";
export const ADMIN_ROLE = "admin";
/** Cognito accepts passwords up to 256 characters; its policy's minimum length goes up to 99. */
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_POLICY_MIN_LENGTH = 99;

export const DEFAULT_SETTINGS: Readonly<AccountSettings> = Object.freeze({
  internalEmailDomains: ["igad.int"],
  allowInternalSubdomains: false,
  autoVerifyInternalEmails: false,
  bootstrapAdminEmails: [],
  passwordMinLength: 12,
  roles: [DEFAULT_ROLE, ADMIN_ROLE],
  productName: "IGAD Innovation Hub",
  supportEmail: "support@igad.int",
  passwordRequiredClientIds: [],
  captchaOnRegister: false,
  concealExistingAccounts: false,
  breachedPasswordCheck: false,
  breachedPasswordApiUrl: "https://api.pwnedpasswords.com/range/",
  pagesBaseUrl: "",
});

/** A setting that is present but wrong. `setting` is the name the user wrote it under. */
export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Setting ${setting}: ${problem}`);
    this.name = "SettingsError";
  }
}

/** The environment variable each setting travels in. */
export const SETTINGS_ENV: { readonly [K in keyof AccountSettings]: string } = {
  internalEmailDomains: "INTERNAL_EMAIL_DOMAINS",
  allowInternalSubdomains: "ALLOW_INTERNAL_SUBDOMAINS",
  autoVerifyInternalEmails: "AUTO_VERIFY_INTERNAL_EMAILS",
  bootstrapAdminEmails: "BOOTSTRAP_ADMIN_EMAILS",
  passwordMinLength: "PASSWORD_MIN_LENGTH",
  roles: "ROLES",
  productName: "PRODUCT_NAME",
  supportEmail: "SUPPORT_EMAIL",
  passwordRequiredClientIds: "PASSWORD_REQUIRED_CLIENT_IDS",
  captchaOnRegister: "CAPTCHA_ON_REGISTER",
  concealExistingAccounts: "CONCEAL_EXISTING_ACCOUNTS",
  breachedPasswordCheck: "BREACHED_PASSWORD_CHECK",
  breachedPasswordApiUrl: "BREACHED_PASSWORD_API_URL",
  pagesBaseUrl: "PAGES_BASE_URL",
};

const ROLE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
const CLIENT_ID_PATTERN = /^[\w+]{1,128}$/;
const SIMPLE_EMAIL = /^[^\s@"<>]{1,64}@[^\s@"<>]{1,253}$/;

/**
 * Defaults first, then the caller's values, then validation. `names` maps each
 * key to the name errors should use (stack config keys, env variable names).
 */
export function resolveSettings(
  overrides: Partial<AccountSettings> = {},
  names: { readonly [K in keyof AccountSettings]: string } = SETTINGS_ENV,
): AccountSettings {
  const s: AccountSettings = { ...DEFAULT_SETTINGS, ...stripUndefined(overrides) };

  if (s.internalEmailDomains.length === 0) {
    throw new SettingsError(names.internalEmailDomains, 'list at least one domain, for example "igad.int"');
  }
  s.internalEmailDomains = s.internalEmailDomains.map((d) => {
    const ascii = normaliseDomain(d.trim());
    if (!ascii) throw new SettingsError(names.internalEmailDomains, `"${d}" is not a domain name; write it like "igad.int"`);
    return ascii;
  });
  s.bootstrapAdminEmails = s.bootstrapAdminEmails.map((e) => {
    const email = e.trim().toLowerCase();
    if (!SIMPLE_EMAIL.test(email)) throw new SettingsError(names.bootstrapAdminEmails, `"${e}" is not an email address`);
    return email;
  });
  if (!Number.isInteger(s.passwordMinLength) || s.passwordMinLength < 8 || s.passwordMinLength > MAX_POLICY_MIN_LENGTH) {
    throw new SettingsError(names.passwordMinLength, `must be a whole number from 8 to ${MAX_POLICY_MIN_LENGTH}; 12 or more is recommended`);
  }
  for (const role of s.roles) {
    if (!ROLE_PATTERN.test(role)) throw new SettingsError(names.roles, `"${role}" must be lower case letters, digits, - or _, at most 32`);
  }
  for (const required of [DEFAULT_ROLE, ADMIN_ROLE]) {
    if (!s.roles.includes(required)) throw new SettingsError(names.roles, `must include "${required}"`);
  }
  s.productName = s.productName.trim();
  if (s.productName.length === 0 || s.productName.length > 60) {
    throw new SettingsError(names.productName, "must be 1 to 60 characters");
  }
  if (!SIMPLE_EMAIL.test(s.supportEmail)) throw new SettingsError(names.supportEmail, `"${s.supportEmail}" is not an email address`);
  for (const id of s.passwordRequiredClientIds) {
    if (!CLIENT_ID_PATTERN.test(id)) throw new SettingsError(names.passwordRequiredClientIds, `"${id}" is not an app client id`);
  }
  s.breachedPasswordApiUrl = baseUrl(s.breachedPasswordApiUrl, names.breachedPasswordApiUrl, "https://api.pwnedpasswords.com/range/");
  s.pagesBaseUrl = s.pagesBaseUrl.trim() === "" ? "" : baseUrl(s.pagesBaseUrl, names.pagesBaseUrl, "https://hub.example.org").replace(/\/+$/, "");
  return s;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An absolute https URL without query or fragment (plain http only on loopback, for the local stack and tests). */
function baseUrl(raw: string, name: string, example: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SettingsError(name, `"${raw}" is not a URL; write it like "${example}"`);
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure || url.username || url.password || url.search || url.hash) {
    throw new SettingsError(name, `write an https URL without credentials, query or fragment, like "${example}"`);
  }
  return url.href;
}

/** Reads the settings from environment variables; an unset variable takes its default. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): AccountSettings {
  const overrides: Partial<AccountSettings> = {};
  const read = (key: keyof AccountSettings): string | undefined => {
    const raw = env[SETTINGS_ENV[key]];
    return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
  };
  const list = (key: keyof AccountSettings) => read(key)?.split(",").map((x) => x.trim()).filter(Boolean);
  const bool = (key: keyof AccountSettings): boolean | undefined => {
    const raw = read(key);
    if (raw === undefined) return undefined;
    if (raw === "true") return true;
    if (raw === "false") return false;
    throw new SettingsError(SETTINGS_ENV[key], `must be "true" or "false", not "${raw}"`);
  };

  overrides.internalEmailDomains = list("internalEmailDomains");
  overrides.allowInternalSubdomains = bool("allowInternalSubdomains");
  overrides.autoVerifyInternalEmails = bool("autoVerifyInternalEmails");
  overrides.bootstrapAdminEmails = list("bootstrapAdminEmails");
  const minLength = read("passwordMinLength");
  if (minLength !== undefined) {
    if (!/^\d{1,3}$/.test(minLength)) throw new SettingsError(SETTINGS_ENV.passwordMinLength, `must be a number, not "${minLength}"`);
    overrides.passwordMinLength = Number(minLength);
  }
  overrides.roles = list("roles");
  overrides.productName = read("productName");
  overrides.supportEmail = read("supportEmail");
  overrides.passwordRequiredClientIds = list("passwordRequiredClientIds");
  overrides.captchaOnRegister = bool("captchaOnRegister");
  overrides.concealExistingAccounts = bool("concealExistingAccounts");
  overrides.breachedPasswordCheck = bool("breachedPasswordCheck");
  overrides.breachedPasswordApiUrl = read("breachedPasswordApiUrl");
  overrides.pagesBaseUrl = read("pagesBaseUrl");
  return resolveSettings(overrides);
}

/** The environment variables that carry `settings` to a Lambda function or a local process. */
export function settingsToEnv(settings: AccountSettings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(SETTINGS_ENV) as (keyof AccountSettings)[]) {
    const value = settings[key];
    env[SETTINGS_ENV[key]] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return env;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
