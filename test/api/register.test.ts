/** POST /api/auth/register: the reference's 201 body, its error table, and what is checked before Cognito is called. */
import { SignUpCommand, type SignUpCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { secretHash } from "../../api/secret-hash";
import { buildTestApp, CLIENT_ID, CLIENT_IP, CLIENT_SECRET, json, serviceError, STRONG_PASSWORD, type TestApp } from "./support";

const USER_SUB = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const REGISTRATION = { email: "newuser@example.org", password: STRONG_PASSWORD, name: "John Doe", organization: "IGAD ICPAC", country: "Kenya" };

let t: TestApp;
beforeEach(() => {
  t = buildTestApp();
});

const signUpCalls = () => t.cognito.commandCalls(SignUpCommand);
const signUpInput = (): SignUpCommandInput => signUpCalls()[0]!.args[0].input;

describe("success", () => {
  test("201 with exactly the reference's body; SignUp gets the documented attributes and the SECRET_HASH", async () => {
    // Prepare
    t.cognito.on(SignUpCommand).resolves({ UserSub: USER_SUB, UserConfirmed: false });
    // Act
    const response = await t.post("/api/auth/register", { ...REGISTRATION, email: "  NewUser@Example.ORG " });
    // Assess
    expect(response.status).toBe(201);
    expect(await json(response)).toEqual({
      user_id: USER_SUB,
      email: "newuser@example.org",
      email_verified: false,
      name: "John Doe",
      message: "Registration successful. Please check your email for verification code.",
      verification_required: true,
    });
    expect(signUpInput()).toEqual({
      ClientId: CLIENT_ID,
      SecretHash: secretHash("newuser@example.org", CLIENT_ID, CLIENT_SECRET),
      UserContextData: { IpAddress: CLIENT_IP },
      Username: "newuser@example.org",
      Password: STRONG_PASSWORD,
      UserAttributes: [
        { Name: "email", Value: "newuser@example.org" },
        { Name: "name", Value: "John Doe" },
        { Name: "custom:organization", Value: "IGAD ICPAC" },
        { Name: "custom:country", Value: "Kenya" },
      ],
    });
  });

  test("the password goes only in Password: no validationData, no client metadata, never custom:role", async () => {
    // Prepare
    t.cognito.on(SignUpCommand).resolves({ UserSub: USER_SUB, UserConfirmed: false });
    // Act
    await t.post("/api/auth/register", REGISTRATION);
    // Assess
    const input = signUpInput();
    expect(input.ValidationData).toBeUndefined();
    expect(input.ClientMetadata).toBeUndefined();
    expect(JSON.stringify(input.UserAttributes)).not.toContain(STRONG_PASSWORD);
    expect(input.UserAttributes!.map((a) => a.Name)).not.toContain("custom:role");
  });

  test("organization and country are optional; a country code is stored as the country's name", async () => {
    // Prepare
    t.cognito.on(SignUpCommand).resolves({ UserSub: USER_SUB, UserConfirmed: false });
    // Act
    const bare = await t.post("/api/auth/register", { email: "a@example.org", password: STRONG_PASSWORD, name: "Amina" });
    const coded = await t.post("/api/auth/register", { email: "b@example.org", password: STRONG_PASSWORD, name: "Bekele", country: "et" });
    // Assess
    expect(bare.status).toBe(201);
    expect(coded.status).toBe(201);
    expect(signUpCalls()[0]!.args[0].input.UserAttributes).toEqual([
      { Name: "email", Value: "a@example.org" },
      { Name: "name", Value: "Amina" },
    ]);
    expect(signUpCalls()[1]!.args[0].input.UserAttributes).toContainEqual({ Name: "custom:country", Value: "Ethiopia" });
  });

  test("an internal-domain user confirmed by the pre sign-up trigger: verification not required, email not verified", async () => {
    // Prepare
    t.cognito.on(SignUpCommand).resolves({ UserSub: USER_SUB, UserConfirmed: true });
    // Act
    const response = await t.post("/api/auth/register", { ...REGISTRATION, email: "staff@igad.int" });
    // Assess
    expect(response.status).toBe(201);
    expect(await json(response)).toEqual({
      user_id: USER_SUB,
      email: "staff@igad.int",
      email_verified: false,
      name: "John Doe",
      message: "Registration successful. You can now log in.",
      verification_required: false,
    });
  });

  test("with AUTO_VERIFY_INTERNAL_EMAILS an internal user is reported verified; an external one never is", async () => {
    // Prepare
    t = buildTestApp({ AUTO_VERIFY_INTERNAL_EMAILS: "true" });
    t.cognito.on(SignUpCommand).resolves({ UserSub: USER_SUB, UserConfirmed: true });
    // Act
    const internal = await json(await t.post("/api/auth/register", { ...REGISTRATION, email: "staff@igad.int" }));
    const external = await json(await t.post("/api/auth/register", { ...REGISTRATION, email: "x@igad.int.evil.com" }));
    // Assess
    expect(internal).toMatchObject({ email_verified: true, verification_required: false });
    expect(external).toMatchObject({ email_verified: false });
  });
});

describe("Cognito errors map to the reference's status and detail", () => {
  test.each([
    ["UsernameExistsException", "An account with this email already exists", 400, 400],
    ["InvalidPasswordException", "Password did not conform with policy", 400, "Password does not meet requirements: Must contain uppercase, lowercase, number, and special character"],
    ["InvalidParameterException", "Invalid email address format.", 400, "Invalid email format"],
    ["TooManyRequestsException", "Rate exceeded", 503, "The service is temporarily unavailable. Please try again shortly."],
    ["LimitExceededException", "Attempt limit exceeded", 429, "Too many registration attempts. Please try again in 15 minutes."],
  ] as const)("%s", async (name, message, status, detail) => {
    // Prepare
    t.cognito.on(SignUpCommand).rejects(serviceError(name, message));
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ detail: detail === 400 ? "An account with this email already exists" : detail });
  });

  test("UserLambdaValidationException from PreSignUp: 400 with the trigger's user-facing message", async () => {
    // Prepare
    t.cognito.on(SignUpCommand).rejects(serviceError("UserLambdaValidationException", "PreSignUp failed with error Name must not contain control characters."));
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "Name must not contain control characters" });
  });

  test("InvalidParameterException that is not about the email is ours: a generic 500, Cognito's text withheld", async () => {
    // Prepare
    t.cognito.on(SignUpCommand).rejects(serviceError("InvalidParameterException", "Attributes did not conform to the schema: custom:country: Attribute does not exist in the schema."));
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    const body = await json(response);
    expect(response.status).toBe(500);
    expect(body.detail).toMatch(/^Registration failed: unexpected error \(request id [0-9a-f-]{36}\)$/);
    expect(JSON.stringify(body)).not.toMatch(/schema|custom:country/);
  });

  test("any other error: 500 'Registration failed: …' with a request id, never Cognito's message", async () => {
    // Prepare
    t.cognito.on(SignUpCommand).rejects(serviceError("ResourceNotFoundException", "arn:aws:lambda:us-east-1:123456789012:function:secret-name timed out"));
    // Act
    const response = await t.post("/api/auth/register", REGISTRATION);
    // Assess
    const body = await json(response);
    expect(response.status).toBe(500);
    expect(body).toEqual({ detail: `Registration failed: unexpected error (request id ${body.request_id})`, request_id: response.headers.get("x-request-id") });
    expect(JSON.stringify(body)).not.toMatch(/arn:|123456789012|timed out/);
  });
});

