/**
 * The language switch on every page a person can land on, including the answer to a
 * refused POST (whose URL is the POST's own path): each link opens a page in that
 * language, never the JSON 404 a GET of a POST-only path gets.
 */
import { buildTestApp, type TestApp } from "./support";

const ORIGIN = "http://localhost";

async function pageSession(t: TestApp, path: string) {
  const page = await t.app.request(path);
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0]!;
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return { cookie, token };
}

/** The hrefs of the page's language links. */
const switchLinks = (html: string) => [...html.matchAll(/<a href="([^"]+)" lang="(\w+)" hreflang/g)].map((m) => ({ href: m[1]!.replace(/&amp;/g, "&"), lang: m[2]! }));

async function expectEveryLinkOpensAPage(t: TestApp, html: string, cookie: string) {
  const links = switchLinks(html);
  expect(links.map((l) => l.lang)).toEqual(["en", "fr"]);
  for (const { href, lang } of links) {
    let response = await t.app.request(href, { headers: { cookie } });
    if (response.status === 303) response = await t.app.request(response.headers.get("location")!, { headers: { cookie } });
    expect([href, response.status, response.headers.get("content-type")]).toEqual([href, 200, "text/html; charset=UTF-8"]);
    expect(await response.text()).toContain(`<html lang="${lang}">`);
  }
}

test("after a refused resend (answered at /verify/resend), each language link opens /verify in that language", async () => {
  const t = buildTestApp();
  const { cookie, token } = await pageSession(t, "/verify");
  const refused = await t.app.request("/verify/resend", {
    method: "POST",
    headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: token, email: "not-an-email" }).toString(),
  });
  expect(refused.status).toBe(400);
  const html = await refused.text();
  expect(switchLinks(html).map((l) => new URL(l.href, ORIGIN).pathname)).toEqual(["/verify", "/verify"]);
  await expectEveryLinkOpensAPage(t, html, cookie);
});

test.each(["/account/profile", "/account/password", "/account/delete", "/sign-out", "/verify/resend"])(
  "the refusal of a cross-site POST to %s links to pages that exist",
  async (path) => {
    const t = buildTestApp();
    const { cookie, token } = await pageSession(t, "/login");
    const refused = await t.app.request(path, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: token }).toString(),
    });
    expect(refused.status).toBe(403);
    await expectEveryLinkOpensAPage(t, await refused.text(), cookie);
  },
);

test("the language switch sets its cookie once per answer", async () => {
  const t = buildTestApp();
  for (const path of ["/login?lang=fr", "/verify?lang=fr&email=a%40example.org", "/signup?lang=en"]) {
    const response = await t.app.request(path);
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie().filter((c) => c.startsWith("lang="));
    expect([path, cookies.length]).toEqual([path, 1]);
  }
});
