/**
 * Sessions end in the local pool when they end on AWS, driven with the AWS SDK straight at
 * cognito-local: GlobalSignOut and AdminUserGlobalSignOut (kept across a restart), deletion,
 * AdminDisableUser, and refresh-token rotation (GetTokensFromRefreshToken) with its grace period
 * and its one sign-in per family.
 */
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  DeleteUserCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
  AdminConfirmSignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claimsOf, RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, withAdminScope, type RunningStack } from "./local-stack";

const dataDir = mkdtempSync(join(tmpdir(), "local-sessions-"));
let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack(RELAXED_LIMITS, { dataDir });
}, stackTimeout());
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const REVOKED_REFRESH = { name: "NotAuthorizedException", message: "Refresh Token has been revoked" };
const REVOKED_ACCESS = { name: "NotAuthorizedException", message: "Access Token has been revoked" };

async function confirmedUser(): Promise<string> {
  const email = uniqueEmail("session");
  const clientId = stack.hostedUiClientId;
  await stack.cognito.send(new SignUpCommand({ ClientId: clientId, SecretHash: await stack.secretHash(clientId, email), Username: email, Password: STRONG_PASSWORD, UserAttributes: [{ Name: "name", Value: "Session Test" }] }));
  await stack.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }));
  return email;
}

async function signIn(email: string, clientId = stack.hostedUiClientId, password = STRONG_PASSWORD) {
  const answer = await stack.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: stack.userPoolId,
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: await stack.secretHash(clientId, email) },
    }),
  );
  return answer.AuthenticationResult!;
}

/** REFRESH_TOKEN_AUTH on the Hosted UI client (no rotation there), SECRET_HASH over the sub. */
async function refresh(refreshToken: string) {
  const sub = claimsOf(refreshToken)["cognito:username"];
  return stack.cognito.send(
    new InitiateAuthCommand({ ClientId: stack.hostedUiClientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: await stack.secretHash(stack.hostedUiClientId, sub) } }),
  );
}

async function rotate(clientId: string, refreshToken: string) {
  return (await stack.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, ClientSecret: await stack.clientSecret(clientId), RefreshToken: refreshToken, ClientMetadata: { purpose: "test" } })))
    .AuthenticationResult!;
}

/** GetUser with the sign-in's access token, given the admin scope our trigger suppresses: only revocation can refuse it. */
const getUser = (AccessToken: string) => stack.cognito.send(new GetUserCommand({ AccessToken: withAdminScope(AccessToken) }));

/** Every session given is over: refresh and access tokens refused with AWS's texts. */
async function expectEnded(sessions: Array<{ RefreshToken?: string; AccessToken?: string }>) {
  for (const session of sessions) {
    await expect(refresh(session.RefreshToken!)).rejects.toMatchObject(REVOKED_REFRESH);
    await expect(getUser(session.AccessToken!)).rejects.toMatchObject(REVOKED_ACCESS);
  }
}

test("GlobalSignOut with one session's access token ends every session of that person, and only theirs", async () => {
  const email = await confirmedUser();
  const [a, b] = [await signIn(email), await signIn(email)];
  const bystander = await signIn(await confirmedUser());
  const refreshed = (await refresh(b.RefreshToken!)).AuthenticationResult!; // an access token minted from B before the sign-out
  // Our trigger suppresses aws.cognito.signin.user.admin: the person's own token cannot do it at the pool...
  await expect(stack.cognito.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }))).rejects.toMatchObject({ message: "Access Token does not have required scopes" });
  // ...a token of that sign-in with the scope (a pool whose trigger leaves it in) can.
  await stack.cognito.send(new GlobalSignOutCommand({ AccessToken: withAdminScope(a.AccessToken!) }));
  await expectEnded([a, b, { RefreshToken: b.RefreshToken, AccessToken: refreshed.AccessToken }]);
  expect((await refresh(bystander.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
  const again = await signIn(email); // signing in afterwards works
  expect((await getUser(again.AccessToken!)).Username).toBe(claimsOf(again.AccessToken).sub);
  expect((await refresh(again.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy();
}, 60_000);

test("AdminUserGlobalSignOut ends every session, the API client's rotated ones too; unknown users are UserNotFoundException", async () => {
  const email = await confirmedUser();
  const hosted = await signIn(email);
  const api = await signIn(email, stack.apiClientId);
  const rotated = await rotate(stack.apiClientId, api.RefreshToken!);
  await stack.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: stack.userPoolId, Username: email }));
  await expectEnded([hosted]);
  for (const token of [api.RefreshToken!, rotated.RefreshToken!]) await expect(rotate(stack.apiClientId, token)).rejects.toMatchObject(REVOKED_REFRESH);
  for (const token of [api.AccessToken!, rotated.AccessToken!]) await expect(getUser(token)).rejects.toMatchObject(REVOKED_ACCESS);
  await expect(stack.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: stack.userPoolId, Username: uniqueEmail("nobody") }))).rejects.toMatchObject({ name: "UserNotFoundException" });
}, 60_000);

