/**
 * The stack's settings: the account settings of policies/ plus what only the
 * infrastructure needs. `resolveStackSettings` is pure (defaults, then the stack's
 * values, then validation) so it is tested without Pulumi; `readStackSettings` reads
 * the stack config. Every error names the config key and says what to write.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveSettings, SETTINGS_ENV, SettingsError, type AccountSettings } from "../policies/settings";

export const PROJECT = "igad-auth";

export type Environment = "dev" | "prod";
export type FeaturePlan = "lite" | "essentials" | "plus";
export type ThreatProtection = "off" | "audit" | "enforced";

/** The Cognito operations WAF rate-limits one by one, matched on header x-amzn-cognito-operation-name. */
export const RATE_LIMITED_OPERATIONS = ["SignUp", "ConfirmSignUp", "ResendConfirmationCode", "ForgotPassword", "ConfirmForgotPassword", "InitiateAuth"] as const;
export type RateLimitedOperation = (typeof RATE_LIMITED_OPERATIONS)[number];

/** WAF accepts only these evaluation windows, in seconds. */
export const WAF_WINDOWS = [60, 120, 300, 600] as const;
/** CloudWatch Logs accepts only these retention periods, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface WafSettings {
  /** Requests per IP per window for each operation; WAF's minimum is 10. */
  operationLimits: Record<RateLimitedOperation, number>;
  /** Requests per IP per window across every operation. */
  overallLimit: number;
  /** The window, one of 60, 120, 300, 600 seconds (WAF counts approximately). */
  windowSeconds: (typeof WAF_WINDOWS)[number];
  /** Ask for a CAPTCHA on the Hosted UI sign-up page. */
  captchaOnHostedUiSignUp: boolean;
}

/** The API's exact limits (WAF's are coarse ceilings in front of them). */
export interface ApiRateLimits {
  registerPerHour: number;
  verifyPerHour: number;
  resendPerHour: number;
  loginPer15Min: number;
  forgotPerHour: number;
  /** Attempts at one emailed code from all source addresses together (RATE_LIMIT_CODE_ATTEMPTS_PER_CODE). */
  codeAttemptsPerCode: number;
  /** Failed sign-ins per source address across every account, per 15 minutes (RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN). */
  loginFailuresPerIp15Min: number;
  /** Emails the API has Cognito send per source address across every email, per hour (RATE_LIMIT_EMAILS_PER_IP_PER_HOUR). */
  emailsPerIpPerHour: number;
}

export interface EmailSettings {
  /** "ses": Cognito sends through your SES identity (required in prod); "cognito": Cognito's default sender, 50 emails a day. */
  sender: "ses" | "cognito";
  sesIdentityArn?: string;
  fromAddress?: string;
  replyTo?: string;
}

export interface StackSettings extends AccountSettings {
  environment: Environment;
  featurePlan: FeaturePlan;
  passwordHistorySize: number;
  temporaryPasswordValidityDays: number;
  email: EmailSettings;
  hostedUiDomainPrefix: string;
  /** The Hosted UI app client without a secret (browser-only apps); default false, refused in prod by a guardrail unless allowed. */
  hostedUiPublicClient: boolean;
  callbackUrls: string[];
  logoutUrls: string[];
  waf: WafSettings;
  threatProtection: ThreatProtection;
  logRetentionDays: number;
  corsAllowedOrigins: string[];
  apiRateLimits: ApiRateLimits;
  /** Who the stack's alarms email (one SNS topic per stack, one email subscription each). */
  alarmEmails: string[];
}

/** What a stack file may hold: every key optional but `environment` and `hostedUiDomainPrefix`. */
export type RawStackConfig = Partial<Omit<StackSettings, "waf" | "email" | "apiRateLimits">> & {
  waf?: Partial<Omit<WafSettings, "operationLimits">> & { operationLimits?: Partial<Record<RateLimitedOperation, number>> };
  email?: Partial<EmailSettings>;
  apiRateLimits?: Partial<ApiRateLimits>;
};

const key = (name: string) => `${PROJECT}:${name}`;

export const DEFAULT_WAF: WafSettings = {
  operationLimits: { SignUp: 20, ConfirmSignUp: 30, ResendConfirmationCode: 10, ForgotPassword: 10, ConfirmForgotPassword: 20, InitiateAuth: 60 },
  overallLimit: 600,
  windowSeconds: 300,
  captchaOnHostedUiSignUp: false,
};

