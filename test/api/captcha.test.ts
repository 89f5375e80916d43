/**
 * The CAPTCHA on registration (api/captcha.ts): GET /captcha's challenge, and POST /register
 * with captchaOnRegister on and off. Challenges are solved for real with altcha-lib's solver;
 * the replay record lives in a Set behind the DynamoDB mock, with the write's condition.
 */
import { hkdfSync } from "node:crypto";
import { SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { ConditionalCheckFailedException, UpdateItemCommand, type UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { createChallenge, solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { CHALLENGE_COST, CHALLENGE_TTL_SECONDS, captchaKeys } from "../../api/captcha";
import { buildTestApp, CLIENT_SECRET, json, serviceError, STRONG_PASSWORD, type TestApp } from "./support";

const REGISTRATION = { email: "newuser@example.org", password: STRONG_PASSWORD, name: "John Doe" };
const FAILED = { detail: "CAPTCHA verification failed" };

let t: TestApp;
let puts: UpdateItemCommandInput[];
function build(env: Record<string, string>, now?: () => number) {
  t = buildTestApp(env, now ? { now } : {});
  puts = [];
  const recorded = new Set<string>();
  // Only the replay record's conditional write; the rate limiter's UpdateItems keep support.ts's counters.
  t.dynamo.on(UpdateItemCommand, { ConditionExpression: "attribute_not_exists(pk)" }).callsFake((input: UpdateItemCommandInput) => {
    puts.push(input);
    const key = input.Key!.pk!.S!;
    if (input.ConditionExpression === "attribute_not_exists(pk)" && recorded.has(key)) {
      throw new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });
    }
    recorded.add(key);
    return {};
  });
  t.cognito.on(SignUpCommand).resolves({ UserSub: "a1b2c3d4-e5f6-7890-abcd-ef1234567890", UserConfirmed: false });
}
const ON = { CAPTCHA_ON_REGISTER: "true" };

async function fetchChallenge(): Promise<Challenge> {
  const response = await t.app.request("/api/auth/captcha");
  expect(response.status).toBe(200);
  return (await response.json()) as Challenge;
}
/** What the widget posts: base64 of {challenge, solution}. */
async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  expect(solution).not.toBeNull();
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}
const register = (altcha?: unknown) => t.post("/api/auth/register", altcha === undefined ? REGISTRATION : { ...REGISTRATION, altcha });

