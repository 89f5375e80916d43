/**
 * No secret in any log line: run every trigger with logging and metrics fully on, feed
 * events carrying a password, a verification code, tokens and personal data, and check
 * that none of them reaches stdout or stderr.
 */
import { loadEvent } from "../events/load";
import { captureOutput } from "../support/capture-output";

const SECRETS = {
  password: "Sup3r-Secret-Passw0rd!xyz",
  code: "Code-482913",
  token: "eyJraWQiOiJzZWNyZXQtdG9rZW4ifQ.payload.signature",
  email: "private.person@example.org",
  name: "Private Person Name",
};

test("no password, code, token, email or name appears in any log or metric line", async () => {
  const saved = { ...process.env };
  process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  process.env.POWERTOOLS_DEV = "false";
  const capture = captureOutput();
  try {
    await jest.isolateModulesAsync(async () => {
      const { mockClient } = await import("aws-sdk-client-mock");
      const sdk = await import("@aws-sdk/client-cognito-identity-provider");
      const { handler: preSignUp } = await import("../../triggers/pre-sign-up");
      const { handler: postConfirmation, cognito } = await import("../../triggers/post-confirmation");
      const { handler: preToken } = await import("../../triggers/pre-token-generation");
      const { handler: customMessage } = await import("../../triggers/custom-message");
      const cognitoMock = mockClient(cognito);
      cognitoMock.on(sdk.AdminAddUserToGroupCommand).rejects(new Error(`boom ${SECRETS.token}`));

      const withSecrets = (name: string) => {
        const event = loadEvent(name);
        event.userName = SECRETS.email;
        event.request.userAttributes = { ...event.request.userAttributes, email: SECRETS.email, name: SECRETS.name };
        event.request.clientMetadata = { code: SECRETS.code, token: SECRETS.token, password: SECRETS.password };
        return event;
      };
      const weak = withSecrets("pre-sign-up/sign-up");
      weak.request.validationData = { password: SECRETS.password + SECRETS.name.replace(/ /g, "") };
      const strong = withSecrets("pre-sign-up/sign-up");
      strong.request.validationData = { password: SECRETS.password };
      const escalation = withSecrets("pre-sign-up/sign-up");
      escalation.request.userAttributes["custom:role"] = "admin";

      const calls: Array<[(e: never) => Promise<unknown>, unknown]> = [
        [preSignUp as never, weak],
        [preSignUp as never, strong],
        [preSignUp as never, escalation],
        [preSignUp as never, { ...withSecrets("pre-sign-up/sign-up"), request: { userAttributes: { email: SECRETS.email, name: 7 } } }],
        [postConfirmation as never, withSecrets("post-confirmation/confirm-sign-up")],
        [preToken as never, withSecrets("pre-token-generation/authentication-v1")],
        [preToken as never, withSecrets("pre-token-generation/hosted-auth-v2")],
        [customMessage as never, withSecrets("custom-message/sign-up")],
        [customMessage as never, withSecrets("custom-message/admin-create-user")],
      ];
      for (const [handler, event] of calls) await handler(event as never).catch(() => undefined);
    });
  } finally {
    capture.restore();
    process.env = saved;
  }

  const output = capture.lines.join("");
  expect(output.length).toBeGreaterThan(0); // logging was on: the check below is not vacuous
  expect(output).toContain("sign-up refused");
  for (const [kind, secret] of Object.entries(SECRETS)) {
    expect({ kind, leaked: output.includes(secret) }).toEqual({ kind, leaked: false });
  }
});
