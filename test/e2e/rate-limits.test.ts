/** The reference's rate limits at their defaults, against the local stack (dynalite counters). */
import { stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack();
}, stackTimeout());
afterAll(async () => stack?.stop());

test("the sixth registration from one IP in an hour is refused with 429 and Retry-After; X-Forwarded-For does not help", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    statuses.push((await stack.post("/api/auth/register", { email: uniqueEmail("burst"), password: STRONG_PASSWORD, name: "Burst" })).status);
  }
  expect(statuses).toEqual([201, 201, 201, 201, 201]);
  const sixth = await stack.post("/api/auth/register", { email: uniqueEmail("burst"), password: STRONG_PASSWORD, name: "Burst" });
  expect(sixth.status).toBe(429);
  const retryAfter = Number(sixth.headers.get("retry-after"));
  // The wait in words is the header's, in whole minutes rounded up.
  expect(sixth.body).toEqual({ detail: `Too many registration attempts. Please try again in ${Math.ceil(retryAfter / 60)} minutes.` });
  expect(retryAfter).toBeGreaterThan(0);
  // The sliding window weighs the previous hour's count as if spread evenly over it, so a burst early
  // in one hour still weighs on the next: one more attempt passes at most two windows later.
  expect(retryAfter).toBeLessThanOrEqual(2 * 3600);
  const spoofed = await stack.post("/api/auth/register", { email: uniqueEmail("burst"), password: STRONG_PASSWORD, name: "Burst" }, { "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8" });
  expect(spoofed.status).toBe(429);
});

test("the fourth attempt at one code from one address is refused, and says to request a new code", async () => {
  const email = uniqueEmail("guesser");
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await stack.post("/api/auth/verify-email", { email, code: String(100000 + i) })).status);
  expect(statuses).toEqual([400, 400, 400, 429]);
  expect((await stack.post("/api/auth/verify-email", { email, code: "123456" })).body).toEqual({
    detail: expect.stringMatching(/^Too many verification attempts with this code\. Request a new code, or try again in \d+ minutes?\.$/),
  });
});

test("login attempts per IP and username are limited (10 per 15 minutes)", async () => {
  const username = uniqueEmail("target");
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await stack.post("/api/auth/login", { username, password: "Wrong-Password-1!" })).status);
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses[10]).toBe(429);
});
