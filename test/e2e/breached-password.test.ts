/**
 * The optional breached-password check end to end: the local stack started with
 * BREACHED_PASSWORD_CHECK=true and BREACHED_PASSWORD_API_URL pointing at a local server
 * speaking the Pwned Passwords range protocol (with padding). Registration over HTTP is
 * refused for a listed password and goes through (with the real trigger bundles in
 * cognito-local) for another; the range server only ever receives 5-character prefixes.
 */
import { rangeQuery } from "../../policies/breached-password";
import { startFakePwnedPasswords, type FakePwnedPasswords } from "../support/fake-pwned-passwords";
import { OTHER_STRONG_PASSWORD, RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

let fake: FakePwnedPasswords;
let stack: RunningStack;

beforeAll(async () => {
  fake = await startFakePwnedPasswords({ [STRONG_PASSWORD]: 1234 });
  stack = await startStack({ ...RELAXED_LIMITS, BREACHED_PASSWORD_CHECK: "true", BREACHED_PASSWORD_API_URL: fake.apiUrl });
}, stackTimeout());
afterAll(async () => {
  await stack?.stop();
  await fake?.close();
});

test("register: a listed password is 400 with the breach reason; an unlisted one is 201 and its code is emailed", async () => {
  // Prepare
  const refusedEmail = uniqueEmail("breached");
  const acceptedEmail = uniqueEmail("clean");
  // Act
  const refused = await stack.post("/api/auth/register", { email: refusedEmail, password: STRONG_PASSWORD, name: "John Doe" });
  const started = Date.now();
  const accepted = await stack.post("/api/auth/register", { email: acceptedEmail, password: OTHER_STRONG_PASSWORD, name: "John Doe" });
  // Assess
  expect(refused.status).toBe(400);
  expect(refused.body).toEqual({ detail: "Password does not meet requirements: Found in a known data breach; choose another" });
  expect(accepted.status).toBe(201);
  expect(await stack.latestCode(acceptedEmail, started)).toMatch(/^\d{6}$/);
  expect(fake.received.map((r) => [r.url, r.headers["add-padding"]])).toEqual([
    [`/range/${rangeQuery(STRONG_PASSWORD).prefix}`, "true"],
    [`/range/${rangeQuery(OTHER_STRONG_PASSWORD).prefix}`, "true"],
  ]);
});
