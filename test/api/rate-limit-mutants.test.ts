/**
 * Limits no other test held (issue 18). /complete-password-change and /mfa-challenge are
 * password-guessing paths: deleting their limit passed every test. Both share the sign-in's
 * counter per source address and username, so alternating between the three doors gains nothing.
 */
import { AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { buildTestApp, json, OTHER_STRONG_PASSWORD, STRONG_PASSWORD, type TestApp } from "./support";

// 2026-11-22T10:20:00Z: 5 minutes into its 15-minute window.
const NOW = Date.UTC(2026, 10, 22, 10, 20, 0);
const LOGIN_LIMIT = 10;
// 11 attempts this window, 5 of its 15 minutes gone: allowed again once they weigh 9 or less in the
// next window, i.e. the 10 minutes left of this one plus 2/11 of the next (163.6 s, rounded up).
const SIGN_IN_WAIT = 10 * 60 + 164;
const SIGN_IN_TEXT = "Too many sign-in attempts. Please try again in 13 minutes.";

let t: TestApp;
let now: number;
beforeEach(() => {
  now = NOW;
  t = buildTestApp({}, { now: () => now });
  t.cognito.on(AdminRespondToAuthChallengeCommand).rejects(Object.assign(new Error("x"), { name: "NotAuthorizedException" }));
  t.cognito.on(AdminInitiateAuthCommand).rejects(Object.assign(new Error("x"), { name: "NotAuthorizedException" }));
});

const completePasswordChange = (username = "staff@igad.int") =>
  t.post("/api/auth/complete-password-change", { username, session: "AYABeE-session", new_password: STRONG_PASSWORD });
const mfaChallenge = (username = "staff@igad.int") => t.post("/api/auth/mfa-challenge", { username, session: "AYABeE-session", code: "123456" });
const login = (username = "staff@igad.int") => t.post("/api/auth/login", { username, password: OTHER_STRONG_PASSWORD });

async function statuses(n: number, send: () => Promise<Response>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < n; i++) result.push((await send()).status);
  return result;
}

describe.each([
  ["complete-password-change", completePasswordChange],
  ["mfa-challenge", mfaChallenge],
])("/%s", (_name, send) => {
  test(`${LOGIN_LIMIT} attempts per source address and username per 15 minutes; the next is 429 before Cognito, with the sign-in's text and its wait`, async () => {
    // Act
    const first = await statuses(LOGIN_LIMIT, () => send());
    const next = await send();
    // Assess
    expect(first).toEqual(Array(LOGIN_LIMIT).fill(401));
    expect(next.status).toBe(429);
    expect(next.headers.get("retry-after")).toBe(String(SIGN_IN_WAIT));
    expect(await json(next)).toEqual({ detail: SIGN_IN_TEXT });
    expect(t.cognito.commandCalls(AdminRespondToAuthChallengeCommand)).toHaveLength(LOGIN_LIMIT);
  });

  test("the count is the sign-in's: attempts at /login use it up too", async () => {
    // Prepare
    await statuses(LOGIN_LIMIT, () => login());
    // Act
    const response = await send();
    // Assess
    expect(response.status).toBe(429);
    expect(t.cognito.commandCalls(AdminRespondToAuthChallengeCommand)).toHaveLength(0);
  });

  test("another username from the same address has its own count", async () => {
    // Prepare
    await statuses(LOGIN_LIMIT + 1, () => send());
    // Act
    const other = await send("someone.else@igad.int");
    // Assess
    expect(other.status).toBe(401);
  });
});