export const DEFAULT_API_RATE_LIMITS: ApiRateLimits = {
  registerPerHour: 5,
  verifyPerHour: 3,
  resendPerHour: 5,
  loginPer15Min: 10,
  forgotPerHour: 5,
  codeAttemptsPerCode: 10,
  loginFailuresPerIp15Min: 30,
  emailsPerIpPerHour: 20,
};

/** What each stack setting must look like, so a typo or a wrong type is named before anything else reads it. */
const SETTING_KINDS = {
  environment: "string",
  featurePlan: "string",
  passwordHistorySize: "number",
  temporaryPasswordValidityDays: "number",
  internalEmailDomains: "list",
  allowInternalSubdomains: "boolean",
  autoVerifyInternalEmails: "boolean",
  bootstrapAdminEmails: "list",
  passwordMinLength: "number",
  roles: "list",
  productName: "string",
  supportEmail: "string",
  passwordRequiredClientIds: "list",
  captchaOnRegister: "boolean",
  concealExistingAccounts: "boolean",
  breachedPasswordCheck: "boolean",
  breachedPasswordApiUrl: "string",
  pagesBaseUrl: "string",
  email: "object",
  hostedUiDomainPrefix: "string",
  hostedUiPublicClient: "boolean",
  callbackUrls: "list",
  logoutUrls: "list",
  waf: "object",
  threatProtection: "string",
  logRetentionDays: "number",
  corsAllowedOrigins: "list",
  apiRateLimits: "object",
  alarmEmails: "list",
} as const satisfies Record<keyof StackSettings, string>;
export const STACK_SETTING_NAMES = Object.keys(SETTING_KINDS) as Array<keyof StackSettings>;

/** The keys each object setting accepts. */
const OBJECT_KEYS: Record<string, readonly string[]> = {
  email: ["sender", "sesIdentityArn", "fromAddress", "replyTo"],
  waf: ["operationLimits", "overallLimit", "windowSeconds", "captchaOnHostedUiSignUp"],
  apiRateLimits: Object.keys(DEFAULT_API_RATE_LIMITS),
};

const EXAMPLE: Record<(typeof SETTING_KINDS)[keyof typeof SETTING_KINDS], string> = {
  string: 'a text value, e.g. "dev"',
  number: "a number, e.g. 12",
  boolean: "true or false",
  list: 'a list of text values, e.g. ["igad.int"]',
  object: "a block of keys (see the README's settings table)",
};

/**
 * Refuses settings this program does not know (a misspelt key would otherwise be
 * ignored silently) and values of the wrong kind, naming the config key.
 */
export function checkStackConfigShape(raw: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const kind = (SETTING_KINDS as Record<string, keyof typeof EXAMPLE>)[name];
    if (!kind) throw new SettingsError(key(name), `not a setting of this stack; the settings are ${STACK_SETTING_NAMES.join(", ")}`);
    const ok =
      kind === "list"
        ? Array.isArray(value) && value.every((v) => typeof v === "string")
        : kind === "object"
          ? typeof value === "object" && value !== null && !Array.isArray(value)
          : typeof value === kind;
    if (!ok) throw new SettingsError(key(name), `write ${EXAMPLE[kind]}`);
    const allowed = OBJECT_KEYS[name];
    if (allowed) {
      for (const inner of Object.keys(value as object)) {
        if (!allowed.includes(inner)) throw new SettingsError(key(`${name}.${inner}`), `not a setting; under ${name} write ${allowed.join(", ")}`);
      }
    }
  }
}

