/**
 * The OpenAPI document generated from the zod/mini schemas (api/schemas.ts, api/response-schemas.ts) by zod-to-openapi,
 * which reads classic zod: openapi-generator.ts gives it classic copies. These are the details
 * such a copy can lose: a component per schema id, the limits, strictness, examples and
 * descriptions (metadata on a field and on its optional wrapper), and the locale's own type.
 */
import { ENDPOINTS } from "../../api/openapi";
import { generateOpenApiDocument } from "../../api/openapi-generator";
import { MAX_EMAIL_LENGTH } from "../../policies/email-domain";
import { MAX_PASSWORD_LENGTH } from "../../policies/settings";

type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };
const document = generateOpenApiDocument(ENDPOINTS) as {
  components: { schemas: Record<string, Schema> };
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
};
const schemas = document.components.schemas;

test("every schema id is a component, and request bodies refer to theirs", () => {
  // Assess
  expect(Object.keys(schemas).sort()).toEqual(
    ["ChangePasswordRequest", "CompletePasswordChangeRequest", "DeleteMeRequest", "Delivery", "EmailRequest", "Error", "Health", "LoginRequest", "LoginResponse", "LogoutRequest", "Me", "Ready", "RefreshRequest", "RegisterRequest", "RegisterResponse", "ResendVerificationResponse", "ResetPasswordRequest", "SuccessResponse", "UpdateProfileRequest", "User", "VerifyEmailRequest", "VerifyEmailResponse", "CaptchaChallenge"].sort(),
  );
  expect(document.paths["/api/auth/register"]!.post!.requestBody!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/RegisterRequest" });
  expect(JSON.stringify(document)).not.toContain('"id":');
});

test("request schemas are strict and carry their limits, examples and descriptions", () => {
  // Assess
  for (const [name, schema] of Object.entries(schemas).filter(([n]) => n.endsWith("Request"))) expect([name, schema.additionalProperties]).toEqual([name, false]);
  expect(schemas.RegisterRequest!.properties).toMatchObject({
    email: { type: "string", maxLength: MAX_EMAIL_LENGTH, example: "newuser@igad.int" },
    password: { type: "string", minLength: 1, maxLength: MAX_PASSWORD_LENGTH, example: "Tangerine-Orbit-Velvet-73" },
    organization: { type: "string", maxLength: 400, example: "IGAD ICPAC" },
  });
  expect(schemas.RegisterRequest!.required).toEqual(["email", "password", "name"]);
  expect(schemas.VerifyEmailRequest!.properties!.code).toEqual({ type: "string", pattern: "^\\d{6}$", example: "123456" });
  expect(schemas.RefreshRequest!.properties!.user_id).toMatchObject({ minLength: 1, maxLength: 128, description: expect.stringContaining("SECRET_HASH") });
  expect(schemas.UpdateProfileRequest!.properties).toEqual(
    expect.objectContaining({
      organization: { type: "string", maxLength: 400, example: "IGAD ICPAC", description: "An empty string clears it" },
      locale: { type: "string", enum: ["en", "fr"], description: "The language of emails and pages" },
    }),
  );
  expect(schemas.CaptchaChallenge!.description).toMatch(/^An ALTCHA/);
});
