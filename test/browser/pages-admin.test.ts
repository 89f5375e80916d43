/**
 * Issue 16's pages, walked in Chromium against the local stack: a bootstrap administrator is led
 * from the 403 to setting up two-step verification (TOTP codes computed here, RFC 6238, not by the
 * code under test), turns it on from the QR page's key, signs in with a code, lists and searches
 * users, invites someone (the invitation is in the local mailbox), changes a role, disables and
 * enables, signs someone out everywhere (each confirmed on a page of its own), and reads the audit
 * trail. A member is refused; signed out, /admin leads to sign-in. Without JavaScript throughout.
 */
import type { Page } from "playwright-core";
import { totpCode, uniqueEmail, type RunningStack } from "../e2e/local-stack";
import { PAGES_TEST_TIMEOUT_MS, pagesHarness, RAW_ERROR_TEXT, send, signIn, verifiedAccount, visibleText } from "./pages-support";

jest.setTimeout(PAGES_TEST_TIMEOUT_MS * 2);

const ADMIN = uniqueEmail("chief");
const ADMIN_PASSWORD = "Copper-Harbour-Violin-41";
const harness = pagesHarness({ BOOTSTRAP_ADMIN_EMAILS: ADMIN });
let stack: RunningStack;
beforeAll(() => {
  stack = harness.stack;
});

const url = (path: string) => `${stack.apiUrl}${path}`;
const path = (page: Page) => new URL(page.url()).pathname;
async function press(page: Page, name: string) {
  await send(page, page.getByRole("button", { name, exact: true }));
  expect(await visibleText(page)).not.toMatch(RAW_ERROR_TEXT);
}

/** A fresh TOTP code, never one already used (Cognito refuses a time step twice). */
let lastStep = 0;
async function freshCode(secret: string): Promise<string> {
  while (Math.floor(Date.now() / 30_000) <= lastStep) await new Promise((r) => setTimeout(r, 500));
  lastStep = Math.floor(Date.now() / 30_000);
  return totpCode(secret);
}

let secret = "";

test("a bootstrap administrator is led from the 403 to two-step verification, turns it on from the QR page, then signs in with a code", async () => {
  const started = Date.now();
  await verifiedAccount(stack, ADMIN, "The Chief");
  // The verification email's reset code makes the bootstrap address an administrator.
  const reset = await stack.post("/api/auth/reset-password", { email: ADMIN, code: await stack.latestCode(ADMIN, started), new_password: ADMIN_PASSWORD });
  expect(reset.status).toBe(200);

  const page = await harness.newPage({ javaScriptEnabled: false });
  await signIn(page, stack.apiUrl, ADMIN, ADMIN_PASSWORD);
  expect(path(page)).toBe("/account");
  expect(await page.getByRole("heading", { name: "Two-step verification" }).count()).toBe(1);

  const refused = await page.goto(url("/admin"));
  expect(refused?.status()).toBe(403);
  expect(await page.locator(".error-summary").innerText()).toContain("Administrators must use two-step verification");
  await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: "Set up two-step verification" }).click()]);
  expect(path(page)).toBe("/account/two-step");

  await press(page, "Continue");
  expect(await page.locator(".error-summary li").allInnerTexts()).toEqual(["Enter your password to confirm"]);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await press(page, "Continue");
  expect(path(page)).toBe("/account/two-step/scan");
  expect(await page.locator(".qr svg[role=img]").getAttribute("aria-label")).toBe("QR code to scan with your authenticator app");
  secret = (await page.locator("#secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);

  await page.getByLabel("Authentication code").fill("12");
  await press(page, "Turn on");
  expect(await page.locator("#code-error").innerText()).toContain("6 digits");
  await page.getByLabel("Authentication code").fill(await freshCode(secret));
  await press(page, "Turn on");
  // Every session opened with the password alone ends: sign in again, now with a code.
  expect(path(page)).toBe("/login");
  expect(await page.getByRole("status").innerText()).toContain("Two-step verification is on");

  const next = page;
  await signIn(next, stack.apiUrl, ADMIN, ADMIN_PASSWORD);
  expect(path(next)).toBe("/login/code");
  expect(await next.locator("h1").innerText()).toBe("Enter your authentication code");
  await next.getByLabel("Authentication code").fill(totpCode(secret) === "000000" ? "000001" : "000000");
  await press(next, "Verify");
  expect(await next.locator("#code-error").innerText()).toContain("This code is not right");
  await next.getByLabel("Authentication code").fill(await freshCode(secret));
  await press(next, "Verify");
  expect(path(next)).toBe("/account");
});

