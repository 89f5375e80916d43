/**
 * The local pool refuses what AWS refuses at its doors, driven with the AWS SDK straight at
 * cognito-local (as someone going around the API would): SECRET_HASH on both app clients and on
 * every operation that takes it, access tokens the pool did not sign or that lack the
 * aws.cognito.signin.user.admin scope, ConfirmSignUp of a confirmed user. Also what the pool is
 * told as ContextData, and the V2 pre token generation event reaching our trigger.
 */
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expectedSecretHash } from "../../local/adapters/secret-hash";
import {
  claimsOf,
  cognitoSecretHash,
  OTHER_STRONG_PASSWORD,
  RELAXED_LIMITS,
  signedLikeThePool,
  stackTimeout,
  startStack,
  STRONG_PASSWORD,
  uniqueEmail,
  withAdminScope,
  type RunningStack,
} from "./local-stack";

// A known answer computed outside this code base:
//   printf '%s' 'amina@example.org4s1lbr2nlvt8bh5m1ro1k2jq3s' \
//     | openssl dgst -sha256 -hmac '1example23456789abcdefghijklmnopqrstuvwxyz0123456789' -binary | base64
// (python3: base64.b64encode(hmac.new(secret, username + client_id, hashlib.sha256).digest()) gives the same)
const KNOWN = {
  username: "amina@example.org",
  clientId: "4s1lbr2nlvt8bh5m1ro1k2jq3s",
  secret: "1example23456789abcdefghijklmnopqrstuvwxyz0123456789",
  hash: "AIskhEyw9YFbjdMDNwGxLP2qwsAZCWpMjEhexLwElpY=",
};

test("SECRET_HASH: the tests' computation and the local pool's both give the known answer", () => {
  expect(cognitoSecretHash(KNOWN.username, KNOWN.clientId, KNOWN.secret)).toBe(KNOWN.hash);
  expect(expectedSecretHash(KNOWN.username, KNOWN.clientId, KNOWN.secret)).toBe(KNOWN.hash);
  expect(expectedSecretHash(KNOWN.username, KNOWN.clientId, `${KNOWN.secret}x`)).not.toBe(KNOWN.hash);
});

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS);
}, stackTimeout());
afterAll(() => stack?.stop());

const missing = (clientId: string) => ({ name: "NotAuthorizedException", message: `Client ${clientId} is configured with secret but SECRET_HASH was not received` });
const unverified = (clientId: string) => ({ name: "NotAuthorizedException", message: `Unable to verify secret hash for client ${clientId}` });
const WRONG_SECRET = "not-the-client-secret";

/** A confirmed user, signed up through `clientId` with the right SECRET_HASH. */
async function confirmedUser(clientId = stack.apiClientId): Promise<string> {
  const email = uniqueEmail("door");
  await stack.cognito.send(
    new SignUpCommand({ ClientId: clientId, SecretHash: await stack.secretHash(clientId, email), Username: email, Password: STRONG_PASSWORD, UserAttributes: [{ Name: "name", Value: "Door Test" }] }),
  );
  await stack.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }));
  return email;
}

async function signIn(email: string, clientId = stack.apiClientId) {
  const answer = await stack.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: stack.userPoolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: await stack.secretHash(clientId, email) },
    }),
  );
  return answer.AuthenticationResult!;
}

