import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { DEFAULT_API_RATE_LIMITS, readStackSettings, resolveStackSettings, type RawStackConfig } from "../../infra/settings";
import { SettingsError } from "../../policies/settings";

const dev: RawStackConfig = { environment: "dev", hostedUiDomainPrefix: "igad-hub-dev", callbackUrls: ["http://localhost:5173/cb"], email: { sender: "cognito" } };
const prod: RawStackConfig = {
  environment: "prod",
  hostedUiDomainPrefix: "igad-hub",
  callbackUrls: ["https://hub.igad.int/cb"],
  email: { sender: "ses", sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/igad.int", fromAddress: "no-reply@igad.int" },
  alarmEmails: ["ops@igad.int"],
};

const refused = (raw: RawStackConfig, key: RegExp) => {
  expect(() => resolveStackSettings(raw)).toThrow(SettingsError);
  expect(() => resolveStackSettings(raw)).toThrow(key);
};

describe("stack settings", () => {
  test("defaults: Essentials plan, history of 5, 7-day temporary passwords, threat protection off", () => {
    const s = resolveStackSettings(dev);
    expect(s).toMatchObject({ featurePlan: "essentials", passwordHistorySize: 5, temporaryPasswordValidityDays: 7, threatProtection: "off", passwordMinLength: 12 });
    expect(s.apiRateLimits).toEqual({
      registerPerHour: 5,
      verifyPerHour: 3,
      resendPerHour: 5,
      loginPer15Min: 10,
      forgotPerHour: 5,
      codeAttemptsPerCode: 10,
      loginFailuresPerIp15Min: 30,
      emailsPerIpPerHour: 20,
    });
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
  test("refuses a misspelt setting instead of ignoring it", () =>
    refused({ ...dev, passwordMinLenght: 8 } as RawStackConfig, /igad-auth:passwordMinLenght: not a setting of this stack; the settings are .*passwordMinLength/));
  test("refuses a misspelt key inside a block", () => refused({ ...dev, waf: { windowSecond: 300 } as never }, /igad-auth:waf.windowSecond: not a setting; under waf write/));
  test("refuses a value of the wrong kind, naming the key and what to write", () =>
    refused({ ...dev, internalEmailDomains: "igad.int" as never }, /igad-auth:internalEmailDomains: write a list of text values, e.g. \["igad.int"\]/));
  test("refuses a number where a boolean is expected", () => refused({ ...dev, autoVerifyInternalEmails: 1 as never }, /igad-auth:autoVerifyInternalEmails: write true or false/));
  test("refuses an API rate limit under 1", () => refused({ ...dev, apiRateLimits: { registerPerHour: 0 } }, /igad-auth:apiRateLimits.registerPerHour/));
  test.each(["codeAttemptsPerCode", "loginFailuresPerIp15Min", "emailsPerIpPerHour"])("refuses %s under 1 or not whole, naming it", (name) => {
    refused({ ...dev, apiRateLimits: { [name]: 0 } }, new RegExp(`igad-auth:apiRateLimits.${name}: write a whole number`));
    refused({ ...dev, apiRateLimits: { [name]: 2.5 } }, new RegExp(`igad-auth:apiRateLimits.${name}`));
  });
  test("refuses a misspelt API rate limit, listing the three new ones among the names", () =>
    refused({ ...dev, apiRateLimits: { emailsPerIpPerHr: 20 } as never }, /igad-auth:apiRateLimits.emailsPerIpPerHr: not a setting; under apiRateLimits write .*codeAttemptsPerCode, loginFailuresPerIp15Min, emailsPerIpPerHour/));
  test("prod refuses to deploy alarms nobody receives", () => refused({ ...prod, alarmEmails: [] }, /igad-auth:alarmEmails: prod alarms must reach someone/));
  test("dev may leave alarmEmails empty", () => expect(resolveStackSettings(dev).alarmEmails).toEqual([]));
  test("refuses an alarm address that is not an email", () => refused({ ...prod, alarmEmails: ["ops"] }, /igad-auth:alarmEmails: "ops" is not an email address/));
  test("CORS origins are reduced to origins", () =>
    expect(resolveStackSettings({ ...dev, corsAllowedOrigins: ["https://hub.igad.int/app/"] }).corsAllowedOrigins).toEqual(["https://hub.igad.int"]));
});

describe("reading the stack file", () => {
  const config = {
    "igad-auth:environment": "dev",
    "igad-auth:hostedUiDomainPrefix": "igad-hub-dev",
    "igad-auth:callbackUrls": '["http://localhost:5173/cb"]',
    "igad-auth:email": '{"sender":"cognito"}',
    "aws:region": "us-east-1",
  };
  test("lists, objects and numbers arrive as JSON text and are parsed; other projects' keys are ignored", () => {
    const s = readStackSettings({ ...config, "igad-auth:passwordMinLength": "14", "igad-auth:waf": '{"windowSeconds":600}' });
    expect(s.passwordMinLength).toBe(14);
    expect(s.waf.windowSeconds).toBe(600);
    expect(s.callbackUrls).toEqual(["http://localhost:5173/cb"]);
  });
  test("a text setting that looks like a number stays text", () => expect(readStackSettings({ ...config, "igad-auth:productName": "2030" }).productName).toBe("2030"));
  test("a misspelt key in the stack file is refused", () => expect(() => readStackSettings({ ...config, "igad-auth:featurePlam": "plus" })).toThrow(/igad-auth:featurePlam: not a setting/));
});

describe("the shipped stack files", () => {
  test.each(["dev", "prod"])("Pulumi.%s.yaml shows every API limit, with the defaults", (stack) => {
    const file = load(readFileSync(join(__dirname, "../..", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    expect(file.config["igad-auth:apiRateLimits"]).toEqual(DEFAULT_API_RATE_LIMITS);
  });
});
