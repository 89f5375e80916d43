/**
 * concealExistingAccounts end to end, on the real local stack (API, cognito-local with our
 * trigger bundles): registering with an address that has an account answers 201, and the
 * owner's mailbox gets the registration-attempt notice, whose code really works: a password
 * reset code for a confirmed account, the verification code for an unconfirmed one.
 */
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

const NOTICE_SUBJECT = "Someone tried to create an account with your address on IGAD Innovation Hub";
const OTHER_PASSWORD = "Marmalade-Harbour-Quartz-58";

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack({ ...RELAXED_LIMITS, CONCEAL_EXISTING_ACCOUNTS: "true", ENUMERATION_FLOOR_MS: "100" });
}, stackTimeout());
afterAll(async () => stack?.stop());

interface Mail {
  subject: string;
  html: string;
  receivedAt: string;
}
const mailbox = async (email: string) => (await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`)).body as Mail[];
const register = (email: string, name: string, password = STRONG_PASSWORD) => stack.post("/api/auth/register", { email, password, name });

/** The newest email received at or after `since`, once it has arrived. */
async function newestSince(email: string, since: number): Promise<Mail> {
  await stack.latestCode(email, since);
  return (await mailbox(email)).filter((m) => Date.parse(m.receivedAt) >= since).at(-1)!;
}

test("a confirmed owner gets the notice with a working password reset code, and links to sign in and reset", async () => {
  // Prepare
  const email = uniqueEmail("notice-confirmed");
  const started = Date.now();
  expect((await register(email, "Amina Owner")).status).toBe(201);
  expect((await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
  const before = (await mailbox(email)).length;
  // Act
  const attempted = Date.now();
  // Somebody else (another password): the owner's own retry would be answered as their first registration.
  const again = await register(email, "Somebody Else", OTHER_PASSWORD);
  // Assess
  expect(again.status).toBe(201);
  const notice = await newestSince(email, attempted);
  expect(await mailbox(email)).toHaveLength(before + 1);
  expect(notice.subject).toBe(NOTICE_SUBJECT);
  expect(notice.html).toContain("Hello Amina Owner,"); // the owner's name, not the one just typed
  expect(notice.html).toContain("You already have an account with it, and nothing was changed.");
  expect(notice.html).not.toContain("{####}");
  const links = [...notice.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  expect(links).toEqual([`${stack.apiUrl}/login?email=${encodeURIComponent(email)}`, `${stack.apiUrl}/reset-password?email=${encodeURIComponent(email)}`]);
  const code = await stack.latestCode(email, attempted);
  expect(links.join(" ")).not.toContain(code);
  // The code is the real reset code Cognito filled in.
  expect((await stack.post("/api/auth/reset-password", { email, code, new_password: OTHER_PASSWORD })).status).toBe(200);
  expect((await stack.post("/api/auth/login", { username: email, password: OTHER_PASSWORD })).status).toBe(200);
}, 60_000);

test("an unconfirmed owner gets the notice with a working verification code", async () => {
  // Prepare
  const email = uniqueEmail("notice-unconfirmed");
  const started = Date.now();
  expect((await register(email, "Unconfirmed Owner")).status).toBe(201);
  await stack.latestCode(email, started); // the sign-up email, left unused
  // Act
  const attempted = Date.now();
  const again = await register(email, "Somebody Else", OTHER_PASSWORD);
  // Assess
  expect(again.status).toBe(201);
  const notice = await newestSince(email, attempted);
  expect(notice.subject).toBe(NOTICE_SUBJECT);
  expect(notice.html).toContain("confirm your email address with the code below");
  const code = await stack.latestCode(email, attempted);
  // Someone else tried this address, so verifying ends with the password chosen from the mailbox (docs/one-door.md).
  const verified = await stack.post("/api/auth/verify-email", { email, code });
  expect(verified).toMatchObject({ status: 200, body: { message: expect.stringContaining("choose your password with the reset code") } });
  const reset = await stack.post("/api/auth/reset-password", { email, code: await stack.latestCode(email, attempted), new_password: OTHER_PASSWORD });
  expect(reset.status).toBe(200);
  expect((await stack.post("/api/auth/login", { username: email, password: OTHER_PASSWORD })).status).toBe(200);
}, 60_000);

test("a plain forgot-password request still gets the normal reset email, not the notice", async () => {
  // Prepare
  const email = uniqueEmail("notice-plain");
  const started = Date.now();
  await register(email, "Plain Reset");
  await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, started) });
  // Act
  const asked = Date.now();
  expect((await stack.post("/api/auth/forgot-password", { email })).status).toBe(200);
  // Assess
  expect((await newestSince(email, asked)).subject).toBe("Reset your IGAD Innovation Hub password");
}, 60_000);
