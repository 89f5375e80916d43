/**
 * Administration on the local pool, driven with the AWS SDK straight at cognito-local as the API's
 * admin endpoints will drive it: ListUsers filters and pages, AdminCreateUser invitations (and
 * RESEND) through our custom message trigger into the mailbox, AdminDisableUser/AdminEnableUser,
 * the group operations, AdminDeleteUser; the API's self-service client, the audit table, and the
 * first administrator from BOOTSTRAP_ADMIN_EMAILS.
 */
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminRespondToAuthChallengeCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  DescribeUserPoolClientCommand,
  ListUsersCommand,
  SignUpCommand,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { DescribeTableCommand, DynamoDBClient, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { claimsOf, OTHER_STRONG_PASSWORD, RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

const BOOTSTRAP_ADMIN = `first.admin.${Date.now().toString(36)}@example.org`;

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack({ ...RELAXED_LIMITS, BOOTSTRAP_ADMIN_EMAILS: BOOTSTRAP_ADMIN });
}, stackTimeout());
afterAll(() => stack?.stop());

const poolId = () => stack.userPoolId;
const attr = (user: { Attributes?: { Name?: string; Value?: string }[]; UserAttributes?: { Name?: string; Value?: string }[] }, name: string) =>
  (user.Attributes ?? user.UserAttributes)?.find((a) => a.Name === name)?.Value;

async function confirmedUser(email = uniqueEmail("admin-ops"), name = "Admin Ops"): Promise<{ email: string; sub: string }> {
  const answer = await stack.cognito.send(
    new SignUpCommand({ ClientId: stack.apiClientId, SecretHash: await stack.secretHash(stack.apiClientId, email), Username: email, Password: STRONG_PASSWORD, UserAttributes: [{ Name: "name", Value: name }] }),
  );
  await stack.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId(), Username: email }));
  return { email, sub: answer.UserSub! };
}

const signIn = async (email: string, password = STRONG_PASSWORD, clientId = stack.apiClientId) =>
  stack.cognito.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId(),
      ClientId: clientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: await stack.secretHash(clientId, email) },
    }),
  );

/** Every page of a ListUsers query. */
async function allPages(filter: string, limit: number): Promise<{ pages: number; users: UserType[] }> {
  const users: UserType[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: filter, Limit: limit, PaginationToken: token }));
    expect(page.Users!.length).toBeLessThanOrEqual(limit);
    users.push(...page.Users!);
    token = page.PaginationToken;
    pages += 1;
  } while (token && pages < 20);
  return { pages, users };
}

