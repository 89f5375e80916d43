/**
 * No account enumeration (issue 8 item 4): the answers and their timing for an unknown,
 * an unconfirmed and a confirmed account, and concealExistingAccounts on register.
 * Timing is checked with fake timers (held until the floor, not a moment before), never
 * by measuring; the measured figures are in `npm run bench` (test/bench/enumeration-timing.ts).
 */
import { AdminGetUserCommand, AdminInitiateAuthCommand, ConfirmSignUpCommand, ForgotPasswordCommand, ResendConfirmationCodeCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { performance as realClock } from "node:perf_hooks"; // never faked by jest
import { REGISTRATION_ATTEMPT_METADATA } from "../../api/routes/registration";
import { buildTestApp, json, serviceError, STRONG_PASSWORD } from "./support";

const OWNER_SUB = "0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";
const REGISTRATION = { email: "Amina@Example.org", password: STRONG_PASSWORD, name: "Amina Hassan" };
const NEW_ACCOUNT_ANSWER = {
  email: "amina@example.org",
  email_verified: false,
  name: "Amina Hassan",
  message: "Registration successful. Please check your email for verification code.",
  verification_required: true,
};

describe("the response floor of forgot-password and resend-verification", () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] }));
  afterEach(() => jest.useRealTimers());

  /** Whether the answer is out after `ms` of (fake) time. */
  async function answeredAfter(response: Promise<Response>, ms: number): Promise<boolean> {
    let done = false;
    void response.then(() => (done = true));
    await jest.advanceTimersByTimeAsync(ms);
    return done;
  }

  test.each([
    ["forgot-password", "an existing account", (t: ReturnType<typeof buildTestApp>) => t.cognito.on(ForgotPasswordCommand).resolves({ CodeDeliveryDetails: { Destination: "a***@example.org" } })],
    ["forgot-password", "an unknown account", (t: ReturnType<typeof buildTestApp>) => t.cognito.on(ForgotPasswordCommand).rejects(serviceError("UserNotFoundException"))],
    ["resend-verification", "an unconfirmed account", (t: ReturnType<typeof buildTestApp>) => t.cognito.on(ResendConfirmationCodeCommand).resolves({})],
    ["resend-verification", "a confirmed account", (t: ReturnType<typeof buildTestApp>) => t.cognito.on(ResendConfirmationCodeCommand).rejects(serviceError("InvalidParameterException"))],
    ["resend-verification", "an unknown account", (t: ReturnType<typeof buildTestApp>) => t.cognito.on(ResendConfirmationCodeCommand).rejects(serviceError("UserNotFoundException"))],
  ])("%s for %s is held until the floor, not a moment before", async (endpoint, _what, arrange) => {
    // Prepare
    const t = buildTestApp({ ENUMERATION_FLOOR_MS: "800" });
    arrange(t);
    // Act
    const response = t.post(`/api/auth/${endpoint}`, { email: "amina@example.org" });
    const early = await answeredAfter(response, 790);
    const onTime = await answeredAfter(response, 20);
    // Assess
    expect({ early, onTime, status: (await response).status }).toEqual({ early: false, onTime: true, status: 200 });
  });

  test("the floor counts from when the request began on the clock its timer waits on, however slow the machine", async () => {
    // Prepare: Cognito's answer takes 60 ms of real time, as on a loaded CI machine
    const t = buildTestApp({ ENUMERATION_FLOOR_MS: "800" });
    t.cognito.on(ForgotPasswordCommand).callsFake(() => {
      const until = realClock.now() + 60;
      while (realClock.now() < until); // real time passes; fake time does not
      return { CodeDeliveryDetails: { Destination: "a***@example.org" } };
    });
    // Act
    const response = t.post("/api/auth/forgot-password", { email: "amina@example.org" });
    const early = await answeredAfter(response, 790);
    const onTime = await answeredAfter(response, 20);
    // Assess
    expect({ early, onTime, status: (await response).status }).toEqual({ early: false, onTime: true, status: 200 });
  });

  test.each([
    ["an existing account (a lookup, then the refresh Cognito refuses)", (t: ReturnType<typeof buildTestApp>) => {
      t.cognito.on(AdminGetUserCommand).resolves({ Username: "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a" });
      t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException"));
    }],
    ["an unknown account (the lookup alone)", (t: ReturnType<typeof buildTestApp>) => t.cognito.on(AdminGetUserCommand).rejects(serviceError("UserNotFoundException"))],
  ])("refresh by username (email) for %s is held until the floor: the 401 and its time are the same", async (_what, arrange) => {
    // Prepare
    const t = buildTestApp({ ENUMERATION_FLOOR_MS: "800" });
    arrange(t);
    // Act
    const response = t.post("/api/auth/refresh", { refresh_token: "aaaa.bbbb.cccc", username: "amina@example.org" });
    const early = await answeredAfter(response, 790);
    const onTime = await answeredAfter(response, 20);
    // Assess
    const answer = await response;
    expect({ early, onTime, status: answer.status, body: await json(answer) }).toEqual({ early: false, onTime: true, status: 401, body: { detail: "Invalid or expired token" } });
  });
});

