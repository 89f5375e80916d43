/**
 * A person's mistakes, walked in Chromium against the local stack (issue 17): an empty form;
 * signing in before verifying; three wrong codes, then a new one; a rate limit; French with a
 * French country name and the French email, verified with the local mailbox's button; the order
 * on /account; a phone width; show-password and the busy button. No page may show a raw error
 * name. The limits are the defaults for codes (3 tries per code) and low for sign-ins (3 per
 * address in 15 minutes), so the walk meets them as a person would.
 */
import type { Page } from "playwright-core";
import { STRONG_PASSWORD, uniqueEmail, type RunningStack } from "../e2e/local-stack";
import { PAGES_TEST_TIMEOUT_MS, pagesHarness, RAW_ERROR_TEXT, send, signIn, verifiedAccount, visibleText } from "./pages-support";

jest.setTimeout(PAGES_TEST_TIMEOUT_MS);

const harness = pagesHarness({ RATE_LIMIT_VERIFY_PER_HOUR: "3", RATE_LIMIT_LOGIN_PER_15MIN: "3" });
let stack: RunningStack;
beforeAll(() => {
  stack = harness.stack;
});

const url = (path: string) => `${stack.apiUrl}${path}`;
const path = (page: Page) => new URL(page.url()).pathname;
const focused = (page: Page) => page.evaluate("document.activeElement?.id ?? ''") as Promise<string>;
/** Presses a button by its name and checks the page it leads to shows no raw error text. */
async function press(page: Page, name: string) {
  await send(page, page.getByRole("button", { name, exact: true }));
  expect(await visibleText(page)).not.toMatch(RAW_ERROR_TEXT);
}
const summaryItems = (page: Page) => page.locator(".error-summary li").allInnerTexts();

/** The mailbox's messages for `email` since `since`, newest last. */
async function mail(email: string, since: number): Promise<Array<{ subject: string; html: string; code?: string; link?: string; receivedAt: string }>> {
  const { body } = await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`);
  return (body as Array<{ subject: string; html: string; code?: string; link?: string; receivedAt: string }>).filter((m) => Date.parse(m.receivedAt) >= since);
}

describe("an empty form", () => {
  test("every problem at once: the summary has the focus, each link leads to its field, each field says what is wrong", async () => {
    const page = await harness.newPage();
    await page.goto(url("/signup"));
    await press(page, "Create account");
    expect(await page.title()).toMatch(/^Error: Create your account/);
    expect(await summaryItems(page)).toEqual(["Enter your email address", "Choose a password", "Enter your full name"]);
    expect(await focused(page)).toBe("error-summary");
    for (const id of ["email", "password", "name"]) {
      const input = page.locator(`#${id}`);
      expect(await input.getAttribute("aria-invalid")).toBe("true");
      expect((await input.getAttribute("aria-describedby"))!.split(" ")).toContain(`${id}-error`);
      expect(await page.locator(`#${id}-error`).isVisible()).toBe(true);
    }
    // By keyboard: the first link in the summary, then Enter, lands in the email field.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("email");
  });

  test("in French, and without JavaScript, the same problems in French", async () => {
    const page = await harness.newPage({ locale: "fr-FR", javaScriptEnabled: false });
    await page.goto(url("/login"));
    await press(page, "Se connecter");
    expect(await page.locator(".error-summary h2").innerText()).toBe("Il y a un problème");
    expect(await summaryItems(page)).toEqual(["Saisissez votre adresse e-mail", "Saisissez votre mot de passe"]);
  });
});

