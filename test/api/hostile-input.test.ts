/**
 * Property-based: random JSON, huge strings and control characters to every POST
 * endpoint. Cognito answers every call successfully, so whatever the API answers comes
 * from its own validation: never a 5xx, every 4xx is JSON with a `detail` string, and no
 * password, code, session or refresh token a client sent is ever echoed back.
 */
import fc from "fast-check";
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { buildTestApp, idToken, type TestApp } from "./support";

const ENDPOINTS = ["register", "verify-email", "resend-verification", "login", "complete-password-change", "forgot-password", "reset-password", "refresh", "logout"];
const FIELDS = ["email", "password", "name", "organization", "country", "code", "username", "session", "new_password", "refresh_token", "user_id", "role", "custom:role", "__proto__", "constructor", "toString"];
const SECRET_FIELDS = new Set(["password", "new_password", "code", "session", "refresh_token"]);

const control = fc.string({ unit: fc.constantFrom("\u0000", "\u0007", "\n", "\r", "\u202E", "\u200B", "\uFEFF", "\uD800", "a", "@", "%", "<", "\"") });
// Look-alike and invisible pieces of an address: fullwidth letters, IDNA dots, soft hyphen, tags, noncharacters.
const lookAlike = fc
  .array(fc.constantFrom("x", "ｉ", "ｇ", "Ａ", "@", ".", "。", "．", "｡", "\u00AD", "\u200C", "\u2060", "\u{E0041}", "\uFDD0", "\uFE0F", "xn--", "-", " ", "%40", "igad", "int"), { maxLength: 30 })
  .map((parts) => parts.join(""));
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 300 }),
  control,
  fc.nat({ max: 20_000 }).map((n) => "A".repeat(n)),
  fc.constantFrom("a@example.org", "staff@igad.int", "123456", "Tangerine-Orbit-Velvet-73", "Kenya", "x%40igad.int", "%E0%A4%A", " ", "%20", "", "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a"),
  lookAlike,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 7 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 300 }),
);

let t: TestApp;
beforeAll(() => {
  t = buildTestApp({ RATE_LIMIT_REGISTER_PER_HOUR: "99999", RATE_LIMIT_VERIFY_PER_HOUR: "99999", RATE_LIMIT_RESEND_PER_HOUR: "99999", RATE_LIMIT_LOGIN_PER_15MIN: "99999", RATE_LIMIT_FORGOT_PER_HOUR: "99999" });
  const tokens = { AuthenticationResult: { AccessToken: "a.b.c", IdToken: idToken(), RefreshToken: "r", ExpiresIn: 3600 } };
  t.cognito.on(SignUpCommand).resolves({ UserSub: "sub", UserConfirmed: false });
  t.cognito.on(ConfirmSignUpCommand).resolves({});
  t.cognito.on(ResendConfirmationCodeCommand).resolves({ CodeDeliveryDetails: { DeliveryMedium: "EMAIL", Destination: "a***@example.org" } });
  t.cognito.on(AdminInitiateAuthCommand).resolves(tokens);
  t.cognito.on(AdminRespondToAuthChallengeCommand).resolves(tokens);
  t.cognito.on(AdminGetUserCommand).resolves({ Username: "sub" });
  t.cognito.on(ForgotPasswordCommand).resolves({});
  t.cognito.on(ConfirmForgotPasswordCommand).resolves({});
  t.cognito.on(RevokeTokenCommand).resolves({});
});

test("random bodies to every POST endpoint: never a 5xx; every error is JSON with a detail; secrets never echoed", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ENDPOINTS), body, async (endpoint, payload) => {
      // Act
      const response = await t.post(`/api/auth/${endpoint}`, typeof payload === "string" ? payload : JSON.stringify(payload));
      const text = await response.text();
      // Assess
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const answer = JSON.parse(text) as Record<string, unknown>;
      if (response.status >= 400) {
        expect(typeof answer.detail).toBe("string");
        expect((answer.detail as string).length).toBeLessThan(600);
      }
      if (typeof payload === "object" && payload !== null) {
        for (const [key, value] of Object.entries(payload)) {
          if (SECRET_FIELDS.has(key) && typeof value === "string" && value.length >= 6) expect(text).not.toContain(JSON.stringify(value).slice(1, -1));
        }
      }
    }),
    { numRuns: 600 },
  );
}, 120_000);