describe("SECRET_HASH", () => {
  test.each(["api", "hosted-ui"])("SignUp through the %s client without or with a wrong SECRET_HASH creates nobody", async (which) => {
    const clientId = which === "api" ? stack.apiClientId : stack.hostedUiClientId;
    const email = uniqueEmail(`around-${which}`);
    const signUp = (SecretHash?: string) =>
      stack.cognito.send(new SignUpCommand({ ClientId: clientId, SecretHash, Username: email, Password: "Password123!", UserAttributes: [{ Name: "name", Value: "Stranger" }] }));
    await expect(signUp()).rejects.toMatchObject(missing(clientId));
    await expect(signUp("")).rejects.toMatchObject(missing(clientId));
    await expect(signUp(cognitoSecretHash(email, clientId, WRONG_SECRET))).rejects.toMatchObject(unverified(clientId));
    await expect(signUp(await stack.secretHash(clientId, uniqueEmail("someone-else")))).rejects.toMatchObject(unverified(clientId)); // a hash for another username
    await expect(signUp(await stack.secretHash(stack.apiClientId === clientId ? stack.hostedUiClientId : stack.apiClientId, email))).rejects.toMatchObject(unverified(clientId)); // the other client's
    await expect(stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }))).rejects.toMatchObject({ name: "UserNotFoundException" });
  }, 60_000);

  test("every operation that takes SECRET_HASH refuses it missing or wrong, before it does anything", async () => {
    const email = await confirmedUser();
    const api = stack.apiClientId;
    const { RefreshToken } = await signIn(email, stack.hostedUiClientId);
    const sub = claimsOf(RefreshToken)["cognito:username"] as string;
    const wrong = (username: string) => cognitoSecretHash(username, api, WRONG_SECRET);
    const calls: Array<[string, (hash?: string) => Promise<unknown>]> = [
      ["ConfirmSignUp", (h) => stack.cognito.send(new ConfirmSignUpCommand({ ClientId: api, SecretHash: h, Username: email, ConfirmationCode: "123456" }))],
      ["ResendConfirmationCode", (h) => stack.cognito.send(new ResendConfirmationCodeCommand({ ClientId: api, SecretHash: h, Username: email }))],
      ["ForgotPassword", (h) => stack.cognito.send(new ForgotPasswordCommand({ ClientId: api, SecretHash: h, Username: email }))],
      ["ConfirmForgotPassword", (h) => stack.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: api, SecretHash: h, Username: email, ConfirmationCode: "123456", Password: OTHER_STRONG_PASSWORD }))],
      ["InitiateAuth", (h) => stack.cognito.send(new InitiateAuthCommand({ ClientId: api, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, ...(h !== undefined ? { SECRET_HASH: h } : {}) } }))],
      [
        "AdminInitiateAuth",
        (h) =>
          stack.cognito.send(
            new AdminInitiateAuthCommand({ UserPoolId: stack.userPoolId, ClientId: api, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, ...(h !== undefined ? { SECRET_HASH: h } : {}) } }),
          ),
      ],
      [
        "RespondToAuthChallenge",
        (h) => stack.cognito.send(new RespondToAuthChallengeCommand({ ClientId: api, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s", ChallengeResponses: { USERNAME: email, NEW_PASSWORD: OTHER_STRONG_PASSWORD, ...(h !== undefined ? { SECRET_HASH: h } : {}) } })),
      ],
      [
        "AdminRespondToAuthChallenge",
        (h) =>
          stack.cognito.send(
            new AdminRespondToAuthChallengeCommand({
              UserPoolId: stack.userPoolId,
              ClientId: api,
              ChallengeName: "NEW_PASSWORD_REQUIRED",
              Session: "s",
              ChallengeResponses: { USERNAME: email, NEW_PASSWORD: OTHER_STRONG_PASSWORD, ...(h !== undefined ? { SECRET_HASH: h } : {}) },
            }),
          ),
      ],
    ];
    for (const [, call] of calls) {
      await expect(call()).rejects.toMatchObject(missing(api));
      await expect(call(wrong(email))).rejects.toMatchObject(unverified(api));
    }
    // A refresh's SECRET_HASH is over the Cognito username (the sub), not the email (hosted-ui: no rotation there).
    const hosted = stack.hostedUiClientId;
    const refresh = (h?: string) =>
      stack.cognito.send(new InitiateAuthCommand({ ClientId: hosted, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: RefreshToken!, ...(h !== undefined ? { SECRET_HASH: h } : {}) } }));
    await expect(refresh()).rejects.toMatchObject(missing(hosted));
    await expect(refresh(await stack.secretHash(hosted, email))).rejects.toMatchObject(unverified(hosted));
    expect((await refresh(await stack.secretHash(hosted, sub))).AuthenticationResult?.AccessToken).toBeTruthy();
    // The operations that take the secret itself.
    for (const ClientSecret of [undefined, WRONG_SECRET]) {
      await expect(stack.cognito.send(new RevokeTokenCommand({ ClientId: hosted, ClientSecret, Token: RefreshToken! }))).rejects.toMatchObject(unverified(hosted));
      await expect(stack.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: hosted, ClientSecret, RefreshToken: RefreshToken! }))).rejects.toMatchObject(unverified(hosted));
    }
    expect((await stack.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: hosted, ClientSecret: await stack.clientSecret(hosted), RefreshToken: RefreshToken! }))).AuthenticationResult?.AccessToken).toBeTruthy();
    // Nothing above changed the user: the password is still the first one.
    expect((await signIn(email)).AccessToken).toBeTruthy();
  }, 90_000);

  test("with the right SECRET_HASH, sign-up, confirmation and sign-in work through either client", async () => {
    for (const clientId of [stack.apiClientId, stack.hostedUiClientId]) {
      const email = await confirmedUser(clientId);
      expect((await signIn(email, clientId)).IdToken).toBeTruthy();
    }
  }, 60_000);
});

