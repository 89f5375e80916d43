/**
 * The API's Lambda bundle talks to Cognito and DynamoDB through api/aws-json/, not the AWS SDK
 * (scripts/build.mjs). Here both run side by side against the local stack's real services
 * (cognito-local, dynalite): every command the API uses, the same input through the SDK's client
 * and through ours (each on its own user, walked through the same steps), and the same answer
 * from both: the output (per-user values such as ids, tokens and the address itself set aside),
 * or, for an error, its name, message, $fault and HTTP status.
 */
import * as Sdk from "@aws-sdk/client-cognito-identity-provider";
import * as SdkDynamo from "@aws-sdk/client-dynamodb";
import * as Ours from "../../api/aws-json/cognito-identity-provider";
import * as OursDynamo from "../../api/aws-json/dynamodb";
import { secretHash } from "../../api/secret-hash";
import { RATE_LIMIT_TABLE } from "../../local/rate-limit-store";
import { OTHER_STRONG_PASSWORD, stackTimeout, startStack, STRONG_PASSWORD, uniqueEmail, type RunningStack } from "./local-stack";

const CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
const THIRD_PASSWORD = "Harbour!Cobalt-Willow-29";

let stack: RunningStack;
let clientSecret: string;
let sdk: { cognito: Sdk.CognitoIdentityProviderClient; dynamo: SdkDynamo.DynamoDBClient };
let ours: { cognito: Ours.CognitoIdentityProviderClient; dynamo: OursDynamo.DynamoDBClient };

beforeAll(async () => {
  stack = await startStack();
  const described = await stack.cognito.send(new Sdk.DescribeUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientId: stack.apiClientId }));
  clientSecret = described.UserPoolClient!.ClientSecret!;
  const options = { region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 2 };
  sdk = {
    cognito: new Sdk.CognitoIdentityProviderClient({ ...options, endpoint: stack.cognitoUrl }),
    dynamo: new SdkDynamo.DynamoDBClient({ ...options, endpoint: stack.dynamoUrl }),
  };
  ours = {
    cognito: new Ours.CognitoIdentityProviderClient({ ...options, endpoint: stack.cognitoUrl }),
    dynamo: new OursDynamo.DynamoDBClient({ ...options, endpoint: stack.dynamoUrl }),
  };
}, stackTimeout());

afterAll(async () => {
  sdk?.cognito.destroy();
  sdk?.dynamo.destroy();
  ours?.cognito.destroy();
  ours?.dynamo.destroy();
  await stack?.stop();
});

/** One side's user: its address, and what Cognito gave it along the way. */
interface User {
  email: string;
  sub?: string;
  username?: string;
  accessToken?: string;
  refreshToken?: string;
  session?: string;
}

/** Keys whose values differ from user to user or call to call, whatever the client. */
const PER_CALL_KEYS = new Set(["AccessToken", "IdToken", "RefreshToken", "Session", "UserSub", "USER_ID_FOR_SRP"]);

type Outcome = { output: unknown } | { error: { name: unknown; message: unknown; $fault: unknown; httpStatusCode: unknown; isError: boolean } };

async function outcome(call: () => Promise<unknown>, user: User): Promise<Outcome> {
  try {
    const output = (await call()) as Record<string, unknown>;
    const text = JSON.stringify(output, function (this: Record<string, unknown>, key, value) {
      const original = this[key];
      if (original instanceof Date) return "<Date>";
      if (key === "$metadata") return { httpStatusCode: (value as { httpStatusCode?: number }).httpStatusCode };
      if (PER_CALL_KEYS.has(key) && typeof value === "string") return "<string>";
      return value;
    });
    let normalized = text.split(user.email).join("<email>");
    if (user.sub) normalized = normalized.split(user.sub).join("<sub>");
    if (user.username) normalized = normalized.split(user.username).join("<username>");
    return { output: JSON.parse(normalized) };
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown } };
    let message = e.message;
    if (typeof message === "string") message = message.split(user.email).join("<email>");
    return { error: { name: e.name, message, $fault: e.$fault, httpStatusCode: e.$metadata?.httpStatusCode, isError: error instanceof Error } };
  }
}

/**
 * Runs one step for both sides (the SDK's user first), expects the same outcome, and returns
 * both raw results for the steps that follow.
 */