test("random content types and raw bytes: a 4xx with a detail, never a 5xx", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ENDPOINTS),
      fc.oneof(fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json-patch+json", "APPLICATION/JSON", ""), fc.string({ maxLength: 40 })),
      fc.uint8Array({ maxLength: 2000 }),
      async (endpoint, contentType, bytes) => {
        // Act
        const response = await t.app.request(`/api/auth/${endpoint}`, { method: "POST", headers: contentType ? { "content-type": contentType } : {}, body: bytes });
        // Assess
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(typeof ((await response.json()) as { detail: unknown }).detail).toBe("string");
      },
    ),
    { numRuns: 300 },
  );
}, 120_000);

const VALID: Record<string, Record<string, string>> = {
  register: { email: "a@example.org", password: "Tangerine-Orbit-Velvet-73", name: "Amina Hassan", organization: "IGAD ICPAC", country: "Kenya" },
  "verify-email": { email: "a@example.org", code: "123456" },
  "resend-verification": { email: "a@example.org" },
  login: { username: "a@example.org", password: "Tangerine-Orbit-Velvet-73" },
  "complete-password-change": { username: "a@example.org", session: "AYABeE", new_password: "Tangerine-Orbit-Velvet-73" },
  "forgot-password": { email: "a@example.org" },
  "reset-password": { email: "a@example.org", code: "123456", new_password: "Tangerine-Orbit-Velvet-73" },
  refresh: { refresh_token: "r.t.x", user_id: "sub" },
  logout: { refresh_token: "r.t.x" },
};

test("valid bodies with one or more fields made hostile reach the deeper checks: still never a 5xx", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ENDPOINTS).chain((endpoint) =>
        fc.tuple(fc.constant(endpoint), fc.dictionary(fc.constantFrom(...Object.keys(VALID[endpoint]!)), nasty, { minKeys: 1, maxKeys: 3 })),
      ),
      async ([endpoint, changes]) => {
        // Act
        const response = await t.post(`/api/auth/${endpoint}`, { ...VALID[endpoint], ...changes });
        // Assess
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(typeof ((await response.json()) as { detail: unknown }).detail).toBe("string");
      },
    ),
    { numRuns: 600 },
  );
}, 120_000);

test("the unchanged valid bodies succeed (the property above explores real paths)", async () => {
  for (const endpoint of ENDPOINTS) {
    // Act
    const response = await t.post(`/api/auth/${endpoint}`, VALID[endpoint]);
    // Assess
    expect([endpoint, response.status]).toEqual([endpoint, endpoint === "register" ? 201 : 200]);
  }
});

/**
 * The errors each operation can raise (Cognito API reference) other than our own
 * misconfiguration (an unknown client, a missing permission): none may become a 5xx.
 * Since issue 14 an endpoint may make several calls (a lookup with AdminGetUser, a password
 * check, the owner's recovery of an account), so the errors are per operation.
 */
const OPERATION_ERRORS: Record<string, string[]> = {
  SignUp: ["InvalidParameterException", "InvalidPasswordException", "UsernameExistsException", "LimitExceededException"],
  ConfirmSignUp: ["AliasExistsException", "CodeMismatchException", "ExpiredCodeException", "InvalidParameterException", "LimitExceededException", "NotAuthorizedException", "TooManyFailedAttemptsException", "UserNotFoundException"],
  ResendConfirmationCode: ["CodeDeliveryFailureException", "InvalidParameterException", "LimitExceededException", "NotAuthorizedException", "UserNotFoundException"],
  AdminInitiateAuth: ["InvalidParameterException", "NotAuthorizedException", "PasswordResetRequiredException", "UserNotConfirmedException", "UserNotFoundException"],
  AdminRespondToAuthChallenge: ["AliasExistsException", "CodeMismatchException", "ExpiredCodeException", "InvalidPasswordException", "InvalidParameterException", "NotAuthorizedException", "PasswordHistoryPolicyViolationException", "PasswordResetRequiredException", "UserNotConfirmedException", "UserNotFoundException"],
  ForgotPassword: ["CodeDeliveryFailureException", "InvalidParameterException", "LimitExceededException", "NotAuthorizedException", "UserNotFoundException"],
  ConfirmForgotPassword: ["CodeMismatchException", "ExpiredCodeException", "InvalidPasswordException", "InvalidParameterException", "LimitExceededException", "NotAuthorizedException", "PasswordHistoryPolicyViolationException", "TooManyFailedAttemptsException", "UserNotConfirmedException", "UserNotFoundException"],
  RevokeToken: ["InvalidParameterException", "UnauthorizedException", "UnsupportedTokenTypeException"],
  // The Admin* calls take the client's email as Username too (at most 128 characters on Cognito, an email up to 254).
  AdminGetUser: ["InvalidParameterException", "UserNotFoundException"],
  AdminSetUserPassword: ["InvalidParameterException", "InvalidPasswordException", "PasswordHistoryPolicyViolationException", "UserNotFoundException"],
  AdminUpdateUserAttributes: ["AliasExistsException", "InvalidParameterException", "UserNotFoundException"],
  AdminUserGlobalSignOut: ["InvalidParameterException", "UserNotFoundException"],
};

