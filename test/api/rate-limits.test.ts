/**
 * Rate limits: the reference's numbers by default, settable from the environment; a 429
 * with Retry-After and the documented text, which names the wait; two atomic UpdateItems per
 * limit and attempt on keys that hold no personal data; and the caller's IP from the platform,
 * never a header. Since issue 14 nothing is counted per email from anywhere (a stranger could
 * lock the owner out): per source address and email, per code, per source address.
 */
import {
  AdminInitiateAuthCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetItemCommand, type UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { buildTestApp, CLIENT_IP, idToken, json, STRONG_PASSWORD, TABLE, waitFrom, type TestApp } from "./support";

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
    expect(await json(sixth)).toEqual({ detail: "Too many registration attempts. Please try again in 60 minutes." });
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(5);
  });

  test("another IP has its own count; the count fades over the next hour instead of resetting at its turn", async () => {
    // Prepare
    await statuses(6, (i) => register(i));
    // Act
    t.ip.value = "198.51.100.9";
    const otherIp = await register(7);
    t.ip.value = CLIENT_IP;
    // This IP's 10:00 window holds 6 attempts; attempts the limit refused count too (only malformed requests do not).
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

  test("3 attempts at one verification code from one address, whatever the case of the email", async () => {
    // Act
    const answers = await statuses(3, (i) => t.post("/api/auth/verify-email", { email: i % 2 ? "Target@Example.org" : "target@example.org ", code: "123456" }));
    const fourth = await t.post("/api/auth/verify-email", { email: "TARGET@example.org", code: "123456" });
    // Assess
    expect(answers).toEqual([400, 400, 400]);
    expect(fourth.status).toBe(429);
    // 4 attempts 20 minutes into the hour: 3 or fewer only once the next hour is half gone (40 + 30 minutes).
    expect(fourth.headers.get("retry-after")).toBe(String(70 * 60));
    expect(await json(fourth)).toEqual({ detail: "Too many verification attempts with this code. Request a new code, or try again in 70 minutes." });
    expect(t.cognito.commandCalls(ConfirmSignUpCommand)).toHaveLength(3);
  });

  test("a stranger's wrong codes never take the owner's: 3 per code and address, a ceiling of 10 repeated tries per code from addresses that did not ask for it, every address's first try and the asking address's own always counted apart (issue 14)", async () => {
    // Prepare: the owner registers from CLIENT_IP, so that address asked for the code
    const target = { email: "target@example.org", code: "123456" };
    t.cognito.on(SignUpCommand).resolves({ UserSub: "3f6c1f3e-0d6b-4c51-9b5b-6f1f4f0f3e11", UserConfirmed: false });
    expect((await t.post("/api/auth/register", { email: target.email, password: STRONG_PASSWORD, name: "Owner" })).status).toBe(201);
    // Act: a stranger guesses from one address until refused (its 2nd and 3rd tries are repeats: 2 toward the ceiling)
    t.ip.value = "198.51.100.1";
    const stranger = await statuses(4, () => t.post("/api/auth/verify-email", target));
    // strangers spread over 8 more addresses, two tries each: the first free, the second a repeat (8 more: 10 in all)
    const spread = await statuses(16, (i) => ((t.ip.value = `198.51.100.${10 + Math.floor(i / 2)}`), t.post("/api/auth/verify-email", target)));
    // one more repeat from a stranger's address is over the ceiling; a new address's first try still gets its turn
    t.ip.value = "198.51.100.10";
    const overCeiling = await t.post("/api/auth/verify-email", target);
    t.ip.value = "198.51.100.99";
    const firstTry = await t.post("/api/auth/verify-email", target);
    // the owner, from the address that asked for the code, has their own three tries whatever the strangers did
    t.ip.value = CLIENT_IP;
    const owner = await statuses(4, () => t.post("/api/auth/verify-email", target));
    // and a new code starts everything afresh
    const resend = await t.post("/api/auth/resend-verification", { email: target.email });
    t.cognito.on(ConfirmSignUpCommand).resolves({});
    const withNewCode = await t.post("/api/auth/verify-email", { email: target.email, code: "654321" });
    // Assess
    expect(stranger).toEqual([400, 400, 400, 429]);
    expect(spread).toEqual(Array(16).fill(400));
    expect(overCeiling.status).toBe(429);
    expect(await json(overCeiling)).toEqual({ detail: `Too many verification attempts with this code. Request a new code, or ${waitFrom(overCeiling)}` });
    expect(firstTry.status).toBe(400); // Cognito's answer to the (mocked) wrong code: it was asked
    expect(owner).toEqual([400, 400, 400, 429]);
    expect(resend.status).toBe(200);
    expect(withNewCode.status).toBe(200);
    expect(await json(withNewCode)).toEqual({ success: true, message: "Email verified successfully. You can now log in.", email_verified: true });
    // 3 + 16 + 1 (first try) + 3 (owner) + 1 (new code) reached Cognito; the refused ones never did
    expect(t.cognito.commandCalls(ConfirmSignUpCommand)).toHaveLength(24);
  });

  test("5 resends per source address and email per hour; another address's requests never use up the owner's", async () => {
    // Act
    const answers = await statuses(6, () => t.post("/api/auth/resend-verification", { email: "a@example.org" }));
    const last = await t.post("/api/auth/resend-verification", { email: "a@example.org" });
    t.ip.value = "198.51.100.9";
    const fromOwner = await t.post("/api/auth/resend-verification", { email: "a@example.org" });
    // Assess
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await json(last)).toEqual({ detail: `Too many verification code requests. Please ${waitFrom(last)}` });
    expect(fromOwner.status).toBe(200);
    expect(t.cognito.commandCalls(ResendConfirmationCodeCommand)).toHaveLength(6);
  });

  test("20 emails per source address per hour across every email: resend-verification and forgot-password share the count", async () => {
    // Act
    const answers = await statuses(20, (i) => (i % 2 ? t.post("/api/auth/resend-verification", { email: `person${i}@example.org` }) : t.post("/api/auth/forgot-password", { email: `person${i}@example.org` })));
    const resend = await t.post("/api/auth/resend-verification", { email: "person20@example.org" });
    const forgot = await t.post("/api/auth/forgot-password", { email: "person21@example.org" });
    t.ip.value = "198.51.100.9";
    const otherIp = await t.post("/api/auth/forgot-password", { email: "person21@example.org" });
    // Assess
    expect(answers).toEqual(Array(20).fill(200));
    expect([resend.status, forgot.status]).toEqual([429, 429]);
    expect(await json(resend)).toEqual({ detail: `Too many emails requested from this network. Please ${waitFrom(resend)}` });
    expect(await json(forgot)).toEqual({ detail: `Too many emails requested from this network. Please ${waitFrom(forgot)}` });
    expect(otherIp.status).toBe(200);
    expect(t.cognito.commandCalls(ResendConfirmationCodeCommand).length + t.cognito.commandCalls(ForgotPasswordCommand).length).toBe(21);
  });

  test("10 logins per IP and username per 15 minutes; 429 with the sign-in limit's text and its wait", async () => {
    // Act
    const answers = await statuses(11, () => t.post("/api/auth/login", { username: "a@example.org", password: "wrong" }));
    const otherUser = await t.post("/api/auth/login", { username: "b@example.org", password: "wrong" });
    const blocked = await t.post("/api/auth/login", { username: "a@example.org", password: "wrong" });
    // Assess
    expect(answers).toEqual([...Array(10).fill(401), 429]);
    expect(otherUser.status).toBe(401);
    // 12 attempts this window (5 of its 15 minutes gone): allowed again once they weigh 9 or less
    // in the next window, i.e. the 10 minutes left of this one plus a quarter of the next.
    expect(blocked.headers.get("retry-after")).toBe(String(10 * 60 + 225));
    expect(await json(blocked)).toEqual({ detail: "Too many sign-in attempts. Please try again in 14 minutes." });
  });

  test("spraying: 30 failed sign-ins from one address across accounts per 15 minutes, then 429 before Cognito; another address is not affected (issue 14)", async () => {
    // Act: one wrong password each for 30 accounts, then a 31st account
    const answers = await statuses(30, (i) => t.post("/api/auth/login", { username: `person${i}@example.org`, password: "Spring2026!" }));
    const next = await t.post("/api/auth/login", { username: "person30@example.org", password: "Spring2026!" });
    t.ip.value = "198.51.100.9";
    const otherIp = await t.post("/api/auth/login", { username: "person30@example.org", password: "Spring2026!" });
    // Assess
    expect(answers).toEqual(Array(30).fill(401));
    expect(next.status).toBe(429);
    expect(await json(next)).toEqual({ detail: `Too many failed sign-in attempts from this network. Please ${waitFrom(next)}` });
    expect(otherIp.status).toBe(401);
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)).toHaveLength(31);
  });

  test("successful sign-ins from one address are not failures: a shared office signs in more than 30 people", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: "a.b.c", IdToken: idToken(), RefreshToken: "r", ExpiresIn: 3600 } });
    // Act
    const answers = await statuses(40, (i) => t.post("/api/auth/login", { username: `person${i}@example.org`, password: STRONG_PASSWORD }));
    // Assess
    expect(answers).toEqual(Array(40).fill(200));
  });

  test("5 password reset requests per source address and email per hour; requests by others never use up the owner's", async () => {
    // Act
    const answers = await statuses(6, () => t.post("/api/auth/forgot-password", { email: "a@example.org" }));
    const sixth = await t.post("/api/auth/forgot-password", { email: "a@example.org" });
    t.ip.value = "198.51.100.9";
    const fromOwner = await t.post("/api/auth/forgot-password", { email: "a@example.org" });
    // Assess
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await json(sixth)).toEqual({ detail: `Too many password reset requests. Please ${waitFrom(sixth)}` });
    expect(fromOwner.status).toBe(200);
    expect(t.cognito.commandCalls(ForgotPasswordCommand)).toHaveLength(6);
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
  test("two atomic UpdateItems per limit (ADD 1 now, ADD 0 to read the previous window), UPDATED_NEW, a TTL past the next window; keys hold a hash, not the email", async () => {
    // Act: a repeated try at a code counts per code and address (verify-code-ip) and per code from anywhere (verify-code)
    await t.post("/api/auth/verify-email", { email: "Private.Person@example.org", code: "123456" });
    t.updates.length = 0;
    t.dynamo.resetHistory();
    await t.post("/api/auth/verify-email", { email: "Private.Person@example.org", code: "123456" });
    // Assess
    // Which code is live and whether the address is contested: consistent reads of their records, under hashed keys.
    const reads = t.dynamo.commandCalls(GetItemCommand).map((c) => c.args[0].input);
    expect(reads).toEqual([
      { TableName: TABLE, Key: { pk: { S: expect.stringMatching(/^code-verify#[0-9a-f]{32}$/) } }, ConsistentRead: true },
      { TableName: TABLE, Key: { pk: { S: expect.stringMatching(/^contested#[0-9a-f]{32}$/) } }, ConsistentRead: true },
      // and who asked for the code (a code entered from elsewhere ends with a password from the mailbox)
      { TableName: TABLE, Key: { pk: { S: expect.stringMatching(/^code-verify#[0-9a-f]{32}$/) } }, ConsistentRead: true },
    ]);
    expect(t.updates).toHaveLength(4);
    for (const name of ["verify-code-ip", "verify-code"]) {
      const mine = t.updates.filter((u) => u.Key!.pk!.S!.startsWith(`${name}#`));
      expect(mine).toHaveLength(2);
      const [update, previous] = mine.sort((a) => (a.ExpressionAttributeValues?.[":one"] ? -1 : 1)) as [UpdateItemCommandInput, UpdateItemCommandInput];
      expect(previous).toMatchObject({ UpdateExpression: "ADD #count :zero SET expiresAt = if_not_exists(expiresAt, :expires)", ExpressionAttributeValues: { ":zero": { N: "0" } }, ReturnValues: "UPDATED_NEW" });
      expect(previous.Key!.pk!.S).toMatch(new RegExp(`^${name}#[0-9a-f]{32}#${HOUR_START - 3600}$`));
      expect(update).toMatchObject({
        TableName: TABLE,
        UpdateExpression: "ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { ":one": { N: "1" } },
        ReturnValues: "UPDATED_NEW",
      });
      const key = update.Key!.pk!.S!;
      expect(key).toMatch(new RegExp(`^${name}#[0-9a-f]{32}#${HOUR_START}$`));
      expect(key.toLowerCase()).not.toContain("private");
      expect(Number(update.ExpressionAttributeValues![":expires"]!.N)).toBeGreaterThan(HOUR_START + 2 * 3600);
    }
  });

  test("no table key holds an IP or an email in clear", async () => {
    // Act
    await register(1);
    await t.post("/api/auth/login", { username: "person1@example.org", password: "x" });
    await t.post("/api/auth/resend-verification", { email: "person1@example.org" });
    await t.post("/api/auth/forgot-password", { email: "person1@example.org" });
    // Assess: every key written or read, counters and records alike (which code was sent last)
    const keys = [...t.updates.map((u) => u.Key!.pk!.S!), ...t.dynamo.commandCalls(GetItemCommand).map((c) => c.args[0].input.Key!.pk!.S!)];
    expect(keys.filter((k) => k.startsWith("code-verify#"))).not.toHaveLength(0);
    expect(keys.join("\n")).not.toContain(CLIENT_IP);
    expect(keys.join("\n").toLowerCase()).not.toContain("person1");
    // Six limits (register-ip, login-failures-ip, login-ip-user, resend-ip-email, emails-ip, forgot-ip-email), each a current and a previous window
    expect(t.counters.size).toBe(12);
  });

  test("malformed sign-ups that never reach the pool no longer count against the address's registration limit (issue 14: inverted on purpose)", async () => {
    // Act: an office's typos, refused by each check before Cognito, many times over
    const malformed = [
      { email: "x" },
      { email: "person@example.org", password: "Password123!", name: "Person" },
      { email: "person@example.org", password: STRONG_PASSWORD, name: "Person", country: "Narnia" },
      { email: "person@example.org", password: STRONG_PASSWORD, name: "<b>Person</b>" },
    ];
    const refused = await statuses(12, (i) => t.post("/api/auth/register", malformed[i % malformed.length]));
    const valid = await statuses(6, (i) => register(i));
    // Assess
    expect(refused).toEqual(Array(12).fill(400));
    expect(valid).toEqual([201, 201, 201, 201, 201, 429]);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(5);
  });
});