describe("dead ends have a way on", () => {
  test("signing in before verifying: a new code is sent, /verify has the email and a countdown, the code verifies, then on to signing in", async () => {
    const email = uniqueEmail("unverified");
    expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Amina Hassan" })).status).toBe(201);
    const page = await harness.newPage();
    await page.goto(url("/login"));
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    const since = Date.now() - 500;
    await press(page, "Sign in");
    expect(path(page)).toBe("/verify");
    expect(await page.getByRole("status").innerText()).toContain(`Your email address is not verified yet. We have sent a new code to ${email}.`);
    expect(await page.getByLabel("Email").inputValue()).toBe(email);
    expect(await focused(page)).toBe("code");
    // The countdown: "Send a new code" waits, and says for how long.
    const resend = page.getByRole("button", { name: "Send a new code" });
    expect(await resend.isDisabled()).toBe(true);
    expect(await page.locator("#cooldown-hint").innerText()).toMatch(/You can ask for another code in \d+ seconds?\./);
    expect(await mail(email, since)).toHaveLength(1);
    await page.getByLabel("Verification code").fill(await stack.latestCode(email, since));
    await press(page, "Verify email");
    expect(path(page)).toBe("/login");
    expect(await page.getByLabel("Email").inputValue()).toBe(email);
    expect(await focused(page)).toBe("password");
    await page.keyboard.type(STRONG_PASSWORD);
    await press(page, "Sign in");
    expect(path(page)).toBe("/account");
  });

  test("three wrong codes, then a new one: each wrong code says so, the fourth try says to send a new code, and the new code works", async () => {
    const page = await harness.newPage();
    const email = uniqueEmail("wrong-codes");
    await page.goto(url("/signup"));
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(STRONG_PASSWORD);
    await page.getByLabel("Full name").fill("Amina Hassan");
    const since = Date.now() - 500;
    await press(page, "Create account");
    expect(path(page)).toBe("/verify");
    const code = await stack.latestCode(email, since);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByLabel("Verification code").fill(wrong);
      await press(page, "Verify email");
      expect(await summaryItems(page)).toEqual(["This code is not right. Check the newest email from us and enter its 6 digits, or send a new code"]);
      expect(await page.locator("#code-error").innerText()).toContain("This code is not right");
    }
    await page.getByLabel("Verification code").fill(wrong);
    await press(page, "Verify email");
    const [locked] = await summaryItems(page);
    expect(locked).toMatch(/^This code was entered wrongly too many times\. Send a new code and enter that one, or wait \d+ minutes? to try this one again$/);
    // The way on is open at once: no countdown after trouble with a code.
    const resend = page.getByRole("button", { name: "Send a new code" });
    expect(await resend.isEnabled()).toBe(true);
    const resent = Date.now() - 500;
    await press(page, "Send a new code");
    expect(await page.getByRole("status").innerText()).toContain(`We have sent a new code to ${email}.`);
    const fresh = await stack.latestCode(email, resent);
    await page.getByLabel("Verification code").fill(fresh);
    await press(page, "Verify email");
    expect(path(page)).toBe("/login");
    expect(await page.getByRole("status").innerText()).toContain("Your email address is verified");
  }, 2 * PAGES_TEST_TIMEOUT_MS);

  test("a rate limit says how long to wait, in minutes (and Retry-After), keeps the email, and offers the reset", async () => {
    const email = uniqueEmail("limited");
    await verifiedAccount(stack, email);
    const page = await harness.newPage();
    await page.goto(url("/login"));
    await page.getByLabel("Email").fill(email);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByLabel("Password", { exact: true }).fill("Not-the-password-1");
      await press(page, "Sign in");
      expect(await summaryItems(page)).toEqual(["The email address or password is not right. Check both and try again, or reset your password"]);
    }
    await page.getByLabel("Password", { exact: true }).fill("Not-the-password-1");
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/login") && r.request().method() === "POST"), press(page, "Sign in")]);
    expect(answer.status()).toBe(429);
    const seconds = Number(answer.headers()["retry-after"]);
    expect(seconds).toBeGreaterThan(0);
    const minutes = Math.ceil(seconds / 60);
    expect(await summaryItems(page)).toEqual([`There have been too many attempts to sign in to this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password`]);
    expect(await page.getByLabel("Email").inputValue()).toBe(email);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    expect(path(page)).toBe("/forgot-password");
    expect(await page.getByLabel("Email").inputValue()).toBe(email); // carried over
  });
});

