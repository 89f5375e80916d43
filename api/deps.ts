/** What every route needs, injected by app.ts so tests and the local stack bring their own clients. */
import type { Context } from "hono";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { ApiConfig } from "./config";
import type { RateLimiter, Limit } from "./rate-limiter";
import type { AccessTokenVerifier } from "./tokens";
import type { Captcha } from "./captcha";
import { canonicalEmail } from "../policies/email-domain";
import { ApiError } from "./api-error";
import { secretHash } from "./secret-hash";

export interface RouteDeps {
  config: ApiConfig;
  cognito: CognitoIdentityProviderClient;
  limiter: RateLimiter;
  limits: Record<"register" | "verify" | "reset" | "resend" | "login" | "forgot" | "reauth", Limit>;
  verifyAccessToken: AccessTokenVerifier;
  /** The caller's IP, from the platform (API Gateway's request context, or the socket). Never from a header. */
  clientIp: (c: Context) => string;
  secretHash: (username: string) => string;
  /** The CAPTCHA on registration: challenges and one-time verification (captcha.ts). */
  captcha: Captcha;
}

export function limitsFor(config: ApiConfig): RouteDeps["limits"] {
  const r = config.rateLimits;
  return {
    register: { name: "register-ip", max: r.registerPerHour, windowSeconds: 3600, detail: "Too many registration attempts. Please try again later." },
    verify: { name: "verify-email", max: r.verifyPerHour, windowSeconds: 3600, detail: "Too many verification attempts. Please try again later." },
    // Guessing a reset code is the same attack as guessing a verification code: the same number, its own counter.
    reset: { name: "reset-email", max: r.verifyPerHour, windowSeconds: 3600, detail: "Too many password reset attempts. Please try again later." },
    resend: { name: "resend-email", max: r.resendPerHour, windowSeconds: 3600, detail: "Too many verification code requests. Please try again later." },
    login: { name: "login-ip-user", max: r.loginPer15Min, windowSeconds: 900, detail: "Authentication error: TooManyRequestsException" },
    forgot: { name: "forgot-email", max: r.forgotPerHour, windowSeconds: 3600, detail: "Too many password reset requests. Please try again later." },
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
