/**
 * Request and response shapes of every endpoint, as zod schemas: the same objects
 * validate requests and generate the OpenAPI document. Request objects are strict:
 * an unknown field (such as `role` or `custom:role`) is refused, not ignored.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "../policies/settings";
import { MAX_EMAIL_LENGTH } from "../policies/email-domain";
import { MAX_PAYLOAD_LENGTH as MAX_CAPTCHA_PAYLOAD_LENGTH } from "./captcha";

extendZodWithOpenApi(z);

const email = z.string().max(MAX_EMAIL_LENGTH).openapi({ example: "newuser@igad.int" });
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH).openapi({ example: "Tangerine-Orbit-Velvet-73" });
const code = z.string().regex(/^\d{6}$/).openapi({ example: "123456" });
const token = z.string().min(1).max(8192);

export const RegisterRequest = z
  .object({
    email,
    password,
    name: z.string().max(400).openapi({ example: "John Doe" }),
    organization: z.string().max(400).optional().openapi({ example: "IGAD ICPAC" }),
    country: z.string().max(400).optional().openapi({ example: "Kenya" }),
    altcha: z.string().max(MAX_CAPTCHA_PAYLOAD_LENGTH).optional().openapi({ description: "The solved CAPTCHA (GET /api/auth/captcha): the altcha widget's base64 payload; required when the stack's captchaOnRegister is on" }),
  })
  .strict()
  .openapi("RegisterRequest");

export const RegisterResponse = z
  .object({
    user_id: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    name: z.string(),
    message: z.string(),
    verification_required: z.boolean(),
  })
  .openapi("RegisterResponse");

export const VerifyEmailRequest = z.object({ email, code }).strict().openapi("VerifyEmailRequest");
export const VerifyEmailResponse = z.object({ success: z.boolean(), message: z.string(), email_verified: z.boolean() }).openapi("VerifyEmailResponse");

export const EmailOnlyRequest = z.object({ email }).strict().openapi("EmailRequest");
export const Delivery = z.object({ DeliveryMedium: z.string(), Destination: z.string() }).openapi("Delivery");
export const ResendResponse = z.object({ success: z.boolean(), message: z.string(), delivery: Delivery }).openapi("ResendVerificationResponse");

export const LoginRequest = z.object({ username: email, password }).strict().openapi("LoginRequest");
export const User = z
  .object({ user_id: z.string(), email: z.string(), role: z.string(), name: z.string(), is_admin: z.boolean() })
  .openapi("User");
export const LoginResponse = z
  .object({
    access_token: z.string(),
    refresh_token: z.string().optional(),
    token_type: z.literal("bearer"),
    user: User,
    expires_in: z.number(),
    requires_password_change: z.boolean().optional(),
    session: z.string().optional(),
    username: z.string().optional(),
    message: z.string().optional(),
  })
  .openapi("LoginResponse");

export const CompletePasswordChangeRequest = z
  .object({ username: email, session: z.string().min(1).max(4096), new_password: password })
  .strict()
  .openapi("CompletePasswordChangeRequest");
export const ResetPasswordRequest = z.object({ email, code, new_password: password }).strict().openapi("ResetPasswordRequest");
export const RefreshRequest = z
  .object({
    refresh_token: token,
    user_id: z.string().min(1).max(128).optional().openapi({ description: "user.user_id from the login answer (Cognito's SECRET_HASH for a refresh is computed over the user's Cognito username, which is this id)" }),
    username: z.string().min(1).max(MAX_EMAIL_LENGTH).optional().openapi({ description: "Instead of user_id: the email logged in with (costs one more Cognito call)" }),
  })
  .strict()
  .refine((r) => r.user_id !== undefined || r.username !== undefined, { message: "user_id or username is required", path: ["user_id"] })
  .openapi("RefreshRequest");
export const DeleteMeRequest = z.object({ password }).strict().openapi("DeleteMeRequest");
export const LogoutRequest = z.object({ refresh_token: token }).strict().openapi("LogoutRequest");
export const SuccessResponse = z.object({ success: z.boolean(), message: z.string() }).openapi("SuccessResponse");
export const MeResponse = z
  .object({
    user_id: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    name: z.string(),
    organization: z.string().optional(),
    country: z.string().optional(),
    role: z.string(),
    is_admin: z.boolean(),
  })
  .openapi("Me");
export const ChangePasswordRequest = z.object({ current_password: password, new_password: password }).strict().openapi("ChangePasswordRequest");
const profileText = (example: string) => z.string().max(400).optional().openapi({ example });
export const UpdateProfileRequest = z
  .object({
    name: profileText("John Doe"),
    organization: profileText("IGAD ICPAC").openapi({ description: "An empty string clears it" }),
    country: profileText("Kenya").openapi({ description: "ISO 3166-1 name or two-letter code; an empty string clears it" }),
    locale: z
      .custom<"en" | "fr">((v) => v === "en" || v === "fr", { message: 'locale must be "en" or "fr"' })
      .optional()
      .openapi({ type: "string", enum: ["en", "fr"], description: "The language of emails and pages" }),
  })
  .strict()
  .openapi("UpdateProfileRequest");
export const CaptchaChallenge = z
  .object({
    parameters: z.object({
      algorithm: z.string().openapi({ example: "PBKDF2/SHA-256" }),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string(),
      expiresAt: z.number().openapi({ description: "Unix seconds" }),
    }),
    signature: z.string(),
  })
  .openapi("CaptchaChallenge", { description: "An ALTCHA (v2 format) proof-of-work challenge: the altcha widget's challenge URL answer" });
export const ErrorResponse = z.object({ detail: z.string(), request_id: z.string().optional() }).openapi("Error");
export const ReadyResponse = z
  .object({
    status: z.enum(["ready", "unavailable"]),
    checks: z.object({ cognito: z.enum(["ok", "unavailable"]), dynamodb: z.enum(["ok", "unavailable"]), jwks: z.enum(["ok", "unavailable"]) }),
  })
  .openapi("Ready");
export const HealthResponse = z.object({ status: z.literal("ok") }).openapi("Health");
