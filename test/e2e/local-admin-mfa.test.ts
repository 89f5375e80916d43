/**
 * Two-step verification (TOTP software tokens) on the local pool, driven with the AWS SDK straight at
 * cognito-local as the API will drive it: AssociateSoftwareToken and VerifySoftwareToken with an
 * access token carrying aws.cognito.signin.user.admin, AdminSetUserMFAPreference, AdminGetUser, the
 * SOFTWARE_TOKEN_MFA challenge of AdminInitiateAuth and its answer with AdminRespondToAuthChallenge.
 * The codes are computed here (test/e2e/local-stack.ts, RFC 6238 with node:crypto), never by the
 * code under test.
 */
import {
  AdminConfirmSignUpCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { ChallengeSessions } from "../../local/adapters/challenge-sessions";
import { hotp, matchingStep } from "../../local/adapters/totp";
import { claimsOf, RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, totpCode, uniqueEmail, withAdminScope, type RunningStack } from "./local-stack";

const STEP_MS = 30_000;

describe("the TOTP computations", () => {
  // RFC 6238 appendix B, SHA-1: the ASCII key "12345678901234567890" (base32 below), T = 59 s and 1111111109 s.
  const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  test("the test's own code generator gives RFC 6238's test vectors", () => {
    expect(totpCode(RFC_SECRET, 59_000, 8)).toBe("94287082");
    expect(totpCode(RFC_SECRET, 1_111_111_109_000, 8)).toBe("07081804");
    expect(totpCode(RFC_SECRET, 59_000)).toBe("287082");
  });
  test("the local pool accepts the step before, the current and the next one, nothing further", () => {
    const now = 1_111_111_109_000;
    const step = Math.floor(now / STEP_MS);
    expect(hotp(Buffer.from("12345678901234567890"), 1)).toBe(totpCode(RFC_SECRET, STEP_MS));
    for (const offset of [-1, 0, 1]) expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, now + offset * STEP_MS), now)).toBe(step + offset);
    for (const offset of [-2, 2]) expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, now + offset * STEP_MS), now)).toBeUndefined();
    expect(matchingStep(RFC_SECRET, "12345", now)).toBeUndefined();
  });
});

test("challenge sessions: bound to user, client and challenge, spent once, gone after 3 minutes", () => {
  let now = 0;
  const sessions = new ChallengeSessions(() => now);
  const session = sessions.issue("u1", "c1", "SOFTWARE_TOKEN_MFA");
  expect(sessions.live(session, "u1", "c1", "SOFTWARE_TOKEN_MFA")).toBe(true);
  expect(sessions.live(session, "u2", "c1", "SOFTWARE_TOKEN_MFA")).toBe(false);
  expect(sessions.live(session, "u1", "c2", "SOFTWARE_TOKEN_MFA")).toBe(false);
  expect(sessions.live(session, "u1", "c1", "NEW_PASSWORD_REQUIRED")).toBe(false);
  now = 3 * 60_000 - 1;
  expect(sessions.live(session, "u1", "c1", "SOFTWARE_TOKEN_MFA")).toBe(true);
  expect(sessions.consume(session, "u1", "c1", "SOFTWARE_TOKEN_MFA")).toBe(true);
  expect(sessions.wasSpent(session)).toBe(true);
  expect(sessions.consume(session, "u1", "c1", "SOFTWARE_TOKEN_MFA")).toBe(false);
  const late = sessions.issue("u1", "c1", "SOFTWARE_TOKEN_MFA");
  now += 3 * 60_000;
  expect(sessions.live(late, "u1", "c1", "SOFTWARE_TOKEN_MFA")).toBe(false);
});

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS);
}, stackTimeout());
afterAll(() => stack?.stop());

/** A confirmed user, signed up through the API's client. */
async function confirmedUser(): Promise<{ email: string; sub: string }> {
  const email = uniqueEmail("mfa");
  const answer = await stack.cognito.send(
    new SignUpCommand({ ClientId: stack.apiClientId, SecretHash: await stack.secretHash(stack.apiClientId, email), Username: email, Password: STRONG_PASSWORD, UserAttributes: [{ Name: "name", Value: "Two Step" }] }),
  );
  await stack.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }));
  return { email, sub: answer.UserSub! };
}

const adminSignIn = async (email: string, clientId = stack.apiClientId, password = STRONG_PASSWORD) =>
  stack.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: stack.userPoolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: await stack.secretHash(clientId, email) },
    }),
  );

const answerChallenge = async (email: string, session: string | undefined, code: string, clientId = stack.apiClientId) =>
  stack.cognito.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: stack.userPoolId,
      ClientId: clientId,
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      Session: session,
      ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code, SECRET_HASH: await stack.secretHash(clientId, email) },
    }),
  );

