/**
 * The OpenAPI document of every endpoint, generated from the same zod schemas that
 * validate requests (openapi-generator.ts), and a self-contained docs page rendered from it
 * (no CDN: the page must work where the network does not).
 */
import type * as z from "zod/mini";
import type * as Responses from "./response-schemas";
import * as S from "./schemas";
import { generateOpenApiDocument } from "./openapi-generator";

export interface Endpoint {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  request?: z.ZodMiniType;
  /** Its success answer's schema in response-schemas.ts, by name: the API never builds those. */
  response: keyof typeof Responses;
  status?: number;
  errors: Record<number, string>;
  bearer?: boolean;
}

/**
 * Every endpoint, with what each status it can answer says (`detail`, or the body for /api/ready).
 * test/api/openapi-statuses.test.ts walks each route's calls (every error the SDK documents for
 * them, lost answers, limits, settings) and fails when a status it reaches is not listed here or
 * one listed is never reached. The generator adds 413 and 415 to every endpoint with a body and
 * the dependency 503 to every /api/auth/* endpoint but the captcha. A 429's `detail` names the
 * wait ("Please try again in 12 minutes."), as its Retry-After does in seconds.
 */
export const ENDPOINTS: Endpoint[] = [
  { method: "post", path: "/api/auth/register", summary: "Register a new user; a verification code is emailed (internal domains are confirmed at once)", request: S.RegisterRequest, response: "RegisterResponse", status: 201, errors: { 400: "CAPTCHA verification failed (captchaOnRegister on: altcha missing, invalid, expired or already used) / An account with this email already exists / Password does not meet requirements: … / Invalid email format / a profile rule (Name is required, …) or the pre sign-up trigger's message / <field> is required, Malformed JSON body, Unknown field: …", 429: "Too many registration attempts. Please try again in <n> minutes. (another registration of a pending address is checked as a sign-in, so the sign-in limits' texts too)", 500: "Registration failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "post", path: "/api/auth/verify-email", summary: "Confirm the email with the 6-digit code", request: S.VerifyEmailRequest, response: "VerifyEmailResponse", errors: { 400: "Invalid verification code (the same for an unknown, a confirmed and an unconfirmed account, and for an expired code) / An account with this email already exists / Invalid email format", 429: "Too many verification attempts with this code. Request a new code, or try again in <n> minutes. / Too many verification attempts. Please try again in <n> minutes.", 500: "Verification failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "post", path: "/api/auth/resend-verification", summary: "Send a new verification code; the answer (and its timing) is the same for an unconfirmed, a confirmed and an unknown account", request: S.EmailOnlyRequest, response: "ResendResponse", errors: { 400: "Invalid email format", 429: "Too many verification code requests. Please try again in <n> minutes. / Too many emails requested from this network. Please try again in <n> minutes.", 500: "Resending the code failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "post", path: "/api/auth/login", summary: "Log in (ADMIN_USER_PASSWORD_AUTH); may answer requires_password_change or requires_mfa with a session", request: S.LoginRequest, response: "LoginResponse", errors: { 400: "Invalid email format (username must be the email address, not the user id)", 401: "Invalid credentials", 403: "Authentication error: UserNotConfirmedException / PasswordResetRequiredException / <another challenge>", 404: "User not found", 429: "Too many sign-in attempts. Please try again in <n> minutes. / Too many failed sign-in attempts from this network. Please try again in <n> minutes.", 500: "Login failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "post", path: "/api/auth/complete-password-change", summary: "Answer the NEW_PASSWORD_REQUIRED challenge with a new password", request: S.CompletePasswordChangeRequest, response: "LoginResponse", errors: { 400: "Password does not meet requirements: … / An account with this email already exists / Invalid email format", 401: "Invalid credentials (wrong or reused session) / Invalid or expired session", 403: "Authentication error: UserNotConfirmedException / PasswordResetRequiredException", 404: "User not found", 429: "Too many sign-in attempts. Please try again in <n> minutes. / Too many failed sign-in attempts from this network. Please try again in <n> minutes.", 500: "Password change failed: unexpected error (request id …) / Login failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "post", path: "/api/auth/forgot-password", summary: "Email a password reset code (the answer and its timing never reveal whether the account exists)", request: S.EmailOnlyRequest, response: "SuccessResponse", errors: { 400: "Invalid email format", 429: "Too many password reset requests. Please try again in <n> minutes. / Too many emails requested from this network. Please try again in <n> minutes.", 500: "Password reset failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "post", path: "/api/auth/reset-password", summary: "Set a new password with the reset code", request: S.ResetPasswordRequest, response: "SuccessResponse", errors: { 400: "Invalid reset code / Reset code has expired. Request a new one. / Password does not meet requirements: … / Invalid email format", 429: "Too many password reset attempts with this code. Request a new code, or try again in <n> minutes. / Too many password reset attempts. Please try again in <n> minutes. (settling a lost answer signs in with the new password, so the sign-in limits' texts too)", 500: "Password reset failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "post", path: "/api/auth/refresh", summary: "New access and ID tokens from a refresh token; send user_id (or username, the email) for Cognito's SECRET_HASH", request: S.RefreshRequest, response: "LoginResponse", errors: { 400: "user_id or username is required / Invalid email format (username)", 401: "Invalid or expired token", 500: "Refresh failed: unexpected error (request id …) / Login failed: unexpected error (request id …)" } },
  { method: "post", path: "/api/auth/logout", summary: "Revoke the refresh token (and the tokens issued from it)", request: S.LogoutRequest, response: "SuccessResponse", errors: { 400: "refresh_token must be a refresh token", 401: "Invalid or expired token", 500: "Logout failed: unexpected error (request id …) / Internal server error (request id …)" } },
  { method: "get", path: "/api/auth/me", summary: "The signed-in user's profile, role and is_admin", response: "MeResponse", errors: { 401: "Missing or malformed Authorization header: use Bearer <access_token> / Invalid or expired token", 500: "Reading the profile failed: unexpected error (request id …) / Internal server error (request id …)" }, bearer: true },
  { method: "delete", path: "/api/auth/me", summary: "Delete the signed-in user's own account: the access token and the current password", request: S.DeleteMeRequest, response: "SuccessResponse", errors: { 400: "Current password is incorrect / password is required", 401: "Missing or malformed Authorization header: use Bearer <access_token> / Invalid or expired token (or issued more than 60 s in the future)", 429: "Too many sign-in attempts. Please try again in <n> minutes.", 500: "Deleting the account failed: unexpected error (request id …) / Reading the profile failed: … / Internal server error (request id …)" }, bearer: true },
  { method: "patch", path: "/api/auth/me", summary: "Change the signed-in user's name, organization, country or locale (validated as at sign-up); answers as GET /me", request: S.UpdateProfileRequest, response: "MeResponse", errors: { 400: "Name is required / Country must be an ISO 3166-1 country name … / locale must be \"en\" or \"fr\" / Nothing to update: … / Unknown field: …", 401: "Missing or malformed Authorization header: use Bearer <access_token> / Invalid or expired token", 500: "Updating the profile failed: unexpected error (request id …) / Reading the profile failed: … / Internal server error (request id …)" }, bearer: true },
  { method: "post", path: "/api/auth/change-password", summary: "Change the signed-in user's password: the current one and a new one that meets the password policy; every session ends, this one included", request: S.ChangePasswordRequest, response: "SuccessResponse", errors: { 400: "Current password is incorrect / Password does not meet requirements: … (Must differ from the current password, Must not be one of your recent passwords, …)", 401: "Missing or malformed Authorization header: use Bearer <access_token> / Invalid or expired token", 429: "Too many password change attempts. Please try again in <n> minutes.", 500: "Password change failed: unexpected error (request id …) / Reading the profile failed: … / Internal server error (request id …)" }, bearer: true },
  { method: "get", path: "/api/auth/captcha", summary: "A signed ALTCHA proof-of-work challenge (expires after 10 minutes, accepted once) for POST /api/auth/register's altcha field", response: "CaptchaChallenge", errors: {} },
  { method: "get", path: "/api/health", summary: "Liveness", response: "HealthResponse", errors: {} },
  { method: "get", path: "/api/ready", summary: "Readiness: whether Cognito, the rate-limit table and the pool's signing keys answer now (cached 5 s)", response: "ReadyResponse", errors: { 503: "The same body, with status \"unavailable\" and the dependency that is not \"ok\"" } },
];

let cached: object | undefined;

/**
 * Generated on first use from ENDPOINTS; in the Lambda bundle, generateOpenApiDocument returns
 * the document scripts/build.mjs generated from the same sources at build time.
 */
export function openApiDocument(): object {
  cached ??= generateOpenApiDocument(ENDPOINTS);
  return cached;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function docsPage(): string {
  const rows = ENDPOINTS.map(
    (e) => `<tr><td><code>${e.method.toUpperCase()}</code></td><td><code>${escape(e.path)}</code></td><td>${escape(e.summary)}</td><td>${Object.entries(e.errors)
      .map(([s, d]) => `${s}: ${escape(d)}`)
      .join("<br>")}</td></tr>`,
  ).join("");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Auth API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#10202e}table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.4rem .6rem;text-align:left;vertical-align:top}code{font-size:.95em}</style></head>
<body><h1>IGAD Innovation Hub auth API</h1><p>The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What it does</th><th>Errors (JSON <code>{"detail": ...}</code>)</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