describe("ListUsers", () => {
  const prefix = `lu${Date.now().toString(36)}`;
  let people: { email: string; sub: string }[] = [];
  beforeAll(async () => {
    people = [];
    for (let i = 0; i < 5; i++) people.push(await confirmedUser(`${prefix}.${i}@example.org`, `Lister ${i}`));
  }, 60_000);

  test("email = and ^=, with or without spaces around the operator; sub", async () => {
    const exact = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: `email = "${people[2]!.email}"` }));
    expect(exact.Users!.map((u) => u.Username)).toEqual([people[2]!.sub]);
    for (const filter of [`email ^= "${prefix}."`, `email^="${prefix}."`]) {
      const found = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: filter }));
      expect(found.Users!.map((u) => attr(u, "email")).sort()).toEqual(people.map((p) => p.email).sort());
      expect(found.PaginationToken).toBeUndefined();
    }
    const bySub = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: `sub = "${people[4]!.sub}"` }));
    expect(bySub.Users!.map((u) => attr(u, "email"))).toEqual([people[4]!.email]);
    const none = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: `email = "${prefix}.9@example.org"` }));
    expect(none.Users).toEqual([]);
    const named = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: `name ^= "Lister 3"` }));
    expect(named.Users!.map((u) => u.Username)).toContain(people[3]!.sub);
  });

  test("pages of Limit users with a PaginationToken, every user once; Limit above 60 refused", async () => {
    const { pages, users } = await allPages(`email ^= "${prefix}."`, 2);
    expect(pages).toBe(3);
    expect(users.map((u) => u.Username).sort()).toEqual(people.map((p) => p.sub).sort());
    await expect(stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Limit: 61 }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
    // A token belongs to its query.
    const first = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: `email ^= "${prefix}."`, Limit: 2 }));
    await expect(stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: `email ^= "x"`, Limit: 2, PaginationToken: first.PaginationToken }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });

  test('status = "Enabled" / "Disabled" (case-sensitive) and cognito:user_status (case-insensitive)', async () => {
    await stack.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId(), Username: people[1]!.email }));
    const disabled = await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: 'status = "Disabled"' }));
    const disabledSubs = disabled.Users!.map((u) => u.Username);
    expect(disabledSubs).toContain(people[1]!.sub);
    expect(disabledSubs).not.toContain(people[0]!.sub);
    expect(disabled.Users!.every((u) => u.Enabled === false)).toBe(true);
    const enabled = (await allPages('status = "Enabled"', 60)).users.map((u) => u.Username);
    expect(enabled).toContain(people[0]!.sub);
    expect(enabled).not.toContain(people[1]!.sub);
    expect((await stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: 'status = "disabled"' }))).Users).toEqual([]);
    await stack.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId(), Username: people[1]!.email }));
    const confirmed = (await allPages('cognito:user_status = "confirmed"', 60)).users.map((u) => u.Username);
    expect(confirmed).toEqual(expect.arrayContaining(people.map((p) => p.sub)));
  });

  test("custom attributes and malformed filters are refused", async () => {
    for (const Filter of ['custom:organization = "IGAD"', "email = unquoted", 'email ~ "x"']) {
      await expect(stack.cognito.send(new ListUsersCommand({ UserPoolId: poolId(), Filter }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
  });
});

/** The temporary password in the newest invitation to `email` (the big code box of our email template). */
async function invitationPassword(email: string, after: number): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { body } = await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`);
    const message = (body as { html: string; receivedAt: string }[]).filter((m) => Date.parse(m.receivedAt) >= after).at(-1);
    const password = message ? /monospace;[^>]*>([^<]+)<\/p>/.exec(message.html)?.[1] : undefined;
    if (password) return password;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no invitation arrived for ${email}`);
}

