/**
 * The pages' answers to a person's mistakes (issue 17), in-process over the API with Cognito
 * mocked: every problem of a form at once, each in the summary and beside its field with
 * aria-invalid and aria-describedby, in the page's language; what was typed kept (never a
 * password); a way on from every dead end; limits and outages that say how long.
 */
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { buildTestApp, fakeJwt, idToken, serviceError, STRONG_PASSWORD, type TestApp } from "./support";

const ORIGIN = "http://localhost";
const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";

/** A browser of sorts: keeps cookies, sends forms with the page's CSRF token from our own origin. */
function browser(t: TestApp, language = "en-GB") {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name!);
      else jar.set(name!, value.join("="));
    }
    return response;
  };
  const headers = () => ({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), "accept-language": language });
  let token = "";
  return {
    jar,
    async get(path: string) {
      const response = keep(await t.app.request(path, { headers: headers() }));
      const html = await response.clone().text();
      token = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? token;
      return { response, html };
    },
    async post(path: string, fields: Record<string, string>) {
      const response = keep(
        await t.app.request(path, {
          method: "POST",
          headers: { ...headers(), origin: ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrf: token, ...fields }).toString(),
        }),
      );
      const html = await response.clone().text();
      token = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? token;
      return { response, html };
    },
  };
}

/** The error summary's items: their link target and text. */
const summary = (html: string) =>
  [.../<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0].matchAll(/<li>(?:<a href="#([^"]+)">)?([^<]*)/g) ?? []].map((m) => ({ field: m[1], text: m[2]!.replace(/&#39;/g, "'") }));
/** The input (or select) with this id, as written. */
const control = (html: string, id: string) => new RegExp(`<(?:input|select) id="${id}"[^>]*>`).exec(html)?.[0] ?? "";
const RAW = /Exception\b|\bnew_password\b|\bcurrent_password\b|\busername\b|Authentication error|request id|ISO 3166/;

