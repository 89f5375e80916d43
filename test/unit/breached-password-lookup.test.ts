/**
 * The breached-password lookup against a local server speaking the range protocol: a
 * listed password is refused, others are not, only the 5-character prefix ever leaves,
 * and every failure of the service (down, slow, garbage, huge, 500, redirect) fails open
 * with one warning that carries the cause only, and one metric.
 */
import { rangeQuery } from "../../policies/breached-password";
import { DEFAULT_SETTINGS } from "../../policies/settings";
import { breachedPasswordProblem, isPasswordBreached, type LookupFailure } from "../../triggers/shared/breached-password-lookup";
import { captureOutput } from "../support/capture-output";
import { startFakePwnedPasswords, unreachableApiUrl, type FakePwnedPasswords } from "../support/fake-pwned-passwords";

const BREACHED = "Summer2024!Breached";
const PADDED_ONLY = "Padding-Only-Entry-42";
const CLEAN = "Tangerine-Orbit-Velvet-73";

let fake: FakePwnedPasswords;
beforeEach(async () => {
  fake = await startFakePwnedPasswords({ [BREACHED]: 4211 }, [PADDED_ONLY]);
});
afterEach(() => fake.close());

/**
 * The fake answers at once except in "slow" mode, where it never does. So only that case waits for
 * a timeout (a short one), and every other case gets one that merely bounds a hang: on a loaded
 * machine a real answer can take longer than any timeout meant to be hit, and would be "timeout".
 */
const ANSWERING_TIMEOUT_MS = 15_000;
const SLOW_TIMEOUT_MS = 300;
const lookup = (password: string, apiUrl = fake.apiUrl, timeoutMs = ANSWERING_TIMEOUT_MS) => {
  const failures: LookupFailure[] = [];
  return isPasswordBreached(password, { apiUrl, timeoutMs, onUnavailable: (cause) => void failures.push(cause) }).then((breached) => ({ breached, failures }));
};

describe("answers from the range API", () => {
  test("a listed password is breached; an unlisted one and one listed only as padding (count 0) are not", async () => {
    // Act
    const results = [await lookup(BREACHED), await lookup(CLEAN), await lookup(PADDED_ONLY)];
    // Assess
    expect(results).toEqual([
      { breached: true, failures: [] },
      { breached: false, failures: [] },
      { breached: false, failures: [] },
    ]);
  });

  test("only the 5-character prefix leaves the process: one GET of <url><prefix> with Add-Padding, no body, nothing else of the hash or the password", async () => {
    // Prepare
    const { prefix, suffix } = rangeQuery(BREACHED);
    // Act
    await lookup(BREACHED);
    // Assess
    expect(fake.received).toHaveLength(1);
    const request = fake.received[0]!;
    expect(request.method).toBe("GET");
    expect(request.url).toBe(`/range/${prefix}`);
    expect(request.headers["add-padding"]).toBe("true");
    expect(request.body).toBe("");
    const everythingSent = JSON.stringify(request).toUpperCase();
    for (const secret of [suffix, suffix.slice(0, 8), suffix.slice(-8), BREACHED.toUpperCase()]) expect(everythingSent).not.toContain(secret);
  });
});

describe("fails open", () => {
  test.each<[string, FakePwnedPasswords["mode"], LookupFailure]>([
    ["an answer slower than the timeout", "slow", "timeout"],
    ["a 500", "status-500", "status"],
    ["an HTML page instead of a range answer", "garbage", "malformed"],
    ["a 2 MB body with its Content-Length", "huge", "too_large"],
    ["a 2 MB body streamed without Content-Length", "huge-chunked", "too_large"],
    ["a redirect (never followed)", "redirect", "network"],
  ])("%s: a listed password is let through, the cause reported", async (_name, mode, cause) => {
    // Prepare
    fake.mode = mode;
    // Act
    const result = await lookup(BREACHED, fake.apiUrl, mode === "slow" ? SLOW_TIMEOUT_MS : ANSWERING_TIMEOUT_MS);
    // Assess
    expect(result).toEqual({ breached: false, failures: [cause] });
    expect(fake.received.map((r) => r.url)).toEqual([`/range/${rangeQuery(BREACHED).prefix}`]);
  });

  test("the service down (connection refused): let through, cause network", async () => {
    expect(await lookup(BREACHED, await unreachableApiUrl())).toEqual({ breached: false, failures: ["network"] });
  });
});

describe("breachedPasswordProblem (what the API and the trigger call)", () => {
  const on = { breachedPasswordCheck: true, breachedPasswordApiUrl: "" };
  const reporting = () => {
    const warnings: Array<[string, object]> = [];
    return { warnings, logger: { warn: (message: string, extra: object) => void warnings.push([message, extra]) }, service: "test" };
  };

  test("off by default: no request at all, whatever the password", async () => {
    // Prepare
    const r = reporting();
    // Act
    const problem = await breachedPasswordProblem(BREACHED, { ...DEFAULT_SETTINGS, breachedPasswordApiUrl: fake.apiUrl }, r, ANSWERING_TIMEOUT_MS);
    // Assess
    expect(DEFAULT_SETTINGS.breachedPasswordCheck).toBe(false);
    expect(problem).toBeUndefined();
    expect(fake.received).toHaveLength(0);
  });

  test("on: a listed password gets the policy's refusal text; an unlisted one none", async () => {
    // Prepare
    const r = reporting();
    const settings = { ...on, breachedPasswordApiUrl: fake.apiUrl };
    // Act
    const listed = await breachedPasswordProblem(BREACHED, settings, r, ANSWERING_TIMEOUT_MS);
    const clean = await breachedPasswordProblem(CLEAN, settings, r, ANSWERING_TIMEOUT_MS);
    // Assess
    expect(listed).toBe("Password does not meet requirements: Found in a known data breach; choose another");
    expect(clean).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });

  test("unavailable: one warning with the cause only and one BreachedPasswordCheckUnavailable metric; neither carries the prefix or the password", async () => {
    // Prepare
    const saved = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = "false";
    fake.mode = "garbage";
    const r = reporting();
    const capture = captureOutput();
    let problem: string | undefined;
    try {
      // Act
      problem = await breachedPasswordProblem(BREACHED, { ...on, breachedPasswordApiUrl: fake.apiUrl }, r, ANSWERING_TIMEOUT_MS);
    } finally {
      capture.restore();
      process.env.POWERTOOLS_METRICS_DISABLED = saved;
    }
    // Assess
    expect(problem).toBeUndefined();
    expect(r.warnings).toEqual([["breached-password check unavailable: password accepted without it", { cause: "malformed" }]]);
    const metric = capture.json().find((line) => line._aws);
    expect(metric).toMatchObject({ BreachedPasswordCheckUnavailable: 1, cause: "malformed", service: "test" });
    const { prefix } = rangeQuery(BREACHED);
    const logged = JSON.stringify(r.warnings) + capture.text();
    expect(logged).not.toContain(prefix);
    expect(logged).not.toContain(BREACHED);
  });
});
