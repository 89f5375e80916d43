import type { PreSignUpTriggerEvent } from "aws-lambda";
import { handler, preSignUp } from "../../triggers/pre-sign-up";
import { GENERIC_ERROR_MESSAGE, UserFacingError } from "../../triggers/shared/errors";
import { resetTriggerSettings } from "../../triggers/shared/settings";
import { resolveSettings } from "../../policies/settings";
import { loadEvent } from "../events/load";

const settings = resolveSettings({ passwordRequiredClientIds: ["strictclient"] });
const signUp = (): PreSignUpTriggerEvent => loadEvent("pre-sign-up/sign-up");
const run = (event: PreSignUpTriggerEvent, s = settings) => preSignUp(event, s);
const invoke = (event: unknown) => (handler as (e: unknown) => Promise<PreSignUpTriggerEvent>)(event);

afterEach(() => resetTriggerSettings());

describe("pre sign-up: self-service sign-up", () => {
  test("a valid external sign-up proceeds and must verify by code", () => {
    const result = run(signUp());
    expect(result.response).toEqual({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
  });

  test("an internal-domain sign-up is confirmed but not marked verified by default", () => {
    const event = signUp();
    event.request.userAttributes.email = "newuser@igad.int";
    expect(run(event).response).toMatchObject({ autoConfirmUser: true, autoVerifyEmail: false });
  });

  test("the setting can also mark internal emails verified", () => {
    const event = signUp();
    event.request.userAttributes.email = "newuser@IGAD.int";
    expect(run(event, resolveSettings({ autoVerifyInternalEmails: true })).response).toMatchObject({ autoConfirmUser: true, autoVerifyEmail: true });
  });

  test.each(["x@igad.int.evil.com", "x@evil-igad.int", "x@іgad.int", "x@dept.igad.int"])("look-alike domain %s is not auto-confirmed", (email) => {
    const event = signUp();
    event.request.userAttributes.email = email;
    let confirmed = false;
    try {
      confirmed = run(event).response.autoConfirmUser;
    } catch (error) {
      expect(error).toBeInstanceOf(UserFacingError); // refused outright is fine too
    }
    expect(confirmed).toBe(false);
  });

  test.each(["user", "admin", ""])("role escalation at sign-up is refused: custom:role=%j", (role) => {
    const event = signUp();
    event.request.userAttributes["custom:role"] = role;
    expect(() => run(event)).toThrow(new UserFacingError("custom:role cannot be set at sign-up", "role_escalation"));
  });

  test("role escalation is refused through the real handler with a user-facing message", async () => {
    const event = signUp();
    event.request.userAttributes["custom:role"] = "admin";
    await expect(invoke(event)).rejects.toThrow("custom:role cannot be set at sign-up");
  });

  test.each([
    [{ email: "not-an-email" }, "Invalid email format"],
    [{ name: "" }, "Name is required"],
    [{ name: "<script>alert(1)</script>" }, "Name must not contain < or > or HTML entities"],
    [{ "custom:country": "Atlantis" }, "Country must be an ISO 3166-1 country name or two-letter code, for example Kenya or KE"],
    [{ "custom:organization": "x".repeat(101) }, "Organization must be at most 100 characters"],
  ])("profile problems are user-facing: %j", (attributes, message) => {
    const event = signUp();
    Object.assign(event.request.userAttributes, attributes);
    expect(() => run(event)).toThrow(message);
  });

  test("a weak validationData.password is refused with the reference's detail text", () => {
    const event = signUp();
    event.request.validationData = { password: "Nairobi2024!" };
    expect(() => run(event)).toThrow(/^Password does not meet requirements: /);
  });

  test("a password built on the person's own name is refused", () => {
    const event = signUp();
    event.request.validationData = { password: "JohnDoe!1985x" };
    expect(() => run(event)).toThrow(/your name/);
  });

  test("a strong validationData.password passes", () => {
    const event = signUp();
    event.request.validationData = { password: "Tangerine-Orbit-Velvet-73" };
    expect(run(event).response.autoConfirmUser).toBe(false);
  });

  test("clients named in the settings must send the password to check", () => {
    const event = signUp();
    event.callerContext.clientId = "strictclient";
    expect(() => run(event)).toThrow("validationData.password is required for this app client");
    event.request.validationData = { password: "Tangerine-Orbit-Velvet-73" };
    expect(() => run(event)).not.toThrow();
  });

  test("clientMetadata has no say: it cannot confirm a user", () => {
    const event = signUp();
    event.request.clientMetadata = { autoConfirm: "true", role: "admin", email: "x@igad.int" };
    expect(run(event).response.autoConfirmUser).toBe(false);
  });
});

describe("pre sign-up: other sources", () => {
  test("an administrator may create a user with a role; nothing is auto-confirmed", () => {
    const event = loadEvent<PreSignUpTriggerEvent>("pre-sign-up/admin-create-user");
    expect(run(event).response.autoConfirmUser).toBe(false);
  });

  test("an administrator-created user's profile is still validated", () => {
    const event = loadEvent<PreSignUpTriggerEvent>("pre-sign-up/admin-create-user");
    event.request.userAttributes.name = "Bad\u0000Name";
    expect(() => run(event)).toThrow(UserFacingError);
  });

  test("external provider sign-ups pass through unchanged", () => {
    const event = loadEvent<PreSignUpTriggerEvent>("pre-sign-up/external-provider");
    const before = JSON.parse(JSON.stringify(event));
    expect(run(event)).toEqual(before);
  });
});

describe("pre sign-up: malformed events", () => {
  test.each([
    ["null", null],
    ["no request", { ...loadEvent("pre-sign-up/sign-up"), request: undefined }],
    ["attributes not strings", { ...loadEvent("pre-sign-up/sign-up"), request: { userAttributes: { email: 42 } } }],
    ["validationData a list", { ...loadEvent("pre-sign-up/sign-up"), request: { userAttributes: { email: "a@b.org", name: "A" }, validationData: ["x"] } }],
  ])("%s gets the generic error, never internals", async (_what, event) => {
    await expect(invoke(event)).rejects.toThrow(GENERIC_ERROR_MESSAGE);
  });
});