/** The API's own token for the person (the self-service client), with the admin scope the pre token trigger keeps for that client. */
async function selfServiceToken(email: string): Promise<string> {
  const answer = await adminSignIn(email, stack.selfServiceClientId);
  return withAdminScope(answer.AuthenticationResult!.AccessToken!);
}

/** Waits for a fresh step when fewer than 10 s are left in this one, so codes of the steps around it stay valid for the test. */
async function atStepStart(): Promise<number> {
  if (STEP_MS - (Date.now() % STEP_MS) < 10_000) await new Promise((r) => setTimeout(r, STEP_MS - (Date.now() % STEP_MS) + 100));
  return Date.now();
}

/** Associates and verifies a token for the user (with the code of the step before `now`) and turns TOTP on; answers the secret. */
async function turnOnTotp(email: string, now: number): Promise<string> {
  const token = await selfServiceToken(email);
  const { SecretCode } = await stack.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
  await stack.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totpCode(SecretCode!, now - STEP_MS), FriendlyDeviceName: "phone" }));
  await stack.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: stack.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  return SecretCode!;
}

test("the pool's MFA is optional, with software tokens", async () => {
  const config = await stack.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: stack.userPoolId }));
  expect(config.MfaConfiguration).toBe("OPTIONAL");
  expect(config.SoftwareTokenMfaConfiguration?.Enabled).toBe(true);
});

test("set-up: associate, verify (a wrong code is EnableSoftwareTokenMFAException), then turning it on is AdminSetUserMFAPreference's", async () => {
  const { email } = await confirmedUser();
  const now = await atStepStart();
  const token = await selfServiceToken(email);
  const { SecretCode } = await stack.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
  expect(SecretCode).toMatch(/^[A-Z2-7]{32,}$/);

  const wrong = totpCode(SecretCode!, now + 5 * STEP_MS);
  await expect(stack.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: wrong }))).rejects.toMatchObject({
    name: "EnableSoftwareTokenMFAException",
    message: "Code mismatch and fail enable Software Token MFA",
  });
  // Turning it on before a token is verified is refused.
  await expect(stack.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: stack.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: true } }))).rejects.toMatchObject({
    name: "InvalidParameterException",
    message: "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA",
  });

  const verified = await stack.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totpCode(SecretCode!, now) }));
  expect(verified.Status).toBe("SUCCESS");
  // Verified is not on: no MFA yet, and a sign-in still gives tokens.
  const before = await stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
  expect(before.UserMFASettingList).toBeUndefined();
  expect(before.PreferredMfaSetting).toBeUndefined();
  expect((await adminSignIn(email)).AuthenticationResult?.AccessToken).toBeTruthy();

  await stack.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: stack.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  const after = await stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
  expect(after.UserMFASettingList).toEqual(["SOFTWARE_TOKEN_MFA"]);
  expect(after.PreferredMfaSetting).toBe("SOFTWARE_TOKEN_MFA");
  const challenge = await adminSignIn(email);
  expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
}, 90_000);

test("a person's own token (scope suppressed) cannot associate; unknown users cannot be set", async () => {
  const { email } = await confirmedUser();
  const own = (await adminSignIn(email)).AuthenticationResult!.AccessToken!;
  await expect(stack.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: own }))).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Access Token does not have required scopes" });
  await expect(
    stack.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: stack.userPoolId, Username: uniqueEmail("nobody"), SoftwareTokenMfaSettings: { Enabled: false } })),
  ).rejects.toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
}, 60_000);

