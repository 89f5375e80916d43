/**
 * One identity, one counter (issue 8 items 2 and 3): every `email` field, and login's
 * `username`, takes only an email address, in its canonical form; a user id or a
 * look-alike spelling is no way around a counter.
 */
import { AdminInitiateAuthCommand, ConfirmSignUpCommand, ForgotPasswordCommand, ResendConfirmationCodeCommand, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { buildTestApp, json, serviceError, STRONG_PASSWORD } from "./support";

const USER_ID = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";

test.each([
  ["register", { email: USER_ID, password: STRONG_PASSWORD, name: "A" }],
  ["verify-email", { email: USER_ID, code: "123456" }],
  ["resend-verification", { email: USER_ID }],
  ["forgot-password", { email: USER_ID }],
  ["reset-password", { email: USER_ID, code: "123456", new_password: STRONG_PASSWORD }],
  ["login", { username: USER_ID, password: STRONG_PASSWORD }],
  ["complete-password-change", { username: USER_ID, session: "s", new_password: STRONG_PASSWORD }],
  ["login", { username: " ", password: STRONG_PASSWORD }],
  ["login", { username: "%20", password: STRONG_PASSWORD }],
])("%s refuses a user id or blank in the email field (%j): 400 Invalid email format, Cognito never asked", async (endpoint, body) => {
  // Prepare
  const t = buildTestApp();
  // Act
  const response = await t.post(`/api/auth/${endpoint}`, body);
  // Assess
  expect({ status: response.status, body: await json(response) }).toEqual({ status: 400, body: { detail: "Invalid email format" } });
  expect(t.cognito.calls()).toHaveLength(0);
});

const SPELLINGS = ["x@igad.int", "X@IGAD.INT", "x@ｉｇａｄ.int", "x@igad。int", "x@igad．int"];

test("verification attempts count on the canonical email: look-alike spellings share the 3 per hour", async () => {
  // Prepare
  const t = buildTestApp();
  t.cognito.on(ConfirmSignUpCommand).rejects(serviceError("CodeMismatchException"));
  // Act
  const statuses = [];
  for (const email of SPELLINGS) statuses.push((await t.post("/api/auth/verify-email", { email, code: "123456" })).status);
  // Assess
  expect(statuses).toEqual([400, 400, 400, 429, 429]);
  expect(new Set(t.cognito.commandCalls(ConfirmSignUpCommand).map((c) => c.args[0].input.Username))).toEqual(new Set(["x@igad.int"]));
});

test("reset emails count on the canonical email: look-alike spellings share the 5 per hour", async () => {
  // Prepare
  const t = buildTestApp();
  t.cognito.on(ForgotPasswordCommand).resolves({});
  // Act
  for (const email of [...SPELLINGS, "x@IGAD.int"]) await t.post("/api/auth/forgot-password", { email });
  // Assess
  expect(t.cognito.commandCalls(ForgotPasswordCommand)).toHaveLength(5);
});

test("login counts per IP and canonical username: a spelling is no way past a blocked address", async () => {
  // Prepare
  const t = buildTestApp({ RATE_LIMIT_LOGIN_PER_15MIN: "2" });
  t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException"));
  // Act
  const statuses = [];
  for (const username of ["x@igad.int", "X@igad.int", "x@ｉｇａｄ.int", "x%40igad.int"]) statuses.push((await t.post("/api/auth/login", { username, password: "wrong" })).status);
  // Assess
  expect(statuses).toEqual([401, 401, 429, 429]);
});

test("register stores the canonical email with Cognito, and answers with it", async () => {
  // Prepare
  const t = buildTestApp();
  t.cognito.on(SignUpCommand).resolves({ UserSub: USER_ID, UserConfirmed: true });
  // Act
  const response = await t.post("/api/auth/register", { email: "Staff@ｉｇａｄ。INT", password: STRONG_PASSWORD, name: "Staff" });
  // Assess
  expect((await json(response)).email).toBe("staff@igad.int");
  const input = t.cognito.commandCalls(SignUpCommand)[0]!.args[0].input;
  expect(input.Username).toBe("staff@igad.int");
  expect(input.UserAttributes).toContainEqual({ Name: "email", Value: "staff@igad.int" });
});

test.each([["x@igad\u00AD.int"], ["x@igad\u200B.int"]])("an address with an invisible character (%j) is refused, never stored beside x@igad.int", async (email) => {
  // Prepare
  const t = buildTestApp();
  // Act
  const response = await t.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: "X" });
  // Assess
  expect(response.status).toBe(400);
  expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
  expect(t.cognito.commandCalls(ResendConfirmationCodeCommand)).toHaveLength(0);
});