async function both<T>(
  step: string,
  run: (side: { cognito: { send(command: any): Promise<any> }; dynamo: { send(command: any): Promise<any> }; C: typeof Sdk | typeof Ours; D: typeof SdkDynamo | typeof OursDynamo }, user: User) => Promise<T>,
  users: [User, User],
): Promise<{ outcome: Outcome; results: [T | undefined, T | undefined] }> {
  const results: [T | undefined, T | undefined] = [undefined, undefined];
  const sides = [
    { ...sdk, C: Sdk, D: SdkDynamo },
    { ...ours, C: Ours, D: OursDynamo },
  ] as const;
  const outcomes: Outcome[] = [];
  for (const i of [0, 1] as const) {
    outcomes.push(
      await outcome(async () => {
        const result = await run(sides[i] as never, users[i]);
        results[i] = result;
        return result;
      }, users[i]),
    );
  }
  expect({ step, ours: outcomes[1] }).toEqual({ step, ours: outcomes[0] });
  return { outcome: outcomes[0]!, results };
}

const hash = (username: string) => secretHash(username, stack.apiClientId, clientSecret);

/** AdminInitiateAuth with `password`, as the API's login sends it, for `both`. */
const login = (password: string) => (s: any, u: User) =>
  s.cognito.send(
    new s.C.AdminInitiateAuthCommand({
      UserPoolId: stack.userPoolId,
      ClientId: stack.apiClientId,
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: u.email, PASSWORD: password, SECRET_HASH: hash(u.email) },
    }),
  );

function expectError(result: { outcome: Outcome }, name: string) {
  expect(result.outcome).toMatchObject({ error: { name, isError: true } });
}