describe("verify-email and resend answer alike whatever the account's state", () => {
  test.each([
    ["an unknown account", "UserNotFoundException"],
    ["a confirmed account", "NotAuthorizedException"],
    ["an unconfirmed account with a wrong code", "CodeMismatchException"],
  ])("verify-email for %s: 400 Invalid verification code", async (_what, error) => {
    // Prepare
    const t = buildTestApp();
    t.cognito.on(ConfirmSignUpCommand).rejects(serviceError(error));
    // Act
    const response = await t.post("/api/auth/verify-email", { email: "amina@example.org", code: "123456" });
    // Assess
    expect({ status: response.status, body: await json(response) }).toEqual({ status: 400, body: { detail: "Invalid verification code" } });
  });

  test.each([[""], [" "], ["b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a"]])("resend with %j is 400 Invalid email format, never a delivery to \"***\"", async (email) => {
    // Prepare
    const t = buildTestApp();
    // Act
    const response = await t.post("/api/auth/resend-verification", { email });
    // Assess
    expect({ status: response.status, body: await json(response) }).toEqual({ status: 400, body: { detail: "Invalid email format" } });
    expect(t.cognito.commandCalls(ResendConfirmationCodeCommand)).toHaveLength(0);
  });
});

describe("register with concealExistingAccounts", () => {
  test("off (the default): an existing email is the reference's 400", async () => {
    // Prepare
    const t = buildTestApp();
    t.cognito.on(SignUpCommand).rejects(serviceError("UsernameExistsException"));
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    expect({ status: response.status, body: await json(response) }).toEqual({ status: 400, body: { detail: "An account with this email already exists" } });
    expect(t.cognito.commandCalls(ForgotPasswordCommand)).toHaveLength(0);
  });

  test("on: an existing email answers 201 like a new account, with an id that is never the owner's and the same each time (as a new account's retry gets its one id), and the owner is told by email", async () => {
    // Prepare
    const t = buildTestApp({ CONCEAL_EXISTING_ACCOUNTS: "true" });
    const other = buildTestApp({ CONCEAL_EXISTING_ACCOUNTS: "true", COGNITO_CLIENT_SECRET: "another-stack-secret" });
    for (const app of [t, other]) {
      app.cognito.on(SignUpCommand).rejects(serviceError("UsernameExistsException"));
      app.cognito.on(ForgotPasswordCommand).resolves({});
      app.cognito.on(AdminGetUserCommand).resolves({ Username: OWNER_SUB, UserStatus: "CONFIRMED", UserAttributes: [{ Name: "sub", Value: OWNER_SUB }, { Name: "email_verified", Value: "true" }] });
    }
    // Act
    const first = await t.post("/api/auth/register", REGISTRATION);
    const second = await t.post("/api/auth/register", REGISTRATION);
    const elsewhere = await other.post("/api/auth/register", REGISTRATION);
    const otherAddress = await t.post("/api/auth/register", { ...REGISTRATION, email: "someone.else@example.org" });
    // Assess
    const [a, b] = [await json(first), await json(second)];
    expect(first.status).toBe(201);
    expect(a).toEqual({ ...NEW_ACCOUNT_ANSWER, user_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) });
    expect(b.user_id).toBe(a.user_id);
    expect(a.user_id).not.toBe(OWNER_SUB);
    // Keyed by a secret and by the address: another stack or another address gets another id.
    expect((await json(elsewhere)).user_id).not.toBe(a.user_id);
    expect((await json(otherAddress)).user_id).not.toBe(a.user_id);
    const notice = t.cognito.commandCalls(ForgotPasswordCommand)[0]!.args[0].input;
    expect(notice).toMatchObject({ Username: "amina@example.org", ClientMetadata: REGISTRATION_ATTEMPT_METADATA });
  });

  test("on: a new email answers exactly as before", async () => {
    // Prepare
    const t = buildTestApp({ CONCEAL_EXISTING_ACCOUNTS: "true" });
    t.cognito.on(SignUpCommand).resolves({ UserSub: "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a", UserConfirmed: false });
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    expect(await json(response)).toEqual({ ...NEW_ACCOUNT_ANSWER, user_id: "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a" });
    expect(t.cognito.commandCalls(ForgotPasswordCommand)).toHaveLength(0);
  });

  test("on: an existing unconfirmed account (no verified email for a reset) gets a new verification code instead", async () => {
    // Prepare
    const t = buildTestApp({ CONCEAL_EXISTING_ACCOUNTS: "true" });
    t.cognito.on(SignUpCommand).rejects(serviceError("UsernameExistsException"));
    t.cognito.on(ForgotPasswordCommand).rejects(serviceError("InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email"));
    t.cognito.on(ResendConfirmationCodeCommand).resolves({});
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    expect(response.status).toBe(201);
    expect(t.cognito.commandCalls(ResendConfirmationCodeCommand)[0]!.args[0].input).toMatchObject({ Username: "amina@example.org", ClientMetadata: REGISTRATION_ATTEMPT_METADATA });
  });

  test("on: notices to one owner stop at the forgot-password limit, so register cannot flood an inbox", async () => {
    // Prepare
    const t = buildTestApp({ CONCEAL_EXISTING_ACCOUNTS: "true", RATE_LIMIT_FORGOT_PER_HOUR: "2" });
    t.cognito.on(SignUpCommand).rejects(serviceError("UsernameExistsException"));
    t.cognito.on(ForgotPasswordCommand).resolves({});
    // Act
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.post("/api/auth/register", REGISTRATION)).status);
    // Assess
    expect(statuses).toEqual([201, 201, 201, 201]);
    expect(t.cognito.commandCalls(ForgotPasswordCommand)).toHaveLength(2);
  });
});
