/**
 * The self-service pages end to end: Debian's Chromium (playwright-core) drives every flow
 * against the local stack (`local/start.ts`, what `npm start` runs), reading codes from its
 * mailbox. JavaScript on unless a test says otherwise. One stack and one browser for the
 * file; each test has its own browser context (its own cookies).
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { OTHER_STRONG_PASSWORD, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "../e2e/local-stack";
import { invitedAccount, PAGES_TEST_TIMEOUT_MS, pagesHarness, RAW_ERROR_TEXT, send, signIn, TEMPORARY_PASSWORD, verifiedAccount, visibleText } from "./pages-support";

jest.setTimeout(PAGES_TEST_TIMEOUT_MS); // a step that fails, fails at its own timeout first (pages-support.ts)

const WEAK_PASSWORD = "Welcome@2025";
const harness = pagesHarness();
const newPage = harness.newPage;
let stack: RunningStack;
beforeAll(() => {
  stack = harness.stack;
});

const url = (path: string) => `${stack.apiUrl}${path}`;
const path = (page: Page) => new URL(page.url()).pathname;
const submit = async (page: Page, button: string) => {
  await send(page, page.getByRole("button", { name: button, exact: true }));
  expect(await visibleText(page)).not.toMatch(RAW_ERROR_TEXT); // no raw error name on any page a form leads to
};
const alertText = (page: Page) => page.getByRole("alert").innerText();

async function fillSignup(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Full name").fill("Amina Hassan");
  await page.getByLabel("Organisation (optional)").fill("IGAD ICPAC");
  await page.getByLabel("Country (optional)").selectOption({ label: "Kenya" });
}

describe("sign-up and verification", () => {
  test("a weak password shows the policy's reasons while typing and after sending; a good one lands on /verify, and the code verifies", async () => {
    const page = await newPage();
    const email = uniqueEmail("signup");
    await page.goto(url("/signup"));
    await fillSignup(page, email, WEAK_PASSWORD);
    // Live feedback: the same policy function as the API, shown under the field.
    await page.locator("#password-feedback li").first().waitFor();
    const live = await page.locator("#password-feedback").innerText();
    expect(live).toContain("This password would be refused");

    await submit(page, "Create account");
    expect(path(page)).toBe("/signup");
    expect(await alertText(page)).toContain("Choose another password");
    // The live reasons and the refusal's reasons (beside the field) are the same sentences.
    const refused = await page.locator("#password-error").innerText();
    for (const reason of live.split("\n").slice(1).filter(Boolean)) expect(refused).toContain(reason.trim());
    expect(await page.getByLabel("Full name").inputValue()).toBe("Amina Hassan"); // kept
    expect(await page.getByLabel("Password").inputValue()).toBe(WEAK_PASSWORD); // and, with JavaScript, the password too
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");

    const since = Date.now() - 1000;
    await page.getByLabel("Password").fill(STRONG_PASSWORD);
    await page.getByText("This password meets the requirements.").waitFor();
    await submit(page, "Create account");
    expect(path(page)).toBe("/verify");
    expect(await page.locator("#email").inputValue()).toBe(email); // (the resend form below has its own Email field)
    await page.getByLabel("Verification code").fill(await stack.latestCode(email, since));
    await submit(page, "Verify email");
    expect(path(page)).toBe("/login");
    expect(await page.getByRole("status").innerText()).toContain("Your email address is verified");
    // Into signing in: the email filled in, the focus on the password.
    expect(await page.locator("#email").inputValue()).toBe(email);
    expect(await page.evaluate("document.activeElement?.id")).toBe("password");
  });

  test("the email's link pre-fills /verify with one button, the GET does not use the code, the button does", async () => {
    const email = uniqueEmail("link");
    const since = Date.now() - 1000;
    expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Link Person" })).status).toBe(201);
    const code = await stack.latestCode(email, since);
    const page = await newPage();
    await page.goto(url(`/verify?email=${encodeURIComponent(email)}&code=${code}`));
    expect(await page.getByLabel("Email").inputValue()).toBe(email); // one form only: no resend form here
    expect(await page.getByLabel("Verification code").inputValue()).toBe(code);
    expect(await page.getByRole("button").count()).toBe(1);
    // Still unconfirmed after the GET (a mail scanner following the link confirms nothing).
    expect((await stack.post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).status).not.toBe(200);
    await submit(page, "Verify email");
    expect(path(page)).toBe("/login");
    expect((await stack.post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).status).toBe(200);
  });
});

describe("the signed-in account", () => {
  test("the new password's live check on /account weighs the organisation from the profile, as change-password does", async () => {
    const email = uniqueEmail("account-org");
    await verifiedAccount(stack, email); // organisation "IGAD ICPAC"
    const page = await newPage();
    await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
    await page.waitForLoadState("load"); // the page's script listens for typing once loaded
    const password = "IgadIcpac#Quiver-92x";
    await page.getByLabel("New password").fill(password);
    const live = page.locator("#new-password-feedback");
    await live.locator("li").first().waitFor();
    await page.getByLabel("Current password").fill(STRONG_PASSWORD);
    await submit(page, "Change password");
    expect(await alertText(page)).toContain("Choose another password");
    const refused = await page.locator("#new-password-error").innerText(); // the reasons, beside the field
    expect(refused).toContain("Must not contain your organization's name");
    // A new page: the feedback box is there again, empty (a missing box used to pass as "", issue 18).
    expect(await live.count()).toBe(1);
    expect(await live.innerText()).toBe("");
    await page.getByLabel("New password").fill(password);
    await page.locator("#new-password-feedback li").first().waitFor();
    expect(await page.locator("#new-password-feedback").innerText()).toContain("Must not contain your organization's name");
  });

  test("sign in, edit the profile, change the password, sign out (revoking the session), sign in again, delete the account", async () => {
    const email = uniqueEmail("account");
    await verifiedAccount(stack, email);
    const page = await newPage();
    await page.goto(url("/"));
    expect(path(page)).toBe("/login");
    await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
    expect(path(page)).toBe("/account");
    const summary = await page.locator("dl.summary").innerText();
    expect(summary).toContain("Amina Hassan");
    expect(summary).toContain(email);
    expect(summary).toContain("Member"); // the role, translated
    await page.goto(url("/"));
    expect(path(page)).toBe("/account");

    // Tokens only in HttpOnly, SameSite cookies, sealed: nothing a page script could read or a log could replay.
    const cookies = await page.context().cookies();
    const tokenCookies = cookies.filter((c) => c.name === "access" || c.name === "refresh");
    expect(tokenCookies).toHaveLength(2);
    for (const cookie of tokenCookies) {
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
      expect(cookie.value).not.toMatch(/eyJ/); // no JWT in the clear
    }
    expect(await page.evaluate("document.cookie")).toBe("");

    await page.getByLabel("Full name").fill("Amina H. Hassan");
    await page.getByLabel("Organisation", { exact: true }).fill("IGAD");
    await page.getByLabel("Country", { exact: true }).selectOption({ label: "Djibouti" });
    await submit(page, "Save");
    expect(await page.getByRole("status").innerText()).toContain("Your profile has been saved.");
    expect(await page.locator("dl.summary").innerText()).toContain("Amina H. Hassan");
    expect(await page.getByLabel("Country", { exact: true }).inputValue()).toBe("Djibouti");

    // A refused new password: in the summary, and the policy's reasons beside the field.
    await page.getByLabel("Current password").fill(STRONG_PASSWORD);
    await page.getByLabel("New password").fill(WEAK_PASSWORD);
    await submit(page, "Change password");
    expect(await alertText(page)).toContain("Choose another password");
    expect(await page.locator("#new-password-error").innerText()).toContain("Too common");
    await page.getByLabel("New password").fill(OTHER_STRONG_PASSWORD);
    await submit(page, "Change password");
    // A new password signs out every session, this one too: on to sign in again, the email filled in.
    expect(path(page)).toBe("/login");
    expect(await page.getByRole("status").innerText()).toContain("Your password has been changed.");
    expect(await page.locator("#email").inputValue()).toBe(email);
    await signIn(page, stack.apiUrl, email, OTHER_STRONG_PASSWORD);
    expect(path(page)).toBe("/account");

    const sealedRefresh = (await page.context().cookies()).find((c) => c.name === "refresh")!;
    await submit(page, "Sign out");
    expect(path(page)).toBe("/login");
    await page.goto(url("/account"));
    expect(path(page)).toBe("/login");
    // The old cookie, replayed, finds a revoked refresh token: no way back in.
    await page.context().addCookies([sealedRefresh]);
    await page.goto(url("/account"));
    expect(path(page)).toBe("/login");

    await signIn(page, stack.apiUrl, email, OTHER_STRONG_PASSWORD);
    expect(path(page)).toBe("/account");
    await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    await submit(page, "Delete account");
    expect(await alertText(page)).toMatch(/password/i);
    await page.getByLabel("Password", { exact: true }).fill(OTHER_STRONG_PASSWORD);
    await submit(page, "Delete account");
    expect(path(page)).toBe("/login");
    expect(await page.getByRole("status").innerText()).toContain("Your account has been deleted.");
    expect((await stack.post("/api/auth/login", { username: email, password: OTHER_STRONG_PASSWORD })).status).toBe(401);
  }, 2 * PAGES_TEST_TIMEOUT_MS);

  test("forgot password, then reset with the emailed code, then sign in with the new password", async () => {
    const email = uniqueEmail("forgot");
    await verifiedAccount(stack, email);
    const page = await newPage();
    await page.goto(url("/login"));
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    expect(path(page)).toBe("/forgot-password");
    const since = Date.now() - 1000;
    await page.getByLabel("Email").fill(email);
    await submit(page, "Send reset code");
    expect(path(page)).toBe("/reset-password");
    expect(await page.getByLabel("Email").inputValue()).toBe(email);
    await page.getByLabel("Reset code").fill(await stack.latestCode(email, since));
    await page.getByLabel("New password").fill(WEAK_PASSWORD);
    await submit(page, "Reset password");
    expect(await alertText(page)).toContain("Choose another password");
    // A refused password does not use up the code.
    await page.getByLabel("New password").fill(OTHER_STRONG_PASSWORD);
    await submit(page, "Reset password");
    expect(path(page)).toBe("/login");
    await signIn(page, stack.apiUrl, email, OTHER_STRONG_PASSWORD);
    expect(path(page)).toBe("/account");
  });

  test("an invited user's first sign-in leads to /new-password, which refuses a weak password and accepts a good one", async () => {
    const email = uniqueEmail("invited", "igad.int");
    await invitedAccount(stack, email);
    const page = await newPage();
    await signIn(page, stack.apiUrl, email, TEMPORARY_PASSWORD);
    expect(path(page)).toBe("/new-password");
    expect(await page.locator("main").innerText()).toContain(email);
    await page.getByLabel("New password").fill(WEAK_PASSWORD);
    await submit(page, "Set password");
    expect(await alertText(page)).toContain("Choose another password");
    await page.getByLabel("New password").fill(STRONG_PASSWORD);
    await submit(page, "Set password");
    expect(path(page)).toBe("/account");
    expect(await page.locator("dl.summary").innerText()).toContain("Samuel Okoth");
  });
});

describe("without JavaScript, in French, and against forgery", () => {
  test("with JavaScript off, sign-up, verification and sign-in work as plain forms", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    const email = uniqueEmail("nojs");
    await page.goto(url("/signup"));
    await fillSignup(page, email, WEAK_PASSWORD);
    await submit(page, "Create account");
    expect(await alertText(page)).toContain("Choose another password");
    expect(await page.getByLabel("Password").inputValue()).toBe(""); // a plain form: the server never sends a password back
    const since = Date.now() - 1000;
    await page.getByLabel("Password").fill(STRONG_PASSWORD);
    await submit(page, "Create account");
    expect(path(page)).toBe("/verify");
    await page.getByLabel("Verification code").fill(await stack.latestCode(email, since));
    await submit(page, "Verify email");
    await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
    expect(path(page)).toBe("/account");
    await submit(page, "Sign out");
    expect(path(page)).toBe("/login");
  });

  test("French from Accept-Language, and the switch keeps the chosen language in a cookie", async () => {
    const page = await newPage({ locale: "fr-FR" });
    await page.goto(url("/signup"));
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await page.getByLabel("E-mail").waitFor();
    await page.getByLabel("Nom complet").waitFor();
    expect(await page.getByRole("button", { name: "Créer le compte" }).count()).toBe(1);
    // The policy's reasons in French, live and after sending.
    await page.getByLabel("E-mail").fill(uniqueEmail("french"));
    await page.getByLabel("Nom complet").fill("Amina Hassan");
    await page.getByLabel("Mot de passe").fill(WEAK_PASSWORD);
    await page.locator("#password-feedback").getByText("Trop courant", { exact: false }).waitFor();
    await submit(page, "Créer le compte");
    expect(await alertText(page)).toContain("Choisissez un autre mot de passe");
    expect(await page.locator("#password-error").innerText()).toContain("Trop courant");
    await page.getByRole("link", { name: "English" }).click();
    await page.getByLabel("Full name").waitFor();
    await page.goto(url("/login"));
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(1);
  });

  test("a form posted from another site is refused, and the session it aimed at is untouched", async () => {
    const email = uniqueEmail("csrf");
    await verifiedAccount(stack, email);
    const page = await newPage();
    await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    // Another origin (127.0.0.1 is not localhost) serving a self-submitting form, with a stolen token even.
    const attacker: Server = createServer((_, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<form method="post" action="${url("/account/delete")}"><input name="csrf" value="${csrf}"><input name="password" value="${STRONG_PASSWORD}"><button>Go</button></form>`);
    });
    await new Promise<void>((r) => attacker.listen(0, "127.0.0.1", r));
    try {
      const port = (attacker.address() as { port: number }).port;
      const evil = await page.context().newPage();
      await evil.goto(`http://127.0.0.1:${port}/`);
      const [response] = await Promise.all([evil.waitForResponse((r) => r.url().endsWith("/account/delete")), evil.getByRole("button", { name: "Go" }).click()]);
      expect(response.status()).toBe(403);
      await evil.waitForLoadState("load");
      expect(await evil.getByRole("alert").innerText()).toContain("sent from another site and was refused");
    } finally {
      attacker.close();
    }
    await page.goto(url("/account"));
    expect(path(page)).toBe("/account");
    expect((await stack.post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).status).toBe(200);
  });
});

describe("every page, in every language", () => {
  const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const BUDGET_BYTES = 100 * 1024;

  /** Opens `target` (or runs `arrive`) and returns what the first load cost, gzip-compressed, and the CSP reports. */
  async function visit(page: Page, arrive: () => Promise<unknown>) {
    const bodies: Promise<Buffer | undefined>[] = [];
    const onResponse = (r: import("playwright-core").Response) => {
      if (r.url().startsWith(stack.apiUrl) && r.request().resourceType() !== "fetch") bodies.push(r.body().catch(() => undefined));
    };
    const cspErrors: string[] = [];
    const onConsole = (m: import("playwright-core").ConsoleMessage) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    };
    page.on("response", onResponse);
    page.on("console", onConsole);
    await arrive();
    await page.waitForLoadState("load");
    page.off("response", onResponse);
    page.off("console", onConsole);
    const gzipped = (await Promise.all(bodies)).reduce((sum, body) => sum + (body ? gzipSync(body).length : 0), 0);
    return { gzipped, cspErrors };
  }

  /** Every violation axe finds, at any impact. */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(AXE_SOURCE); // evaluated by the driver: the page's CSP (rightly) forbids injected script tags
    const results = (await page.evaluate(`axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } })`)) as {
      violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
    };
    return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  test.each(["en", "fr"])("(%s) axe finds no violation at any impact, no CSP violation, no raw error text, and the first load is under 100 KB compressed", async (lang) => {
    const page = await newPage({ locale: lang });
    const email = uniqueEmail("axe");
    await verifiedAccount(stack, email);
    const invited = uniqueEmail("axe-invited", "igad.int");
    await invitedAccount(stack, invited);
    const states: Array<[string, () => Promise<unknown>]> = [
      ["/signup", () => page.goto(url("/signup"))],
      [
        "/signup with the live feedback and a refused password",
        async () => {
          await page.goto(url("/signup"));
          await page.locator("#email").fill(uniqueEmail("axe-weak"));
          await page.locator("#password").fill(WEAK_PASSWORD);
          await page.locator("#password-feedback li").first().waitFor();
          await page.locator("form button[type=submit]").click();
        },
      ],
      ["/verify", () => page.goto(url(`/verify?email=${encodeURIComponent(email)}`))],
      ["/verify from the email's link", () => page.goto(url(`/verify?email=${encodeURIComponent(email)}&code=123456`))],
      ["/login", () => page.goto(url("/login?notice=signedOut"))],
      ["/forgot-password", () => page.goto(url("/forgot-password"))],
      ["/reset-password", () => page.goto(url(`/reset-password?email=${encodeURIComponent(email)}&notice=resetSent`))],
      ["/new-password", () => signIn(page, stack.apiUrl, invited, TEMPORARY_PASSWORD)],
      ["/new-password with a refused password", () => sendForm("main form", { "#new-password": WEAK_PASSWORD })],
      ["/account", async () => {
        await page.context().clearCookies();
        await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
      }],
      // Error states: every problem in the summary and beside its field. With JavaScript the answer is shown in place (the address stays /account).
      ["/account with a refused name", () => sendForm("#profile-heading ~ form", { "#name": "<b>Amina</b>" })],
      ["/account with a wrong current password", () => sendForm("#password-heading ~ form", { "#current-password": OTHER_STRONG_PASSWORD, "#new-password": OTHER_STRONG_PASSWORD })],
      ["/account with a wrong password to delete", () => sendForm("#delete-heading ~ form", { "#delete-password": OTHER_STRONG_PASSWORD })],
      ["/signup with an empty form", async () => {
        await page.goto(url("/signup"));
        await sendForm("main form", {});
      }],
      ["/verify with a malformed code", async () => {
        await page.goto(url("/verify"));
        await sendForm("main form", { "#email": email, "#code": "12" });
      }],
      ["/login with wrong credentials", async () => {
        await page.goto(url("/login"));
        await sendForm("main form", { "#email": email, "#password": OTHER_STRONG_PASSWORD });
      }],
      ["/forgot-password with a malformed email", async () => {
        await page.goto(url("/forgot-password"));
        await sendForm("main form", { "#email": "not-an-email" });
      }],
      ["/reset-password with a refused password", async () => {
        await page.goto(url("/reset-password"));
        await sendForm("main form", { "#email": email, "#code": "123456", "#new-password": WEAK_PASSWORD });
      }],
      ["/login refused without its CSRF cookie", async () => {
        await page.goto(url("/login"));
        await page.context().clearCookies();
        await sendForm("main form", { "#email": email, "#password": STRONG_PASSWORD });
      }],
    ];
    /** Fills the form's fields (by id, in any language) and sends it with its own button. */
    async function sendForm(form: string, fields: Record<string, string>) {
      for (const [field, value] of Object.entries(fields)) await page.locator(field).fill(value);
      await send(page, page.locator(`${form} button[type=submit]`).first());
    }
    const problems: string[] = [];
    for (const [name, arrive] of states) {
      const { gzipped, cspErrors } = await visit(page, arrive);
      expect(await page.locator("html").getAttribute("lang")).toBe(lang);
      if (gzipped >= BUDGET_BYTES) problems.push(`${name}: first load ${gzipped} bytes gzip`);
      problems.push(...cspErrors.map((e) => `${name}: ${e}`));
      problems.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
      if (RAW_ERROR_TEXT.test(await visibleText(page))) problems.push(`${name}: a raw error text: ${RAW_ERROR_TEXT.exec(await visibleText(page))![0]}`);
      expect(path(page)).toBe(name.split(" ")[0]);
      // An error state shows its reason (so axe has looked at the error block too).
      if (/ with | refused /.test(name)) expect(await page.getByRole("alert").count()).toBeGreaterThan(0);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  test("pages answer no-store with their own CSP (no inline script), never framed", async () => {
    for (const target of ["/signup", "/verify", "/login", "/forgot-password", "/reset-password"]) {
      const response = await fetch(url(target));
      expect(response.headers.get("cache-control")).toBe("no-store");
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)/); // every script is a file from /assets/
    }
  });
});