describe("sign-up", () => {
  test("an empty form: every problem at once, in the summary and beside each field, and the API is not called", async () => {
    const t = buildTestApp();
    const b = browser(t);
    await b.get("/signup");
    const { response, html } = await b.post("/signup", { email: "", password: "", name: "", organization: "", country: "" });
    expect(response.status).toBe(400);
    expect(summary(html)).toEqual([
      { field: "email", text: "Enter your email address" },
      { field: "password", text: "Choose a password" },
      { field: "name", text: "Enter your full name" },
    ]);
    expect(html).toMatch(/<title>Error: Create your account/);
    for (const id of ["email", "password", "name"]) {
      expect(control(html, id)).toContain('aria-invalid="true"');
      expect(control(html, id)).toMatch(new RegExp(`aria-describedby="[^"]*\\b${id}-error\\b`));
      expect(html).toContain(`id="${id}-error"`);
    }
    expect(control(html, "organization")).not.toContain("aria-invalid");
    expect(html).not.toMatch(RAW);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
    expect(t.counters.size).toBe(0); // no limit counted: the form never reached the API
  });

  test("in French, a weak password and an unknown country are both reported, in French, and what was typed is kept but the password", async () => {
    const t = buildTestApp();
    const b = browser(t, "fr-FR");
    await b.get("/signup");
    const { html } = await b.post("/signup", { email: "amina@example.org", password: "Welcome@2025", name: "Amina Hassan", organization: "IGAD", country: "Kenia" });
    expect(summary(html)).toEqual([
      { field: "password", text: "Choisissez un autre mot de passe" },
      { field: "country", text: "Choisissez un pays dans la liste" },
    ]);
    expect(html).toContain("Trop courant"); // the policy's reasons beside the field, in French
    expect(html).toContain('value="Amina Hassan"');
    expect(html).toContain('value="amina@example.org"');
    expect(html).not.toContain("Welcome@2025");
    expect(html).not.toMatch(RAW);
  });

  test("the French page's sign-up: the country chosen in French is stored in English, and the account's language is French", async () => {
    const t = buildTestApp();
    t.cognito.on(SignUpCommand).resolves({ UserSub: SUB, UserConfirmed: false });
    const b = browser(t, "fr-FR");
    const { html: form } = await b.get("/signup");
    expect(form).toContain('<option value="Ethiopia">Éthiopie</option>');
    // The IGAD member states come first, in French order.
    const igad = /<optgroup label="États membres de l’IGAD">([\s\S]*?)<\/optgroup>/.exec(form)![1]!;
    expect([...igad.matchAll(/>([^<]+)<\/option>/g)].map((m) => m[1])).toEqual(["Djibouti", "Érythrée", "Éthiopie", "Kenya", "Ouganda", "Somalie", "Soudan", "Soudan du Sud"]);
    const { response } = await b.post("/signup", { email: "amina@example.org", password: STRONG_PASSWORD, name: "Amina Hassan", organization: "", country: "Ethiopia" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/verify?email=amina%40example.org&notice=registered");
    const attributes = t.cognito.commandCalls(SignUpCommand)[0]!.args[0].input.UserAttributes;
    expect(attributes).toContainEqual({ Name: "custom:country", Value: "Ethiopia" });
    expect(attributes).toContainEqual({ Name: "locale", Value: "fr" });
    // A French name typed (or autofilled) is the same country.
    const again = buildTestApp();
    again.cognito.on(SignUpCommand).resolves({ UserSub: SUB, UserConfirmed: false });
    const other = browser(again, "fr-FR");
    await other.get("/signup");
    await other.post("/signup", { email: "amina@example.org", password: STRONG_PASSWORD, name: "Amina Hassan", country: "Somalie" });
    expect(again.cognito.commandCalls(SignUpCommand)[0]!.args[0].input.UserAttributes).toContainEqual({ Name: "custom:country", Value: "Somalia" });
  });

  test("an address that has an account already: the reason beside the email, and links to sign in or reset with it", async () => {
    const t = buildTestApp();
    t.cognito.on(SignUpCommand).rejects(serviceError("UsernameExistsException"));
    t.cognito.on(AdminGetUserCommand).resolves({ Username: SUB, UserStatus: "CONFIRMED", Enabled: true, UserAttributes: [{ Name: "email", Value: "amina@example.org" }, { Name: "email_verified", Value: "true" }] });
    const b = browser(t);
    await b.get("/signup");
    const { response, html } = await b.post("/signup", { email: "amina@example.org", password: STRONG_PASSWORD, name: "Amina Hassan" });
    expect(response.status).toBe(400);
    expect(summary(html)).toEqual([{ field: "email", text: "An account already uses this email address. Sign in, or reset your password if you have forgotten it" }]);
    expect(html).toContain('href="/login?email=amina%40example.org"');
    expect(html).toContain('href="/forgot-password?email=amina%40example.org"');
  });
});

describe("dead ends", () => {
  test("sign-in before verifying: a new code is sent and the person lands on /verify with the email, and the new code's countdown", async () => {
    const t = buildTestApp();
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("UserNotConfirmedException"));
    t.cognito.on(ResendConfirmationCodeCommand).resolves({});
    const b = browser(t);
    await b.get("/login");
    const { response } = await b.post("/login", { email: "Amina@Example.org", password: STRONG_PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/verify?email=amina%40example.org&notice=notVerifiedCodeSent");
    expect(t.cognito.commandCalls(ResendConfirmationCodeCommand)).toHaveLength(1);
    const { html } = await b.get(response.headers.get("location")!);
    expect(html).toContain("Your email address is not verified yet. We have sent a new code to amina@example.org.");
    expect(control(html, "email")).toContain('value="amina@example.org"');
    expect(control(html, "code")).toContain("autofocus");
    const resend = /<button type="submit" class="secondary" formaction="\/verify\/resend"[^>]*>/.exec(html)![0];
    expect(Number(/data-cooldown-until="(\d+)"/.exec(resend)![1]) - Date.now()).toBeGreaterThan(20_000);
    expect(html).toMatch(/you can ask for another one in (29|30) seconds/);
  });

  test("after a wrong code the countdown is lifted (a new code is the way on), and a typed code with a space is the same six digits", async () => {
    const t = buildTestApp();
    t.cognito.on(ConfirmSignUpCommand).rejectsOnce(serviceError("CodeMismatchException")).resolves({});
    t.cognito.on(ResendConfirmationCodeCommand).resolves({});
    const b = browser(t);
    await b.get("/verify?email=amina%40example.org");
    await b.post("/verify/resend", { email: "amina@example.org" });
    const wrong = await b.post("/verify", { email: "amina@example.org", code: "111111" });
    expect(wrong.response.status).toBe(400);
    expect(summary(wrong.html)).toEqual([{ field: "code", text: "This code is not right. Check the newest email from us and enter its 6 digits, or send a new code" }]);
    expect(wrong.html).not.toContain("data-cooldown-until");
    const right = await b.post("/verify", { email: "amina@example.org", code: "482 913" });
    expect(t.cognito.commandCalls(ConfirmSignUpCommand)[1]!.args[0].input.ConfirmationCode).toBe("482913");
    // Verified: on to sign-in, the email filled in and the focus on the password.
    expect(right.response.headers.get("location")).toBe("/login?email=amina%40example.org&notice=verified");
    const { html } = await b.get(right.response.headers.get("location")!);
    expect(control(html, "email")).toContain('value="amina@example.org"');
    expect(control(html, "password")).toContain("autofocus");
  });

  test("a failed sign-in keeps the email, and “Forgot your password?” carries it", async () => {
    const t = buildTestApp();
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException"));
    const b = browser(t);
    await b.get("/login");
    const { response, html } = await b.post("/login", { email: "amina@example.org", password: "not-the-password" });
    expect(response.status).toBe(401);
    expect(summary(html)).toEqual([{ field: "password", text: "The email address or password is not right. Check both and try again, or reset your password" }]);
    expect(html).toContain('href="/forgot-password?email=amina%40example.org"');
    expect((await b.get("/forgot-password?email=amina%40example.org")).html).toContain('value="amina@example.org"');
  });

  test("a page left open past its form token shows the same form again, with what was typed, not a dead end", async () => {
    const t = buildTestApp();
    const b = browser(t);
    await b.get("/signup");
    b.jar.delete("csrf");
    const { response, html } = await b.post("/signup", { email: "amina@example.org", password: STRONG_PASSWORD, name: "Amina Hassan" });
    expect(response.status).toBe(403);
    expect(summary(html)).toEqual([{ field: undefined, text: "This page was open for a long time, or your browser blocked its cookie. Send the form again" }]);
    expect(control(html, "email")).toContain('value="amina@example.org"');
    expect(html).not.toContain(STRONG_PASSWORD);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
  });
});

describe("limits and outages say how long", () => {
  test("a limit: 429 with Retry-After, and the minutes in words, in the page's language", async () => {
    const t = buildTestApp({ RATE_LIMIT_LOGIN_PER_15MIN: "1" });
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException"));
    const b = browser(t, "fr-FR");
    await b.get("/login");
    await b.post("/login", { email: "amina@example.org", password: "not-the-password" });
    const { response, html } = await b.post("/login", { email: "amina@example.org", password: "not-the-password" });
    expect(response.status).toBe(429);
    const seconds = Number(response.headers.get("retry-after"));
    expect(seconds).toBeGreaterThan(0);
    expect(summary(html)).toEqual([{ field: undefined, text: `Il y a eu trop de tentatives de connexion à ce compte. Réessayez dans ${Math.ceil(seconds / 60)} minutes, ou réinitialisez votre mot de passe` }]);
  });

  test("an outage: 503 with Retry-After, and when to send the form again", async () => {
    const t = buildTestApp();
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("TooManyRequestsException"));
    const b = browser(t);
    await b.get("/login");
    const { response, html } = await b.post("/login", { email: "amina@example.org", password: STRONG_PASSWORD });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(summary(html)).toEqual([{ field: undefined, text: "The service is not available right now. Nothing you typed is lost: wait 10 seconds, then send the form again" }]);
    expect(control(html, "email")).toContain('value="amina@example.org"');
  });
});

describe("the account", () => {
  const signedIn = async (locale?: string, language = "en-GB") => {
    const t = buildTestApp({}, { verifyAccessToken: async () => ({ sub: SUB, token_use: "access" }) });
    const access = fakeJwt({ sub: SUB, token_use: "access", exp: Math.floor(Date.now() / 1000) + 3600, iat: Math.floor(Date.now() / 1000) });
    t.cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: access, IdToken: idToken({ sub: SUB }), RefreshToken: "refresh-token-opaque", ExpiresIn: 3600 } });
    const attributes = [
      { Name: "sub", Value: SUB },
      { Name: "email", Value: "amina@example.org" },
      { Name: "email_verified", Value: "true" },
      { Name: "name", Value: "Amina Hassan" },
      { Name: "custom:country", Value: "Ethiopia" },
      ...(locale ? [{ Name: "locale", Value: locale }] : []),
    ];
    t.cognito.on(AdminGetUserCommand).resolves({ Username: SUB, UserStatus: "CONFIRMED", Enabled: true, UserAttributes: attributes });
    t.cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    const b = browser(t, language);
    await b.get("/login");
    const { response } = await b.post("/login", { email: "amina@example.org", password: STRONG_PASSWORD });
    expect(response.headers.get("location")).toBe("/account");
    return { t, b };
  };

  test("in sections, Sign out in the header before anything else a keyboard reaches, deleting last; the role and the country in French", async () => {
    const { b } = await signedIn("fr", "fr-FR");
    const { html } = await b.get("/account");
    const at = (text: string) => html.indexOf(text);
    expect(at(">Se déconnecter</button>")).toBeGreaterThan(0);
    expect(at(">Se déconnecter</button>")).toBeLessThan(at("<main"));
    expect([at('id="profile-heading"'), at('id="language-heading"'), at('id="password-heading"'), at('id="delete-heading"')].every((i, n, all) => i > 0 && (n === 0 || i > all[n - 1]!))).toBe(true);
    expect(html).toContain("<dd>Membre</dd>");
    expect(html).toContain('<option value="Ethiopia" selected>Éthiopie</option>');
    expect(/<input type="radio" id="locale-fr" name="locale" value="fr" checked>/.test(html)).toBe(true);
  });

  test("the language setting saves the account's locale (its emails follow) and the pages follow at once", async () => {
    const { t, b } = await signedIn();
    await b.get("/account");
    const { response } = await b.post("/account/language", { locale: "fr" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account?notice=languageSaved&lang=fr");
    expect(t.cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]!.args[0].input.UserAttributes).toEqual([{ Name: "locale", Value: "fr" }]);
    const { html } = await b.get(response.headers.get("location")!);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("Vos e-mails arriveront en français.");
    expect(b.jar.get("lang")).toBe("fr");
  });

  test("the password form: a missing current password and a weak new one, both at once, beside their fields", async () => {
    const { b } = await signedIn();
    await b.get("/account");
    const { response, html } = await b.post("/account/password", { current_password: "", new_password: "Welcome@2025" });
    expect(response.status).toBe(400);
    expect(summary(html)).toEqual([
      { field: "current-password", text: "Enter your current password" },
      { field: "new-password", text: "Choose another password" },
    ]);
    expect(control(html, "current-password")).toContain('aria-invalid="true"');
    expect(control(html, "new-password")).toContain('aria-invalid="true"');
  });
});
