/** What every route needs, injected by app.ts so tests and the local stack bring their own clients. */
import type { Context } from "hono";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { ApiConfig } from "./config";
import type { RateLimiter, Limit } from "./rate-limiter";
import type { AccessTokenVerifier } from "./tokens";
import type { Captcha } from "./captcha";
import type { CodeAttempts, CodeLimits } from "./code-attempts";
import type { AuditLog } from "./audit-log";
import type { RecordsTable } from "./records-table";
import type { SessionRevocations } from "./session-revocation";
import { canonicalEmail } from "../policies/email-domain";
import { ApiError } from "./api-error";
import { secretHash } from "./secret-hash";

export interface RouteDeps {
  config: ApiConfig;
  cognito: CognitoIdentityProviderClient;
  limiter: RateLimiter;
  limits: Limits;
  verifyAccessToken: AccessTokenVerifier;
  /** The caller's IP, from the platform (API Gateway's request context, or the socket). Never from a header. */
  clientIp: (c: Context) => string;
  secretHash: (username: string) => string;
  /** The CAPTCHA on registration: challenges and one-time verification (captcha.ts). */
  captcha: Captcha;
  /** Sign-outs and logged-out sign-ins the API refuses tokens of (session-revocation.ts). */
  sessions: SessionRevocations;
  /** Attempts per emailed code (code-attempts.ts). */
  codes: CodeAttempts;
  /** Small records beside the counters (records-table.ts). */
  records: RecordsTable;
  /** Who did what (audit-log.ts). */
  audit: AuditLog;
}

export interface Limits {
  /** Sign-ups that reach the pool, per source address. */
  register: Limit;
  verify: CodeLimits;
  reset: CodeLimits;
  /** New verification codes, per source address and email. */
  resend: Limit;
  /** Reset codes, per source address and email. */
  forgot: Limit;
  /** Emails the API has Cognito send, per source address across every email. */
  emailsFromIp: Limit;
  /** Sign-ins per source address and email (all attempts). */
  login: Limit;
  /** Failed sign-ins per source address across every account. */
  loginFailures: Limit;
  /** Password checks with an access token, per user from anywhere. */
  reauth: Limit;
}

/**
 * The API's limits. None counts per email from anywhere: a stranger with many source addresses
 * could then lock the owner out. What is per email is also per source address, and what
 * protects an account from many addresses is per code (code-attempts.ts) or per signed-in user.
 */
export function limitsFor(config: ApiConfig): Limits {
  const r = config.rateLimits;
  const codeLimits = (name: string, what: string): CodeLimits => ({
    perSource: { name: `${name}-code-ip`, max: r.verifyPerHour, windowSeconds: 3600, detail: `Too many ${what} attempts with this code. Request a new code, or try again later.` },
    fromAnywhere: { name: `${name}-code`, max: r.codeAttemptsPerCode, windowSeconds: 3600, detail: `Too many ${what} attempts with this code. Request a new code, or try again later.` },
  });
  return {
    register: { name: "register-ip", max: r.registerPerHour, windowSeconds: 3600, detail: "Too many registration attempts. Please try again later." },
    verify: codeLimits("verify", "verification"),
    // Guessing a reset code is the same attack as guessing a verification code: the same numbers, its own counters.
    reset: codeLimits("reset", "password reset"),
    resend: { name: "resend-ip-email", max: r.resendPerHour, windowSeconds: 3600, detail: "Too many verification code requests. Please try again later." },
    forgot: { name: "forgot-ip-email", max: r.forgotPerHour, windowSeconds: 3600, detail: "Too many password reset requests. Please try again later." },
    emailsFromIp: { name: "emails-ip", max: r.emailsPerIpPerHour, windowSeconds: 3600, detail: "Too many emails requested from this network. Please try again later." },
    login: { name: "login-ip-user", max: r.loginPer15Min, windowSeconds: 900, detail: "Too many sign-in attempts. Please try again later." },
    loginFailures: { name: "login-failures-ip", max: r.loginFailuresPerIp15Min, windowSeconds: 900, detail: "Too many failed sign-in attempts from this network. Please try again later." },
    // Checking the current password with an access token (DELETE /me, change-password): one counter per
    // user whatever the caller's IP, so a stolen token cannot guess the password from many addresses.
    // Each route words its own 429 (`{ ...reauth, detail }`); the counter is the name's.
    reauth: { name: "reauth-user", max: r.loginPer15Min, windowSeconds: 900, detail: "Too many password attempts. Please try again later." },
  };
}

export const hashFor = (config: ApiConfig) => (username: string) => secretHash(username, config.clientId, config.clientSecret);

/**
 * An `email` (or login `username`) field in its canonical form (policies/email-domain.ts):
 * the only form the API sends to Cognito, compares and keys counters on. Anything else,
 * a user id included, is the reference's 400 "Invalid email format".
 */
export function emailField(raw: string): string {
  const email = canonicalEmail(raw);
  if (!email) throw new ApiError(400, "Invalid email format");
  return email;
}