export function resolveStackSettings(raw: RawStackConfig): StackSettings {
  checkStackConfigShape(raw as Record<string, unknown>);
  const environment = raw.environment;
  if (environment !== "dev" && environment !== "prod") throw new SettingsError(key("environment"), 'write "dev" or "prod"');

  const accountNames = Object.fromEntries(Object.keys(SETTINGS_ENV).map((k) => [k, key(k)])) as typeof SETTINGS_ENV;
  const account = resolveSettings(
    {
      internalEmailDomains: raw.internalEmailDomains,
      allowInternalSubdomains: raw.allowInternalSubdomains,
      autoVerifyInternalEmails: raw.autoVerifyInternalEmails,
      bootstrapAdminEmails: raw.bootstrapAdminEmails,
      passwordMinLength: raw.passwordMinLength,
      roles: raw.roles,
      productName: raw.productName,
      supportEmail: raw.supportEmail,
      passwordRequiredClientIds: raw.passwordRequiredClientIds,
      captchaOnRegister: raw.captchaOnRegister,
      concealExistingAccounts: raw.concealExistingAccounts,
      breachedPasswordCheck: raw.breachedPasswordCheck,
      breachedPasswordApiUrl: raw.breachedPasswordApiUrl,
      pagesBaseUrl: raw.pagesBaseUrl,
    },
    accountNames,
  );

  const featurePlan = raw.featurePlan ?? "essentials";
  if (!["lite", "essentials", "plus"].includes(featurePlan)) throw new SettingsError(key("featurePlan"), 'write "lite", "essentials" or "plus"');

  const passwordHistorySize = raw.passwordHistorySize ?? (featurePlan === "lite" ? 0 : 5);
  if (!Number.isInteger(passwordHistorySize) || passwordHistorySize < 0 || passwordHistorySize > 24) {
    throw new SettingsError(key("passwordHistorySize"), "write a whole number from 0 to 24");
  }
  if (passwordHistorySize > 0 && featurePlan === "lite") {
    throw new SettingsError(key("passwordHistorySize"), 'password history needs the Essentials or Plus plan: set featurePlan to "essentials", or passwordHistorySize to 0');
  }
  const temporaryPasswordValidityDays = raw.temporaryPasswordValidityDays ?? 7;
  if (!Number.isInteger(temporaryPasswordValidityDays) || temporaryPasswordValidityDays < 1 || temporaryPasswordValidityDays > 365) {
    throw new SettingsError(key("temporaryPasswordValidityDays"), "write a whole number of days from 1 to 365");
  }

  const email = resolveEmail(raw.email ?? {}, environment);
  const hostedUiDomainPrefix = raw.hostedUiDomainPrefix ?? "";
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(hostedUiDomainPrefix) || /aws|amazon|cognito/.test(hostedUiDomainPrefix)) {
    throw new SettingsError(key("hostedUiDomainPrefix"), 'write lower-case letters, digits and hyphens, unique in the region, without "aws", "amazon" or "cognito", e.g. "igad-hub-dev"');
  }
  const hostedUiPublicClient = raw.hostedUiPublicClient ?? false;
  const callbackUrls = urls(raw.callbackUrls ?? [], "callbackUrls", true);
  const logoutUrls = urls(raw.logoutUrls ?? [], "logoutUrls", false);

  const waf = resolveWaf(raw.waf ?? {});
  const threatProtection = raw.threatProtection ?? "off";
  if (!["off", "audit", "enforced"].includes(threatProtection)) throw new SettingsError(key("threatProtection"), 'write "off", "audit" or "enforced"');
  if (threatProtection !== "off" && featurePlan !== "plus") {
    throw new SettingsError(key("threatProtection"), 'threat protection needs the Plus plan: set featurePlan to "plus", or threatProtection to "off"');
  }
  const logRetentionDays = raw.logRetentionDays ?? (environment === "prod" ? 365 : 14);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    throw new SettingsError(key("logRetentionDays"), `write one of ${LOG_RETENTION_DAYS.join(", ")}`);
  }
  const corsAllowedOrigins = urls(raw.corsAllowedOrigins ?? [], "corsAllowedOrigins", false).map((u) => new URL(u).origin);
  const apiRateLimits = { ...DEFAULT_API_RATE_LIMITS, ...(raw.apiRateLimits ?? {}) };
  for (const [name, value] of Object.entries(apiRateLimits)) {
    if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new SettingsError(key(`apiRateLimits.${name}`), "write a whole number from 1 to 10000");
  }

  const alarmEmails = raw.alarmEmails ?? [];
  if (environment === "prod" && alarmEmails.length === 0) {
    throw new SettingsError(key("alarmEmails"), 'prod alarms must reach someone: list at least one address, e.g. ["ops@igad.int"] (each confirms the email SNS sends it)');
  }
  for (const address of alarmEmails) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new SettingsError(key("alarmEmails"), `"${address}" is not an email address; write e.g. ["ops@igad.int"]`);
  }

  return {
    ...account,
    environment,
    featurePlan,
    passwordHistorySize,
    temporaryPasswordValidityDays,
    email,
    hostedUiDomainPrefix,
    hostedUiPublicClient,
    callbackUrls,
    logoutUrls,
    waf,
    threatProtection,
    logRetentionDays,
    corsAllowedOrigins,
    apiRateLimits,
    alarmEmails,
  };
}

