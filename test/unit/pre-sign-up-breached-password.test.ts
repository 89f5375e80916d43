/**
 * The pre sign-up trigger's optional breached-password check of validationData.password,
 * against a local server speaking the Pwned Passwords range protocol: settings come from
 * the environment as on Lambda (BREACHED_PASSWORD_CHECK, BREACHED_PASSWORD_API_URL).
 */
import type { PreSignUpTriggerEvent } from "aws-lambda";
import { rangeQuery } from "../../policies/breached-password";
import { handler } from "../../triggers/pre-sign-up";
import { UserFacingError } from "../../triggers/shared/errors";
import { resetTriggerSettings } from "../../triggers/shared/settings";
import { loadEvent } from "../events/load";
import { patientTimeouts, startFakePwnedPasswords, unreachableApiUrl, type FakePwnedPasswords } from "../support/fake-pwned-passwords";

const BREACHED = "Tangerine-Orbit-Velvet-73";
const CLEAN = "Lantern#Quartz-Meadow-58";

let fake: FakePwnedPasswords;
const savedEnv = { ...process.env };
beforeEach(async () => {
  fake = await startFakePwnedPasswords({ [BREACHED]: 7 });
  patientTimeouts(); // the fake answers at once: a timeout may only bound a hang, never race a loaded machine
});
afterEach(async () => {
  process.env = { ...savedEnv };
  resetTriggerSettings();
  await fake.close();
});

const withCheck = (apiUrl = fake.apiUrl, on = "true") => Object.assign(process.env, { BREACHED_PASSWORD_CHECK: on, BREACHED_PASSWORD_API_URL: apiUrl });
const signUp = (password?: string): PreSignUpTriggerEvent => {
  const event = loadEvent<PreSignUpTriggerEvent>("pre-sign-up/sign-up");
  if (password !== undefined) event.request.validationData = { password };
  return event;
};
const invoke = (event: PreSignUpTriggerEvent) => (handler as (e: unknown) => Promise<PreSignUpTriggerEvent>)(event);

test("a listed validationData.password is refused with the breach reason, asking only its prefix", async () => {
  // Prepare
  withCheck();
  // Act
  const outcome = invoke(signUp(BREACHED));
  // Assess
  await expect(outcome).rejects.toEqual(new UserFacingError("Password does not meet requirements: Found in a known data breach; choose another", "weak_password"));
  expect(fake.received.map((r) => r.url)).toEqual([`/range/${rangeQuery(BREACHED).prefix}`]);
});

test("an unlisted password proceeds", async () => {
  // Prepare
  withCheck();
  // Act
  const result = await invoke(signUp(CLEAN));
  // Assess
  expect(result.response.autoConfirmUser).toBe(false);
  expect(fake.received).toHaveLength(1);
});

test("the range API down: the sign-up proceeds (fails open)", async () => {
  // Prepare
  withCheck(await unreachableApiUrl());
  // Act
  const result = await invoke(signUp(BREACHED));
  // Assess
  expect(result.response.autoConfirmUser).toBe(false);
});

test("no request without validationData.password, for an administrator's creation, or with the check off (the default)", async () => {
  // Prepare
  withCheck();
  const adminCreate = loadEvent<PreSignUpTriggerEvent>("pre-sign-up/admin-create-user");
  adminCreate.request.validationData = { password: BREACHED };
  // Act
  await invoke(signUp());
  await invoke(adminCreate);
  process.env = { ...savedEnv, BREACHED_PASSWORD_API_URL: fake.apiUrl };
  resetTriggerSettings();
  const off = await invoke(signUp(BREACHED));
  // Assess
  expect(off.response.autoConfirmUser).toBe(false);
  expect(fake.received).toHaveLength(0);
});
