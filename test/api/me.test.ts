/**
 * GET and DELETE /api/auth/me with real token verification: tokens are RS256-signed here
 * and aws-jwt-verify checks them against a JWKS served on loopback, the way the API reads
 * a local emulator's keys (COGNITO_ENDPOINT). Only Cognito is mocked: the API reads and deletes
 * the token's user with the IAM-signed AdminGetUser/AdminDeleteUser, never with the person's
 * own token (its self-service scope is suppressed), and checks a password with AdminInitiateAuth.
 */
import { createServer, type Server } from "node:http";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  DeleteUserCommand,
  GetUserCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../../api/secret-hash";
import { closedPortUrl } from "../support/closed-port";
import { buildTestApp, CLIENT_ID, CLIENT_IP, CLIENT_SECRET, json, OTHER_STRONG_PASSWORD, POOL_ID, serviceError, STRONG_PASSWORD, waitFrom, type TestApp } from "./support";

const SUB = "b7d8f6e4-3a2c-4b9d-8e1f-5c6a7d8e9f0a";
const KID = "test-key-1";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });

let server: Server;
let endpoint: string;
let jwksRequests = 0;

beforeAll(async () => {
  const jwk = { ...keys.publicKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" };
  server = createServer((req, res) => {
    if (req.url === `/${POOL_ID}/.well-known/jwks.json`) {
      jwksRequests++;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function signedToken(claims: Record<string, unknown>, privateKey: KeyObject = keys.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const payload = { sub: SUB, iss: `${endpoint}/${POOL_ID}`, client_id: CLIENT_ID, token_use: "access", scope: "aws.cognito.signin.user.admin", iat: now, exp: now + 3600, username: SUB, ...claims };
  const data = `${part({ alg: "RS256", kid: KID })}.${part(payload)}`;
  return `${data}.${sign("RSA-SHA256", Buffer.from(data), privateKey).toString("base64url")}`;
}

/** What threat protection is told about a call to /api/auth/me: the caller's address, never a forged header. */
const ME_CONTEXT = { IpAddress: CLIENT_IP, ServerName: "localhost", ServerPath: "/api/auth/me", HttpHeaders: [] };

const ATTRIBUTES = [
  { Name: "sub", Value: SUB },
  { Name: "email", Value: "john.doe@example.org" },
  { Name: "email_verified", Value: "true" },
  { Name: "name", Value: "John Doe" },
  { Name: "custom:organization", Value: "IGAD ICPAC" },
  { Name: "custom:country", Value: "Kenya" },
];

let t: TestApp;
beforeEach(() => {
  t = buildTestApp({ COGNITO_ENDPOINT: endpoint });
});
/** AdminGetUser's answer for the token's user (the pool names each user by its sub). */
const poolUser = (attributes = ATTRIBUTES, more: Record<string, unknown> = {}) => ({ Username: SUB, UserAttributes: attributes, UserStatus: "CONFIRMED" as const, Enabled: true, ...more });

const me = (token: string | undefined, method = "GET", body?: unknown) =>
  t.app.request("/api/auth/me", {
    method,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("GET /me", () => {
  test("a valid access token: the profile from AdminGetUser of the token's user (never the token itself), with role and is_admin", async () => {
    // Prepare
    const token = signedToken({});
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    const fetchedBefore = jwksRequests;
    // Act
    const response = await me(token);
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      user_id: SUB,
      email: "john.doe@example.org",
      email_verified: true,
      name: "John Doe",
      organization: "IGAD ICPAC",
      country: "Kenya",
      role: "user",
      is_admin: false,
      mfa: false,
    });
    expect(t.cognito.commandCalls(AdminGetUserCommand).map((c) => c.args[0].input)).toEqual([{ UserPoolId: POOL_ID, Username: SUB }]);
    expect(t.cognito.commandCalls(GetUserCommand)).toHaveLength(0);
    // This app fetched the pool's keys once, for this request (a total over the file passed
    // whenever an earlier test had fetched them; issue 18).
    expect(jwksRequests - fetchedBefore).toBe(1);
  });

  test("the Bearer scheme is case-insensitive", async () => {
    // Prepare
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    // Act
    const response = await t.app.request("/api/auth/me", { headers: { authorization: `bearer ${signedToken({})}` } });
    // Assess
    expect(response.status).toBe(200);
  });

  test("the admin group makes an admin, but never for an unverified email", async () => {
    // Prepare
    const token = signedToken({ "cognito:groups": ["admin"] });
    t.cognito.on(AdminGetUserCommand).resolvesOnce(poolUser()).resolvesOnce(poolUser(ATTRIBUTES.map((a) => (a.Name === "email_verified" ? { ...a, Value: "false" } : a))));
    // Act
    const verified = await json(await me(token));
    const unverified = await json(await me(token));
    // Assess
    expect(verified).toMatchObject({ role: "admin", is_admin: true });
    expect(unverified).toMatchObject({ role: "user", is_admin: false, email_verified: false });
  });

  test.each([
    ["an ID token", { token_use: "id" }],
    ["a token for another client", { client_id: "someotherclient" }],
    ["an expired token", { iat: 1_600_000_000, exp: 1_600_003_600 }],
    ["another issuer", { iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}` }],
  ])("%s → 401 and no call to the pool", async (_label, claims) => {
    // Act
    const response = await me(signedToken(claims));
    // Assess
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ detail: "Invalid or expired token" });
    expect(t.cognito.calls()).toHaveLength(0);
  });

  test("a token signed with another key under the same kid → 401", async () => {
    // Act
    const response = await me(signedToken({}, otherKeys.privateKey));
    // Assess
    expect(response.status).toBe(401);
    expect(t.cognito.calls()).toHaveLength(0);
  });

  test.each([[undefined], ["not-a-jwt"], ["a.b"]])("Authorization %j → 401 naming the expected header", async (token) => {
    // Act
    const response = await me(token);
    // Assess
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ detail: "Missing or malformed Authorization header: use Bearer <access_token>" });
  });

  test.each([
    ["deleted (UserNotFoundException)", () => t.cognito.on(AdminGetUserCommand).rejects(serviceError("UserNotFoundException", "User does not exist."))],
    ["disabled", () => t.cognito.on(AdminGetUserCommand).resolves(poolUser(ATTRIBUTES, { Enabled: false }))],
    ["made again under the same username (another sub)", () => t.cognito.on(AdminGetUserCommand).resolves(poolUser(ATTRIBUTES.map((a) => (a.Name === "sub" ? { ...a, Value: "0f0e0d0c-0b0a-4909-8807-060504030201" } : a))))],
  ])("a well-signed token whose user AdminGetUser finds %s → 401", async (_label, prepare) => {
    // Prepare
    prepare();
    // Act
    const response = await me(signedToken({}));
    // Assess
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ detail: "Invalid or expired token" });
    expect(t.cognito.commandCalls(AdminGetUserCommand)).toHaveLength(1);
  });

  test("a token issued before a sign-out everywhere (a password change through the API) → 401, though its signature is good and the user exists; a token issued after it works", async () => {
    // Prepare
    const before = signedToken({});
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    t.cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: "a.b.c", IdToken: "a.b.c", RefreshToken: "check-refresh" } });
    t.cognito.on(RevokeTokenCommand).resolves({});
    t.cognito.on(AdminSetUserPasswordCommand).resolves({});
    t.cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    const usable = await me(before);
    const change = await t.app.request("/api/auth/change-password", {
      method: "POST",
      headers: { authorization: `Bearer ${before}`, "content-type": "application/json" },
      body: JSON.stringify({ current_password: STRONG_PASSWORD, new_password: OTHER_STRONG_PASSWORD }),
    });
    // Act
    const reused = await me(before);
    const after = await me(signedToken({ iat: Math.floor(Date.now() / 1000) + 1 }));
    // Assess
    expect(usable.status).toBe(200);
    expect(change.status).toBe(200);
    expect(t.cognito.commandCalls(AdminUserGlobalSignOutCommand).map((c) => c.args[0].input)).toEqual([{ UserPoolId: POOL_ID, Username: SUB }]);
    expect(reused.status).toBe(401);
    expect(await json(reused)).toEqual({ detail: "Invalid or expired token" });
    expect(after.status).toBe(200);
  });
});

describe("DELETE /me: re-authentication before deleting", () => {
  // The token's user (and their email, for the login counter) comes from AdminGetUser.
  beforeEach(() => t.cognito.on(AdminGetUserCommand).resolves(poolUser()));

  test("the password is checked for the token's own user (its sign-in revoked at once), then AdminDeleteUser; the token is refused from then on", async () => {
    // Prepare
    const token = signedToken({});
    t.cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: "a.b.c", IdToken: "a.b.c", RefreshToken: "check-refresh" } });
    t.cognito.on(RevokeTokenCommand).resolves({});
    t.cognito.on(AdminDeleteUserCommand).resolves({});
    // Act
    const response = await me(token, "DELETE", { password: STRONG_PASSWORD });
    const afterwards = await me(token);
    // Assess
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ success: true, message: "Account deleted." });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand).map((c) => c.args[0].input)).toEqual([
      {
        UserPoolId: POOL_ID,
        ClientId: CLIENT_ID,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: SUB, PASSWORD: STRONG_PASSWORD, SECRET_HASH: secretHash(SUB, CLIENT_ID, CLIENT_SECRET) },
        ContextData: ME_CONTEXT,
      },
    ]);
    // The check's own sign-in leaves nothing behind.
    expect(t.cognito.commandCalls(RevokeTokenCommand).map((c) => c.args[0].input)).toEqual([{ Token: "check-refresh", ClientId: CLIENT_ID, ClientSecret: CLIENT_SECRET }]);
    expect(t.cognito.commandCalls(AdminDeleteUserCommand).map((c) => c.args[0].input)).toEqual([{ UserPoolId: POOL_ID, Username: SUB }]);
    expect(t.cognito.commandCalls(DeleteUserCommand)).toHaveLength(0);
    // AdminGetUser still answers here (the mock): it is the API's own record of the deletion that refuses the token.
    expect(afterwards.status).toBe(401);
    expect(await json(afterwards)).toEqual({ detail: "Invalid or expired token" });
  });

  test("an access token alone (no body, or no password) deletes nothing", async () => {
    // Prepare
    t.cognito.on(AdminDeleteUserCommand).resolves({});
    // Act
    const noBody = await me(signedToken({}), "DELETE");
    const noPassword = await me(signedToken({}), "DELETE", {});
    // Assess
    expect(noBody.status).toBe(415);
    expect(noPassword.status).toBe(400);
    expect(await json(noPassword)).toEqual({ detail: "password is required" });
    expect(t.cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)).toHaveLength(0);
  });

  test("a wrong password: 400 'Current password is incorrect', nothing deleted", async () => {
    // Prepare
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException", "Incorrect username or password."));
    t.cognito.on(AdminDeleteUserCommand).resolves({});
    // Act
    const response = await me(signedToken({}), "DELETE", { password: "Wrong-Password-99" });
    const stillSignedIn = await me(signedToken({}));
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "Current password is incorrect" });
    expect(t.cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
    expect(stillSignedIn.status).toBe(200);
  });

  test("password guesses through DELETE count against the login limit: POST /login from that address for that email is refused after them", async () => {
    // Prepare
    t = buildTestApp({ COGNITO_ENDPOINT: endpoint, RATE_LIMIT_LOGIN_PER_15MIN: "2" });
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException"));
    // Act
    const statuses = [];
    for (let i = 0; i < 2; i++) statuses.push((await me(signedToken({}), "DELETE", { password: `Guess-${i}-Password` })).status);
    const login = await t.post("/api/auth/login", { username: "john.doe@example.org", password: "Guess-2-Password" });
    // Assess
    expect(statuses).toEqual([400, 400]);
    expect(login.status).toBe(429);
    expect(await json(login)).toEqual({ detail: `Too many sign-in attempts. Please ${waitFrom(login)}` });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)).toHaveLength(2);
  });

  test("a stolen access token cannot guess the password through DELETE from many IPs: the per-user limit holds across addresses", async () => {
    // Prepare
    t = buildTestApp({ COGNITO_ENDPOINT: endpoint, RATE_LIMIT_LOGIN_PER_15MIN: "2" });
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException"));
    // Act: every guess from another address
    const answers = [];
    for (let i = 0; i < 3; i++) {
      t.ip.value = `198.51.100.${i + 1}`;
      answers.push(await me(signedToken({}), "DELETE", { password: `Guess-${i}-Password` }));
    }
    // Assess
    expect(answers.map((a) => a.status)).toEqual([400, 400, 429]);
    expect(await json(answers[2]!)).toEqual({ detail: `Too many sign-in attempts. Please ${waitFrom(answers[2]!)}` });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)).toHaveLength(2);
  });

  test("DELETE /me, change-password and POST /login share one counter per person: guesses through one count in the others", async () => {
    // Prepare
    t = buildTestApp({ COGNITO_ENDPOINT: endpoint, RATE_LIMIT_LOGIN_PER_15MIN: "2" });
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    t.cognito.on(AdminInitiateAuthCommand).rejects(serviceError("NotAuthorizedException"));
    // Act: one wrong login (the email in another spelling), one wrong DELETE, then each route again
    const login = (await t.post("/api/auth/login", { username: "JOHN.DOE@EXAMPLE.ORG", password: "Guess-0-Password" })).status;
    const remove = (await me(signedToken({}), "DELETE", { password: "Guess-1-Password" })).status;
    const loginAgain = await t.post("/api/auth/login", { username: "john.doe@example.org", password: "Guess-2-Password" });
    const change = await t.app.request("/api/auth/change-password", {
      method: "POST",
      headers: { authorization: `Bearer ${signedToken({})}`, "content-type": "application/json" },
      body: JSON.stringify({ current_password: "Guess-3-Password", new_password: OTHER_STRONG_PASSWORD }),
    });
    // Assess
    expect([login, remove, loginAgain.status, change.status]).toEqual([401, 400, 429, 429]);
    expect(await json(loginAgain)).toEqual({ detail: `Too many sign-in attempts. Please ${waitFrom(loginAgain)}` });
    // change-password words its own 429 whichever counter it hits (docs/api.md), with the wait.
    expect(await json(change)).toEqual({ detail: `Too many password change attempts. Please ${waitFrom(change)}` });
    expect(t.cognito.commandCalls(AdminInitiateAuthCommand)).toHaveLength(2);
  });

  test("an invalid token deletes nothing", async () => {
    // Act
    const response = await me(signedToken({ token_use: "id" }), "DELETE", { password: STRONG_PASSWORD });
    // Assess
    expect(response.status).toBe(401);
    expect(t.cognito.calls()).toHaveLength(0);
  });
});

describe("tokens from the future and unreachable keys", () => {
  test("a token whose iat lies more than 60 s ahead is refused; within the skew it is accepted", async () => {
    // Prepare
    t.cognito.on(AdminGetUserCommand).resolves(poolUser());
    const now = Math.floor(Date.now() / 1000);
    // Act
    const future = await me(signedToken({ iat: now + 600, exp: now + 4200 }));
    const skewed = await me(signedToken({ iat: now + 30, exp: now + 3630 }));
    // Assess
    expect(future.status).toBe(401);
    expect(await json(future)).toEqual({ detail: "Invalid or expired token" });
    expect(skewed.status).toBe(200);
  });

  test("a token without iat is refused", async () => {
    // Act
    const response = await me(signedToken({ iat: undefined }));
    // Assess
    expect(response.status).toBe(401);
  });

  test("when the pool's signing keys cannot be fetched, the answer is 503 with Retry-After, not 'invalid token'", async () => {
    // Prepare: a port where nothing listens, never one the kernel may hand another test meanwhile
    const dead = await closedPortUrl();
    t = buildTestApp({ COGNITO_ENDPOINT: dead });
    // Act
    const response = await me(signedToken({ iss: `${dead}/${POOL_ID}` }));
    // Assess
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(await json(response)).toEqual({ detail: "The service is temporarily unavailable. Please try again shortly." });
  });
});