/** The operations each endpoint may call for a valid body (with the default settings). */
const OPERATIONS: Record<string, string[]> = {
  // An address that has an account: the API looks it up, and checks whether this is the same registration again.
  register: ["SignUp", "AdminGetUser", "AdminInitiateAuth", "RevokeToken"],
  "verify-email": ["ConfirmSignUp"],
  "resend-verification": ["ResendConfirmationCode"],
  login: ["AdminInitiateAuth"],
  "complete-password-change": ["AdminRespondToAuthChallenge"],
  // No verified email: the owner's recovery code (account-recovery.ts).
  "forgot-password": ["ForgotPassword", "AdminGetUser", "ResendConfirmationCode", "AdminSetUserPassword", "AdminUserGlobalSignOut", "AdminUpdateUserAttributes"],
  // A never-confirmed account's sign-up code, a lost answer's settling, and every session ended.
  "reset-password": ["ConfirmForgotPassword", "AdminGetUser", "ConfirmSignUp", "AdminSetUserPassword", "AdminInitiateAuth", "RevokeToken", "AdminUserGlobalSignOut"],
  refresh: ["AdminInitiateAuth"],
  logout: ["RevokeToken"],
};

/** The states AdminGetUser may find an address's account in: each leads the API down another path. */
const ACCOUNT_STATES = {
  "never confirmed": { UserStatus: "UNCONFIRMED", Enabled: true, email_verified: "false" },
  "confirmed, email never verified": { UserStatus: "CONFIRMED", Enabled: true, email_verified: "false" },
  "confirmed and verified": { UserStatus: "CONFIRMED", Enabled: true, email_verified: "true" },
} as const;

test("whatever error Cognito's operations can raise for a client's input, no endpoint answers 5xx: every call the endpoint makes that can raise it does, whatever state the account is in", async () => {
  const { serviceError } = await import("./support");
  const sdk = await import("@aws-sdk/client-cognito-identity-provider");
  const endpointErrors = (endpoint: string) => [...new Set(OPERATIONS[endpoint]!.flatMap((operation) => OPERATION_ERRORS[operation]!))].sort();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ENDPOINTS).chain((endpoint) => fc.tuple(fc.constant(endpoint), fc.constantFrom(...endpointErrors(endpoint)))),
      fc.constantFrom(...(Object.keys(ACCOUNT_STATES) as (keyof typeof ACCOUNT_STATES)[])),
      fc.string({ maxLength: 80 }),
      async ([endpoint, name], state, message) => {
        // Prepare: the calls that cannot raise this error answer as they would for this account
        const failing = buildTestApp();
        const tokens = { AuthenticationResult: { AccessToken: "a.b.c", IdToken: idToken(), RefreshToken: "r", ExpiresIn: 3600 } };
        const { email_verified, ...user } = ACCOUNT_STATES[state];
        const answers: Record<string, unknown> = {
          SignUp: { UserSub: "sub", UserConfirmed: false },
          ConfirmSignUp: {},
          ResendConfirmationCode: { CodeDeliveryDetails: { DeliveryMedium: "EMAIL", Destination: "a***@example.org" } },
          AdminInitiateAuth: tokens,
          AdminRespondToAuthChallenge: tokens,
          ForgotPassword: {},
          ConfirmForgotPassword: {},
          RevokeToken: {},
          AdminGetUser: { Username: "sub", ...user, UserAttributes: [{ Name: "sub", Value: "sub" }, { Name: "email", Value: "a@example.org" }, { Name: "email_verified", Value: email_verified }] },
          AdminSetUserPassword: {},
          AdminUpdateUserAttributes: {},
          AdminUserGlobalSignOut: {},
        };
        for (const operation of OPERATIONS[endpoint]!) {
          const command = (sdk as unknown as Record<string, new (input: never) => never>)[`${operation}Command`]!;
          if (OPERATION_ERRORS[operation]!.includes(name)) failing.cognito.on(command as never).rejects(serviceError(name, `${message} email`));
          else failing.cognito.on(command as never).resolves(answers[operation] as never);
        }
        // Act
        const response = await failing.post(`/api/auth/${endpoint}`, VALID[endpoint]);
        // Assess
        expect({ endpoint, name, state, status: response.status < 500 }).toEqual({ endpoint, name, state, status: true });
      },
    ),
    { numRuns: 300 },
  );
}, 120_000);
