/**
 * Property-based, against the running API: random JSON, huge fields and control
 * characters to every POST endpoint. No 5xx, every error is JSON with a detail, and no
 * account is lost or half-created: a 201 means the user exists in Cognito, any other
 * answer to /register means it does not.
 */
import fc from "fast-check";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, type RunningStack } from "./local-stack";

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack({
    ...RELAXED_LIMITS,
  });
}, stackTimeout());
afterAll(async () => stack?.stop());

const nasty = fc.oneof(
  fc.string({ maxLength: 60, unit: "binary" }),
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000\u202E<script>`),
  fc.constant("x".repeat(3000)),
  fc.constant("\u0007".repeat(200_000)), // a body far over 16 KB: 413, and the connection closes cleanly
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const field = fc.constantFrom("email", "password", "name", "organization", "country", "code", "username", "session", "new_password", "refresh_token", "user_id", "custom:role", "__proto__", "constructor");
const body = fc.oneof(fc.dictionary(field, nasty, { maxKeys: 6 }), fc.jsonValue(), fc.string({ maxLength: 200 }));
const ENDPOINTS = ["register", "verify-email", "resend-verification", "login", "complete-password-change", "forgot-password", "reset-password", "refresh", "logout"];

test("random bodies to every POST endpoint: never a 5xx, always a JSON detail", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ENDPOINTS), body, async (endpoint, payload) => {
      const response = await stack.post(`/api/auth/${endpoint}`, typeof payload === "string" ? payload : JSON.stringify(payload));
      expect(response.status).toBeLessThan(500);
      if (response.status >= 400) expect(typeof response.body.detail).toBe("string");
    }),
    { numRuns: 300 },
  );
}, 120_000);

test("registrations with hostile profiles either create the whole account or none of it", async () => {
  const outcomes: Array<{ email: string; status: number }> = [];
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record(
        {
          name: fc.oneof(nasty, fc.constantFrom("Amina Hassan", "Jean-Luc Ndayisaba", "Ọlá")),
          organization: fc.oneof(nasty, fc.constantFrom("IGAD ICPAC", "Ministry of Water")),
          country: fc.oneof(nasty, fc.constantFrom("Kenya", "ke", "South Sudan")),
        },
        { requiredKeys: ["name"] },
      ),
      async (profile) => {
      n += 1;
      const email = `hostile.${Date.now().toString(36)}.${n}@example.org`;
      const response = await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, ...profile });
      expect(response.status).toBeLessThan(500);
      outcomes.push({ email, status: response.status });
      },
    ),
    { numRuns: 80 },
  );
  for (const { email, status } of outcomes) {
    const exists = await stack.cognito
      .send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }))
      .then(() => true)
      .catch((error) => {
        if (error.name === "UserNotFoundException") return false;
        throw error;
      });
    expect({ email, status, exists }).toEqual({ email, status, exists: status === 201 });
  }
  expect(outcomes.some((o) => o.status === 201)).toBe(true);
  expect(outcomes.some((o) => o.status === 400)).toBe(true);
}, 120_000);
