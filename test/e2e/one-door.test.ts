/**
 * Issue 14 as an attacker tries it, against the local stack (cognito-local with our triggers and
 * the adapters that make it refuse what AWS refuses): around the API straight to the pool with the
 * AWS SDK, and through the API as strangers with several source addresses (127.0.0.x on loopback,
 * which the API sees as the caller's IP, as API Gateway's sourceIp on AWS). Every scenario ends
 * with the owner signed in.
 */
import { request as httpRequest } from "node:http";
import {
  ChangePasswordCommand,
  DeleteUserCommand,
  GetUserCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { stackTimeout, startStack, type RunningStack } from "./local-stack";

const OWNER_PASSWORD = "Tangerine-Orbit-Velvet-73";
const STRANGER_PASSWORD = "Lantern#Quartz-Meadow-58";
const NEW_PASSWORD = "Copper-Harbour-Violin-41";
/** A source address of its own for each actor of each test, so no test meets another's per-address limits. */
let lastHost = 2;
const nextIp = () => `127.0.${Math.floor(++lastHost / 250)}.${(lastHost % 250) + 2}`;
let OWNER_IP = nextIp();
let STRANGER_IPS = [nextIp(), nextIp(), nextIp()];
beforeEach(() => {
  OWNER_IP = nextIp();
  STRANGER_IPS = [nextIp(), nextIp(), nextIp()];
});

let stack: RunningStack;
beforeAll(async () => {
  stack = await startStack({ BOOTSTRAP_ADMIN_EMAILS: "boss@igad.int,chief@example.org" });
}, stackTimeout());
afterAll(() => stack?.stop());

let serial = 0;
const fresh = (domain = "example.org") => `person${Date.now()}x${serial++}@${domain}`;

interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/** One request to the API from source address `ip`. */
function from(ip: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, stack.apiUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        localAddress: ip,
        headers: { ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
const post = (ip: string, path: string, body: unknown, headers?: Record<string, string>) => from(ip, "POST", `/api/auth/${path}`, body, headers);
const me = (ip: string, token: string) => from(ip, "GET", "/api/auth/me", undefined, { authorization: `Bearer ${token}` });
const login = (ip: string, email: string, password: string) => post(ip, "login", { username: email, password });
const mailCount = async (email: string) => ((await stack.get(`/_local/mailbox/${encodeURIComponent(email)}`)).body as unknown[]).length;

async function registerAndVerify(email: string, password = OWNER_PASSWORD, ip = OWNER_IP): Promise<void> {
  const started = Date.now();
  expect((await post(ip, "register", { email, password, name: "Amina Hassan" })).status).toBe(201);
  expect((await post(ip, "verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
}

/** The owner of `email`'s mailbox takes the account back: forgot-password, then reset-password with the code. */
async function ownerResets(email: string, password = NEW_PASSWORD): Promise<void> {
  const started = Date.now();
  expect((await post(OWNER_IP, "forgot-password", { email })).status).toBe(200);
  const reset = await post(OWNER_IP, "reset-password", { email, code: await stack.latestCode(email, started), new_password: password });
  expect(reset).toMatchObject({ status: 200 });
}

async function expectOwnerSignsIn(email: string, password: string): Promise<string> {
  const signedIn = await login(OWNER_IP, email, password);
  expect(signedIn.status).toBe(200);
  const profile = await me(OWNER_IP, signedIn.body.access_token);
  expect(profile.status).toBe(200);
  expect(profile.body.email).toBe(email);
  return signedIn.body.access_token;
}

describe("no way into the pool around the API", () => {
  test.each(["api", "hosted UI"])("SignUp straight to the pool with the %s client's id fails, with or without a made-up SECRET_HASH", async (which) => {
    const clientId = which === "api" ? stack.apiClientId : stack.hostedUiClientId;
    const email = fresh();
    for (const SecretHash of [undefined, "bm90IHRoZSBoYXNo"]) {
      const attempt = stack.cognito.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: "Password123!", SecretHash, UserAttributes: [{ Name: "email", Value: email }] }));
      await expect(attempt).rejects.toMatchObject({ name: "NotAuthorizedException" });
    }
    expect((await login(OWNER_IP, email, "Password123!")).status).not.toBe(200);
  });

  test("a person's own access token changes nothing on the pool directly", async () => {
    const email = fresh();
    await registerAndVerify(email);
    const token = (await login(OWNER_IP, email, OWNER_PASSWORD)).body.access_token as string;
    const attempts = [
      new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "name", Value: "<script>alert(1)</script>" }, { Name: "custom:organization", Value: "<script>" }] }),
      new ChangePasswordCommand({ AccessToken: token, PreviousPassword: OWNER_PASSWORD, ProposedPassword: "Password123!" }),
      new DeleteUserCommand({ AccessToken: token }),
      new GetUserCommand({ AccessToken: token }),
    ];
    for (const command of attempts) await expect(stack.cognito.send(command as never)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    // And through the API, the same token works, under the API's rules.
    const profile = await me(OWNER_IP, token);
    expect(profile.body).toMatchObject({ email, name: "Amina Hassan" });
    expect((await from(OWNER_IP, "PATCH", "/api/auth/me", { name: "<b>x</b>" }, { authorization: `Bearer ${token}` })).status).toBe(400);
    expect((await login(OWNER_IP, email, "Password123!")).status).toBe(401);
  });
});