describe("GET /api/auth/captcha", () => {
  test("a signed PBKDF2 challenge in the widget's format, expiring in 10 minutes, never cached", async () => {
    build({});
    const before = Math.floor(Date.now() / 1000);
    const response = await t.app.request("/api/auth/captcha");
    const after = Math.floor(Date.now() / 1000);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const challenge = (await response.json()) as Challenge;
    expect(challenge).toEqual({
      parameters: {
        algorithm: "PBKDF2/SHA-256",
        cost: CHALLENGE_COST,
        keyLength: 32,
        keyPrefix: expect.stringMatching(/^[0-9a-f]{32}$/),
        keySignature: expect.stringMatching(/^[0-9a-f]{64}$/),
        nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
        salt: expect.stringMatching(/^[0-9a-f]{32}$/),
        expiresAt: expect.any(Number),
      },
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The API read its clock between our two reads: 10 minutes from then, however long the request took.
    expect(challenge.parameters.expiresAt! - before).toBeGreaterThanOrEqual(CHALLENGE_TTL_SECONDS);
    expect(challenge.parameters.expiresAt! - after).toBeLessThanOrEqual(CHALLENGE_TTL_SECONDS);
    const other = await fetchChallenge();
    expect(other.parameters.nonce).not.toBe(challenge.parameters.nonce);
  });

  test("the HMAC keys are HKDF-SHA256 of the client secret with info altcha-hmac, and differ from it", () => {
    const bytes = Buffer.from(hkdfSync("sha256", CLIENT_SECRET, Buffer.alloc(0), "altcha-hmac", 64)).toString("hex");
    const keys = captchaKeys(CLIENT_SECRET);
    expect(keys.challengeKey + keys.solutionKey).toBe(bytes);
    expect(keys.challengeKey).not.toBe(keys.solutionKey);
    expect(captchaKeys("another secret").challengeKey).not.toBe(keys.challengeKey);
  });
});

describe("POST /api/auth/register with captchaOnRegister on", () => {
  test("a solved challenge registers, and is recorded once with the challenge's expiry as TTL", async () => {
    build(ON);
    const challenge = await fetchChallenge();
    const response = await register(await solve(challenge));
    expect(response.status).toBe(201);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(1);
    expect(puts).toEqual([
      {
        TableName: t.config.rateLimitTable,
        Key: { pk: { S: `altcha#${challenge.signature}` } },
        UpdateExpression: "SET expiresAt = :expires",
        ConditionExpression: "attribute_not_exists(pk)",
        ExpressionAttributeValues: { ":expires": { N: String(challenge.parameters.expiresAt! + 60) } },
      },
    ]);
  });

  test("the same solution twice: the second is refused before Cognito", async () => {
    build(ON);
    const payload = await solve(await fetchChallenge());
    expect((await register(payload)).status).toBe(201);
    const again = await register(payload);
    expect(again.status).toBe(400);
    expect(await json(again)).toEqual(FAILED);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(1);
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["not base64", "%%%not-base64%%%"],
    ["base64 of something else", Buffer.from('{"hello":"world"}').toString("base64")],
    ["the widget's test-mode payload", Buffer.from(JSON.stringify({ challenge: null, solution: null, test: true })).toString("base64")],
  ])("%s is refused with the documented 400, before the password check and Cognito", async (_what, altcha) => {
    build(ON);
    const response = await t.post("/api/auth/register", altcha === undefined ? { ...REGISTRATION, password: "weak" } : { ...REGISTRATION, password: "weak", altcha });
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual(FAILED);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
    expect(puts).toHaveLength(0);
  });

  test("a wrong answer, a changed challenge or a forged signature is refused", async () => {
    build(ON);
    const challenge = await fetchChallenge();
    const solution = (await solveChallenge({ challenge, deriveKey }))!;
    const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64");
    const wrongKey = { ...solution, derivedKey: solution.derivedKey.replace(/.$/, (c) => (c === "0" ? "1" : "0")) };
    expect(await json(await register(encode({ challenge, solution: wrongKey })))).toEqual(FAILED);
    const cheaper = { ...challenge, parameters: { ...challenge.parameters, cost: 1 } };
    expect(await json(await register(encode({ challenge: cheaper, solution })))).toEqual(FAILED);
    const later = { ...challenge, parameters: { ...challenge.parameters, expiresAt: challenge.parameters.expiresAt! + 3600 } };
    expect(await json(await register(encode({ challenge: later, solution })))).toEqual(FAILED);
    // Signed with another key, solved for real: not ours.
    const forged = await createChallenge({ algorithm: "PBKDF2/SHA-256", cost: 10, counter: 5, deriveKey, hmacSignatureSecret: "guess", hmacKeySignatureSecret: "guess2", expiresAt: Math.floor(Date.now() / 1000) + 600 });
    expect(await json(await register(await solve(forged)))).toEqual(FAILED);
    // Without the key signature the challenge's own signature no longer matches either.
    const { keySignature: _dropped, ...withoutKeySignature } = challenge.parameters;
    expect(await json(await register(encode({ challenge: { ...challenge, parameters: withoutKeySignature }, solution })))).toEqual(FAILED);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
    expect(puts).toHaveLength(0);
  });

  test("an expired challenge is refused, even solved", async () => {
    // The API's clock 11 minutes behind: the challenge it issues has already expired by the real clock.
    build(ON, () => Date.now() - (CHALLENGE_TTL_SECONDS + 60) * 1000);
    const response = await register(await solve(await fetchChallenge()));
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual(FAILED);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
  });

  test("the replay table failing is a 503, not a registration without a check", async () => {
    build(ON);
    t.dynamo.on(UpdateItemCommand, { ConditionExpression: "attribute_not_exists(pk)" }).rejects(serviceError("ProvisionedThroughputExceededException"));
    const response = await register(await solve(await fetchChallenge()));
    expect(response.status).toBe(503);
    expect(t.cognito.commandCalls(SignUpCommand)).toHaveLength(0);
  });

  test("an oversized altcha field is refused by the schema", async () => {
    build(ON);
    const response = await register("A".repeat(5000));
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ detail: "altcha must be at most 4096 characters" });
  });
});

describe("POST /api/auth/register with captchaOnRegister off (the default)", () => {
  test("no altcha field is needed and nothing is recorded", async () => {
    build({});
    expect(t.config.account.captchaOnRegister).toBe(false);
    expect((await register()).status).toBe(201);
    expect(puts).toHaveLength(0);
  });

  test("an altcha field is accepted and ignored", async () => {
    build({});
    expect((await register("anything")).status).toBe(201);
    expect(puts).toHaveLength(0);
  });
});