describe("access tokens", () => {
  const everyTokenOperation = (AccessToken: string) => [
    () => stack.cognito.send(new GetUserCommand({ AccessToken })),
    () => stack.cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "name", Value: "<script>" }] })),
    () => stack.cognito.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ["name"] })),
    () => stack.cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: STRONG_PASSWORD, ProposedPassword: "Password123!" })),
    () => stack.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: "123456" })),
    () => stack.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" })),
    () => stack.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: false } })),
    () => stack.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken })),
    () => stack.cognito.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: "123456" })),
    () => stack.cognito.send(new GlobalSignOutCommand({ AccessToken })),
    () => stack.cognito.send(new DeleteUserCommand({ AccessToken })),
  ];

  test("a token without aws.cognito.signin.user.admin is refused by every operation it would authorize", async () => {
    const email = await confirmedUser();
    const { AccessToken } = await signIn(email);
    // As a V2 pre token generation trigger's scopesToSuppress makes it: a real signature, no admin scope.
    const suppressed = signedLikeThePool(AccessToken!, (c) => ({ ...c, scope: "openid email" }));
    const noScope = signedLikeThePool(AccessToken!, ({ scope: _scope, ...c }) => c);
    for (const token of [suppressed, noScope]) {
      for (const call of everyTokenOperation(token)) await expect(call()).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Access Token does not have required scopes" });
    }
    // The person, their name and password are as they were.
    const user = await stack.cognito.send(new GetUserCommand({ AccessToken: withAdminScope(AccessToken!) }));
    expect(user.UserAttributes?.find((a) => a.Name === "name")?.Value).toBe("Door Test");
    expect((await signIn(email)).AccessToken).toBeTruthy();
  }, 60_000);

  test("a token the pool did not sign, or one past its expiry, is refused", async () => {
    const email = await confirmedUser();
    const { AccessToken } = await signIn(email);
    const [header, , signature] = AccessToken!.split(".");
    const other = claimsOf(AccessToken);
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...other, sub: "someone-else" })).toString("base64url")}.${signature}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${AccessToken!.split(".")[1]}.`;
    for (const token of [tampered, unsigned, "not-a-token"]) {
      for (const call of everyTokenOperation(token)) await expect(call()).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Invalid Access Token" });
    }
    const expired = signedLikeThePool(AccessToken!, (c) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 1 }));
    await expect(stack.cognito.send(new GetUserCommand({ AccessToken: expired }))).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Access Token has expired" });
    expect((await stack.cognito.send(new GetUserCommand({ AccessToken: withAdminScope(AccessToken!) }))).Username).toBe(other.sub);
  }, 60_000);

  test("pre token generation runs as V2: our trigger's claims reach the access token, and the admin scope is gone", async () => {
    const { AccessToken, IdToken } = await signIn(await confirmedUser());
    const id = claimsOf(IdToken);
    const access = claimsOf(AccessToken);
    expect(typeof id.role).toBe("string");
    expect(access.role).toBe(id.role); // a V1 event could change only the ID token
    expect(access.is_admin).toBe(id.is_admin);
    expect(typeof access.origin_jti).toBe("string");
    // Our trigger suppresses the admin scope, so the person's own token opens nothing at the pool.
    expect(String(access.scope ?? "").split(" ")).not.toContain("aws.cognito.signin.user.admin");
    await expect(stack.cognito.send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Access Token does not have required scopes" });
  }, 60_000);
});

test("ConfirmSignUp of a confirmed user answers as AWS does, whatever the code", async () => {
  const email = await confirmedUser();
  for (const code of ["000000", "123456"]) {
    await expect(stack.cognito.send(new ConfirmSignUpCommand({ ClientId: stack.apiClientId, SecretHash: await stack.secretHash(stack.apiClientId, email), Username: email, ConfirmationCode: code }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "User cannot be confirmed. Current status is CONFIRMED",
    });
  }
}, 60_000);

test("the context data the pool receives is shown at /_local/cognito-context, header names only", async () => {
  const email = await confirmedUser();
  await stack.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: stack.userPoolId,
      ClientId: stack.apiClientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: await stack.secretHash(stack.apiClientId, email) },
      ContextData: {
        IpAddress: "203.0.113.7",
        ServerName: "auth.example.org",
        ServerPath: "/api/auth/login",
        HttpHeaders: [
          { headerName: "user-agent", headerValue: "value-that-must-not-show-1" },
          { headerName: "accept-language", headerValue: "value-that-must-not-show-2" },
        ],
      },
    }),
  );
  const stranger = uniqueEmail("context");
  await stack.cognito
    .send(new SignUpCommand({ ClientId: stack.hostedUiClientId, Username: stranger, Password: STRONG_PASSWORD, UserContextData: { IpAddress: "198.51.100.9", EncodedData: "value-that-must-not-show-3" } }))
    .catch(() => undefined); // refused for its missing SECRET_HASH, and still seen
  const answer = await stack.get("/_local/cognito-context");
  expect(answer.status).toBe(200);
  expect(answer.headers.get("cache-control")).toBe("no-store");
  expect(JSON.stringify(answer.body)).not.toContain("value-that-must-not-show");
  expect(answer.body).toEqual(
    expect.arrayContaining([
      { operation: "AdminInitiateAuth", ipAddress: "203.0.113.7", serverName: "auth.example.org", serverPath: "/api/auth/login", headerNames: ["user-agent", "accept-language"], at: expect.any(String) },
      { operation: "SignUp", ipAddress: "198.51.100.9", serverName: null, serverPath: null, headerNames: [], at: expect.any(String) },
    ]),
  );
  expect(answer.body.length).toBeLessThanOrEqual(200);
}, 60_000);
