/**
 * Debian's Chromium, driven by playwright-core, for anything a person looks at: the
 * email review script and the browser tests. Each launch gets a fresh user data dir
 * (removed on close) and flags that keep the browser off the network and quiet. A
 * missing browser is an error that says how to install it: tests never skip.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * How long Chromium may take to start. Playwright's own default (30 s) is a race on a loaded CI
 * machine, where a cold start of the browser and its helper processes shares the CPU with the
 * local stack and jest; a browser that never comes up still fails, with Playwright's log.
 */
export const CHROMIUM_LAUNCH_TIMEOUT_MS = 90_000;
/** The jest timeout for a hook that launches Chromium: above the launch's own, so its error is the one shown. */
export const CHROMIUM_HOOK_TIMEOUT_MS = CHROMIUM_LAUNCH_TIMEOUT_MS + 30_000;

export interface EmailBrowser {
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<EmailBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No browser at ${CHROMIUM_PATH}. Install Debian's chromium (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), "email-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: CHROMIUM_LAUNCH_TIMEOUT_MS,
      javaScriptEnabled: true, // on, so a test can prove an injected script does not run
      offline: true, // emails must not need the network (no remote images or styles)
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    async newPage(options) {
      const page = await context.newPage();
      if (options?.width) await page.setViewportSize({ width: options.width, height: options.height ?? 800 });
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
