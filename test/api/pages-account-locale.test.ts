/**
 * The person's language becomes the account's (issue 17): the sign-up page's language goes to
 * POST /register as `locale`, which the API writes as the Cognito `locale` attribute the custom
 * message trigger reads; GET /me answers it, so /account can show and change it.
 */
import { AdminGetUserCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { buildTestApp, json, STRONG_PASSWORD } from "./support";

const PERSON = { email: "amina.hassan@example.org", password: STRONG_PASSWORD, name: "Amina Hassan" };

test.each(["en", "fr"])("register with locale %s writes the locale attribute", async (locale) => {
  const t = buildTestApp();
  t.cognito.on(SignUpCommand).resolves({ UserSub: "a1b2", UserConfirmed: false });
  expect((await t.post("/api/auth/register", { ...PERSON, locale })).status).toBe(201);
  const attributes = t.cognito.commandCalls(SignUpCommand)[0]!.args[0].input.UserAttributes;
  expect(attributes).toContainEqual({ Name: "locale", Value: locale });
});

test("register without a locale writes none (the emails are then in English), and another language is refused", async () => {
  const t = buildTestApp();
  t.cognito.on(SignUpCommand).resolves({ UserSub: "a1b2", UserConfirmed: false });
  expect((await t.post("/api/auth/register", PERSON)).status).toBe(201);
  expect(t.cognito.commandCalls(SignUpCommand)[0]!.args[0].input.UserAttributes!.map((a) => a.Name)).not.toContain("locale");
  const refused = await t.post("/api/auth/register", { ...PERSON, locale: "de" });
  expect([refused.status, (await json(refused)).detail]).toEqual([400, 'locale must be "en" or "fr"']);
  expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(1);
});

test("GET /me answers the account's locale when it has one, and nothing else in its place", async () => {
  const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";
  const me = async (locale: string | undefined) => {
    const t = buildTestApp({}, { verifyAccessToken: async () => ({ sub: SUB, token_use: "access" }) });
    const attributes = [{ Name: "email", Value: PERSON.email }, { Name: "name", Value: PERSON.name }, ...(locale ? [{ Name: "locale", Value: locale }] : [])];
    t.cognito.on(AdminGetUserCommand).resolves({ Username: SUB, UserStatus: "CONFIRMED", Enabled: true, UserAttributes: attributes });
    return json(await t.app.request("/api/auth/me", { headers: { authorization: "Bearer x.y.z" } }));
  };
  expect((await me("fr")).locale).toBe("fr");
  expect(await me(undefined)).not.toHaveProperty("locale");
  expect(await me("de-DE")).not.toHaveProperty("locale"); // set elsewhere (an administrator): not one the pages speak
});
