/**
 * Issue 9's API additions end to end against the local stack (cognito-local with our
 * triggers, dynalite, the API): the CAPTCHA on registration solved for real with
 * altcha-lib (replay refused through dynalite's conditional write, expiry, missing),
 * not required when the setting is off; change-password and PATCH /me with real tokens.
 */
import { DescribeUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { createChallenge, randomInt, solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { captchaKeys, CHALLENGE_COST } from "../../api/captcha";
import { OTHER_STRONG_PASSWORD, RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

let withCaptcha: RunningStack;
let withoutCaptcha: RunningStack;

beforeAll(async () => {
  [withCaptcha, withoutCaptcha] = await Promise.all([startStack({ ...RELAXED_LIMITS, CAPTCHA_ON_REGISTER: "true" }), startStack(RELAXED_LIMITS)]);
}, stackTimeout(2));
afterAll(async () => Promise.all([withCaptcha?.stop(), withoutCaptcha?.stop()]));

const FAILED = { detail: "CAPTCHA verification failed" };
const person = (email: string) => ({ email, password: STRONG_PASSWORD, name: "Amina Yusuf", organization: "IGAD ICPAC", country: "Kenya" });
/** What the widget posts: base64 of {challenge, solution}, solved as a browser would. */
async function solved(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  expect(solution).not.toBeNull();
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}
async function freshPayload(stack: RunningStack): Promise<string> {
  const response = await stack.get("/api/auth/captcha");
  expect(response.status).toBe(200);
  return solved(response.body as Challenge);
}

describe("the CAPTCHA on registration, captchaOnRegister on", () => {
  test("a solved challenge registers; the same solution again is refused", async () => {
    const payload = await freshPayload(withCaptcha);
    const first = await withCaptcha.post("/api/auth/register", { ...person(uniqueEmail("captcha")), altcha: payload });
    expect(first.status).toBe(201);
    const replay = await withCaptcha.post("/api/auth/register", { ...person(uniqueEmail("replay")), altcha: payload });
    expect(replay).toMatchObject({ status: 400, body: FAILED });
  }, 60_000);

  test("two registrations racing with one solution: exactly one gets through", async () => {
    const payload = await freshPayload(withCaptcha);
    const answers = await Promise.all([1, 2, 3].map((n) => withCaptcha.post("/api/auth/register", { ...person(uniqueEmail(`race${n}`)), altcha: payload })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400, 400]);
  }, 60_000);

  test("no altcha, or a made-up one, is refused", async () => {
    expect(await withCaptcha.post("/api/auth/register", person(uniqueEmail("none")))).toMatchObject({ status: 400, body: FAILED });
    const madeUp = Buffer.from(JSON.stringify({ challenge: { parameters: {}, signature: "00" }, solution: { counter: 1, derivedKey: "00" } })).toString("base64");
    expect(await withCaptcha.post("/api/auth/register", { ...person(uniqueEmail("madeup")), altcha: madeUp })).toMatchObject({ status: 400, body: FAILED });
  });

  test("an expired challenge is refused, while the same challenge unexpired is accepted", async () => {
    // The stack's own keys (HKDF of its API client's secret), so only the expiry differs.
    const client = await withCaptcha.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: withCaptcha.userPoolId, ClientId: withCaptcha.apiClientId }));
    const keys = captchaKeys(client.UserPoolClient!.ClientSecret!);
    const issue = (expiresAt: number) =>
      createChallenge({ algorithm: "PBKDF2/SHA-256", cost: CHALLENGE_COST, counter: randomInt(200, 100), deriveKey, expiresAt, hmacSignatureSecret: keys.challengeKey, hmacKeySignatureSecret: keys.solutionKey });
    const now = Math.floor(Date.now() / 1000);
    const expired = await solved(await issue(now - 1));
    expect(await withCaptcha.post("/api/auth/register", { ...person(uniqueEmail("expired")), altcha: expired })).toMatchObject({ status: 400, body: FAILED });
    const current = await solved(await issue(now + 600));
    expect((await withCaptcha.post("/api/auth/register", { ...person(uniqueEmail("current")), altcha: current })).status).toBe(201);
  }, 60_000);
});