test(
  "every Cognito command the API sends: the same outputs and errors through the SDK and through api/aws-json/",
  async () => {
    const users: [User, User] = [{ email: uniqueEmail("diff-sdk") }, { email: uniqueEmail("diff-ours") }];
    const signUp = (side: any, user: User) =>
      side.cognito.send(
        new side.C.SignUpCommand({
          ClientId: stack.apiClientId,
          SecretHash: hash(user.email),
          Username: user.email,
          Password: STRONG_PASSWORD,
          UserAttributes: [{ Name: "email", Value: user.email }, { Name: "name", Value: "Amina Diff" }],
        }),
      );

    const signedUp = await both("SignUp", signUp, users);
    expect(signedUp.outcome).toMatchObject({ output: { UserSub: "<string>" } });
    signedUp.results.forEach((r, i) => (users[i]!.sub = (r as Sdk.SignUpCommandOutput).UserSub));
    expectError(await both("SignUp of an existing address", signUp, users), "UsernameExistsException");

    await both("ResendConfirmationCode", (s, u) => s.cognito.send(new s.C.ResendConfirmationCodeCommand({ ClientId: stack.apiClientId, SecretHash: hash(u.email), Username: u.email })), users);
    expectError(
      await both("ConfirmSignUp with a wrong code", (s, u) => s.cognito.send(new s.C.ConfirmSignUpCommand({ ClientId: stack.apiClientId, SecretHash: hash(u.email), Username: u.email, ConfirmationCode: "000000" })), users),
      "CodeMismatchException",
    );
    const codes = await Promise.all(users.map((u) => stack.latestCode(u.email)));
    await both(
      "ConfirmSignUp",
      (s, u) => s.cognito.send(new s.C.ConfirmSignUpCommand({ ClientId: stack.apiClientId, SecretHash: hash(u.email), Username: u.email, ConfirmationCode: codes[users.indexOf(u)]! })),
      users,
    );

    expectError(await both("AdminInitiateAuth with a wrong password", login("Wrong-Password-123!"), users), "NotAuthorizedException");
    const unknown: [User, User] = [{ email: uniqueEmail("nobody") }, { email: uniqueEmail("nobody") }];
    const unknownLogin = await both("AdminInitiateAuth of an unknown user", login(STRONG_PASSWORD), unknown);
    expect(unknownLogin.outcome).toHaveProperty("error");
    const loggedIn = await both("AdminInitiateAuth", login(STRONG_PASSWORD), users);
    expect(loggedIn.outcome).toMatchObject({ output: { AuthenticationResult: { AccessToken: "<string>", RefreshToken: "<string>", IdToken: "<string>" } } });
    loggedIn.results.forEach((r, i) => {
      users[i]!.accessToken = (r as Sdk.AdminInitiateAuthCommandOutput).AuthenticationResult!.AccessToken;
      users[i]!.refreshToken = (r as Sdk.AdminInitiateAuthCommandOutput).AuthenticationResult!.RefreshToken;
    });

    const got = await both("GetUser", (s, u) => s.cognito.send(new s.C.GetUserCommand({ AccessToken: u.accessToken! })), users);
    got.results.forEach((r, i) => (users[i]!.username = (r as Sdk.GetUserCommandOutput).Username));
    expect(got.outcome).toMatchObject({ output: { UserAttributes: expect.arrayContaining([{ Name: "email", Value: "<email>" }]) } });
    // (cognito-local answers InvalidParameterException; AWS, NotAuthorizedException: the same from both clients either way)
    expect((await both("GetUser with a bad token", (s) => s.cognito.send(new s.C.GetUserCommand({ AccessToken: "not-a-token" })), users)).outcome).toHaveProperty("error");

    const adminGot = await both("AdminGetUser", (s, u) => s.cognito.send(new s.C.AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: u.email })), users);
    expect(adminGot.outcome).toMatchObject({ output: { UserCreateDate: "<Date>", UserStatus: "CONFIRMED" } });
    expectError(await both("AdminGetUser of an unknown user", (s, u) => s.cognito.send(new s.C.AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: `x${u.email}` })), users), "UserNotFoundException");

    await both(
      "UpdateUserAttributes",
      (s, u) => s.cognito.send(new s.C.UpdateUserAttributesCommand({ AccessToken: u.accessToken!, UserAttributes: [{ Name: "name", Value: "Amina Changed" }] })),
      users,
    );
    expectError(
      await both("ChangePassword with a wrong current password", (s, u) => s.cognito.send(new s.C.ChangePasswordCommand({ AccessToken: u.accessToken!, PreviousPassword: "Wrong-Password-123!", ProposedPassword: OTHER_STRONG_PASSWORD })), users),
      "NotAuthorizedException",
    );
    await both("ChangePassword", (s, u) => s.cognito.send(new s.C.ChangePasswordCommand({ AccessToken: u.accessToken!, PreviousPassword: STRONG_PASSWORD, ProposedPassword: OTHER_STRONG_PASSWORD })), users);

    const resetStarted = Date.now();
    await both("ForgotPassword", (s, u) => s.cognito.send(new s.C.ForgotPasswordCommand({ ClientId: stack.apiClientId, SecretHash: hash(u.email), Username: u.email })), users);
    expectError(
      await both(
        "ConfirmForgotPassword with a wrong code",
        (s, u) => s.cognito.send(new s.C.ConfirmForgotPasswordCommand({ ClientId: stack.apiClientId, SecretHash: hash(u.email), Username: u.email, ConfirmationCode: "000000", Password: THIRD_PASSWORD })),
        users,
      ),
      "CodeMismatchException",
    );
    const resetCodes = await Promise.all(users.map((u) => stack.latestCode(u.email, resetStarted)));
    await both(
      "ConfirmForgotPassword",
      (s, u) =>
        s.cognito.send(
          new s.C.ConfirmForgotPasswordCommand({ ClientId: stack.apiClientId, SecretHash: hash(u.email), Username: u.email, ConfirmationCode: resetCodes[users.indexOf(u)]!, Password: THIRD_PASSWORD }),
        ),
      users,
    );
    const again = await both("AdminInitiateAuth after the reset", login(THIRD_PASSWORD), users);
    again.results.forEach((r, i) => {
      users[i]!.accessToken = (r as Sdk.AdminInitiateAuthCommandOutput).AuthenticationResult!.AccessToken;
      users[i]!.refreshToken = (r as Sdk.AdminInitiateAuthCommandOutput).AuthenticationResult!.RefreshToken;
    });

    await both(
      "AdminInitiateAuth REFRESH_TOKEN_AUTH",
      (s, u) =>
        s.cognito.send(
          new s.C.AdminInitiateAuthCommand({
            UserPoolId: stack.userPoolId,
            ClientId: stack.apiClientId,
            AuthFlow: "REFRESH_TOKEN_AUTH",
            AuthParameters: { REFRESH_TOKEN: u.refreshToken!, SECRET_HASH: hash(u.username!) },
          }),
        ),
      users,
    );
    await both("RevokeToken", (s, u) => s.cognito.send(new s.C.RevokeTokenCommand({ ClientId: stack.apiClientId, ClientSecret: clientSecret, Token: u.refreshToken! })), users);
    expectError(await both("GetUser with a revoked sign-in's token", (s, u) => s.cognito.send(new s.C.GetUserCommand({ AccessToken: u.accessToken! })), users), "NotAuthorizedException");
    const last = await both("AdminInitiateAuth before deleting", login(THIRD_PASSWORD), users);
    last.results.forEach((r, i) => (users[i]!.accessToken = (r as Sdk.AdminInitiateAuthCommandOutput).AuthenticationResult!.AccessToken));
    expect(await both("DeleteUser", (s, u) => s.cognito.send(new s.C.DeleteUserCommand({ AccessToken: u.accessToken! })), users)).toMatchObject({ outcome: { output: { $metadata: { httpStatusCode: 200 } } } });
    expectError(await both("AdminGetUser of the deleted user", (s, u) => s.cognito.send(new s.C.AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: u.email })), users), "UserNotFoundException");
  },
  120_000,
);

