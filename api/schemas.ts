/**
 * Request and response shapes of every endpoint, as zod schemas: the same objects
 * validate requests and generate the OpenAPI document. Request objects are strict:
 * an unknown field (such as `role` or `custom:role`) is refused, not ignored.
 * Examples, descriptions and component names (`id`) are zod's own metadata (`.meta`), which
 * zod-to-openapi reads: nothing extends zod at load, so the Lambda bundle does not carry
 * zod-to-openapi (scripts/build.mjs generates the document at build time, openapi-generator.ts).
 */
// A namespace import, not `import { z }`: esbuild can then leave out the zod it never reaches
// (z.compile, the JSON Schema reader: 100 KB) instead of compiling it at every cold start of the API.
import * as z from "zod";
import { MAX_PASSWORD_LENGTH } from "../policies/settings";
import { MAX_EMAIL_LENGTH } from "../policies/email-domain";
import { MAX_PAYLOAD_LENGTH as MAX_CAPTCHA_PAYLOAD_LENGTH } from "./captcha";

const email = z.string().max(MAX_EMAIL_LENGTH).meta({ example: "newuser@igad.int" });
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH).meta({ example: "Tangerine-Orbit-Velvet-73" });
const code = z.string().regex(/^\d{6}$/).meta({ example: "123456" });
const token = z.string().min(1).max(8192);

export const RegisterRequest = z
  .object({
    email,
    password,
    name: z.string().max(400).meta({ example: "John Doe" }),
    organization: z.string().max(400).optional().meta({ example: "IGAD ICPAC" }),
    country: z.string().max(400).optional().meta({ example: "Kenya" }),
    altcha: z.string().max(MAX_CAPTCHA_PAYLOAD_LENGTH).optional().meta({ description: "The solved CAPTCHA (GET /api/auth/captcha): the altcha widget's base64 payload; required when the stack's captchaOnRegister is on" }),
  })
  .strict()
  .meta({ id: "RegisterRequest" });

export const RegisterResponse = z
  .object({
    user_id: z.string(),
    email: z.string(),
    email_verified: z.boolean(),
    name: z.string(),
    message: z.string(),
    verification_required: z.boolean(),
  })
  .meta({ id: "RegisterResponse" });

export const VerifyEmailRequest = z.object({ email, code }).strict().meta({ id: "VerifyEmailRequest" });
export const VerifyEmailResponse = z.object({ success: z.boolean(), message: z.string(), email_verified: z.boolean() }).meta({ id: "VerifyEmailResponse" });

export const EmailOnlyRequest = z.object({ email }).strict().meta({ id: "EmailRequest" });
export const Delivery = z.object({ DeliveryMedium: z.string(), Destination: z.string() }).meta({ id: "Delivery" });
export const ResendResponse = z.object({ success: z.boolean(), message: z.string(), delivery: Delivery }).meta({ id: "ResendVerificationResponse" });

export const LoginRequest = z.object({ username: email, password }).strict().meta({ id: "LoginRequest" });
export const User = z
  .object({ user_id: z.string(), email: z.string(), role: z.string(), name: z.string(), is_admin: z.boolean() })
  .meta({ id: "User" });
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
  .meta({ id: "LoginResponse" });

export const CompletePasswordChangeRequest = z
  .object({ username: email, session: z.string().min(1).max(4096), new_password: password })
  .strict()
  .meta({ id: "CompletePasswordChangeRequest" });
export const ResetPasswordRequest = z.object({ email, code, new_password: password }).strict().meta({ id: "ResetPasswordRequest" });
export const RefreshRequest = z
  .object({
    refresh_token: token,
    user_id: z.string().min(1).max(128).optional().meta({ description: "user.user_id from the login answer (Cognito's SECRET_HASH for a refresh is computed over the user's Cognito username, which is this id)" }),
    username: z.string().min(1).max(MAX_EMAIL_LENGTH).optional().meta({ description: "Instead of user_id: the email logged in with (costs one more Cognito call)" }),
  })
  .strict()
  .refine((r) => r.user_id !== undefined || r.username !== undefined, { message: "user_id or username is required", path: ["user_id"] })
  .meta({ id: "RefreshRequest" });
export const DeleteMeRequest = z.object({ password }).strict().meta({ id: "DeleteMeRequest" });
export const LogoutRequest = z.object({ refresh_token: token }).strict().meta({ id: "LogoutRequest" });
export const SuccessResponse = z.object({ success: z.boolean(), message: z.string() }).meta({ id: "SuccessResponse" });
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
  .meta({ id: "Me" });
export const ChangePasswordRequest = z.object({ current_password: password, new_password: password }).strict().meta({ id: "ChangePasswordRequest" });
const profileText = (example: string) => z.string().max(400).optional().meta({ example });
export const UpdateProfileRequest = z
  .object({
    name: profileText("John Doe"),
    organization: profileText("IGAD ICPAC").meta({ description: "An empty string clears it" }),
    country: profileText("Kenya").meta({ description: "ISO 3166-1 name or two-letter code; an empty string clears it" }),
    locale: z
      .custom<"en" | "fr">((v) => v === "en" || v === "fr", { message: 'locale must be "en" or "fr"' })
      .optional()
      .meta({ type: "string", enum: ["en", "fr"], description: "The language of emails and pages" }),
  })
  .strict()
  .meta({ id: "UpdateProfileRequest" });
export const CaptchaChallenge = z
  .object({
    parameters: z.object({
      algorithm: z.string().meta({ example: "PBKDF2/SHA-256" }),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string(),
      expiresAt: z.number().meta({ description: "Unix seconds" }),
    }),
    signature: z.string(),
  })
  .meta({ id: "CaptchaChallenge",  description: "An ALTCHA (v2 format) proof-of-work challenge: the altcha widget's challenge URL answer" });
export const ErrorResponse = z.object({ detail: z.string(), request_id: z.string().optional() }).meta({ id: "Error" });
export const ReadyResponse = z
  .object({
    status: z.enum(["ready", "unavailable"]),
    checks: z.object({ cognito: z.enum(["ok", "unavailable"]), dynamodb: z.enum(["ok", "unavailable"]), jwks: z.enum(["ok", "unavailable"]) }),
  })
  .meta({ id: "Ready" });
export const HealthResponse = z.object({ status: z.literal("ok") }).meta({ id: "Health" });