test("after AdminDeleteUser or DeleteUser none of the person's tokens work", async () => {
  for (const how of ["AdminDeleteUser", "DeleteUser"]) {
    const email = await confirmedUser();
    const [a, b] = [await signIn(email), await signIn(email, stack.apiClientId)];
    if (how === "AdminDeleteUser") await stack.cognito.send(new AdminDeleteUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
    else await stack.cognito.send(new DeleteUserCommand({ AccessToken: withAdminScope(a.AccessToken!) }));
    await expect(refresh(a.RefreshToken!)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(rotate(stack.apiClientId, b.RefreshToken!)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    for (const token of [a.AccessToken!, b.AccessToken!]) await expect(getUser(token)).rejects.toMatchObject(REVOKED_ACCESS);
  }
}, 60_000);

test("AdminDisableUser: sessions end, sign-in answers User is disabled. (a wrong password still Incorrect...), enabling again lets new sign-ins in only", async () => {
  const email = await confirmedUser();
  const before = await signIn(email);
  await stack.cognito.send(new AdminDisableUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
  await expectEnded([before]);
  await expect(signIn(email)).rejects.toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });
  await expect(signIn(email, stack.hostedUiClientId, "Wrong-Password-99!")).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
  await stack.cognito.send(new AdminEnableUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
  await expectEnded([before]);
  const after = await signIn(email);
  expect((await getUser(after.AccessToken!)).Username).toBe(claimsOf(after.AccessToken).sub);
}, 60_000);

describe("refresh-token rotation", () => {
  test("the API client rotates: REFRESH_TOKEN_AUTH is refused there, GetTokensFromRefreshToken answers three new tokens of the same sign-in", async () => {
    const described = await stack.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientId: stack.apiClientId }));
    expect(described.UserPoolClient?.RefreshTokenRotation).toEqual({ Feature: "ENABLED", RetryGracePeriodSeconds: 10 });
    expect(described.UserPoolClient?.ExplicitAuthFlows).not.toContain("ALLOW_REFRESH_TOKEN_AUTH");
    const email = await confirmedUser();
    const first = await signIn(email, stack.apiClientId);
    const sub = claimsOf(first.AccessToken).sub;
    for (const send of [
      async () => stack.cognito.send(new InitiateAuthCommand({ ClientId: stack.apiClientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: first.RefreshToken!, SECRET_HASH: await stack.secretHash(stack.apiClientId, sub) } })),
      async () =>
        stack.cognito.send(
          new AdminInitiateAuthCommand({ UserPoolId: stack.userPoolId, ClientId: stack.apiClientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: first.RefreshToken!, SECRET_HASH: await stack.secretHash(stack.apiClientId, sub) } }),
        ),
    ]) {
      await expect(send()).rejects.toMatchObject({ name: "InvalidParameterException", message: "Auth flow not enabled for this client" });
    }
    const second = await rotate(stack.apiClientId, first.RefreshToken!);
    expect(second.RefreshToken).toBeTruthy();
    expect(second.RefreshToken).not.toBe(first.RefreshToken);
    expect(second.TokenType).toBe("Bearer");
    expect(second.ExpiresIn).toBe(3600);
    expect(claimsOf(second.IdToken).email).toBe(email);
    expect(claimsOf(second.AccessToken).origin_jti).toBe(claimsOf(first.AccessToken).origin_jti);
    expect(claimsOf(second.RefreshToken).origin_jti).toBe(claimsOf(first.RefreshToken).origin_jti);
    // Within the grace period the old token still works (a retry after a lost answer).
    expect((await rotate(stack.apiClientId, first.RefreshToken!)).RefreshToken).toBeTruthy();
    expect((await getUser(second.AccessToken!)).Username).toBe(sub);
  }, 60_000);

  test("on a client with a 1 s grace period the old token is refused after it; RevokeToken of the newest ends the whole family", async () => {
    const created = await stack.cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientName: `rotating-${Date.now()}`, GenerateSecret: true, ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"], RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 1 } }),
    );
    const clientId = created.UserPoolClient!.ClientId!;
    expect(created.UserPoolClient?.RefreshTokenRotation).toEqual({ Feature: "ENABLED", RetryGracePeriodSeconds: 1 });
    const email = await confirmedUser();
    const first = await signIn(email, clientId);
    const second = await rotate(clientId, first.RefreshToken!);
    await new Promise((r) => setTimeout(r, 1_300));
    await expect(rotate(clientId, first.RefreshToken!)).rejects.toMatchObject({ name: "RefreshTokenReuseException" });
    const third = await rotate(clientId, second.RefreshToken!);
    await stack.cognito.send(new RevokeTokenCommand({ ClientId: clientId, ClientSecret: await stack.clientSecret(clientId), Token: third.RefreshToken! }));
    for (const token of [second.RefreshToken!, third.RefreshToken!]) await expect(rotate(clientId, token)).rejects.toMatchObject(REVOKED_REFRESH);
    for (const token of [first.AccessToken!, second.AccessToken!, third.AccessToken!]) await expect(getUser(token)).rejects.toMatchObject(REVOKED_ACCESS);
  }, 60_000);

  test("a client without rotation answers new ID and access tokens only", async () => {
    const session = await signIn(await confirmedUser());
    const answer = await rotate(stack.hostedUiClientId, session.RefreshToken!);
    expect(answer.AccessToken).toBeTruthy();
    expect(answer.RefreshToken).toBeUndefined();
  }, 60_000);
});

test("a global sign-out, a revocation and rotation's deadlines survive a restart", async () => {
  const email = await confirmedUser();
  const signedOut = await signIn(email);
  await stack.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: stack.userPoolId, Username: email }));
  const other = await signIn(await confirmedUser(), stack.apiClientId);
  const rotated = await rotate(stack.apiClientId, other.RefreshToken!);
  const hosted = await signIn(email);
  await stack.stop();
  stack = await startStack(RELAXED_LIMITS, { dataDir });
  await expectEnded([signedOut]);
  expect((await stack.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientId: stack.apiClientId }))).UserPoolClient?.RefreshTokenRotation?.Feature).toBe("ENABLED");
  expect((await rotate(stack.apiClientId, rotated.RefreshToken!)).RefreshToken).toBeTruthy();
  expect((await refresh(hosted.RefreshToken!)).AuthenticationResult?.AccessToken).toBeTruthy(); // a later sign-in is untouched
}, stackTimeout(1));
