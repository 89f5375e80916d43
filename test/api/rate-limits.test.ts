/**
 * Rate limits: the reference's numbers by default, settable from the environment; a 429
 * with Retry-After and the documented text; one atomic UpdateItem per attempt on a key
 * that holds no personal data; and the caller's IP from the platform, never a header.
 */
import {
  AdminInitiateAuthCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { buildTestApp, CLIENT_IP, json, STRONG_PASSWORD, TABLE, type TestApp } from "./support";

// 2026-11-22T10:20:00Z: 20 minutes into its hour, 5 minutes into its 15-minute window.
const NOW = Date.UTC(2026, 10, 22, 10, 20, 0);
const HOUR_START = Date.UTC(2026, 10, 22, 10, 0, 0) / 1000;

let t: TestApp;
let now: number;
beforeEach(() => {
  now = NOW;
  t = buildTestApp({}, { now: () => now });
  t.cognito.on(SignUpCommand).resolves({ UserSub: "sub", UserConfirmed: false });
  t.cognito.on(ConfirmSignUpCommand).rejects(Object.assign(new Error("x"), { name: "CodeMismatchException" }));
  t.cognito.on(ResendConfirmationCodeCommand).resolves({ CodeDeliveryDetails: { DeliveryMedium: "EMAIL", Destination: "a***@example.org" } });
  t.cognito.on(AdminInitiateAuthCommand).rejects(Object.assign(new Error("x"), { name: "NotAuthorizedException" }));
  t.cognito.on(ForgotPasswordCommand).resolves({});
});

const register = (i: number, headers: Record<string, string> = {}) =>
  t.post("/api/auth/register", { email: `person${i}@example.org`, password: STRONG_PASSWORD, name: "Person" }, headers);

async function statuses(n: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < n; i++) result.push((await send(i)).status);
  return result;
}

describe("the reference's defaults", () => {
  test("5 registrations per IP per hour; the 6th gets 429, Retry-After and the documented text", async () => {
    // Act
    const first = await statuses(5, (i) => register(i));
    const sixth = await register(6);
    // Assess
    expect(first).toEqual([201, 201, 201, 201, 201]);
    expect(sixth.status).toBe(429);
    // A sliding window: six attempts in the last hour weigh on the next hour as it passes,
    // so one more is allowed only once this window's count has faded to 4 of 6 (all of the next hour's first third).
    expect(sixth.headers.get("retry-after")).toBe(String(60 * 60));
    expect(await json(sixth)).toEqual({ detail: "Too many registration attempts. Please try again later." });
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(5);
  });

  test("another IP has its own count; the count fades over the next hour instead of resetting at its turn", async () => {
    // Prepare
    await statuses(6, (i) => register(i));
    // Act
    t.ip.value = "198.51.100.9";
    const otherIp = await register(7);
    t.ip.value = CLIENT_IP;
    // This IP's 10:00 window holds 6 attempts; refused attempts count too.
    now = NOW + 40 * 60 * 1000; // 11:00, the turn of the hour: 6 × 1 + 1 = 7 > 5
    const atTheTurn = await register(8);
    now = NOW + 60 * 60 * 1000; // 11:20: 6 × 2/3 + 2 = 6 > 5
    const anHourLater = await register(9);
    now = NOW + 90 * 60 * 1000; // 11:50: 6 × 1/6 + 3 = 4 ≤ 5
    const laterStill = await register(10);
    // Assess
    expect(otherIp.status).toBe(201);
    expect(atTheTurn.status).toBe(429);
    expect(anHourLater.status).toBe(429);
    expect(laterStill.status).toBe(201);
  });

  test("X-Forwarded-For and similar headers change nothing: the platform's IP is counted", async () => {
    // Act
    const answers = await statuses(6, (i) => register(i, { "x-forwarded-for": `10.0.0.${i}`, "x-real-ip": `10.0.1.${i}`, forwarded: `for=10.0.2.${i}` }));
    // Assess
    expect(answers).toEqual([201, 201, 201, 201, 201, 429]);
  });

  test("3 verification attempts per email per hour, whatever the case of the email", async () => {
    // Act
    const answers = await statuses(4, (i) => t.post("/api/auth/verify-email", { email: i % 2 ? "Target@Example.org" : "target@example.org ", code: "123456" }));
    // Assess
    expect(answers).toEqual([400, 400, 400, 429]);
    expect(t.cognito.commandCalls(ConfirmSignUpCommand)).toHaveLength(3);
  });

  test("the verification limit follows the email, not the IP", async () => {
    // Act
    const answers = await statuses(4, (i) => {
      t.ip.value = `198.51.100.${i}`;
      return t.post("/api/auth/verify-email", { email: "target@example.org", code: "123456" });
    });
    // Assess
    expect(answers.at(-1)).toBe(429);
  });

  test("5 resends per email per hour", async () => {
    // Act
    const answers = await statuses(6, () => t.post("/api/auth/resend-verification", { email: "a@example.org" }));
    const last = await t.post("/api/auth/resend-verification", { email: "a@example.org" });
    // Assess
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await json(last)).toEqual({ detail: "Too many verification code requests. Please try again later." });
  });

  test("10 logins per IP and username per 15 minutes; 429 with the login error text", async () => {
    // Act
    const answers = await statuses(11, () => t.post("/api/auth/login", { username: "a@example.org", password: "wrong" }));
    const otherUser = await t.post("/api/auth/login", { username: "b@example.org", password: "wrong" });
    const blocked = await t.post("/api/auth/login", { username: "a@example.org", password: "wrong" });
    // Assess
    expect(answers).toEqual([...Array(10).fill(401), 429]);
    expect(otherUser.status).toBe(401);
    expect(await json(blocked)).toEqual({ detail: "Authentication error: TooManyRequestsException" });
    // 12 attempts this window (5 of its 15 minutes gone): allowed again once they weigh 9 or less
    // in the next window, i.e. the 10 minutes left of this one plus a quarter of the next.
    expect(blocked.headers.get("retry-after")).toBe(String(10 * 60 + 225));
  });

  test("5 password reset requests per email per hour", async () => {
    // Act
    const answers = await statuses(6, () => t.post("/api/auth/forgot-password", { email: "a@example.org" }));
    // Assess
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
    expect(t.cognito.commandCalls(ForgotPasswordCommand)).toHaveLength(5);
  });
});

