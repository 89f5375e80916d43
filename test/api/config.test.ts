/** apiConfigFromEnv: defaults, the JWKS location on AWS and on an emulator, and failing fast with the variable's name. */
import { apiConfigFromEnv, DEFAULT_RATE_LIMITS } from "../../api/config";
import { BASE_ENV, CLIENT_ID, POOL_ID } from "./support";

test("defaults: us-east-1, the reference's rate limits and issue 14's new ones, no CORS origins, AWS's JWKS", () => {
  // Act
  const { AWS_REGION: _region, ...env } = BASE_ENV;
  const config = apiConfigFromEnv(env);
  // Assess
  expect(config).toMatchObject({
    region: "us-east-1",
    userPoolId: POOL_ID,
    clientId: CLIENT_ID,
    corsAllowedOrigins: [],
    // The reference's five, and issue 14's: attempts at one code from anywhere, failed sign-ins per address, emails per address.
    rateLimits: { registerPerHour: 5, verifyPerHour: 3, resendPerHour: 5, loginPer15Min: 10, forgotPerHour: 5, codeAttemptsPerCode: 10, loginFailuresPerIp15Min: 30, emailsPerIpPerHour: 20 },
    jwksUri: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}/.well-known/jwks.json`,
    issuer: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`,
  });
  expect(config.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  expect(config.cognitoEndpoint).toBeUndefined();
  expect(config.dynamoEndpoint).toBeUndefined();
  expect(config.account.internalEmailDomains).toEqual(["igad.int"]);
});

test("a Cognito emulator: JWKS and issuer under its URL (trailing slash dropped)", () => {
  // Act
  const config = apiConfigFromEnv({ ...BASE_ENV, AWS_REGION: "eu-west-1", COGNITO_ENDPOINT: "http://localhost:9229/", DYNAMODB_ENDPOINT: "http://127.0.0.1:8000" });
  // Assess
  expect(config.region).toBe("eu-west-1");
  expect(config.cognitoEndpoint).toBe("http://localhost:9229");
  expect(config.jwksUri).toBe(`http://localhost:9229/${POOL_ID}/.well-known/jwks.json`);
  expect(config.issuer).toBe(`http://localhost:9229/${POOL_ID}`);
  expect(config.dynamoEndpoint).toBe("http://127.0.0.1:8000");
});

test("CORS origins and every rate limit (issue 14's three too) from the environment; account settings through settingsFromEnv", () => {
  // Act
  const config = apiConfigFromEnv({
    ...BASE_ENV,
    CORS_ALLOWED_ORIGINS: " https://hub.igad.int ,,https://staging.hub.igad.int",
    RATE_LIMIT_REGISTER_PER_HOUR: "20",
    RATE_LIMIT_VERIFY_PER_HOUR: "4",
    RATE_LIMIT_RESEND_PER_HOUR: "6",
    RATE_LIMIT_LOGIN_PER_15MIN: "30",
    RATE_LIMIT_FORGOT_PER_HOUR: "7",
    RATE_LIMIT_CODE_ATTEMPTS_PER_CODE: "12",
    RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN: "40",
    RATE_LIMIT_EMAILS_PER_IP_PER_HOUR: "25",
    INTERNAL_EMAIL_DOMAINS: "igad.int,icpac.net",
    AUTO_VERIFY_INTERNAL_EMAILS: "true",
  });
  // Assess
  expect(config.corsAllowedOrigins).toEqual(["https://hub.igad.int", "https://staging.hub.igad.int"]);
  expect(config.rateLimits).toEqual({
    registerPerHour: 20,
    verifyPerHour: 4,
    resendPerHour: 6,
    loginPer15Min: 30,
    forgotPerHour: 7,
    codeAttemptsPerCode: 12,
    loginFailuresPerIp15Min: 40,
    emailsPerIpPerHour: 25,
  });
  expect(config.account).toMatchObject({ internalEmailDomains: ["igad.int", "icpac.net"], autoVerifyInternalEmails: true });
});

test.each(["COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "COGNITO_CLIENT_SECRET", "RATE_LIMIT_TABLE"])("%s missing or blank: fails naming it", (name) => {
  // Act & Assess
  expect(() => apiConfigFromEnv({ ...BASE_ENV, [name]: undefined })).toThrow(`Setting ${name}: is required`);
  expect(() => apiConfigFromEnv({ ...BASE_ENV, [name]: "  " })).toThrow(name);
});

test.each([["0"], ["-1"], ["ten"], ["1.5"], ["999999"]])("a rate limit of %j fails naming the variable", (value) => {
  // Act & Assess
  for (const name of ["RATE_LIMIT_LOGIN_PER_15MIN", "RATE_LIMIT_CODE_ATTEMPTS_PER_CODE", "RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN", "RATE_LIMIT_EMAILS_PER_IP_PER_HOUR"]) {
    expect(() => apiConfigFromEnv({ ...BASE_ENV, [name]: value })).toThrow(name);
  }
});

test("a bad account setting fails naming its variable", () => {
  // Act & Assess
  expect(() => apiConfigFromEnv({ ...BASE_ENV, AUTO_VERIFY_INTERNAL_EMAILS: "yes" })).toThrow("AUTO_VERIFY_INTERNAL_EMAILS");
});
