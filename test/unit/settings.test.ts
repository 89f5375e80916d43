import { DEFAULT_SETTINGS, resolveSettings, settingsFromEnv, settingsToEnv, SettingsError } from "../../policies/settings";

describe("account settings", () => {
  test("defaults are the documented secure ones", () => {
    const s = resolveSettings();
    expect(s.internalEmailDomains).toEqual(["igad.int"]);
    expect(s.autoVerifyInternalEmails).toBe(false);
    expect(s.allowInternalSubdomains).toBe(false);
    expect(s.bootstrapAdminEmails).toEqual([]);
    expect(s.passwordMinLength).toBe(12);
    expect(s.roles).toEqual(["user", "admin"]);
  });

  test("settings survive the trip through Lambda environment variables", () => {
    const s = resolveSettings({
      internalEmailDomains: ["igad.int", "icpac.net"],
      autoVerifyInternalEmails: true,
      bootstrapAdminEmails: ["Boss@IGAD.int"],
      passwordMinLength: 14,
      roles: ["user", "admin", "reviewer"],
      passwordRequiredClientIds: ["abc123"],
    });
    expect(settingsFromEnv(settingsToEnv(s))).toEqual(s);
    expect(s.bootstrapAdminEmails).toEqual(["boss@igad.int"]);
  });

  test("an unset environment gives the defaults", () => {
    expect(settingsFromEnv({})).toEqual({ ...DEFAULT_SETTINGS });
  });

  test.each([
    [{ PASSWORD_MIN_LENGTH: "seven" }, "PASSWORD_MIN_LENGTH"],
    [{ PASSWORD_MIN_LENGTH: "6" }, "PASSWORD_MIN_LENGTH"],
    [{ PASSWORD_MIN_LENGTH: "100" }, "PASSWORD_MIN_LENGTH"],
    [{ AUTO_VERIFY_INTERNAL_EMAILS: "yes" }, "AUTO_VERIFY_INTERNAL_EMAILS"],
    [{ INTERNAL_EMAIL_DOMAINS: "igad..int" }, "INTERNAL_EMAIL_DOMAINS"],
    [{ BOOTSTRAP_ADMIN_EMAILS: "not-an-email" }, "BOOTSTRAP_ADMIN_EMAILS"],
    [{ ROLES: "admin,reviewer" }, "ROLES"],
    [{ ROLES: "user,admin,Bad Role" }, "ROLES"],
    [{ PASSWORD_REQUIRED_CLIENT_IDS: "has space" }, "PASSWORD_REQUIRED_CLIENT_IDS"],
  ])("a malformed variable fails fast with its name: %j", (env, name) => {
    expect(() => settingsFromEnv(env)).toThrow(SettingsError);
    expect(() => settingsFromEnv(env)).toThrow(new RegExp(`^Setting ${name}:`));
  });

  test("errors use the caller's names for settings (stack config keys)", () => {
    const names = { ...Object.fromEntries(Object.keys(DEFAULT_SETTINGS).map((k) => [k, `auth:${k}`])) } as never;
    expect(() => resolveSettings({ passwordMinLength: 4 }, names)).toThrow(/^Setting auth:passwordMinLength:/);
  });
});
