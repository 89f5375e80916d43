/**
 * Shared by the pages' browser tests and `npm run pages`: one Chromium (Debian's, via
 * playwright-core) on the local stack, and the accounts each page needs to be shown.
 */
import { existsSync } from "node:fs";
import { AdminCreateUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, type RunningStack } from "../e2e/local-stack";
import { CHROMIUM_ARGS, CHROMIUM_LAUNCH_TIMEOUT_MS, CHROMIUM_PATH } from "./launch-chromium";

export const TEMPORARY_PASSWORD = "TempP@ssw0rd123";

/**
 * How long one browser step (a navigation, a click's page load, an element to appear) may take.
 * A step often waits on the local stack (the API, cognito-local and its triggers) and on Chromium,
 * all sharing the CPU with jest: up to several seconds on a loaded CI machine, so 5 s was a race
 * (and 15 s was exceeded once, by a sign-in's form post, in a full run at load average 50-110).
 * A missing element still fails at its step, well inside PAGES_TEST_TIMEOUT_MS.
 */
export const PAGE_STEP_TIMEOUT_MS = 30_000;
/** The jest timeout for a browser test of a few steps: several step timeouts. */
export const PAGES_TEST_TIMEOUT_MS = 120_000;

/** Debian's Chromium, on the network (the local stack is on loopback); each scenario opens its own context. */
export async function launchPagesBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No browser at ${CHROMIUM_PATH}. Install Debian's chromium (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: CHROMIUM_LAUNCH_TIMEOUT_MS });
}

/** A registered and verified account, made through the API (solving its CAPTCHA when the stack asks for one). */
export async function verifiedAccount(stack: RunningStack, email: string, name = "Amina Hassan", password = STRONG_PASSWORD): Promise<void> {
  const since = Date.now() - 1000;
  const person = { email, password, name, organization: "IGAD ICPAC", country: "Kenya" };
  let registered = await stack.post("/api/auth/register", person);
  if (registered.status === 400 && registered.body.detail === "CAPTCHA verification failed") {
    registered = await stack.post("/api/auth/register", { ...person, altcha: await solvedCaptcha(stack) });
  }
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  if (registered.body.verification_required) {
    const verified = await stack.post("/api/auth/verify-email", { email, code: await stack.latestCode(email, since) });
    if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
  }
}

/** A solved CAPTCHA for a stack that asks for one (CAPTCHA_ON_REGISTER), as the widget would post it. */
async function solvedCaptcha(stack: RunningStack): Promise<string> {
  const challenge = (await stack.get("/api/auth/captcha")).body as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("the CAPTCHA challenge could not be solved");
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}

/** An account an administrator created: its first sign-in meets NEW_PASSWORD_REQUIRED. */
export async function invitedAccount(stack: RunningStack, email: string, name = "Samuel Okoth"): Promise<void> {
  await stack.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: stack.userPoolId,
      Username: email,
      TemporaryPassword: TEMPORARY_PASSWORD,
      MessageAction: "SUPPRESS",
      UserAttributes: [{ Name: "email", Value: email }, { Name: "name", Value: name }, { Name: "email_verified", Value: "true" }],
    }),
  );
}

/** Pages opened with JavaScript off: their forms are plain form posts. */
const withoutJavaScript = new WeakSet<Page>();

/**
 * Presses a form's button and waits for the answer, as a person waits for it: with JavaScript off, the
 * next page's load; with it on, the page's script shows the server's answer in place (a refusal keeps
 * the passwords typed) or goes on to the next page, and marks the page ready again.
 */
export async function send(page: Page, button: Locator): Promise<void> {
  if (withoutJavaScript.has(page)) {
    await Promise.all([page.waitForEvent("load"), button.click()]);
    return;
  }
  await button.click();
  await page.locator("html[data-ready='true']").waitFor({ state: "attached" });
  await page.waitForLoadState("load");
}

/**
 * What a person must never read: an SDK error name, a JSON field name, API jargon. Every page the
 * browser tests show is checked for these.
 */
export const RAW_ERROR_TEXT = /[A-Z][A-Za-z]+Exception\b|\b(new_password|current_password|refresh_token|user_id|username|altcha)\b|Authentication error|request id|ISO 3166|validationData|\bdetail\b|is required\b|Invalid email format|Invalid credentials/;

/** The page's visible text, for RAW_ERROR_TEXT (the JSON mailbox and API pages aside). */
export async function visibleText(page: Page): Promise<string> {
  return page.locator("body").innerText();
}

/** Fills the sign-in form (in any language: by field id) and submits it. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/login"), page.locator("main form button[type=submit]").first().click()]);
  await page.waitForLoadState("load");
}

export interface PagesHarness {
  readonly stack: RunningStack;
  /** A page in a fresh browser context (its own cookies), closed after the test. */
  newPage(options?: { javaScriptEnabled?: boolean; locale?: string; timeout?: number; viewport?: { width: number; height: number } }): Promise<Page>;
}

/** For a jest file: one local stack (with `env`) and one browser for the file, a context per page. */
export function pagesHarness(env: Record<string, string> = {}): PagesHarness {
  let stack: RunningStack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ ...RELAXED_LIMITS, ...env }), launchPagesBrowser()]);
  }, stackTimeout());
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  return {
    get stack() {
      if (!stack) throw new Error("the local stack did not start");
      return stack;
    },
    async newPage({ javaScriptEnabled = true, locale = "en-GB", timeout = PAGE_STEP_TIMEOUT_MS, viewport = undefined as { width: number; height: number } | undefined } = {}) {
      if (!browser) throw new Error("chromium did not start");
      const context = await browser.newContext({ javaScriptEnabled, locale, extraHTTPHeaders: { "Accept-Language": locale }, ...(viewport ? { viewport, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 } : {}) });
      context.setDefaultTimeout(timeout); // a missing element fails at its step, not at the test's timeout
      contexts.push(context);
      const page = await context.newPage();
      if (!javaScriptEnabled) withoutJavaScript.add(page);
      return page;
    },
  };
}