describe("sessions end when the password changes, and the owner always wins", () => {
  test("a stranger pre-registers the address and its owner follows the email from elsewhere: the stranger's password never signs in, and the owner resets it from the mailbox", async () => {
    const email = fresh();
    const started = Date.now();
    expect((await post(STRANGER_IPS[0]!, "register", { email, password: STRANGER_PASSWORD, name: "Not The Owner" })).status).toBe(201);
    // The owner follows the email they received, from another address than the registration's.
    const verified = await post(OWNER_IP, "verify-email", { email, code: await stack.latestCode(email, started) });
    expect(verified).toMatchObject({ status: 200, body: { email_verified: true, message: expect.stringContaining("choose your password with the reset code") } });
    expect((await login(STRANGER_IPS[0]!, email, STRANGER_PASSWORD)).status).toBe(401);
    expect((await post(OWNER_IP, "reset-password", { email, code: await stack.latestCode(email, started), new_password: NEW_PASSWORD })).status).toBe(200);
    await expectOwnerSignsIn(email, NEW_PASSWORD);
    expect((await login(STRANGER_IPS[0]!, email, STRANGER_PASSWORD)).status).toBe(401);
  });

  test("a password change ends the other sessions; the new password signs in at once", async () => {
    const email = fresh();
    await registerAndVerify(email);
    const laptop = await login(OWNER_IP, email, OWNER_PASSWORD);
    const phone = await login(STRANGER_IPS[1]!, email, OWNER_PASSWORD);
    const changed = await post(OWNER_IP, "change-password", { current_password: OWNER_PASSWORD, new_password: NEW_PASSWORD }, { authorization: `Bearer ${laptop.body.access_token}` });
    expect(changed.status).toBe(200);
    for (const session of [laptop, phone]) {
      expect((await me(OWNER_IP, session.body.access_token)).status).toBe(401);
      expect((await post(OWNER_IP, "refresh", { refresh_token: session.body.refresh_token, user_id: session.body.user.user_id })).status).toBe(401);
    }
    await expectOwnerSignsIn(email, NEW_PASSWORD);
  });

  test("an internal address a stranger registered (auto-confirmed, never verified) goes back to its owner through forgot/reset", async () => {
    const email = fresh("igad.int");
    const registered = await post(STRANGER_IPS[0]!, "register", { email, password: STRANGER_PASSWORD, name: "Squatter" });
    expect(registered.body).toMatchObject({ verification_required: false, email_verified: false });
    const stranger = await login(STRANGER_IPS[0]!, email, STRANGER_PASSWORD);
    expect(stranger.status).toBe(200);
    expect((await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Owner" })).status).toBe(400);
    await ownerResets(email);
    expect((await me(STRANGER_IPS[0]!, stranger.body.access_token)).status).toBe(401);
    expect((await post(STRANGER_IPS[0]!, "refresh", { refresh_token: stranger.body.refresh_token, user_id: stranger.body.user.user_id })).status).toBe(401);
    expect((await login(STRANGER_IPS[0]!, email, STRANGER_PASSWORD)).status).toBe(401);
    const token = await expectOwnerSignsIn(email, NEW_PASSWORD);
    expect((await me(OWNER_IP, token)).body).toMatchObject({ email_verified: true });
  });

  test("a bootstrap administrator's address squatted by a stranger: the stranger never holds the role; the owner does after the reset", async () => {
    const email = "boss@igad.int";
    expect((await post(STRANGER_IPS[2]!, "register", { email, password: STRANGER_PASSWORD, name: "Squatter" })).status).toBe(201);
    const stranger = await login(STRANGER_IPS[2]!, email, STRANGER_PASSWORD);
    expect(stranger.body.user).toMatchObject({ role: "user", is_admin: false });
    expect((await me(STRANGER_IPS[2]!, stranger.body.access_token)).body).toMatchObject({ role: "user", is_admin: false, email_verified: false });
    await ownerResets(email);
    expect((await me(STRANGER_IPS[2]!, stranger.body.access_token)).status).toBe(401);
    const owner = await login(OWNER_IP, email, NEW_PASSWORD);
    expect(owner.body.user).toMatchObject({ role: "admin", is_admin: true });
  });

  test("a bootstrap administrator's address a stranger registered, verified by its confused owner: the stranger's password stops working at once, and only the mailbox's reader becomes administrator", async () => {
    const email = "chief@example.org";
    const started = Date.now();
    expect((await post(STRANGER_IPS[0]!, "register", { email, password: STRANGER_PASSWORD, name: "Not The Chief" })).status).toBe(201);
    expect((await post(OWNER_IP, "verify-email", { email, code: await stack.latestCode(email, started) })).status).toBe(200);
    expect((await login(STRANGER_IPS[0]!, email, STRANGER_PASSWORD)).status).toBe(401);
    const resetCode = await stack.latestCode(email, started);
    expect((await post(OWNER_IP, "reset-password", { email, code: resetCode, new_password: NEW_PASSWORD })).status).toBe(200);
    expect((await login(OWNER_IP, email, NEW_PASSWORD)).body.user).toMatchObject({ role: "admin", is_admin: true });
    // A stranger's verify-email on the confirmed address, with any code, locks nothing: the administrator still signs in.
    for (const code of ["000000", "123456", resetCode]) expect((await post(STRANGER_IPS[1]!, "verify-email", { email, code })).status).toBe(400);
    expect((await login(OWNER_IP, email, NEW_PASSWORD)).status).toBe(200);
  });

  test("the owner, told the address is taken, verifies with the emailed code: the stranger's password stops working and the owner chooses theirs from the mailbox", async () => {
    const email = fresh();
    const started = Date.now();
    expect((await post(STRANGER_IPS[0]!, "register", { email, password: STRANGER_PASSWORD, name: "Not The Owner" })).status).toBe(201);
    const code = await stack.latestCode(email, started);
    expect((await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Owner" })).status).toBe(400);
    const verified = await post(OWNER_IP, "verify-email", { email, code });
    expect(verified).toMatchObject({ status: 200, body: { email_verified: true, message: expect.stringContaining("choose your password with the reset code") } });
    expect((await login(STRANGER_IPS[0]!, email, STRANGER_PASSWORD)).status).toBe(401);
    const resetCode = await stack.latestCode(email, started);
    expect(resetCode).not.toBe(code);
    expect((await post(OWNER_IP, "reset-password", { email, code: resetCode, new_password: NEW_PASSWORD })).status).toBe(200);
    await expectOwnerSignsIn(email, NEW_PASSWORD);
  });

  test("the owner's forgot-password on a stranger's never-confirmed registration, then the /verify link instead of the reset page: still the owner's password, never the stranger's", async () => {
    const email = fresh();
    expect((await post(STRANGER_IPS[1]!, "register", { email, password: STRANGER_PASSWORD, name: "Not The Owner" })).status).toBe(201);
    const asked = Date.now();
    expect((await post(OWNER_IP, "forgot-password", { email })).status).toBe(200);
    const code = await stack.latestCode(email, asked);
    expect((await post(OWNER_IP, "verify-email", { email, code })).status).toBe(200);
    expect((await login(STRANGER_IPS[1]!, email, STRANGER_PASSWORD)).status).toBe(401);
    expect((await post(OWNER_IP, "reset-password", { email, code: await stack.latestCode(email, asked), new_password: NEW_PASSWORD })).status).toBe(200);
    await expectOwnerSignsIn(email, NEW_PASSWORD);
  });

  test("a never-confirmed registration with a stranger's password: the owner takes it with forgot/reset, and the stranger's password never works", async () => {
    const email = fresh();
    expect((await post(STRANGER_IPS[1]!, "register", { email, password: STRANGER_PASSWORD, name: "Not The Owner" })).status).toBe(201);
    // The owner tries to register, is told the address is taken, and does what the page suggests.
    expect((await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Owner" })).body).toEqual({ detail: "An account with this email already exists" });
    await ownerResets(email);
    expect((await login(STRANGER_IPS[1]!, email, STRANGER_PASSWORD)).status).toBe(401);
    const token = await expectOwnerSignsIn(email, NEW_PASSWORD);
    expect((await me(OWNER_IP, token)).body).toMatchObject({ email_verified: true });
  });

  test("the owner's retry of their own pending registration answers as the first did", async () => {
    const email = fresh();
    const first = await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Amina Hassan" });
    const again = await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Amina Hassan" });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });
});

describe("strangers with several source addresses cannot lock the owner out", () => {
  test("wrong verification codes from elsewhere leave the owner's code working", async () => {
    const email = fresh();
    const started = Date.now();
    await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Amina Hassan" });
    const code = await stack.latestCode(email, started);
    const wrong = code === "000000" ? "000001" : "000000";
    for (const ip of STRANGER_IPS.slice(0, 2)) for (let i = 0; i < 4; i++) await post(ip, "verify-email", { email, code: wrong });
    expect((await post(OWNER_IP, "verify-email", { email, code })).status).toBe(200);
  });

  test("wrong codes from many addresses reach the code's ceiling for strangers, never for the owner who asked for it; a fresh code works too", async () => {
    const email = fresh();
    const started = Date.now();
    await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Amina Hassan" });
    const code = await stack.latestCode(email, started);
    const wrong = code === "000000" ? "000001" : "000000";
    // 3 tries per address (the 4th refused); an address's first try is free, its repeats count: 6 addresses pass the 10 repeats allowed
    const strangers = [...STRANGER_IPS, nextIp(), nextIp(), nextIp()];
    for (const ip of strangers) for (let i = 0; i < 3; i++) await post(ip, "verify-email", { email, code: wrong });
    const burnt = await post(strangers[0]!, "verify-email", { email, code: wrong });
    expect(burnt.status).toBe(429);
    expect(Number(burnt.headers["retry-after"])).toBeGreaterThan(0);
    expect(burnt.body.detail).toMatch(/Request a new code, or try again in \d+ minutes?\.$/);
    // The owner, who asked for this code, still has their tries.
    expect((await post(OWNER_IP, "verify-email", { email, code: wrong })).status).toBe(400);
    expect((await post(OWNER_IP, "verify-email", { email, code })).status).toBe(200);
  });

  test("a code a stranger asked for (and so sent to the owner's mailbox): the owner's first try with it always counts, and a code they ask for works", async () => {
    const email = fresh();
    const started = Date.now();
    await post(OWNER_IP, "register", { email, password: OWNER_PASSWORD, name: "Amina Hassan" });
    await stack.latestCode(email, started);
    const asked = Date.now();
    expect((await post(STRANGER_IPS[0]!, "resend-verification", { email })).status).toBe(200);
    const code = await stack.latestCode(email, asked);
    const wrong = code === "000000" ? "000001" : "000000";
    for (const ip of [...STRANGER_IPS, nextIp(), nextIp(), nextIp()]) for (let i = 0; i < 3; i++) await post(ip, "verify-email", { email, code: wrong });
    expect((await post(OWNER_IP, "verify-email", { email, code })).status).toBe(200);
  });

  test("forgot-password requests by others never stop the owner's own, and wrong reset codes leave the owner's code working", async () => {
    const email = fresh();
    await registerAndVerify(email);
    for (const ip of STRANGER_IPS) for (let i = 0; i < 6; i++) await post(ip, "forgot-password", { email });
    const before = await mailCount(email);
    const started = Date.now();
    expect((await post(OWNER_IP, "forgot-password", { email })).status).toBe(200);
    const code = await stack.latestCode(email, started);
    expect(await mailCount(email)).toBe(before + 1);
    const wrong = code === "000000" ? "000001" : "000000";
    for (let i = 0; i < 4; i++) await post(STRANGER_IPS[0]!, "reset-password", { email, code: wrong, new_password: STRANGER_PASSWORD });
    expect((await post(OWNER_IP, "reset-password", { email, code, new_password: NEW_PASSWORD })).status).toBe(200);
    await expectOwnerSignsIn(email, NEW_PASSWORD);
  });

  test("malformed sign-ups do not use up an address's sign-ups", async () => {
    const ip = nextIp();
    for (let i = 0; i < 8; i++) expect((await post(ip, "register", { email: fresh(), password: "short", name: "Typo" })).status).toBe(400);
    expect((await post(ip, "register", { email: fresh(), password: OWNER_PASSWORD, name: "Amina Hassan" })).status).toBe(201);
  });
});

test("spraying one address's wrong passwords over many accounts is stopped well before 100 failures, and says how long to wait", async () => {
  const ip = nextIp();
  const accounts = Array.from({ length: 60 }, () => fresh());
  const statuses: number[] = [];
  let limited: Answer | undefined;
  for (let i = 0; i < 120 && !limited; i++) {
    const answer = await login(ip, accounts[i % accounts.length]!, `Wrong-Guess-${i}-Xy!`);
    statuses.push(answer.status);
    if (answer.status === 429) limited = answer;
  }
  expect(limited).toBeDefined();
  expect(statuses.filter((s) => s === 401 || s === 404).length).toBeLessThan(100);
  expect(Number(limited!.headers["retry-after"])).toBeGreaterThan(0);
  expect(limited!.body.detail).toMatch(/try again in \d+ minutes?\.$/);
  // The office next door (another address) signs in as usual.
  const email = fresh();
  const office = nextIp();
  await registerAndVerify(email, OWNER_PASSWORD, office);
  expect((await login(office, email, OWNER_PASSWORD)).status).toBe(200);
}, 120_000);

test("a burst of sign-ins at once from one address cannot slip past the failure limit before the failures are counted", async () => {
  const ip = nextIp();
  const owners = [fresh(), fresh(), fresh()];
  for (const email of owners) await registerAndVerify(email, OWNER_PASSWORD, nextIp());
  const guesses = Array.from({ length: 40 }, (_, i) => ({ username: fresh(), password: `Wrong-Guess-${i}-Xy!` }));
  const burst = [...guesses.slice(0, 20), ...owners.map((username) => ({ username, password: OWNER_PASSWORD })), ...guesses.slice(20)];
  const answers = await Promise.all(burst.map((body) => post(ip, "login", body)));
  const limited = answers.filter((a) => a.status === 429).length;
  // 30 failures are allowed per address; whatever the order, no more than that (and the 3 right ones) got through.
  expect(answers.length - limited).toBeLessThanOrEqual(30 + owners.length);
  expect(limited).toBeGreaterThanOrEqual(burst.length - 30 - owners.length);
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
}, 120_000);

test("threat protection sees the person: the pool receives the caller's address and browser headers, never their values in the record", async () => {
  const email = fresh();
  const ip = nextIp();
  await registerAndVerify(email, OWNER_PASSWORD, ip);
  expect((await login(ip, email, OWNER_PASSWORD)).status).toBe(200);
  const seen = (await stack.get("/_local/cognito-context")).body as Array<{ operation: string; ipAddress: string | null; headerNames: string[] }>;
  const signIn = seen.filter((entry) => entry.operation === "AdminInitiateAuth" && entry.ipAddress === ip);
  expect(signIn.length).toBeGreaterThan(0);
  for (const operation of ["SignUp", "ConfirmSignUp"]) expect(seen.some((entry) => entry.operation === operation && entry.ipAddress === ip)).toBe(true);
});