test("the administrator lists, searches, invites, changes a role, disables and enables, signs out everywhere (each confirmed) and reads the audit trail", async () => {
  const member = uniqueEmail("member");
  await verifiedAccount(stack, member, "Member Person");
  const page = await harness.newPage({ javaScriptEnabled: false });
  await signIn(page, stack.apiUrl, ADMIN, ADMIN_PASSWORD);
  await page.getByLabel("Authentication code").fill(await freshCode(secret));
  await press(page, "Verify");

  await page.goto(url("/admin"));
  expect(await page.locator("h1").innerText()).toBe("Users");
  await page.getByLabel("Search").fill(member.slice(0, 14));
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Search" }).click()]);
  expect(await page.locator("tbody tr").count()).toBe(1);
  await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: member }).click()]);
  expect(path(page)).toMatch(/^\/admin\/users\/[0-9a-f-]{36}$/);
  const memberPage = page.url();

  await page.getByRole("combobox", { name: "Role" }).selectOption("admin");
  await press(page, "Save role");
  expect(await page.getByRole("status").innerText()).toContain("The role has been saved");

  await press(page, "Disable account");
  expect(await page.locator("h1").innerText()).toBe("Are you sure?");
  await press(page, "Yes, disable the account");
  expect(await page.getByRole("status").innerText()).toContain("disabled");
  await press(page, "Enable account");
  expect(await page.getByRole("status").innerText()).toContain("enabled");
  await press(page, "Sign out everywhere");
  await press(page, "Yes, sign out everywhere");
  expect(await page.getByRole("status").innerText()).toContain("signed out everywhere");
  expect(page.url()).toContain(memberPage.split("?")[0]);

  const invitee = uniqueEmail("invitee");
  const invitedAt = Date.now() - 1000;
  await page.goto(url("/admin/invite"));
  await press(page, "Invite");
  expect(await page.locator(".error-summary li").allInnerTexts()).toEqual(["Enter your email address", "Enter your full name"]);
  await page.getByLabel("Email").fill(invitee);
  await page.getByLabel("Full name").fill("Invited Person");
  await press(page, "Invite");
  expect(await page.getByRole("status").innerText()).toContain(`The invitation has been sent to ${invitee}`);
  const { body: mail } = await stack.get(`/_local/mailbox/${encodeURIComponent(invitee)}`);
  expect((mail as Array<{ receivedAt: string }>).filter((m) => Date.parse(m.receivedAt) >= invitedAt).length).toBeGreaterThan(0);

  await page.goto(url("/admin/audit"));
  const trail = await page.locator("tbody").innerText();
  for (const action of ["Invited", "Signed out everywhere", "Account enabled", "Account disabled", "Role changed", "Turned on two-step verification"]) expect(trail).toContain(action);
  expect(trail).toContain(member);
  expect(await visibleText(page)).not.toMatch(RAW_ERROR_TEXT);
});

test("a member is refused; signed out, /admin leads to sign-in", async () => {
  const member = uniqueEmail("plain");
  await verifiedAccount(stack, member);
  const page = await harness.newPage({ javaScriptEnabled: false });
  const signedOut = await page.goto(url("/admin"));
  expect(path(page)).toBe("/login");
  expect(signedOut?.status()).toBe(200);
  await signIn(page, stack.apiUrl, member, "Tangerine-Orbit-Velvet-73");
  const refused = await page.goto(url("/admin"));
  expect(refused?.status()).toBe(403);
  expect(await page.locator(".error-summary").innerText()).toContain("Only administrators");
  const french = await page.goto(url("/admin/audit?lang=fr"));
  expect(french?.status()).toBe(403);
  expect(await page.locator(".error-summary").innerText()).toContain("Seuls les administrateurs");
});