describe("AdminCreateUser invitations", () => {
  const invite = (email: string, extra: Partial<ConstructorParameters<typeof AdminCreateUserCommand>[0]> = {}) =>
    stack.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId(),
        Username: email,
        DesiredDeliveryMediums: ["EMAIL"],
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: "Invited Partner" },
          { Name: "locale", Value: "fr" },
          { Name: "custom:organization", Value: "IGAD" },
          { Name: "custom:country", Value: "Kenya" },
        ],
        ...extra,
      }),
    );

  test("the invitation comes through our custom message trigger with a temporary password that meets the policy; it leads to NEW_PASSWORD_REQUIRED", async () => {
    const email = uniqueEmail("invited");
    const sent = Date.now() - 1000;
    const created = await invite(email);
    expect(created.User?.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    expect(attr(created.User!, "custom:organization")).toBe("IGAD");
    const [message] = (await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`)).body as { subject: string; html: string }[];
    expect(message!.html).toContain('lang="fr"'); // our trigger rendered it, in the person's language
    expect(message!.html).toContain(created.User!.Username!); // {username} filled in
    expect(message!.html).not.toMatch(/\{####\}|\{username\}/);
    const password = await invitationPassword(email, sent);
    expect(password.length).toBeGreaterThanOrEqual(12);
    for (const cls of [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/]) expect(password).toMatch(cls);

    const challenge = await signIn(email, password);
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    const done = await stack.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId(),
        ClientId: stack.apiClientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: OTHER_STRONG_PASSWORD, SECRET_HASH: await stack.secretHash(stack.apiClientId, email) },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await stack.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: email }))).UserStatus).toBe("CONFIRMED");
  }, 60_000);

  test("RESEND: a new temporary password for an invitation not yet accepted; the old one stops working", async () => {
    const email = uniqueEmail("reinvited");
    const first = Date.now() - 1000;
    await invite(email);
    const oldPassword = await invitationPassword(email, first);
    await new Promise((r) => setTimeout(r, 20));
    const second = Date.now();
    const resent = await stack.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId(), Username: email, MessageAction: "RESEND", DesiredDeliveryMediums: ["EMAIL"] }));
    expect(resent.User?.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    const newPassword = await invitationPassword(email, second);
    expect(newPassword).not.toBe(oldPassword);
    expect(((await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`)).body as unknown[]).length).toBe(2);
    await expect(signIn(email, oldPassword)).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
    expect((await signIn(email, newPassword)).ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  }, 60_000);

  test("RESEND for a confirmed user or an unknown one is refused as AWS refuses it", async () => {
    const { email, sub } = await confirmedUser();
    await expect(stack.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId(), Username: email, MessageAction: "RESEND", DesiredDeliveryMediums: ["EMAIL"] }))).rejects.toMatchObject({
      name: "UnsupportedUserStateException",
      message: `Resend not possible. ${sub} status is not FORCE_CHANGE_PASSWORD.`,
    });
    await expect(
      stack.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId(), Username: uniqueEmail("never"), MessageAction: "RESEND", DesiredDeliveryMediums: ["EMAIL"] })),
    ).rejects.toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
    // Inviting an existing address again (without RESEND) is refused.
    await expect(invite(email)).rejects.toMatchObject({ name: "UsernameExistsException" });
  }, 60_000);

  test("the pre sign-up trigger checks the profile (PreSignUp_AdminCreateUser): a refused one creates nobody", async () => {
    const email = uniqueEmail("bad-profile");
    await expect(
      invite(email, {
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "name", Value: "Bad <b>Profile</b>" },
        ],
      }),
    ).rejects.toMatchObject({ name: "UserLambdaValidationException" });
    await expect(stack.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: email }))).rejects.toMatchObject({ name: "UserNotFoundException" });
    expect((await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`)).body).toEqual([]);
  }, 30_000);
});

describe("accounts", () => {
  test("groups by email or sub: add, list, remove; the role reaches the next sign-in's tokens", async () => {
    const { email, sub } = await confirmedUser();
    await stack.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId(), Username: email, UserAttributes: [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }] }));
    await stack.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: email, GroupName: "admin" }));
    for (const Username of [email, sub]) {
      const groups = await stack.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId(), Username }));
      expect(groups.Groups!.map((g) => g.GroupName)).toContain("admin");
    }
    const admin = claimsOf((await signIn(email)).AuthenticationResult!.IdToken);
    expect(admin.role).toBe("admin");
    expect(admin["cognito:groups"]).toContain("admin");
    await stack.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId(), Username: email, GroupName: "admin" }));
    expect((await stack.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId(), Username: email }))).Groups!.map((g) => g.GroupName)).not.toContain("admin");
    expect(claimsOf((await signIn(email)).AuthenticationResult!.IdToken).role).not.toBe("admin");
    await expect(stack.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: email, GroupName: "no-such-group" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  }, 60_000);

  test("an unknown user is UserNotFoundException \"User does not exist.\" for every admin operation", async () => {
    const Username = uniqueEmail("ghost");
    const calls = [
      () => stack.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username, GroupName: "admin" })),
      () => stack.cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId(), Username, GroupName: "admin" })),
      () => stack.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId(), Username })),
      () => stack.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId(), Username })),
      () => stack.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId(), Username })),
      () => stack.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username })),
      () => stack.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username })),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
  }, 30_000);

  test("disable refuses sign-in, enable lets it back; delete removes the user", async () => {
    const { email } = await confirmedUser();
    await stack.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId(), Username: email }));
    expect((await stack.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: email }))).Enabled).toBe(false);
    await expect(signIn(email)).rejects.toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });
    await stack.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId(), Username: email }));
    expect((await signIn(email)).AuthenticationResult?.AccessToken).toBeTruthy();
    await stack.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: email }));
    await expect(stack.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: email }))).rejects.toMatchObject({ name: "UserNotFoundException" });
    await expect(signIn(email)).rejects.toMatchObject({ name: "NotAuthorizedException" });
  }, 60_000);
});

test("the API's self-service client: a secret, admin password sign-in and refresh only", async () => {
  expect(stack.selfServiceClientId).toEqual(expect.any(String));
  expect(stack.selfServiceClientId).not.toBe(stack.apiClientId);
  const client = (await stack.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId(), ClientId: stack.selfServiceClientId }))).UserPoolClient!;
  expect(client.ClientName).toBe("api-self-service");
  expect(client.ClientSecret).toBeTruthy();
  expect([...(client.ExplicitAuthFlows ?? [])].sort()).toEqual(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
  const { email } = await confirmedUser();
  const tokens = (await signIn(email, STRONG_PASSWORD, stack.selfServiceClientId)).AuthenticationResult!;
  const access = claimsOf(tokens.AccessToken);
  expect(access.client_id).toBe(stack.selfServiceClientId);
  expect(access.exp - access.iat).toBe(15 * 60); // short-lived, and longer than the API's 10-minute set-up
  // Its secret is never printed in the stack's ready line, which the tests read.
  expect(Object.values(stack).filter((v) => typeof v === "string").join(" ")).not.toContain(client.ClientSecret!);
}, 30_000);

test("the audit table exists with pk and sk (strings), and takes and returns events", async () => {
  const dynamo = new DynamoDBClient({ endpoint: stack.dynamoUrl, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    const table = (await dynamo.send(new DescribeTableCommand({ TableName: "igad-auth-local-audit" }))).Table!;
    expect(table.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(table.AttributeDefinitions).toEqual(expect.arrayContaining([{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }]));
    for (const sk of ["2026-01-01T00:00:00.000Z#a", "2026-01-02T00:00:00.000Z#b"]) {
      await dynamo.send(new PutItemCommand({ TableName: "igad-auth-local-audit", Item: { pk: { S: "test-events" }, sk: { S: sk } } }));
    }
    const newest = await dynamo.send(
      new QueryCommand({ TableName: "igad-auth-local-audit", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "test-events" } }, ScanIndexForward: false, Limit: 1 }),
    );
    expect(newest.Items?.[0]?.sk?.S).toBe("2026-01-02T00:00:00.000Z#b");
  } finally {
    dynamo.destroy();
  }
}, 30_000);

test("BOOTSTRAP_ADMIN_EMAILS makes the first administrator once the address is verified and its owner sets the password from the mailbox (docs/one-door.md)", async () => {
  const answer = await stack.cognito.send(
    new SignUpCommand({
      ClientId: stack.apiClientId,
      SecretHash: await stack.secretHash(stack.apiClientId, BOOTSTRAP_ADMIN),
      Username: BOOTSTRAP_ADMIN,
      Password: STRONG_PASSWORD,
      UserAttributes: [{ Name: "name", Value: "First Admin" }],
    }),
  );
  expect(answer.UserConfirmed).toBe(false);
  const code = await stack.latestCode(BOOTSTRAP_ADMIN);
  await stack.cognito.send(new ConfirmSignUpCommand({ ClientId: stack.apiClientId, SecretHash: await stack.secretHash(stack.apiClientId, BOOTSTRAP_ADMIN), Username: BOOTSTRAP_ADMIN, ConfirmationCode: code }));
  // Verified alone, not yet: whoever registered chose the password.
  expect(claimsOf((await signIn(BOOTSTRAP_ADMIN)).AuthenticationResult!.IdToken).is_admin).toBe("false");
  const asked = Date.now();
  expect((await stack.post("/api/auth/forgot-password", { email: BOOTSTRAP_ADMIN })).status).toBe(200);
  const reset = await stack.post("/api/auth/reset-password", { email: BOOTSTRAP_ADMIN, code: await stack.latestCode(BOOTSTRAP_ADMIN, asked), new_password: OTHER_STRONG_PASSWORD });
  expect(reset.status).toBe(200);
  const claims = claimsOf((await signIn(BOOTSTRAP_ADMIN, OTHER_STRONG_PASSWORD)).AuthenticationResult!.IdToken);
  expect(claims.role).toBe("admin");
  expect(claims.is_admin).toBe("true");
  // Anyone else who verifies their address is not.
  const other = claimsOf((await signIn((await confirmedUser()).email)).AuthenticationResult!.IdToken);
  expect(other.is_admin).toBe("false");
}, 60_000);
