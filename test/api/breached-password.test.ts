/**
 * The optional breached-password check on every API route that sets a password (register,
 * reset-password, complete-password-change, change-password), against a local server
 * speaking the Pwned Passwords range protocol: a listed password is 400 with the policy's
 * wording before Cognito is asked; the check is off by default and fails open.
 */
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { rangeQuery } from "../../policies/breached-password";
import { patientTimeouts, startFakePwnedPasswords, unreachableApiUrl, type FakePwnedPasswords } from "../support/fake-pwned-passwords";
import { buildTestApp, fakeJwt, json, OTHER_STRONG_PASSWORD, STRONG_PASSWORD, type TestApp } from "./support";

/** Strong by the policy, so only the breach lookup can refuse it. */
const BREACHED = STRONG_PASSWORD;
const CLEAN = OTHER_STRONG_PASSWORD;
const REFUSAL = "Password does not meet requirements: Found in a known data breach; choose another";
const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";
const TOKEN = fakeJwt({ sub: SUB, token_use: "access" });

let fake: FakePwnedPasswords;
beforeEach(async () => {
  fake = await startFakePwnedPasswords({ [BREACHED]: 52 });
  patientTimeouts(); // the fake answers at once: a timeout may only bound a hang, never race a loaded machine
});
afterEach(() => fake.close());

const appWithCheck = (env: Record<string, string> = { BREACHED_PASSWORD_CHECK: "true", BREACHED_PASSWORD_API_URL: fake.apiUrl }): TestApp => {
  const t = buildTestApp(env, { verifyAccessToken: async () => ({ sub: SUB, token_use: "access" }) });
  t.cognito.on(SignUpCommand).resolves({ UserSub: SUB, UserConfirmed: false });
  t.cognito.on(ConfirmForgotPasswordCommand).resolves({});
  t.cognito.on(AdminRespondToAuthChallengeCommand).resolves({ AuthenticationResult: { AccessToken: TOKEN, IdToken: fakeJwt({ sub: SUB, email: "staff@igad.int" }), ExpiresIn: 3600 } });
  // change-password: the token's user, the current password checked (that sign-in revoked), the new one set, every session ended.
  t.cognito.on(AdminGetUserCommand).resolves({ Username: SUB, UserStatus: "CONFIRMED", Enabled: true, UserAttributes: [{ Name: "email", Value: "john.doe@example.org" }, { Name: "name", Value: "John Doe" }] });
  t.cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: TOKEN, IdToken: fakeJwt({ sub: SUB }), RefreshToken: "check-refresh" } });
  t.cognito.on(RevokeTokenCommand).resolves({});
  t.cognito.on(AdminSetUserPasswordCommand).resolves({});
  t.cognito.on(AdminUserGlobalSignOutCommand).resolves({});
  return t;
};

/** Each route that sets a password: the request with `password` as the new one, and the Cognito command that sets it. */
const ROUTES = [
  {
    name: "register",
    send: (t: TestApp, password: string) => t.post("/api/auth/register", { email: "newuser@example.org", password, name: "John Doe" }),
    command: SignUpCommand,
  },
  {
    name: "reset-password",
    send: (t: TestApp, password: string) => t.post("/api/auth/reset-password", { email: "john.doe@example.org", code: "123456", new_password: password }),
    command: ConfirmForgotPasswordCommand,
  },
  {
    name: "complete-password-change",
    send: (t: TestApp, password: string) => t.post("/api/auth/complete-password-change", { username: "staff@igad.int", session: "AYABeE-session", new_password: password }),
    command: AdminRespondToAuthChallengeCommand,
  },
  {
    name: "change-password",
    send: (t: TestApp, password: string) =>
      t.post("/api/auth/change-password", { current_password: "Old-Passphrase-Kettle-19", new_password: password }, { authorization: `Bearer ${TOKEN}` }),
    // IAM-signed after the API checked the current password: the person's own token no longer can (issue 14).
    command: AdminSetUserPasswordCommand,
  },
] as const;

describe.each(ROUTES)("$name", ({ send, command }) => {
  test("a password the range API lists is 400 with the breach reason, and the Cognito call that would set it is never made", async () => {
    // Prepare
    const t = appWithCheck();
    // Act
    const response = await send(t, BREACHED);
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: REFUSAL });
    expect(t.cognito.commandCalls(command as never)).toHaveLength(0);
    expect(t.cognito.commandCalls(ChangePasswordCommand)).toHaveLength(0);
    expect(t.cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(0);
    expect(fake.received.map((r) => r.url)).toEqual([`/range/${rangeQuery(BREACHED).prefix}`]);
  });

  test("a password it does not list goes through to Cognito", async () => {
    // Prepare
    const t = appWithCheck();
    // Act
    const response = await send(t, CLEAN);
    // Assess
    expect(response.status).toBeLessThan(300);
    expect(t.cognito.commandCalls(command as never)).toHaveLength(1);
    expect(fake.received).toHaveLength(1);
  });
});

test("off by default: a listed password is accepted and the range API never hears of it", async () => {
  // Prepare
  const t = appWithCheck({ BREACHED_PASSWORD_API_URL: fake.apiUrl });
  // Act
  const responses = await Promise.all(ROUTES.map((route) => route.send(t, BREACHED)));
  // Assess
  expect(responses.map((r) => r.status < 300)).toEqual([true, true, true, true]);
  expect(fake.received).toHaveLength(0);
});

test("the range API down: registration fails open (201), the password is not refused for it", async () => {
  // Prepare
  const t = appWithCheck({ BREACHED_PASSWORD_CHECK: "true", BREACHED_PASSWORD_API_URL: await unreachableApiUrl() });
  // Act
  const response = await ROUTES[0].send(t, BREACHED);
  // Assess
  expect(response.status).toBe(201);
  expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(1);
});
