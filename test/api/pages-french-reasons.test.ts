/**
 * What a French page shows for the API's refusals of its forms: each reason in French,
 * taken from the API's real answers (a text with no translation would be shown in English).
 */
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { PAGE_TEXTS } from "../../web/locales";
import { problemFromApi } from "../../web/problems";
import { problemText } from "../../web/views/problem-text";
import { buildTestApp, fakeJwt, json, STRONG_PASSWORD } from "./support";

const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";

/** The texts a French page shows for the API's answer: the problem's sentence and the policy's reasons. */
const shownReasons = (detail: string) => {
  const shown = problemText(PAGE_TEXTS.fr!, "fr", problemFromApi({ status: 400, body: { detail } }, { email: "email", code: "code", newPassword: "new-password" }), "support@igad.int");
  return [shown.message, ...shown.reasons];
};

test.each([
  ["/verify: a code that is not 6 digits", "/api/auth/verify-email", { email: "amina@example.org", code: "12" }],
  ["/reset-password: a code that is not 6 digits", "/api/auth/reset-password", { email: "amina@example.org", code: "12a", new_password: STRONG_PASSWORD }],
  ["/account: the new password the same as the current one", "/api/auth/change-password", { current_password: STRONG_PASSWORD, new_password: STRONG_PASSWORD }],
])("%s is explained in French", async (_name, path, body) => {
  const t = buildTestApp({}, { verifyAccessToken: async () => ({ sub: SUB, token_use: "access" }) });
  // The signed-in person, as the API reads them now: AdminGetUser of the token's user.
  t.cognito.on(AdminGetUserCommand).resolves({ Username: SUB, UserStatus: "CONFIRMED", Enabled: true, UserAttributes: [{ Name: "email", Value: "amina@example.org" }, { Name: "name", Value: "Amina Hassan" }] });
  const response = await t.post(path, body, { authorization: `Bearer ${fakeJwt({ sub: SUB, token_use: "access" })}` });
  expect(response.status).toBe(400);
  const { detail } = await json(response);
  const french = shownReasons(detail);
  expect(french.length).toBeGreaterThan(0);
  // Each shown text is the French one: none is the API's English as it wrote it.
  for (const text of french) expect([text, detail.includes(text)]).toEqual([text, false]);
});