test("limits come from the environment", async () => {
  // Prepare
  t = buildTestApp({ RATE_LIMIT_REGISTER_PER_HOUR: "2", RATE_LIMIT_LOGIN_PER_15MIN: "1" }, { now: () => now });
  t.cognito.on(SignUpCommand).resolves({ UserSub: "sub", UserConfirmed: false });
  t.cognito.on(AdminInitiateAuthCommand).rejects(Object.assign(new Error("x"), { name: "NotAuthorizedException" }));
  // Act
  const registrations = await statuses(3, (i) => register(i));
  const logins = await statuses(2, () => t.post("/api/auth/login", { username: "a@example.org", password: "x" }));
  // Assess
  expect(registrations).toEqual([201, 201, 429]);
  expect(logins).toEqual([401, 429]);
});

describe("the counter in DynamoDB", () => {
  test("two atomic UpdateItems (ADD 1 now, ADD 0 to read the previous window), UPDATED_NEW, a TTL past the next window; keys hold a hash, not the email", async () => {
    // Act
    await t.post("/api/auth/verify-email", { email: "Private.Person@example.org", code: "123456" });
    // Assess
    expect(t.updates).toHaveLength(2);
    const [update, previous] = t.updates.sort((a) => (a.ExpressionAttributeValues?.[":one"] ? -1 : 1)) as [UpdateItemCommandInput, UpdateItemCommandInput];
    expect(previous).toMatchObject({ UpdateExpression: "ADD #count :zero SET expiresAt = if_not_exists(expiresAt, :expires)", ExpressionAttributeValues: { ":zero": { N: "0" } }, ReturnValues: "UPDATED_NEW" });
    expect(previous.Key!.pk!.S).toMatch(new RegExp(`^verify-email#[0-9a-f]{32}#${HOUR_START - 3600}$`));
    expect(update).toMatchObject({
      TableName: TABLE,
      UpdateExpression: "ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)",
      ExpressionAttributeNames: { "#count": "count" },
      ExpressionAttributeValues: { ":one": { N: "1" } },
      ReturnValues: "UPDATED_NEW",
    });
    const key = update.Key!.pk!.S!;
    expect(key).toMatch(new RegExp(`^verify-email#[0-9a-f]{32}#${HOUR_START}$`));
    expect(key.toLowerCase()).not.toContain("private");
    expect(Number(update.ExpressionAttributeValues![":expires"]!.N)).toBeGreaterThan(HOUR_START + 2 * 3600);
  });

  test("no table key holds an IP or an email in clear", async () => {
    // Act
    await register(1);
    await t.post("/api/auth/login", { username: "person1@example.org", password: "x" });
    await t.post("/api/auth/resend-verification", { email: "person1@example.org" });
    await t.post("/api/auth/forgot-password", { email: "person1@example.org" });
    // Assess
    const keys = [...t.counters.keys()].join("\n");
    expect(keys).not.toContain(CLIENT_IP);
    expect(keys).not.toContain("person1");
    expect(t.counters.size).toBe(8); // four limits, each a current and a previous window
  });

  test("a refused body that fails validation still counts against the registration limit (attempts are what is limited)", async () => {
    // Act
    const answers = await statuses(6, () => t.post("/api/auth/register", { email: "x" }));
    // Assess
    expect(answers).toEqual([400, 400, 400, 400, 400, 429]);
  });
});