test(
  "the new-password challenge: AdminRespondToAuthChallenge, and its refusal of a bad session",
  async () => {
    const users: [User, User] = [{ email: uniqueEmail("diff-challenge-sdk") }, { email: uniqueEmail("diff-challenge-ours") }];
    for (const user of users) {
      await stack.cognito.send(
        new Sdk.AdminCreateUserCommand({
          UserPoolId: stack.userPoolId,
          Username: user.email,
          TemporaryPassword: STRONG_PASSWORD,
          MessageAction: "SUPPRESS",
          UserAttributes: [{ Name: "email", Value: user.email }, { Name: "email_verified", Value: "true" }, { Name: "name", Value: "Challenged" }],
        }),
      );
    }
    const challenged = await both("AdminInitiateAuth with a temporary password", login(STRONG_PASSWORD), users);
    expect(challenged.outcome).toMatchObject({ output: { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "<string>" } });
    challenged.results.forEach((r, i) => (users[i]!.session = (r as Sdk.AdminInitiateAuthCommandOutput).Session));
    const respond = (session: (u: User) => string) => (s: any, u: User) =>
      s.cognito.send(
        new s.C.AdminRespondToAuthChallengeCommand({
          UserPoolId: stack.userPoolId,
          ClientId: stack.apiClientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: session(u),
          ChallengeResponses: { USERNAME: u.email, NEW_PASSWORD: OTHER_STRONG_PASSWORD, SECRET_HASH: hash(u.email) },
        }),
      );
    const refused = await both("AdminRespondToAuthChallenge with a bad session", respond(() => "not-a-session"), users);
    expect(refused.outcome).toHaveProperty("error");
    const answered = await both("AdminRespondToAuthChallenge", respond((u) => u.session!), users);
    expect(answered.outcome).toMatchObject({ output: { AuthenticationResult: { AccessToken: "<string>" } } });
  },
  60_000,
);

test(
  "DynamoDB UpdateItem: the same Attributes, and ConditionalCheckFailedException (an instance of each side's class) when the condition is false",
  async () => {
    const keys: [User, User] = [{ email: `diff-sdk-${Date.now()}` }, { email: `diff-ours-${Date.now()}` }];
    const add = (s: any, u: User) =>
      s.dynamo.send(
        new s.D.UpdateItemCommand({
          TableName: RATE_LIMIT_TABLE,
          Key: { pk: { S: u.email } },
          UpdateExpression: "ADD #count :one SET #expires = if_not_exists(#expires, :expires)",
          ExpressionAttributeNames: { "#count": "count", "#expires": "expiresAt" },
          ExpressionAttributeValues: { ":one": { N: "1" }, ":expires": { N: "4102444800" } },
          ReturnValues: "ALL_NEW",
        }),
      );
    expect((await both("UpdateItem (new item)", add, keys)).outcome).toMatchObject({ output: { Attributes: { count: { N: "1" }, pk: { S: "<email>" } } } });
    expect((await both("UpdateItem (again)", add, keys)).outcome).toMatchObject({ output: { Attributes: { count: { N: "2" } } } });

    const conditional = await both(
      "UpdateItem whose condition is false",
      (s, u) =>
        s.dynamo.send(
          new s.D.UpdateItemCommand({
            TableName: RATE_LIMIT_TABLE,
            Key: { pk: { S: u.email } },
            UpdateExpression: "SET #v = :v",
            ConditionExpression: "attribute_not_exists(pk)",
            ExpressionAttributeNames: { "#v": "value" },
            ExpressionAttributeValues: { ":v": { S: "x" } },
          }),
        ),
      keys,
    );
    expectError(conditional, "ConditionalCheckFailedException");
    // What the captcha's replay guard checks: each side's own class.
    await expect(
      ours.dynamo.send(
        new OursDynamo.UpdateItemCommand({ TableName: RATE_LIMIT_TABLE, Key: { pk: { S: keys[1].email } }, UpdateExpression: "SET #v = :v", ConditionExpression: "attribute_not_exists(pk)", ExpressionAttributeNames: { "#v": "value" }, ExpressionAttributeValues: { ":v": { S: "x" } } }),
      ),
    ).rejects.toBeInstanceOf(OursDynamo.ConditionalCheckFailedException);

    expectError(
      await both("UpdateItem on a table that does not exist", (s, u) => s.dynamo.send(new s.D.UpdateItemCommand({ TableName: "no-such-table", Key: { pk: { S: u.email } }, UpdateExpression: "ADD #c :one", ExpressionAttributeNames: { "#c": "c" }, ExpressionAttributeValues: { ":one": { N: "1" } } })), keys),
      "ResourceNotFoundException",
    );
    expectError(
      await both("UpdateItem with an invalid expression", (s, u) => s.dynamo.send(new s.D.UpdateItemCommand({ TableName: RATE_LIMIT_TABLE, Key: { pk: { S: u.email } }, UpdateExpression: "ADD" })), keys),
      "ValidationException",
    );
  },
  60_000,
);
