/**
 * The pages' CSRF check and cookies, branch by branch (issue 18: a POST with neither Origin nor
 * Sec-Fetch-Site was untested, and accepting it passed). Driven through a bare hono app, so only
 * web/csrf.ts, web/web-cookies.ts, web/session-keys.ts and web/page-request.ts are involved.
 */
import { Hono } from "hono";
import { checkCsrf, checkSameOrigin, csrfToken, CSRF_FIELD, CSRF_HEADER } from "../../web/csrf";
import { sessionKeys } from "../../web/session-keys";
import {
  CHALLENGE_SECONDS,
  clearSession,
  CODE_COOLDOWN_SECONDS,
  codeCooldownUntil,
  cookieName,
  readChallenge,
  readSession,
  readSetup,
  SESSION_SECONDS,
  SETUP_SECONDS,
  writeChallenge,
  writeCodeSent,
  writeSession,
  writeSetup,
} from "../../web/web-cookies";

const SECRET = "test-client-secret-never-leaves-the-server";
const keys = sessionKeys(SECRET);
const PAGES = "https://auth.example.org/pages";

const app = new Hono();
app.post("/same-origin", (c) => c.text(String(checkSameOrigin(c, PAGES))));
app.post("/csrf", (c) => c.text(checkCsrf(c, keys, PAGES, c.req.header("x-token"))));
app.get("/token", (c) => c.text(csrfToken(c, keys)));

/** hono answers a synchronous handler with a Response, not a promise. */
const textOf = async (response: Response | Promise<Response>) => (await response).text();
const sameOrigin = (url: string, headers: Record<string, string>) => textOf(app.request(url, { method: "POST", headers }));

describe("checkSameOrigin", () => {
  const URL_ = "https://auth.example.org/same-origin";

  test("neither Origin nor Sec-Fetch-Site: refused", async () => {
    expect(await sameOrigin(URL_, {})).toBe("false");
  });

  test("no Origin: only Sec-Fetch-Site same-origin will do", async () => {
    expect(await sameOrigin(URL_, { "sec-fetch-site": "same-origin" })).toBe("true");
    expect(await sameOrigin(URL_, { "sec-fetch-site": "same-site" })).toBe("false");
    expect(await sameOrigin(URL_, { "sec-fetch-site": "cross-site" })).toBe("false");
    expect(await sameOrigin(URL_, { "sec-fetch-site": "none" })).toBe("false");
  });

  test("Sec-Fetch-Site other than same-origin refuses even with our own Origin", async () => {
    expect(await sameOrigin(URL_, { origin: "https://auth.example.org", "sec-fetch-site": "same-site" })).toBe("false");
    expect(await sameOrigin(URL_, { origin: "https://auth.example.org", "sec-fetch-site": "cross-site" })).toBe("false");
  });

  test("Origin must be one of ours, with or without Sec-Fetch-Site", async () => {
    expect(await sameOrigin(URL_, { origin: "https://auth.example.org" })).toBe("true");
    expect(await sameOrigin(URL_, { origin: "https://auth.example.org", "sec-fetch-site": "same-origin" })).toBe("true");
    expect(await sameOrigin(URL_, { origin: "https://evil.example.org", "sec-fetch-site": "same-origin" })).toBe("false");
    expect(await sameOrigin(URL_, { origin: "https://evil.example.org" })).toBe("false");
    expect(await sameOrigin(URL_, { origin: "null" })).toBe("false");
    expect(await sameOrigin(URL_, { origin: "http://auth.example.org" })).toBe("false"); // our host, but plain http
  });

  test("the Host header's origin counts, with https unless on plain-http loopback", async () => {
    // Behind a proxy the request URL may be internal; the Host is what the browser used.
    expect(await sameOrigin("http://10.0.0.5/same-origin", { host: "auth.igad.int", origin: "https://auth.igad.int" })).toBe("true");
    expect(await sameOrigin("http://10.0.0.5/same-origin", { host: "auth.igad.int", origin: "http://auth.igad.int" })).toBe("false");
    expect(await sameOrigin("http://localhost:3000/same-origin", { host: "localhost:3000", origin: "http://localhost:3000" })).toBe("true");
    expect(await sameOrigin("http://10.0.0.5/same-origin", { host: "evil.example.org/x y", origin: "https://evil.example.org/x y" })).toBe("false");
  });

  test("PAGES_BASE_URL's origin counts too", async () => {
    expect(await sameOrigin("http://10.0.0.5/same-origin", { origin: "https://auth.example.org" })).toBe("true");
    const withoutPages = new Hono().post("/x", (c) => c.text(String(checkSameOrigin(c, ""))));
    expect(await textOf(withoutPages.request("http://10.0.0.5/x", { method: "POST", headers: { origin: "https://auth.example.org" } }))).toBe("false");
  });
});

