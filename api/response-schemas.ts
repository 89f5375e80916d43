/**
 * What each endpoint answers, as zod schemas with their metadata (schemas.ts): only the OpenAPI
 * document reads them (openapi-generator.ts, run at build time for the Lambda bundle), so an API
 * cold start does not build them (about 0.5 ms); ENDPOINTS (openapi.ts) names them.
 */
import * as z from "zod/mini";
import { meta } from "./schemas";

export const RegisterResponse = meta(
  z.object({
    user_id: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    name: z.string(),
    message: z.string(),
    verification_required: z.boolean(),
  }),
  { id: "RegisterResponse" },
);
export const VerifyEmailResponse = meta(z.object({ success: z.boolean(), message: z.string(), email_verified: z.boolean() }), { id: "VerifyEmailResponse" });
export const Delivery = meta(z.object({ DeliveryMedium: z.string(), Destination: z.string() }), { id: "Delivery" });
export const ResendResponse = meta(z.object({ success: z.boolean(), message: z.string(), delivery: Delivery }), { id: "ResendVerificationResponse" });
export const User = meta(z.object({ user_id: z.string(), email: z.string(), role: z.string(), name: z.string(), is_admin: z.boolean() }), { id: "User" });
export const LoginResponse = meta(
  z.object({
    access_token: z.string(),
    refresh_token: z.optional(z.string()),
    token_type: z.literal("bearer"),
    user: User,
    expires_in: z.number(),
    requires_password_change: z.optional(z.boolean()),
    /** Two-step verification is on: POST /api/auth/mfa-challenge with the session and the app's code finishes the sign-in. */
    requires_mfa: z.optional(z.boolean()),
    session: z.optional(z.string()),
    username: z.optional(z.string()),
    message: z.optional(z.string()),
  }),
  { id: "LoginResponse" },
);
export const SuccessResponse = meta(z.object({ success: z.boolean(), message: z.string() }), { id: "SuccessResponse" });
export const MeResponse = meta(
  z.object({
    user_id: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    name: z.string(),
    organization: z.optional(z.string()),
    country: z.optional(z.string()),
    locale: meta(z.optional(z.enum(["en", "fr"])), { description: "The language of the person's emails and pages, when one was chosen" }),
    role: z.string(),
    is_admin: z.boolean(),
    mfa: meta(z.optional(z.boolean()), { description: "Whether two-step verification (an authenticator app) is on" }),
  }),
  { id: "Me" },
);
export const CaptchaChallenge = meta(
  z.object({
    parameters: z.object({
      algorithm: meta(z.string(), { example: "PBKDF2/SHA-256" }),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string(),
      expiresAt: meta(z.number(), { description: "Unix seconds" }),
    }),
    signature: z.string(),
  }),
  { id: "CaptchaChallenge", description: "An ALTCHA (v2 format) proof-of-work challenge: the altcha widget's challenge URL answer" },
);
export const ErrorResponse = meta(z.object({ detail: z.string(), request_id: z.optional(z.string()) }), { id: "Error" });
export const ReadyResponse = meta(
  z.object({
    status: z.enum(["ready", "unavailable"]),
    checks: z.object({ cognito: z.enum(["ok", "unavailable"]), dynamodb: z.enum(["ok", "unavailable"]), jwks: z.enum(["ok", "unavailable"]) }),
  }),
  { id: "Ready" },
);
export const HealthResponse = meta(z.object({ status: z.literal("ok") }), { id: "Health" });
