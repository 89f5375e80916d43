/**
 * What each endpoint accepts, as zod schemas: the same objects validate requests and generate the
 * OpenAPI document (what each answers is in response-schemas.ts, which only the document needs).
 * Request objects are strict: an unknown field (such as `role` or `custom:role`) is refused, not ignored.
 * Examples, descriptions and component names (`id`) are zod's own metadata (the global
 * registry that `.meta` writes), which zod-to-openapi reads: nothing extends zod at load, so the
 * Lambda bundle does not carry zod-to-openapi (scripts/build.mjs generates the document at build
 * time, openapi-generator.ts).
 */
// zod/mini, not zod: the same validation core and issues (so the same 400 answers), without
// classic zod's methods (zod was 90 KB of the API bundle, 20 KB as mini) or a copy of the schema at
// each .meta(); about 7 ms less CPU at every cold start of the API, with captcha.ts on mini too.
// Mini leaves out the memoizer, which only matters for inputs with reference cycles: JSON has none.
import * as z from "zod/mini";
import { MAX_PASSWORD_LENGTH } from "../policies/settings";
import { MAX_EMAIL_LENGTH } from "../policies/email-domain";
import { MAX_PAYLOAD_LENGTH as MAX_CAPTCHA_PAYLOAD_LENGTH } from "./captcha";

/** Classic zod's `.meta(data)`, without the copy: registers `data` for this very schema. */
export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  z.globalRegistry.add(schema as z.ZodMiniType, data);
  return schema;
}
const text = (maximum: number) => z.string().check(z.maxLength(maximum));

const email = meta(text(MAX_EMAIL_LENGTH), { example: "newuser@igad.int" });
const password = meta(z.string().check(z.minLength(1), z.maxLength(MAX_PASSWORD_LENGTH)), { example: "Tangerine-Orbit-Velvet-73" });
const code = meta(z.string().check(z.regex(/^\d{6}$/)), { example: "123456" });
const token = z.string().check(z.minLength(1), z.maxLength(8192));
/** The account's language: its emails (the custom message trigger reads the `locale` attribute) and pages. */
const locale = meta(z.optional(z.custom<"en" | "fr">((v) => v === "en" || v === "fr", { message: 'locale must be "en" or "fr"' })), {
  type: "string",
  enum: ["en", "fr"],
  description: "The language of emails and pages",
});

export const RegisterRequest = meta(
  z.strictObject({
    email,
    password,
    name: meta(text(400), { example: "John Doe" }),
    organization: meta(z.optional(text(400)), { example: "IGAD ICPAC" }),
    country: meta(z.optional(text(400)), { example: "Kenya" }),
    altcha: meta(z.optional(text(MAX_CAPTCHA_PAYLOAD_LENGTH)), { description: "The solved CAPTCHA (GET /api/auth/captcha): the altcha widget's base64 payload; required when the stack's captchaOnRegister is on" }),
    locale,
  }),
  { id: "RegisterRequest" },
);

export const VerifyEmailRequest = meta(z.strictObject({ email, code }), { id: "VerifyEmailRequest" });
export const EmailOnlyRequest = meta(z.strictObject({ email }), { id: "EmailRequest" });
export const LoginRequest = meta(z.strictObject({ username: email, password }), { id: "LoginRequest" });
export const CompletePasswordChangeRequest = meta(
  z.strictObject({ username: email, session: z.string().check(z.minLength(1), z.maxLength(4096)), new_password: password }),
  { id: "CompletePasswordChangeRequest" },
);
export const ResetPasswordRequest = meta(z.strictObject({ email, code, new_password: password }), { id: "ResetPasswordRequest" });
const RefreshFields = z.strictObject({
  refresh_token: token,
  user_id: meta(z.optional(z.string().check(z.minLength(1), z.maxLength(128))), { description: "user.user_id from the login answer (Cognito's SECRET_HASH for a refresh is computed over the user's Cognito username, which is this id)" }),
  username: meta(z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_EMAIL_LENGTH))), { description: "Instead of user_id: the email logged in with (costs one more Cognito call)" }),
});
export const RefreshRequest = meta(
  RefreshFields.check(z.refine<z.infer<typeof RefreshFields>>((r) => r.user_id !== undefined || r.username !== undefined, { message: "user_id or username is required", path: ["user_id"] })),
  { id: "RefreshRequest" },
);
export const DeleteMeRequest = meta(z.strictObject({ password }), { id: "DeleteMeRequest" });
export const LogoutRequest = meta(z.strictObject({ refresh_token: token }), { id: "LogoutRequest" });
export const ChangePasswordRequest = meta(z.strictObject({ current_password: password, new_password: password }), { id: "ChangePasswordRequest" });
const profileText = (example: string, description?: string) => meta(z.optional(text(400)), description === undefined ? { example } : { example, description });
export const UpdateProfileRequest = meta(
  z.strictObject({
    name: profileText("John Doe"),
    organization: profileText("IGAD ICPAC", "An empty string clears it"),
    country: profileText("Kenya", "ISO 3166-1 name or two-letter code; an empty string clears it"),
    locale,
  }),
  { id: "UpdateProfileRequest" },
);

// Two-step verification (api/routes/mfa.ts)
const totpCode = meta(z.string().check(z.regex(/^\d{6}$/)), { example: "123456", description: "The 6-digit code the authenticator app shows" });
export const MfaSetupRequest = meta(z.strictObject({ password }), { id: "MfaSetupRequest" });
export const MfaVerifyRequest = meta(z.strictObject({ code: totpCode }), { id: "MfaVerifyRequest" });
export const MfaDisableRequest = meta(z.strictObject({ password, code: totpCode }), { id: "MfaDisableRequest" });
export const MfaChallengeRequest = meta(
  z.strictObject({ username: email, session: z.string().check(z.minLength(1), z.maxLength(4096)), code: totpCode }),
  { id: "MfaChallengeRequest" },
);

// Administration (api/routes/admin.ts)
const role = meta(text(32), { example: "admin" });
export const InviteRequest = meta(
  z.strictObject({
    email,
    name: meta(text(400), { example: "Amina Hassan" }),
    organization: meta(z.optional(text(400)), { example: "IGAD ICPAC" }),
    country: meta(z.optional(text(400)), { example: "Kenya" }),
    role: z.optional(role),
    locale: meta(z.optional(z.custom<"en" | "fr">((v) => v === "en" || v === "fr", { message: 'locale must be "en" or "fr"' })), { type: "string", enum: ["en", "fr"] }),
  }),
  { id: "InviteRequest" },
);
export const RoleChangeRequest = meta(z.strictObject({ role }), { id: "RoleChangeRequest" });