describe("checkCsrf", () => {
  /** A cookie and its token, as a page hands them out on plain-http loopback (cookie names without __Host-). */
  async function pair(url = "http://localhost/token"): Promise<{ cookie: string; token: string; setCookie: string }> {
    const response = await app.request(url);
    const setCookie = response.headers.get("set-cookie") ?? "";
    return { cookie: setCookie.split(";")[0]!, token: await response.text(), setCookie };
  }
  const post = (headers: Record<string, string>, url = "http://localhost/csrf") => textOf(app.request(url, { method: "POST", headers }));

  test("the token is the MAC of the cookie's nonce; the cookie is HttpOnly, Lax, a day long", async () => {
    const { cookie, token, setCookie } = await pair();
    const nonce = cookie.split("=")[1]!;
    expect(nonce).toMatch(/^[\w-]{43}$/);
    expect(token).toBe(keys.mac(`csrf:${nonce}`));
    expect(setCookie).toMatch(/^csrf=[\w-]{43}; Max-Age=86400; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  test("on https the cookie is __Host-csrf, Secure", async () => {
    const { setCookie } = await pair("https://auth.example.org/token");
    expect(setCookie).toMatch(/^__Host-csrf=[\w-]{43}; Max-Age=86400; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  test("a page that already has a well-formed nonce keeps it; a malformed one is replaced", async () => {
    const nonce = "A".repeat(43);
    const kept = await app.request("http://localhost/token", { headers: { cookie: `csrf=${nonce}` } });
    expect(kept.headers.get("set-cookie")).toBeNull();
    expect(await kept.text()).toBe(keys.mac(`csrf:${nonce}`));
    for (const bad of ["A".repeat(42), "A".repeat(44), `${"A".repeat(42)}!`]) {
      const replaced = await app.request("http://localhost/token", { headers: { cookie: `csrf=${bad}` } });
      expect(replaced.headers.get("set-cookie")).toMatch(/^csrf=[\w-]{43};/);
    }
  });

  test("ok with our origin, the cookie and its token", async () => {
    const { cookie, token } = await pair();
    expect(await post({ origin: "http://localhost", cookie, "x-token": token })).toBe("ok");
  });

  test("cross-site before anything else: a foreign origin, or neither header", async () => {
    const { cookie, token } = await pair();
    expect(await post({ origin: "https://evil.example.org", cookie, "x-token": token })).toBe("cross-site");
    expect(await post({ cookie, "x-token": token })).toBe("cross-site");
  });

  test("bad-token: no cookie, no token, a token for another nonce, a token over 100 characters", async () => {
    const { cookie, token } = await pair();
    const other = await pair();
    const origin = "http://localhost";
    expect(await post({ origin, "x-token": token })).toBe("bad-token");
    expect(await post({ origin, cookie })).toBe("bad-token");
    expect(await post({ origin, cookie, "x-token": other.token })).toBe("bad-token");
    expect(await post({ origin, cookie, "x-token": `${token}${"A".repeat(101 - token.length)}` })).toBe("bad-token");
    expect(await post({ origin, cookie: "csrf=", "x-token": keys.mac("csrf:") })).toBe("bad-token");
  });

  test("the form field and header names", () => {
    expect([CSRF_FIELD, CSRF_HEADER]).toEqual(["csrf", "x-csrf-token"]);
  });
});

describe("the session cookies", () => {
  const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);
  beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] }));
  afterEach(() => jest.useRealTimers());

  const cookieApp = new Hono();
  cookieApp.get("/write", (c) => {
    const until = c.req.query("until");
    writeSession(c, keys, { accessToken: "access-1", refreshToken: c.req.query("refresh"), userId: "user-1", until: until ? Number(until) : undefined });
    return c.text("written");
  });
  cookieApp.get("/read", (c) => c.json(readSession(c, keys) ?? null));
  cookieApp.get("/clear", (c) => (clearSession(c), c.text("cleared")));
  cookieApp.get("/challenge", (c) => (writeChallenge(c, keys, { session: "s-1", username: "a@example.org" }), c.text("ok")));
  cookieApp.get("/read-challenge", (c) => c.json(readChallenge(c, keys) ?? null));
  cookieApp.get("/name", (c) => c.text(cookieName(c, "access")));

  const cookiesOf = (response: Response) => response.headers.getSetCookie();
  const jar = (setCookies: string[]) => setCookies.map((s) => s.split(";")[0]).join("; ");

  test("at sign-in: access and refresh cookies for 12 hours, sealed, HttpOnly, Lax", async () => {
    const set = cookiesOf(await cookieApp.request("http://localhost/write?refresh=refresh-1"));
    expect(SESSION_SECONDS).toBe(12 * 3600);
    expect(set).toHaveLength(2);
    expect(set[0]).toMatch(/^access=[\w-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(set[1]).toMatch(/^refresh=[\w-]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
    const read = await (await cookieApp.request("http://localhost/read", { headers: { cookie: jar(set) } })).json();
    expect(read).toEqual({ accessToken: "access-1", refreshToken: "refresh-1", userId: "user-1", until: NOW / 1000 + 12 * 3600 });
  });

  test("without a refresh token only the access cookie is written; read back, the user id is unknown", async () => {
    const set = cookiesOf(await cookieApp.request("http://localhost/write"));
    expect(set).toHaveLength(1);
    const read = await (await cookieApp.request("http://localhost/read", { headers: { cookie: jar(set) } })).json();
    expect(read).toEqual({ accessToken: "access-1", userId: "" });
  });

  test("after a refresh the cookies get only what is left of the session, at least a second", async () => {
    const until = NOW / 1000 + 600;
    const set = cookiesOf(await cookieApp.request(`http://localhost/write?refresh=r&until=${until}`));
    expect(set[0]).toMatch(/Max-Age=600;/);
    const past = cookiesOf(await cookieApp.request(`http://localhost/write?refresh=r&until=${NOW / 1000 - 5}`));
    expect(past[0]).toMatch(/Max-Age=1;/);
    const later = cookiesOf(await cookieApp.request(`http://localhost/write?refresh=r&until=${NOW / 1000 + 13 * 3600}`));
    expect(later[0]).toMatch(/Max-Age=43200;/); // never more than a fresh sign-in gets
  });

  test("no cookies, or cookies sealed for another purpose, are no session", async () => {
    expect(await (await cookieApp.request("http://localhost/read")).json()).toBeNull();
    const challenge = cookiesOf(await cookieApp.request("http://localhost/challenge"));
    const swapped = challenge[0]!.split(";")[0]!.replace(/^challenge=/, "access=");
    expect(await (await cookieApp.request("http://localhost/read", { headers: { cookie: swapped } })).json()).toBeNull();
  });

  test("only a refresh cookie still makes a session (the access token is refreshed from it)", async () => {
    const set = cookiesOf(await cookieApp.request("http://localhost/write?refresh=refresh-1"));
    const read = await (await cookieApp.request("http://localhost/read", { headers: { cookie: set[1]!.split(";")[0]! } })).json();
    expect(read).toEqual({ accessToken: "", refreshToken: "refresh-1", userId: "user-1", until: NOW / 1000 + 12 * 3600 });
  });

  test("clearing deletes both, with the attributes they were set with", async () => {
    expect(cookiesOf(await cookieApp.request("http://localhost/clear"))).toEqual(["access=; Max-Age=0; Path=/", "refresh=; Max-Age=0; Path=/"]);
    expect(cookiesOf(await cookieApp.request("https://auth.example.org/clear"))).toEqual(["__Host-access=; Max-Age=0; Path=/; Secure", "__Host-refresh=; Max-Age=0; Path=/; Secure"]);
  });

  test("the challenge cookie lasts 5 minutes and opens as the pending challenge", async () => {
    const set = cookiesOf(await cookieApp.request("https://auth.example.org/challenge"));
    expect(CHALLENGE_SECONDS).toBe(300);
    expect(set[0]).toMatch(/^__Host-challenge=[\w-]+; Max-Age=300; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const read = await (await cookieApp.request("https://auth.example.org/read-challenge", { headers: { cookie: set[0]!.split(";")[0]! } })).json();
    expect(read).toEqual({ session: "s-1", username: "a@example.org" });
  });

  test("cookie names carry __Host- except on plain-http loopback", async () => {
    const names = await Promise.all(
      ["http://localhost/name", "http://127.0.0.1/name", "http://[::1]/name", "https://localhost/name", "http://auth.example.org/name", "https://auth.example.org/name"].map((u) =>
        textOf(cookieApp.request(u)),
      ),
    );
    expect(names).toEqual(["access", "access", "access", "__Host-access", "__Host-access", "__Host-access"]);
  });
});

describe("the challenge, set-up and code cookies", () => {
  const app2 = new Hono();
  app2.get("/challenge/:step", (c) => {
    const step = c.req.param("step");
    writeChallenge(c, keys, { session: "s-1", username: "a@example.org", ...(step === "none" ? {} : { step: step as "mfa" | "newPassword" }) });
    return c.text("ok");
  });
  app2.get("/read-challenge/:step", (c) => c.json(readChallenge(c, keys, c.req.param("step") as "mfa" | "newPassword") ?? null));
  app2.get("/read-challenge", (c) => c.json(readChallenge(c, keys) ?? null));
  app2.get("/setup", (c) => (writeSetup(c, keys, { secret: "SECRET", uri: "otpauth://totp/x", userId: "user-1" }), c.text("ok")));
  app2.get("/read-setup/:user", (c) => c.json(readSetup(c, keys, c.req.param("user")) ?? null));
  app2.get("/code-sent", (c) => (writeCodeSent(c, keys, "a@example.org", 1_000_000), c.text("ok")));
  app2.get("/cooldown/:email/:now", (c) => c.json(codeCooldownUntil(c, keys, c.req.param("email"), Number(c.req.param("now"))) ?? null));

  const cookieOf = async (response: Response | Promise<Response>) => (await response).headers.getSetCookie()[0]!;
  const readWith = async (path: string, cookie: string) => (await app2.request(path, { headers: { cookie: cookie.split(";")[0]! } })).json();

  test("a challenge opens only for its own step; one without a step is the first password's", async () => {
    const mfa = await cookieOf(app2.request("http://localhost/challenge/mfa"));
    expect(await readWith("/read-challenge/mfa", mfa)).toEqual({ session: "s-1", username: "a@example.org", step: "mfa" });
    expect(await readWith("/read-challenge/newPassword", mfa)).toBeNull();
    expect(await readWith("/read-challenge", mfa)).toBeNull();
    const plain = await cookieOf(app2.request("http://localhost/challenge/none"));
    expect(await readWith("/read-challenge", plain)).toEqual({ session: "s-1", username: "a@example.org" });
    expect(await readWith("/read-challenge/newPassword", plain)).toEqual({ session: "s-1", username: "a@example.org" });
    expect(await readWith("/read-challenge/mfa", plain)).toBeNull();
    expect(await (await app2.request("http://localhost/read-challenge/mfa")).json()).toBeNull();
  });

  test("a two-step set-up lasts 10 minutes and opens only for its own user", async () => {
    const setup = await cookieOf(app2.request("http://localhost/setup"));
    expect(SETUP_SECONDS).toBe(600);
    expect(setup).toMatch(/^setup=[\w-]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await readWith("/read-setup/user-1", setup)).toEqual({ secret: "SECRET", uri: "otpauth://totp/x", userId: "user-1" });
    expect(await readWith("/read-setup/user-2", setup)).toBeNull();
    expect(await (await app2.request("http://localhost/read-setup/user-1")).json()).toBeNull();
  });

  test("after a code is sent, 'send a new code' waits 30 seconds for that address only", async () => {
    const sent = await cookieOf(app2.request("http://localhost/code-sent"));
    expect(CODE_COOLDOWN_SECONDS).toBe(30);
    expect(sent).toMatch(/^code=[\w-]+; Max-Age=30; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await readWith(`/cooldown/${encodeURIComponent("a@example.org")}/1000000`, sent)).toBe(1_030_000);
    expect(await readWith(`/cooldown/${encodeURIComponent("a@example.org")}/1029999`, sent)).toBe(1_030_000);
    expect(await readWith(`/cooldown/${encodeURIComponent("a@example.org")}/1030000`, sent)).toBeNull();
    expect(await readWith(`/cooldown/${encodeURIComponent("b@example.org")}/1000000`, sent)).toBeNull();
    expect(await (await app2.request(`http://localhost/cooldown/${encodeURIComponent("a@example.org")}/1000000`)).json()).toBeNull();
  });

  test("a code cookie whose time is not a number holds nothing back", async () => {
    const forged = keys.seal("code", { email: "a@example.org", at: "1000000" }, 30);
    expect(await readWith(`/cooldown/${encodeURIComponent("a@example.org")}/1000000`, `code=${forged}`)).toBeNull();
  });
});