describe("checked before Cognito is called", () => {
  test.each([
    ["too short and missing classes", "password", /^Password does not meet requirements: Must be at least 12 characters; Must contain uppercase, lowercase, number, and special character/],
    ["a common password with a year", "Welcome@2025", /^Password does not meet requirements: Too common/],
    ["built on the person's own name", "JohnDoe2024!!", /Must not contain your name/],
  ])("password policy: %s → 400 and no SignUp", async (_label, password, detail) => {
    // Act
    const response = await t.post("/api/auth/register", { ...REGISTRATION, password });
    // Assess
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(detail);
    expect(signUpCalls()).toHaveLength(0);
  });

  test("the person's organization counts as their own words: a password accepted from anyone else is refused from its members", async () => {
    // Prepare: made-up words no dictionary holds, so only the organisation can make them cheap
    const password = "Brindlequay%Haskovar3";
    t.cognito.on(SignUpCommand).resolves({ UserSub: USER_SUB, UserConfirmed: false });
    // Act
    const elsewhere = await t.post("/api/auth/register", { ...REGISTRATION, organization: "IGAD ICPAC", password });
    const member = await t.post("/api/auth/register", { ...REGISTRATION, email: "member@example.org", organization: "Brindlequay Haskovar", password });
    // Assess
    expect(elsewhere.status).toBe(201); // the control: strong enough without the organisation
    expect(member.status).toBe(400);
    expect((await json(member)).detail).toBe("Password does not meet requirements: Must not contain your organization's name");
    expect(signUpCalls().map((call) => call.args[0].input.Username)).toEqual(["newuser@example.org"]);
  });

  test.each([
    [{ ...REGISTRATION, email: "not-an-email" }, "Invalid email format"],
    [{ ...REGISTRATION, email: "a@b@example.org" }, "Invalid email format"],
    [{ ...REGISTRATION, email: 42 }, "Invalid email format"],
    [{ ...REGISTRATION, email: `${"a".repeat(250)}@x.org` }, "Invalid email format"],
    [{ ...REGISTRATION, name: "<script>alert(1)</script>" }, "Name must not contain < or > or HTML entities"],
    [{ ...REGISTRATION, name: "Bad\u202EName" }, "Name must not contain control characters"],
    [{ ...REGISTRATION, name: "   " }, "Name is required"],
    [{ ...REGISTRATION, country: "Atlantis" }, "Country must be an ISO 3166-1 country name or two-letter code, for example Kenya or KE"],
    [{ email: "a@example.org", password: STRONG_PASSWORD }, "name is required"],
    [{ email: "a@example.org", name: "A" }, "password is required"],
    [{ password: STRONG_PASSWORD, name: "A" }, "email is required"],
    [{ ...REGISTRATION, password: "" }, "password is required"],
    [{ ...REGISTRATION, name: ["John"] }, "name must be a string"],
  ])("profile and email: %j → 400 %s, no SignUp", async (body, detail) => {
    // Act
    const response = await t.post("/api/auth/register", body);
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail });
    expect(signUpCalls()).toHaveLength(0);
  });

  test.each([["role"], ["custom:role"], ["is_admin"], ["custom:organization"]])("a body with %s is refused, not ignored", async (key) => {
    // Act
    const response = await t.post("/api/auth/register", { ...REGISTRATION, [key]: "admin" });
    // Assess
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: `Unknown field: ${key}` });
    expect(signUpCalls()).toHaveLength(0);
  });
});
