/**
 * The pages' live password check (POST /password-check): the same verdict as the API's
 * (the policy, then the optional breached-password lookup), only for our own pages
 * (Origin and CSRF token), limited per IP, in the page's language.
 */
import { SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { PASSWORD_CHECK_LIMIT } from "../../web/pages-app";
import { patientTimeouts, startFakePwnedPasswords, type FakePwnedPasswords } from "../support/fake-pwned-passwords";
import { buildTestApp, json, OTHER_STRONG_PASSWORD, STRONG_PASSWORD, type TestApp } from "./support";

const ORIGIN = "http://localhost";
let fake: FakePwnedPasswords;
beforeEach(async () => {
  fake = await startFakePwnedPasswords({ [STRONG_PASSWORD]: 52 });
  patientTimeouts(); // the fake answers at once: a timeout may only bound a hang, never race a loaded machine
});
afterEach(() => fake.close());

/** A page's CSRF cookie and token, as the sign-up form carries them. */
async function pageSession(t: TestApp, headers: Record<string, string> = {}) {
  const page = await t.app.request("/signup", { headers });
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0]!;
  const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  return { cookie, token };
}

async function check(t: TestApp, body: Record<string, string>, headers: Record<string, string> = {}) {
  const { cookie, token } = await pageSession(t, headers);
  return t.app.request("/password-check", {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: ORIGIN, "sec-fetch-site": "same-origin", "x-csrf-token": token, ...headers },
    body: JSON.stringify(body),
  });
}

test("the page's verdict is the API's: the same reasons register gives, and acceptance where register accepts", async () => {
  const t = buildTestApp();
  t.cognito.on(SignUpCommand).resolves({ UserSub: "a1b2", UserConfirmed: false });
  const person = { email: "amina.hassan@example.org", name: "Amina Hassan", organization: "IGAD ICPAC" };
  for (const password of ["Welcome@2025", "AminaHassan2025!", "qwertyuiop12", "IGAD-ICPAC-2025!"]) {
    const live = await json(await check(t, { password, ...person }));
    const api = await json(await t.post("/api/auth/register", { password, ...person }));
    expect(live.ok).toBe(false);
    expect(`Password does not meet requirements: ${live.reasons.join("; ")}`).toBe(api.detail);
  }
  expect(await json(await check(t, { password: OTHER_STRONG_PASSWORD, ...person }))).toEqual({ ok: true, reasons: [] });
});

test("the person's words are read as the API reads them (a full-width address is its canonical one), so the verdicts agree", async () => {
  const t = buildTestApp();
  t.cognito.on(SignUpCommand).resolves({ UserSub: "a1b2", UserConfirmed: false });
  const person = { email: "Ｓｔａｒｌｉｇｈｔ@example.org", name: "  Amina   Hassan ", organization: "IGAD ICPAC" };
  for (const password of ["Starlight#Quiver-92x", "Hassan#Quiver-92x-Plum", OTHER_STRONG_PASSWORD]) {
    const live = await json(await check(t, { password, ...person }));
    const api = await t.post("/api/auth/register", { password, ...person });
    const apiReasons = api.status === 201 ? [] : ((await json(api)).detail as string).replace("Password does not meet requirements: ", "").split("; ");
    expect([password, live.reasons]).toEqual([password, apiReasons]);
  }
});

test("with the breached-password check on, a listed password is refused live as the API refuses it, a clean one accepted", async () => {
  const t = buildTestApp({ BREACHED_PASSWORD_CHECK: "true", BREACHED_PASSWORD_API_URL: fake.apiUrl });
  expect(await json(await check(t, { password: STRONG_PASSWORD }))).toEqual({ ok: false, reasons: ["Found in a known data breach; choose another"] });
  expect(await json(await check(t, { password: OTHER_STRONG_PASSWORD }))).toEqual({ ok: true, reasons: [] });
  expect(fake.received).toHaveLength(2); // only for passwords the policy accepts: a weak one never leaves
  await check(t, { password: "Welcome@2025" });
  expect(fake.received).toHaveLength(2);
});

test("French pages get the reasons in French", async () => {
  const t = buildTestApp();
  const live = await json(await check(t, { password: "Welcome@2025" }, { "accept-language": "fr-FR,fr;q=0.9" }));
  expect(live.reasons).toContain("Trop courant : il figure sur les listes de mots de passe divulgués que les attaquants essaient en premier");
});

test("refused without our CSRF token or from another site; limited per IP", async () => {
  const t = buildTestApp();
  const { cookie, token } = await pageSession(t);
  const send = (headers: Record<string, string>) =>
    t.app.request("/password-check", { method: "POST", headers: { "content-type": "application/json", cookie, ...headers }, body: JSON.stringify({ password: "Welcome@2025" }) });
  expect((await send({ origin: ORIGIN })).status).toBe(403);
  expect((await send({ origin: ORIGIN, "x-csrf-token": "forged" })).status).toBe(403);
  expect((await send({ origin: "https://evil.example", "x-csrf-token": token })).status).toBe(403);
  expect((await send({ origin: ORIGIN, "sec-fetch-site": "cross-site", "x-csrf-token": token })).status).toBe(403);
  expect((await send({ origin: ORIGIN, "x-csrf-token": token })).status).toBe(200);

  const key = [...t.counters.keys()].find((k) => k.startsWith(`${PASSWORD_CHECK_LIMIT.name}#`))!;
  t.counters.get(key)!.count = PASSWORD_CHECK_LIMIT.max;
  const limited = await send({ origin: ORIGIN, "x-csrf-token": token });
  expect(limited.status).toBe(429);
  t.ip.value = "198.51.100.9"; // another address has its own count
  expect((await send({ origin: ORIGIN, "x-csrf-token": token })).status).toBe(200);
});