test("sign-in with TOTP on: the challenge, wrong and reused codes, then tokens through the usual token path", async () => {
  const { email, sub } = await confirmedUser();
  const now = await atStepStart();
  const secret = await turnOnTotp(email, now); // uses the code of the step before now

  // A wrong password says nothing about MFA.
  await expect(adminSignIn(email, stack.apiClientId, "Wrong-Password-123")).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });

  const challenge = await adminSignIn(email);
  expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  expect(challenge.AuthenticationResult).toBeUndefined();
  expect(challenge.ChallengeParameters).toEqual({ USER_ID_FOR_SRP: sub, FRIENDLY_DEVICE_NAME: "phone" });
  expect(challenge.Session).toEqual(expect.any(String));

  const wrong = totpCode(secret, now + 5 * STEP_MS);
  await expect(answerChallenge(email, challenge.Session, wrong)).rejects.toMatchObject({ name: "CodeMismatchException", message: "Invalid code received for user" });
  await expect(answerChallenge(email, challenge.Session, "abc")).rejects.toMatchObject({ name: "CodeMismatchException" });
  // The code that verified the token cannot be used again.
  await expect(answerChallenge(email, challenge.Session, totpCode(secret, now - STEP_MS))).rejects.toMatchObject({
    name: "ExpiredCodeException",
    message: "Your software token has already been used once.",
  });
  // Another user's session, or one made up, is refused.
  await expect(answerChallenge(email, "made-up-session", totpCode(secret, now))).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user, session is expired." });

  // After wrong codes the session still works.
  const signedIn = await answerChallenge(email, challenge.Session, totpCode(secret, now));
  const tokens = signedIn.AuthenticationResult!;
  expect(tokens.TokenType).toBe("Bearer");
  const access = claimsOf(tokens.AccessToken);
  expect(access.sub).toBe(sub);
  expect(access.client_id).toBe(stack.apiClientId);
  expect(typeof access.origin_jti).toBe("string"); // the same signing pass as every sign-in
  expect(typeof access.role).toBe("string"); // pre token generation (V2) ran
  expect(String(access.scope ?? "").split(" ")).not.toContain("aws.cognito.signin.user.admin");
  expect(claimsOf(tokens.IdToken).email).toBe(email);
  // The sign-in's refresh token works (the API client rotates).
  const refreshed = await stack.cognito.send(
    new GetTokensFromRefreshTokenCommand({ ClientId: stack.apiClientId, ClientSecret: await stack.clientSecret(stack.apiClientId), RefreshToken: tokens.RefreshToken! }),
  );
  expect(claimsOf(refreshed.AuthenticationResult!.AccessToken).origin_jti).toBe(access.origin_jti);

  // A session is answered once.
  await expect(answerChallenge(email, challenge.Session, totpCode(secret, now + STEP_MS))).rejects.toMatchObject({
    name: "NotAuthorizedException",
    message: "Invalid session for the user, session can only be used once.",
  });
  // A new sign-in cannot reuse the code just used; the next step's code works.
  const again = await adminSignIn(email);
  await expect(answerChallenge(email, again.Session, totpCode(secret, now))).rejects.toMatchObject({ name: "ExpiredCodeException" });
  expect((await answerChallenge(email, again.Session, totpCode(secret, now + STEP_MS))).AuthenticationResult?.AccessToken).toBeTruthy();
  // A session is bound to its app client.
  const third = await adminSignIn(email);
  await expect(answerChallenge(email, third.Session, totpCode(secret, now + STEP_MS), stack.selfServiceClientId)).rejects.toMatchObject({ name: "NotAuthorizedException" });
}, 120_000);

test("the self-service sign-in of a user with TOTP on is challenged too", async () => {
  const { email } = await confirmedUser();
  const now = await atStepStart();
  const secret = await turnOnTotp(email, now);
  const challenge = await adminSignIn(email, stack.selfServiceClientId);
  expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  const answer = await answerChallenge(email, challenge.Session, totpCode(secret, now), stack.selfServiceClientId);
  expect(claimsOf(answer.AuthenticationResult!.AccessToken).client_id).toBe(stack.selfServiceClientId);
}, 90_000);

test("a new token replaces the old one only once verified; turning MFA off keeps the secret, as AWS does", async () => {
  const { email } = await confirmedUser();
  const now = await atStepStart();
  const oldSecret = await turnOnTotp(email, now);

  // Associating a new secret (not verified) leaves the old device in force.
  const challenge = await adminSignIn(email);
  const token = withAdminScope((await answerChallenge(email, challenge.Session, totpCode(oldSecret, now))).AuthenticationResult!.AccessToken!);
  const { SecretCode: newSecret } = await stack.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
  expect(newSecret).not.toBe(oldSecret);
  const stillOld = await adminSignIn(email);
  await expect(answerChallenge(email, stillOld.Session, totpCode(newSecret!, now + STEP_MS))).rejects.toMatchObject({ name: "CodeMismatchException" });
  expect((await answerChallenge(email, stillOld.Session, totpCode(oldSecret, now + STEP_MS))).AuthenticationResult).toBeDefined();

  // Turning it off: sign-in gives tokens again, AdminGetUser shows no MFA.
  await stack.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: stack.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } }));
  const user = await stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
  expect(user.UserMFASettingList).toBeUndefined();
  expect(user.PreferredMfaSetting).toBeUndefined();
  expect((await adminSignIn(email)).AuthenticationResult?.AccessToken).toBeTruthy();
  // The verified secret was kept: turning it on again without a new association brings the old device back.
  await stack.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: stack.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: true } }));
  const back = await adminSignIn(email);
  expect(back.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
}, 90_000);

test("a disabled user with TOTP on is refused before any challenge", async () => {
  const { email } = await confirmedUser();
  const now = await atStepStart();
  await turnOnTotp(email, now);
  await stack.cognito.send(new AdminDisableUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
  await expect(adminSignIn(email)).rejects.toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });
}, 60_000);

test("GetUser through the self-service token sees the person", async () => {
  const { email, sub } = await confirmedUser();
  const user = await stack.cognito.send(new GetUserCommand({ AccessToken: await selfServiceToken(email) }));
  expect(user.Username).toBe(sub);
}, 30_000);
