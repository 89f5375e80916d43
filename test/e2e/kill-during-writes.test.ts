/**
 * The local stack's users survive any stop: the stack is killed (kill -9, SIGTERM, Ctrl-C)
 * in the middle of a burst of registrations, round after round on one data directory, and
 * every account whose registration was answered 201 is still there after the restart, in
 * the same pool. A data file that is damaged anyway (empty, cut short, edited) stops the
 * start with a message naming it and what to do, and nothing is written over it.
 */
import { ListUserPoolClientsCommand, ListUserPoolsCommand, ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RELAXED_LIMITS, stackTimeout, startStack, STRONG_PASSWORD, type RunningStack } from "./local-stack";

const dataDir = mkdtempSync(join(tmpdir(), "local-stack-kill-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Registrations kept in flight at once: each worker sends its next as soon as one is answered. */
const IN_FLIGHT = 8;
/** The stop comes once this many registrations of the round have been answered 201, the others still in flight. */
const STOP_AFTER_CREATED = 4;
/** A round that cannot get that many through stops anyway after this many registrations (and fails below). */
const MAX_PER_ROUND = 200;
const ROUNDS: NodeJS.Signals[] = ["SIGKILL", "SIGTERM", "SIGKILL", "SIGINT"];

async function emailsInPool(stack: RunningStack): Promise<string[]> {
  const { Users } = await stack.cognito.send(new ListUsersCommand({ UserPoolId: stack.userPoolId }));
  return (Users ?? []).map((u) => u.Attributes?.find((a) => a.Name === "email")?.Value ?? "");
}

/**
 * Keeps IN_FLIGHT registrations going and stops the stack with `signal` once STOP_AFTER_CREATED
 * were answered 201, the rest still in flight: the emails answered 201, how many requests the stop
 * cut off (no answer at all), and any answer before the stop other than 201 or the API's 503.
 * (Counting 201s, not answers: 24 registrations at once on a loaded machine overran the API's
 * dependency deadlines, and the first answers of a round were all 503, so nothing was created.)
 */
async function burstThenStop(stack: RunningStack, round: number, signal: NodeJS.Signals): Promise<{ created: string[]; cut: number; unexpected: number[] }> {
  const created: string[] = [];
  const unexpected: number[] = [];
  let cut = 0;
  let sent = 0;
  let stopped: Promise<number | null> | undefined;
  const stop = () => (stopped ??= stack.stop(signal));
  const worker = async () => {
    while (!stopped) {
      if (sent === MAX_PER_ROUND) return void stop();
      const email = `kill${round}.${sent++}.${Date.now().toString(36)}@example.org`;
      const response = await stack.post("/api/auth/register", { email, password: STRONG_PASSWORD, name: `Round ${round}` }).catch(() => undefined);
      if (!response) cut += 1;
      else if (response.status === 201) created.push(email);
      else if (response.status !== 503 && !stopped) unexpected.push(response.status); // 503: the API gave up waiting, and said so; once stopping, anything goes
      if (created.length >= STOP_AFTER_CREATED) stop();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await stopped;
  return { created, cut, unexpected };
}

test("every account answered 201 survives kill -9, SIGTERM and Ctrl-C in the middle of a burst, in the same pool", async () => {
  const survivors: string[] = [];
  let poolAndClients: string[] | undefined;
  let cutInAll = 0;
  for (const [round, signal] of ROUNDS.entries()) {
    const stack = await startStack(RELAXED_LIMITS, { dataDir });
    try {
      const ids = [stack.userPoolId, stack.apiClientId, stack.hostedUiClientId];
      poolAndClients ??= ids;
      expect(ids).toEqual(poolAndClients);
      expect((await stack.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools).toHaveLength(1);
      const inPool = await emailsInPool(stack);
      expect(inPool).toEqual(expect.arrayContaining(survivors));
      expect(new Set(inPool).size).toBe(inPool.length);
    } catch (error) {
      await stack.stop("SIGKILL");
      throw error;
    }
    const { created, cut, unexpected } = await burstThenStop(stack, round, signal);
    expect(unexpected).toEqual([]);
    expect(created.length).toBeGreaterThanOrEqual(STOP_AFTER_CREATED);
    survivors.push(...created);
    cutInAll += cut;
  }
  // The stops really fell inside the bursts: some registrations never got their answer.
  expect(cutInAll).toBeGreaterThan(0);

  const last = await startStack(RELAXED_LIMITS, { dataDir });
  try {
    expect([last.userPoolId, last.apiClientId, last.hostedUiClientId]).toEqual(poolAndClients);
    expect(await emailsInPool(last)).toEqual(expect.arrayContaining(survivors));
    const clients = await last.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: last.userPoolId, MaxResults: 60 }));
    expect(clients.UserPoolClients?.map((c) => c.ClientName).sort()).toEqual(["api", "api-self-service", "hosted-ui"]);
    // A survivor's account is whole, not only its name: it verifies and signs in with its password.
    const email = survivors[0]!;
    const asked = Date.now();
    expect((await last.post("/api/auth/resend-verification", { email })).status).toBe(200);
    expect((await last.post("/api/auth/verify-email", { email, code: await last.latestCode(email, asked) })).status).toBe(200);
    expect((await last.post("/api/auth/login", { username: email, password: STRONG_PASSWORD })).status).toBe(200);
  } finally {
    await last.stop("SIGTERM");
  }
  // No temporary file of an interrupted write is left behind once a start has cleaned up.
  expect(readdirSync(join(dataDir, "cognito")).filter((name) => !name.endsWith(".json"))).toEqual([]);
}, stackTimeout(ROUNDS.length + 1, 120_000));

describe("a damaged data file stops the start with what happened and what to do", () => {
  // A data directory of its own (a pool with one account, stopped cleanly), so these tests hold
  // whatever happened to the rounds above, and run on their own with -t too.
  const soundDir = mkdtempSync(join(tmpdir(), "local-stack-sound-"));
  beforeAll(async () => {
    const stack = await startStack(RELAXED_LIMITS, { dataDir: soundDir });
    try {
      expect((await stack.post("/api/auth/register", { email: "sound@example.org", password: STRONG_PASSWORD, name: "Sound" })).status).toBe(201);
    } finally {
      expect(await stack.stop("SIGTERM")).toBe(0);
    }
  }, stackTimeout());
  afterAll(() => rmSync(soundDir, { recursive: true, force: true }));

  /** A copy of that data directory, with one file replaced by `content`. */
  function damagedCopy(pick: (files: string[]) => string, content: string): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), "local-stack-damaged-"));
    cpSync(soundDir, dir, { recursive: true });
    const files = readdirSync(join(dir, "cognito")).map((name) => join(dir, "cognito", name));
    files.push(join(dir, "revoked-token-origins.json"));
    const file = pick(files);
    writeFileSync(file, content);
    return { dir, file };
  }
  const poolFile = (files: string[]) => files.find((f) => /[\\/]local_\w+\.json$/.test(f))!;
  const clientsFile = (files: string[]) => files.find((f) => f.endsWith("clients.json"))!;
  const revocationsFile = (files: string[]) => files.find((f) => f.endsWith("revoked-token-origins.json"))!;

  test.each([
    ["the user pool file is empty", poolFile, "", "is empty"],
    ["the user pool file is cut short", poolFile, '{\n  "Users": {\n    "5a1', "is not valid JSON"],
    ["the user pool file holds an empty object", poolFile, "{}", 'is not a JSON object with "Users" and "Options"'],
    ["the clients file is empty", clientsFile, "   \n", "is empty"],
    ["the token revocations file is garbled", revocationsFile, '["a", 1]', "is not a JSON list of strings"],
  ])("%s", async (_case, pick, content, problem) => {
    const { dir, file } = damagedCopy(pick, content);
    try {
      const poolFilesBefore = readdirSync(join(dir, "cognito")).sort();
      const failure = await startStack(RELAXED_LIMITS, { dataDir: dir }).then(
        async (stack) => {
          await stack.stop("SIGKILL");
          return "it started";
        },
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/^local stack exited with 1:/);
      expect(failure).toContain(`The local stack could not start: the data file ${file} ${problem}.`);
      expect(failure).toContain(`Restore the file from a backup, or delete the data directory ${dir} (LOCAL_DATA_DIR)`);
      // Nothing was written over the damaged file, and no fresh pool was made beside it.
      expect(readFileSync(file, "utf8")).toBe(content);
      expect(readdirSync(join(dir, "cognito")).sort()).toEqual(poolFilesBefore);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, stackTimeout());

  test("the copy itself is sound: the same data directory, undamaged, starts", async () => {
    expect(existsSync(join(soundDir, "cognito"))).toBe(true);
    const stack = await startStack(RELAXED_LIMITS, { dataDir: soundDir });
    expect(await stack.stop("SIGTERM")).toBe(0);
  }, stackTimeout());
});
