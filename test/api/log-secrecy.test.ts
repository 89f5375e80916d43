/**
 * No password, code, token, client secret, email or whole body in any log line: every
 * endpoint is called with logging fully on, with secrets in the bodies and in the error
 * messages Cognito answers with, and everything written to stdout, stderr and the
 * console is checked.
 */
import { captureOutput } from "../support/capture-output";

const SECRETS = {
  password: "Sup3r-Secret-Passw0rd!xyz",
  newPassword: "An0ther-Secret-Passw0rd!qrs",
  code: "918273",
  session: "SESSION-secret-AYABeE",
  refresh: "REFRESH.secret.token",
  access: "eyJhbGciOiJSUzI1NiJ9.ACCESSsecret.c2ln",
  email: "private.person@example.org",
  name: "Private Person Name",
};

test("no secret or personal data in any log line, on successes and on every kind of failure", async () => {
  // Prepare
  const saved = { ...process.env };
  process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
  process.env.POWERTOOLS_DEV = "false";
  const output = captureOutput();
  try {
    await jest.isolateModulesAsync(async () => {
      const sdk = await import("@aws-sdk/client-cognito-identity-provider");
      const { buildTestApp, idToken, CLIENT_SECRET } = await import("./support");
      const t = buildTestApp();
      const leaky = (name: string) => Object.assign(new Error(`${name}: ${Object.values(SECRETS).join(" ")} ${CLIENT_SECRET}`), { name });
      const tokens = { AuthenticationResult: { AccessToken: SECRETS.access, IdToken: idToken({ email: SECRETS.email, name: SECRETS.name }), RefreshToken: SECRETS.refresh, ExpiresIn: 3600 } };
      t.cognito.on(sdk.SignUpCommand).resolvesOnce({ UserSub: "sub", UserConfirmed: false }).rejects(leaky("ResourceNotFoundException"));
      t.cognito.on(sdk.ConfirmSignUpCommand).rejects(leaky("CodeMismatchException"));
      t.cognito.on(sdk.ResendConfirmationCodeCommand).rejects(leaky("ResourceNotFoundException"));
      t.cognito.on(sdk.AdminInitiateAuthCommand).resolvesOnce(tokens).rejects(leaky("NotAuthorizedException"));
      t.cognito.on(sdk.AdminRespondToAuthChallengeCommand).rejects(leaky("ResourceNotFoundException"));
      t.cognito.on(sdk.ForgotPasswordCommand).rejects(leaky("ResourceNotFoundException"));
      t.cognito.on(sdk.ConfirmForgotPasswordCommand).rejects(leaky("CodeMismatchException"));
      t.cognito.on(sdk.RevokeTokenCommand).rejects(leaky("ResourceNotFoundException"));
      t.cognito.on(sdk.AdminGetUserCommand).rejects(leaky("ResourceNotFoundException"));

      const profile = { email: SECRETS.email, password: SECRETS.password, name: SECRETS.name };
      // Act
      await t.post("/api/auth/register", profile);
      await t.post("/api/auth/register", profile);
      await t.post("/api/auth/register", { ...profile, password: `${SECRETS.name}1!` });
      await t.post("/api/auth/register", `{"password": "${SECRETS.password}", broken`);
      await t.post("/api/auth/verify-email", { email: SECRETS.email, code: SECRETS.code });
      await t.post("/api/auth/resend-verification", { email: SECRETS.email });
      await t.post("/api/auth/login", { username: SECRETS.email, password: SECRETS.password });
      await t.post("/api/auth/login", { username: SECRETS.email, password: SECRETS.password });
      await t.post("/api/auth/complete-password-change", { username: SECRETS.email, session: SECRETS.session, new_password: SECRETS.newPassword });
      await t.post("/api/auth/forgot-password", { email: SECRETS.email });
      await t.post("/api/auth/reset-password", { email: SECRETS.email, code: SECRETS.code, new_password: SECRETS.newPassword });
      await t.post("/api/auth/refresh", { refresh_token: SECRETS.refresh, username: SECRETS.email });
      await t.post("/api/auth/logout", { refresh_token: SECRETS.refresh });
      await t.app.request("/api/auth/me", { headers: { authorization: `Bearer ${SECRETS.access}` } });
      await t.app.request(`/_local/mailbox/${SECRETS.email}`);
      await t.post("/api/auth/login", { username: SECRETS.email, password: SECRETS.password, [SECRETS.code]: SECRETS.session });
      // Assess (inside: CLIENT_SECRET is this module copy's)
      const all = output.lines.join("\n");
      for (const secret of [...Object.values(SECRETS), CLIENT_SECRET, "private.person"]) expect(all).not.toContain(secret);
    });
  } finally {
    output.restore();
    process.env = saved;
  }
  // The check can fail: logging was on and every request left a line.
  const requestLines = output.lines.filter((l) => l.includes('"message":"request"'));
  expect(requestLines.length).toBeGreaterThanOrEqual(16);
  expect(output.lines.some((l) => l.includes('"message":"unexpected error"') && l.includes("ResourceNotFoundException"))).toBe(true);
  expect(requestLines.some((l) => l.includes('"path":"(other)"'))).toBe(true);
  // The audit trail: a registration is logged by account id, never by email.
  expect(output.lines.some((l) => l.includes('"message":"account registered"') && l.includes('"userId":"sub"') && l.includes('"autoConfirmed":false'))).toBe(true);
});
