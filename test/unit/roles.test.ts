import { resolveRole } from "../../policies/roles";
import { resolveSettings } from "../../policies/settings";

const settings = resolveSettings({ roles: ["user", "admin", "reviewer"], bootstrapAdminEmails: ["boss@igad.int"] });
const verified = { emailVerified: true, email: "someone@igad.int" };

describe("role resolution", () => {
  test("the admin group wins over everything", () => {
    expect(resolveRole({ ...verified, groups: ["user", "admin"], customRole: "reviewer" }, settings)).toEqual({ role: "admin", isAdmin: true });
  });
  test("then another role group, then custom:role, then user", () => {
    expect(resolveRole({ ...verified, groups: ["user", "reviewer"] }, settings).role).toBe("reviewer");
    expect(resolveRole({ ...verified, groups: ["user"], customRole: "reviewer" }, settings).role).toBe("reviewer");
    expect(resolveRole({ ...verified, groups: [] }, settings)).toEqual({ role: "user", isAdmin: false });
  });
  test("an unknown custom:role is ignored", () => {
    expect(resolveRole({ ...verified, groups: [], customRole: "superuser" }, settings).role).toBe("user");
  });
  test("is_admin requires a verified email, even in the admin group", () => {
    expect(resolveRole({ groups: ["admin"], emailVerified: false, email: "x@igad.int" }, settings)).toEqual({ role: "user", isAdmin: false });
    expect(resolveRole({ groups: [], customRole: "admin", emailVerified: false }, settings).isAdmin).toBe(false);
  });
  test("a bootstrap admin email alone is never admin, verified or not: the admin group (which the API grants once its owner set the password from the mailbox) is", () => {
    expect(resolveRole({ groups: [], email: "Boss@IGAD.int", emailVerified: false }, settings)).toEqual({ role: "user", isAdmin: false });
    expect(resolveRole({ groups: [], email: "boss@igad.int", emailVerified: true }, settings)).toEqual({ role: "user", isAdmin: false });
    expect(resolveRole({ groups: ["admin"], email: "boss@igad.int", emailVerified: true }, settings)).toEqual({ role: "admin", isAdmin: true });
  });
});
