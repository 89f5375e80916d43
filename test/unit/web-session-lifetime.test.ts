/**
 * A web session lasts at most SESSION_SECONDS from sign-in: refreshing the access token
 * (which re-writes both cookies) must not start the 12 hours again, or a session used once
 * every few hours would live as long as the refresh token (30 days by default).
 */
import { Hono } from "hono";
import { sessionKeys } from "../../web/session-keys";
import { readSession, SESSION_SECONDS, writeSession } from "../../web/web-cookies";

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
let clock = T0;
const keys = sessionKeys("test-client-secret-never-leaves-the-server", () => clock);
beforeEach(() => {
  clock = T0;
  jest.spyOn(Date, "now").mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

/** A tiny app on http://localhost: /sign-in writes a new session, /refresh re-writes the one it reads (as the pages do after a refresh). */
const app = new Hono();
app.get("/sign-in", (c) => {
  writeSession(c, keys, { accessToken: "access-1", refreshToken: "refresh-1", userId: "u1" });
  return c.text("");
});
app.get("/refresh", (c) => {
  const session = readSession(c, keys);
  if (!session) return c.text("signed out", 401);
  writeSession(c, keys, { ...session, accessToken: "access-2" });
  return c.text("");
});
app.get("/read", (c) => c.json(readSession(c, keys) ?? null));

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
const maxAges = (response: Response) => response.headers.getSetCookie().map((c) => Number(/Max-Age=(\d+)/.exec(c)?.[1]));

test("a refresh 11 hours after sign-in leaves the session its last hour, and it ends 12 hours after sign-in", async () => {
  const signedIn = await app.request("http://localhost/sign-in");
  expect(maxAges(signedIn)).toEqual([SESSION_SECONDS, SESSION_SECONDS]);

  clock = T0 + 11 * 3600 * 1000;
  const refreshed = await app.request("http://localhost/refresh", { headers: { cookie: cookiesOf(signedIn) } });
  expect(refreshed.status).toBe(200);
  expect(maxAges(refreshed)).toEqual([3600, 3600]);

  clock = T0 + 11.5 * 3600 * 1000;
  expect(await (await app.request("http://localhost/read", { headers: { cookie: cookiesOf(refreshed) } })).json()).toMatchObject({ accessToken: "access-2", refreshToken: "refresh-1" });

  // Past 12 hours from sign-in, even a browser that kept the cookies holds nothing that opens.
  clock = T0 + SESSION_SECONDS * 1000 + 1000;
  expect(await (await app.request("http://localhost/read", { headers: { cookie: cookiesOf(refreshed) } })).json()).toBeNull();
});