describe("French, the French email, and the local mailbox's button", () => {
  test("a French country name is chosen, the email comes in French, its button opens the page in the top window, and the account speaks French", async () => {
    const page = await harness.newPage({ locale: "fr-FR" });
    const email = uniqueEmail("francais");
    await page.goto(url("/signup"));
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Mot de passe").fill(STRONG_PASSWORD);
    await page.getByLabel("Nom complet").fill("Amina Hassan");
    await page.getByLabel("Pays (facultatif)").selectOption({ label: "Éthiopie" });
    const since = Date.now() - 500;
    await press(page, "Créer le compte");
    expect(path(page)).toBe("/verify");
    const [message] = await mail(email, since);
    expect(message!.subject).toContain("Votre code de vérification");
    expect(message!.html).toContain('<html lang="fr">');
    expect(message!.code).toMatch(/^\d{6}$/);
    expect(message!.link).toContain(`/verify?email=${encodeURIComponent(email)}&code=${message!.code}`);

    // The mailbox's view, and the email's own button in it: the page opens in the top window, not in a frame it refuses.
    await page.goto(url(`/_local/mailbox/${encodeURIComponent(email)}/view`));
    await Promise.all([page.waitForURL((u) => u.pathname === "/verify"), page.frameLocator("iframe").first().getByRole("link", { name: "Vérifier mon adresse e-mail" }).click()]);
    expect(page.mainFrame().url()).toContain(`code=${message!.code}`);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await press(page, "Vérifier l’e-mail");
    expect(path(page)).toBe("/login");
    expect(await page.getByRole("status").innerText()).toContain("Votre adresse e-mail est vérifiée");
    await page.getByLabel("Mot de passe", { exact: true }).fill(STRONG_PASSWORD);
    await press(page, "Se connecter");
    expect(path(page)).toBe("/account");
    expect(await page.locator("dl.summary").innerText()).toContain("Membre");
    expect(await page.getByLabel("Pays", { exact: true }).inputValue()).toBe("Ethiopia"); // stored in English, shown in French
    expect(await page.locator("#country option:checked").innerText()).toBe("Éthiopie");
    expect(await page.getByLabel("Français").isChecked()).toBe(true);
  });
});

describe("the account, a keyboard and a phone", () => {
  test("/account: Sign out in the header is reached by keyboard before anything destructive; the sections in order, deleting last", async () => {
    const email = uniqueEmail("order");
    await verifiedAccount(stack, email);
    const page = await harness.newPage();
    await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
    expect(await page.locator("main h2").allInnerTexts()).toEqual(["Your profile", "Your language", "Change your password", "Two-step verification", "Delete your account"]);
    await page.locator("body").focus();
    const reached: string[] = [];
    for (let stop = 0; stop < 6; stop++) {
      await page.keyboard.press("Tab");
      reached.push((await page.evaluate("document.activeElement?.innerText?.trim() || document.activeElement?.id || ''")) as string);
      if (reached.at(-1) === "Sign out") break;
    }
    expect(reached.at(-1)).toBe("Sign out");
    expect(reached.length).toBeLessThanOrEqual(5); // skip link, two languages, Sign out
    expect(reached.join(" ")).not.toMatch(/Delete/);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/login");
    expect(await page.getByRole("status").innerText()).toContain("You have signed out.");
  });

  test("on a phone width, no page scrolls sideways and every form's button is on screen", async () => {
    const email = uniqueEmail("phone");
    await verifiedAccount(stack, email);
    const page = await harness.newPage({ viewport: { width: 360, height: 740 } });
    const fits = async () => (await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")) as boolean;
    for (const target of ["/signup", `/verify?email=${encodeURIComponent(email)}`, "/login", "/forgot-password", `/reset-password?email=${encodeURIComponent(email)}`]) {
      await page.goto(url(target));
      expect([target, await fits()]).toEqual([target, true]);
    }
    await page.goto(url("/signup"));
    await press(page, "Create account"); // the error state, with its messages
    expect(await fits()).toBe(true);
    await signIn(page, stack.apiUrl, email, STRONG_PASSWORD);
    expect(path(page)).toBe("/account");
    expect(await fits()).toBe(true);
    const box = await page.getByRole("button", { name: "Sign out" }).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  });

  test("show password, and a busy button that sends a double click once", async () => {
    const email = uniqueEmail("busy");
    await verifiedAccount(stack, email);
    const page = await harness.newPage();
    await page.goto(url("/login"));
    await page.getByLabel("Email").fill(email);
    const password = page.getByLabel("Password", { exact: true });
    await password.fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Show password" }).click();
    expect(await password.getAttribute("type")).toBe("text");
    expect(await page.locator("#password-visibility").innerText()).toBe("Your password is visible");
    await page.getByRole("button", { name: "Hide password" }).click();
    expect(await password.getAttribute("type")).toBe("password");
    let posts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/login")) posts++;
    });
    await Promise.all([page.waitForURL((u) => u.pathname === "/account"), page.getByRole("button", { name: "Sign in" }).dblclick()]);
    expect(posts).toBe(1);
  });
});