function resolveEmail(raw: Partial<EmailSettings>, environment: Environment): EmailSettings {
  const sender = raw.sender ?? "ses";
  if (sender !== "ses" && sender !== "cognito") throw new SettingsError(key("email.sender"), 'write "ses" or "cognito"');
  if (sender === "cognito") {
    if (environment === "prod") {
      throw new SettingsError(key("email.sender"), 'Cognito\'s default sender allows 50 emails a day and no branded email: use "ses" in prod, with email.sesIdentityArn and email.fromAddress');
    }
    return { sender };
  }
  if (!raw.sesIdentityArn || !/^arn:aws[\w-]*:ses:[\w-]+:\d{12}:identity\/.+$/.test(raw.sesIdentityArn)) {
    throw new SettingsError(key("email.sesIdentityArn"), "write the ARN of a verified SES identity, e.g. arn:aws:ses:us-east-1:123456789012:identity/igad.int");
  }
  if (!raw.fromAddress || !/^[^\s@]+@[^\s@]+$|^.+<[^\s@]+@[^\s@]+>$/.test(raw.fromAddress)) {
    throw new SettingsError(key("email.fromAddress"), 'write the sender, e.g. "IGAD Innovation Hub <no-reply@igad.int>"');
  }
  if (raw.replyTo !== undefined && !/^[^\s@]+@[^\s@]+$/.test(raw.replyTo)) throw new SettingsError(key("email.replyTo"), "write an email address");
  return { sender, sesIdentityArn: raw.sesIdentityArn, fromAddress: raw.fromAddress, replyTo: raw.replyTo };
}

function resolveWaf(raw: NonNullable<RawStackConfig["waf"]>): WafSettings {
  const waf: WafSettings = {
    ...DEFAULT_WAF,
    ...raw,
    operationLimits: { ...DEFAULT_WAF.operationLimits, ...(raw.operationLimits ?? {}) },
  };
  if (!(WAF_WINDOWS as readonly number[]).includes(waf.windowSeconds)) {
    throw new SettingsError(key("waf.windowSeconds"), "write 60, 120, 300 or 600 (the windows WAF supports)");
  }
  const limits: Array<[string, number]> = [...Object.entries(waf.operationLimits), ["overallLimit", waf.overallLimit]];
  for (const [name, limit] of limits) {
    if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000) {
      const where = name === "overallLimit" ? "waf.overallLimit" : `waf.operationLimits.${name}`;
      throw new SettingsError(key(where), "WAF rate limits start at 10 requests per window: write a whole number of 10 or more");
    }
  }
  for (const name of Object.keys(waf.operationLimits)) {
    if (!(RATE_LIMITED_OPERATIONS as readonly string[]).includes(name)) {
      throw new SettingsError(key(`waf.operationLimits.${name}`), `not an operation this stack limits; use one of ${RATE_LIMITED_OPERATIONS.join(", ")}`);
    }
  }
  return waf;
}

function urls(values: string[], name: string, required: boolean): string[] {
  if (!Array.isArray(values)) throw new SettingsError(key(name), "write a list of URLs");
  if (required && values.length === 0) throw new SettingsError(key(name), "list at least one URL, e.g. https://hub.igad.int/auth/callback");
  return values.map((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new SettingsError(key(name), `"${value}" is not a URL`);
    }
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
      throw new SettingsError(key(name), `"${value}" must use https (http only for localhost)`);
    }
    return value;
  });
}

/**
 * Reads the current stack's config (Pulumi.<stack>.yaml): every `igad-auth:` key,
 * known or not, so a misspelt one is refused rather than ignored.
 */
export function readStackSettings(config: Record<string, string> = pulumi.runtime.allConfig()): StackSettings {
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(config)) {
    if (!fullKey.startsWith(`${PROJECT}:`)) continue;
    // Stack files hold strings, numbers, booleans, lists and objects; Pulumi hands over
    // non-strings as JSON text, so JSON that parses is the value and anything else is text.
    const name = fullKey.slice(PROJECT.length + 1);
    if ((SETTING_KINDS as Record<string, string>)[name] === "string") {
      raw[name] = text;
      continue;
    }
    try {
      raw[name] = JSON.parse(text);
    } catch {
      raw[name] = text;
    }
  }
  return resolveStackSettings(raw as RawStackConfig);
}
