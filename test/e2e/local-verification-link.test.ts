/**
 * The local stack's sign-up emails link to its own /verify page (PAGES_BASE_URL defaults to
 * the local API's origin), with the code Cognito put in; PAGES_BASE_URL from the environment
 * wins over that default.
 */
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

/** The /verify links in the newest email of `email`'s mailbox. */
async function verifyLinks(stack: RunningStack, email: string): Promise<string[]> {
  await stack.latestCode(email); // waits for the email
  const messages = (await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`)).body as Array<{ html: string }>;
  const html = messages.at(-1)!.html.replace(/&amp;/g, "&");
  return [...html.matchAll(/href="([^"]*\/verify\?[^"]*)"/g)].map((m) => m[1]!);
}

test("without PAGES_BASE_URL, the sign-up email links to the local /verify page with its code", async () => {
  const stack = await startStack(RELAXED_LIMITS);
  try {
    const email = uniqueEmail("link");
    expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Link" })).status).toBe(201);
    const code = await stack.latestCode(email);
    const links = await verifyLinks(stack, email);
    expect(links.length).toBeGreaterThanOrEqual(1);
    for (const link of links) expect(link).toBe(`${stack.apiUrl}/verify?email=${encodeURIComponent(email)}&code=${code}`);
  } finally {
    await stack.stop();
  }
}, stackTimeout());

test("PAGES_BASE_URL set in the environment is used as it is", async () => {
  const stack = await startStack({ ...RELAXED_LIMITS, PAGES_BASE_URL: "https://hub.example.org" });
  try {
    const email = uniqueEmail("elsewhere");
    expect((await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "Elsewhere" })).status).toBe(201);
    const links = await verifyLinks(stack, email);
    expect(links.length).toBeGreaterThanOrEqual(1);
    for (const link of links) expect(link.startsWith("https://hub.example.org/verify?email=")).toBe(true);
  } finally {
    await stack.stop();
  }
}, stackTimeout());
