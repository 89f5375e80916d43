import { resolveStackSettings, type RawStackConfig } from "../../infra/settings";
import { SettingsError } from "../../policies/settings";

const dev: RawStackConfig = { environment: "dev", hostedUiDomainPrefix: "igad-hub-dev", callbackUrls: ["http://localhost:5173/cb"], email: { sender: "cognito" } };
const prod: RawStackConfig = {
  environment: "prod",
  hostedUiDomainPrefix: "igad-hub",
  callbackUrls: ["https://hub.igad.int/cb"],
  email: { sender: "ses", sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/igad.int", fromAddress: "no-reply@igad.int" },
};

const refused = (raw: RawStackConfig, key: RegExp) => {
  expect(() => resolveStackSettings(raw)).toThrow(SettingsError);
  expect(() => resolveStackSettings(raw)).toThrow(key);
};

describe("stack settings", () => {
  test("defaults: Essentials plan, history of 5, 7-day temporary passwords, threat protection off", () => {
    const s = resolveStackSettings(dev);
    expect(s).toMatchObject({ featurePlan: "essentials", passwordHistorySize: 5, temporaryPasswordValidityDays: 7, threatProtection: "off", passwordMinLength: 12 });
    expect(s.apiRateLimits).toEqual({ registerPerHour: 5, verifyPerHour: 3, resendPerHour: 5, loginPer15Min: 10, forgotPerHour: 5 });
  });

  test("refuses password history on the Lite plan", () => refused({ ...dev, featurePlan: "lite", passwordHistorySize: 5 }, /igad-auth:passwordHistorySize: password history needs the Essentials or Plus plan/));
  test("the Lite plan defaults to no history", () => expect(resolveStackSettings({ ...dev, featurePlan: "lite" }).passwordHistorySize).toBe(0));
  test("refuses Cognito's default email sender in prod", () => refused({ ...prod, email: { sender: "cognito" } }, /igad-auth:email.sender: Cognito's default sender allows 50 emails a day/));
  test("refuses SES without an identity", () => refused({ ...prod, email: { sender: "ses" } }, /igad-auth:email.sesIdentityArn/));
  test("refuses a WAF limit under 10", () => refused({ ...dev, waf: { operationLimits: { SignUp: 5 } } }, /igad-auth:waf.operationLimits.SignUp: WAF rate limits start at 10/));
  test("refuses a WAF window WAF does not support", () => refused({ ...dev, waf: { windowSeconds: 3600 as never } }, /igad-auth:waf.windowSeconds/));
  test("refuses threat protection without the Plus plan", () => refused({ ...dev, threatProtection: "enforced" }, /igad-auth:threatProtection: threat protection needs the Plus plan/));
  test("refuses a Hosted UI prefix Cognito reserves", () => refused({ ...dev, hostedUiDomainPrefix: "my-cognito" }, /igad-auth:hostedUiDomainPrefix/));
  test("refuses plain-http callback URLs except localhost", () => refused({ ...dev, callbackUrls: ["http://hub.igad.int/cb"] }, /igad-auth:callbackUrls: .* must use https/));
  test("refuses an unknown environment", () => refused({ ...dev, environment: "staging" as never }, /igad-auth:environment/));
  test("account settings errors use the stack key", () => refused({ ...dev, passwordMinLength: 6 }, /^Setting igad-auth:passwordMinLength:/));
  test("refuses a log retention CloudWatch does not offer", () => refused({ ...dev, logRetentionDays: 10 }, /igad-auth:logRetentionDays/));
  test("prod keeps logs a year by default", () => expect(resolveStackSettings(prod).logRetentionDays).toBe(365));
});
