import { handler } from "../../triggers/pre-token-generation";
import { GENERIC_ERROR_MESSAGE } from "../../triggers/shared/errors";
import { resetTriggerSettings } from "../../triggers/shared/settings";
import { loadEvent } from "../events/load";

const invoke = (event: unknown) => (handler as (e: unknown) => Promise<any>)(event);

afterEach(() => {
  delete process.env.BOOTSTRAP_ADMIN_EMAILS;
  resetTriggerSettings();
});

describe("pre token generation", () => {
  test("V1 events get role and is_admin in the ID token", async () => {
    const result = await invoke(loadEvent("pre-token-generation/authentication-v1"));
    expect(result.response).toEqual({ claimsOverrideDetails: { claimsToAddOrOverride: { role: "user", is_admin: "false" } } });
  });

  test("V1 refresh for a verified admin-group member says is_admin=true", async () => {
    const result = await invoke(loadEvent("pre-token-generation/refresh-tokens-v1"));
    expect(result.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ role: "admin", is_admin: "true" });
  });

  test("a version-0 event (as cognito-local sends) gets the V1 response", async () => {
    const event = loadEvent("pre-token-generation/authentication-v1");
    event.version = "0";
    const result = await invoke(event);
    expect(result.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ role: "user", is_admin: "false" });
  });

  test("V2 events get the claims in both the ID and the access token, and the access token loses the self-service scope", async () => {
    const result = await invoke(loadEvent("pre-token-generation/hosted-auth-v2"));
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { role: "user", is_admin: "false" } },
        // Written out, not the module's constant: the scope Cognito documents for UpdateUserAttributes, ChangePassword, DeleteUser...
        accessTokenGeneration: { claimsToAddOrOverride: { role: "user", is_admin: "false" }, scopesToSuppress: ["aws.cognito.signin.user.admin"] },
      },
    });
  });

  test.each(["TokenGeneration_Authentication", "TokenGeneration_RefreshTokens", "TokenGeneration_NewPasswordChallenge", "TokenGeneration_AuthenticateDevice"])(
    "the self-service scope is suppressed for %s too (every source mints an access token)",
    async (source) => {
      const event = loadEvent("pre-token-generation/hosted-auth-v2");
      event.triggerSource = source;
      const result = await invoke(event);
      expect(result.response.claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToSuppress).toEqual(["aws.cognito.signin.user.admin"]);
    },
  );

  test("the self-service client named by SELF_SERVICE_CLIENT_ID keeps the scope; every other client, and an unset setting, does not", async () => {
    const event = loadEvent("pre-token-generation/hosted-auth-v2");
    const clientId = event.callerContext.clientId as string;
    try {
      process.env.SELF_SERVICE_CLIENT_ID = clientId;
      const own = await invoke(structuredClone(event));
      expect(own.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({ claimsToAddOrOverride: { role: "user", is_admin: "false" } });
      process.env.SELF_SERVICE_CLIENT_ID = `${clientId}x`;
      const other = await invoke(structuredClone(event));
      expect(other.response.claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToSuppress).toEqual(["aws.cognito.signin.user.admin"]);
      process.env.SELF_SERVICE_CLIENT_ID = "";
      const blankEvent = structuredClone(event);
      blankEvent.callerContext.clientId = "";
      expect((await invoke(blankEvent)).response.claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToSuppress).toEqual(["aws.cognito.signin.user.admin"]);
    } finally {
      delete process.env.SELF_SERVICE_CLIENT_ID;
    }
  });

  test("an admin-group member with an unverified email is not admin", async () => {
    const result = await invoke(loadEvent("pre-token-generation/new-password-challenge-v2"));
    expect(result.response.claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride).toEqual({ role: "user", is_admin: "false" });
  });

  test("a verified bootstrap admin address alone is not admin in the tokens: only the admin group makes one", async () => {
    process.env.BOOTSTRAP_ADMIN_EMAILS = "newuser@example.org";
    const result = await invoke(loadEvent("pre-token-generation/authentication-v1"));
    expect(result.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ role: "user", is_admin: "false" });
  });

  test("client metadata never influences a claim", async () => {
    const event = loadEvent("pre-token-generation/authentication-v1");
    event.request.clientMetadata = { role: "admin", is_admin: "true", groups: "admin" };
    const result = await invoke(event);
    expect(result.response.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ role: "user", is_admin: "false" });
  });

  test("malformed groups are refused with the generic error", async () => {
    const event = loadEvent("pre-token-generation/authentication-v1");
    event.request.groupConfiguration.groupsToOverride = "admin";
    await expect(invoke(event)).rejects.toThrow(GENERIC_ERROR_MESSAGE);
  });
});