describe("captchaOnRegister off (the default)", () => {
  test("registration needs no altcha, and GET /captcha still answers", async () => {
    expect((await withoutCaptcha.post("/api/auth/register", person(uniqueEmail("nocaptcha")))).status).toBe(201);
    expect((await withoutCaptcha.get("/api/auth/captcha")).body).toMatchObject({ parameters: { algorithm: "PBKDF2/SHA-256" }, signature: expect.any(String) });
  });
});

describe("change-password and PATCH /me with real tokens", () => {
  const stack = () => withoutCaptcha;
  async function signedUp(): Promise<{ email: string; token: string }> {
    const email = uniqueEmail("account");
    const started = Date.now();
    expect((await stack().post("/api/auth/register", person(email))).status).toBe(201);
    expect((await stack().post("/api/auth/verify-email", { email, code: await stack().latestCode(email, started) })).status).toBe(200);
    const login = await stack().post("/api/auth/login", { username: email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    return { email, token: login.body.access_token as string };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const patch = async (token: string, body: unknown) => {
    const response = await fetch(`${stack().apiUrl}/api/auth/me`, { method: "PATCH", headers: { "content-type": "application/json", ...bearer(token) }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test("the password changes: the old one stops working, the new one signs in; a weak one is refused with the policy's words", async () => {
    const { email, token } = await signedUp();
    const weak = await stack().post("/api/auth/change-password", { current_password: STRONG_PASSWORD, new_password: "Amina-Yusuf-2024" }, bearer(token));
    expect(weak.status).toBe(400);
    expect(weak.body.detail).toMatch(/^Password does not meet requirements: /);
    const wrongCurrent = await stack().post("/api/auth/change-password", { current_password: "Not-The-Current-Password-91", new_password: OTHER_STRONG_PASSWORD }, bearer(token));
    expect(wrongCurrent).toMatchObject({ status: 400, body: { detail: "Current password is incorrect" } });
    const changed = await stack().post("/api/auth/change-password", { current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD }, bearer(token));
    expect(changed).toMatchObject({ status: 200, body: { success: true, message: "Password changed successfully. Sign in again with your new password." } });
    expect((await stack().post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).status).toBe(401);
    expect((await stack().post("/api/auth/login", { username: email, password: OTHER_STRONG_PASSWORD })).status).toBe(200);
  }, 60_000);

  test("the profile changes and GET /me shows it; the locale reaches the emails; custom:role cannot be sent", async () => {
    const { email, token } = await signedUp();
    const updated = await patch(token, { name: "Amina Y. Yusuf", organization: "", country: "ET", locale: "fr" });
    expect(updated).toEqual({
      status: 200,
      body: { user_id: expect.any(String), email, email_verified: true, name: "Amina Y. Yusuf", country: "Ethiopia", locale: "fr", role: "user", is_admin: false, mfa: false },
    });
    expect((await stack().get("/api/auth/me", bearer(token))).body).toEqual(updated.body);
    expect(await patch(token, { "custom:role": "admin" })).toEqual({ status: 400, body: { detail: "Unknown field: custom:role" } });
    expect((await stack().get("/api/auth/me", bearer(token))).body.role).toBe("user");
    // The custom message trigger reads the locale: the next email to this person is in French.
    const started = Date.now();
    expect((await stack().post("/api/auth/forgot-password", { email })).status).toBe(200);
    await stack().latestCode(email, started);
    const mails = (await stack().get(`/_local/mailbox/${encodeURIComponent(email)}`)).body as Array<{ html: string }>;
    expect(mails.at(-1)!.html).toMatch(/^<!DOCTYPE html>\s*<html lang="fr">/);
  }, 60_000);
});
