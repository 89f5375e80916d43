/**
 * local/adapters/pre-token-generation-v2.ts and context-data.ts on their own: the V2 event our
 * trigger gets, and a stub V2 answer applied as Cognito applies it (the stack-level tests in
 * local-pool-doors.test.ts run the real trigger bundle).
 */
import { ContextDataLog } from "../../local/adapters/context-data";
import { applyAccessTokenGeneration, readV2Answer, withPreTokenGenerationV2 } from "../../local/adapters/pre-token-generation-v2";
import { currentTokenRequest, withTokenRequest } from "../../local/adapters/token-request";

/** What a V2 trigger that suppresses the admin scope answers (the lead's trigger does so). */
const STUB_ANSWER = {
  claimsAndScopeOverrideDetails: {
    idTokenGeneration: { claimsToAddOrOverride: { role: "user", is_admin: "false" }, claimsToSuppress: ["locale"] },
    accessTokenGeneration: {
      claimsToAddOrOverride: { role: "user", is_admin: "false", sub: "forged", client_id: "forged", "custom:x": { nested: true } },
      claimsToSuppress: ["event_id", "username", "custom:y"],
      scopesToAdd: ["api/read"],
      scopesToSuppress: ["aws.cognito.signin.user.admin"],
    },
    groupOverrideDetails: { groupsToOverride: ["user"] },
  },
};

const ACCESS = { sub: "s-1", client_id: "c-1", username: "s-1", event_id: "e-1", token_use: "access", scope: "aws.cognito.signin.user.admin", "custom:y": "gone", exp: 2, iat: 1 };

test("a V2 answer changes the access token's claims, scopes and groups, never its reserved claims", () => {
  const result = applyAccessTokenGeneration(ACCESS, readV2Answer(STUB_ANSWER).accessToken);
  expect(result).toEqual({
    sub: "s-1",
    client_id: "c-1",
    username: "s-1",
    event_id: "e-1",
    token_use: "access",
    exp: 2,
    iat: 1,
    role: "user",
    is_admin: "false",
    "custom:x": { nested: true },
    "cognito:groups": ["user"],
    scope: "api/read",
  });
  // Only the admin scope, suppressed: no scope claim at all.
  expect(applyAccessTokenGeneration(ACCESS, { scopesToSuppress: ["aws.cognito.signin.user.admin"] })).not.toHaveProperty("scope");
  expect(applyAccessTokenGeneration(ACCESS, undefined)).toBe(ACCESS);
});

test("malformed parts of an answer are ignored, not applied", () => {
  for (const answer of [null, "x", {}, { claimsAndScopeOverrideDetails: "x" }, { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToSuppress: "aws.cognito.signin.user.admin", claimsToAddOrOverride: ["x"] } } }]) {
    expect(applyAccessTokenGeneration(ACCESS, readV2Answer(answer).accessToken)).toEqual(ACCESS);
  }
});

describe("withPreTokenGenerationV2", () => {
  function setUp(answer: unknown) {
    const events: any[] = [];
    const lambda = {
      createLambdaEvent: (event: object) => ({ v1: event }),
      async invoke(_ctx: unknown, _trigger: string, event: object) {
        events.push((lambda as any).createLambdaEvent(event));
        return answer;
      },
    };
    const triggers: { preTokenGeneration: (ctx: never, event: never) => Promise<unknown> } = { preTokenGeneration: async () => ({ claimsOverrideDetails: {} }) };
    withPreTokenGenerationV2(triggers as never, lambda as never);
    const event = {
      clientId: "c-1",
      clientMetadata: { ignored: "cognito-local passes it from AdminInitiateAuth" },
      source: "Authentication",
      userAttributes: [{ Name: "email", Value: "a@b.org" }],
      username: "s-1",
      userPoolId: "local_1",
      groupConfiguration: { groupsToOverride: ["user"] },
    };
    return { events, call: () => triggers.preTokenGeneration({} as never, event as never) };
  }

  test("sends our trigger a V2 event, with ClientMetadata only from the operations that pass it on AWS", async () => {
    const { events, call } = setUp(STUB_ANSWER);
    const route = (target: string, body: object) => withTokenRequest((() => async () => call()) as never)(target)({} as never, body);
    await route("AdminInitiateAuth", { ClientMetadata: { from: "admin-initiate-auth" } });
    await route("RespondToAuthChallenge", { ChallengeName: "NEW_PASSWORD_REQUIRED", ClientMetadata: { from: "respond" } });
    await route("GetTokensFromRefreshToken", { ClientMetadata: { from: "refresh" } });
    expect(events[0]).toEqual({
      version: "2",
      triggerSource: "TokenGeneration_Authentication",
      region: "local",
      userPoolId: "local_1",
      userName: "s-1",
      callerContext: { awsSdkVersion: expect.any(String), clientId: "c-1" },
      request: { userAttributes: { email: "a@b.org" }, groupConfiguration: { groupsToOverride: ["user"], iamRolesToOverride: [], preferredRole: null }, scopes: ["aws.cognito.signin.user.admin"] },
      response: { claimsAndScopeOverrideDetails: null },
    });
    expect(events[1]).toMatchObject({ triggerSource: "TokenGeneration_NewPasswordChallenge", request: { clientMetadata: { from: "respond" } } });
    expect(events[2].request.clientMetadata).toEqual({ from: "refresh" });
  });

  test("answers cognito-local with the ID-token part and keeps the access-token part for the signing pass", async () => {
    const { call } = setUp(STUB_ANSWER);
    let kept: unknown;
    const answer = await withTokenRequest((() => async () => {
      const result = await call();
      kept = currentTokenRequest()?.accessTokenGeneration;
      return result;
    }) as never)("AdminInitiateAuth")({} as never, {});
    expect(answer).toEqual({ claimsOverrideDetails: { claimsToAddOrOverride: { role: "user", is_admin: "false", "cognito:groups": ["user"] }, claimsToSuppress: ["locale"] } });
    expect(kept).toMatchObject({ scopesToSuppress: ["aws.cognito.signin.user.admin"], scopesToAdd: ["api/read"], groupsToOverride: ["user"] });
  });
});

test("the context log keeps the newest 200 and never a header value", () => {
  const log = new ContextDataLog();
  for (let i = 0; i < 205; i++) {
    log.record("AdminInitiateAuth", { ContextData: { IpAddress: `192.0.2.${i % 250}`, ServerName: "s", ServerPath: "/p", HttpHeaders: [{ headerName: "cookie", headerValue: `secret-${i}` }] } });
  }
  log.record("SignUp", { UserContextData: { IpAddress: "198.51.100.1", EncodedData: "secret-encoded" } });
  log.record("SignUp", {}); // nothing sent: nothing recorded
  log.record("GetUser", { UserContextData: { IpAddress: "198.51.100.2" } }); // not an operation that takes it
  const entries = log.list();
  expect(entries).toHaveLength(200);
  expect(entries[0]!.ipAddress).toBe("192.0.2.6");
  expect(entries.at(-1)).toMatchObject({ operation: "SignUp", ipAddress: "198.51.100.1", headerNames: [] });
  expect(JSON.stringify(entries)).not.toContain("secret");
  expect(entries[1]!.headerNames).toEqual(["cookie"]);
});
