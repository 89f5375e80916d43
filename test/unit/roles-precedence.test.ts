/**
 * Role precedence, each step against the next (issue 18: preferring custom:role over a group, or
 * never setting is_admin, passed every test). Order: the admin group; another role group (in the
 * order the settings list roles); custom:role; the default role. Nothing above the default for an
 * unverified email.
 */
import { isTrue, resolveRole } from "../../policies/roles";
import { resolveSettings } from "../../policies/settings";

const settings = resolveSettings({ roles: ["user", "admin", "reviewer", "editor"] });
const verified = { emailVerified: true, email: "someone@igad.int" };

test("a role group wins over a different custom:role", () => {
  expect(resolveRole({ ...verified, groups: ["editor"], customRole: "reviewer" }, settings)).toEqual({ role: "editor", isAdmin: false });
  expect(resolveRole({ ...verified, groups: ["reviewer"], customRole: "editor" }, settings)).toEqual({ role: "reviewer", isAdmin: false });
});

test("the admin group wins over another role group listed before it", () => {
  expect(resolveRole({ ...verified, groups: ["reviewer", "admin"] }, settings)).toEqual({ role: "admin", isAdmin: true });
});

test("between two role groups, the one the settings list first", () => {
  expect(resolveRole({ ...verified, groups: ["editor", "reviewer"] }, settings).role).toBe("reviewer");
  expect(resolveRole({ ...verified, groups: ["editor", "reviewer"] }, resolveSettings({ roles: ["user", "admin", "editor", "reviewer"] })).role).toBe("editor");
});

test("the default role's group does not hide custom:role", () => {
  expect(resolveRole({ ...verified, groups: ["user"], customRole: "editor" }, settings)).toEqual({ role: "editor", isAdmin: false });
});

test("a group that is not a role is no role", () => {
  expect(resolveRole({ ...verified, groups: ["staff"], customRole: undefined }, settings)).toEqual({ role: "user", isAdmin: false });
  expect(resolveRole({ ...verified, groups: ["staff"], customRole: "editor" }, settings)).toEqual({ role: "editor", isAdmin: false });
});

test("custom:role admin, set by an administrator on a verified account, makes is_admin true", () => {
  expect(resolveRole({ ...verified, groups: [], customRole: "admin" }, settings)).toEqual({ role: "admin", isAdmin: true });
});

test("an unverified email gets the default role whatever it holds", () => {
  expect(resolveRole({ groups: ["editor"], customRole: "reviewer", emailVerified: false }, settings)).toEqual({ role: "user", isAdmin: false });
  expect(resolveRole({ groups: [], customRole: "admin", emailVerified: false }, settings)).toEqual({ role: "user", isAdmin: false });
});

test("email_verified is true only as true or the string Cognito sends", () => {
  expect([true, "true"].map(isTrue)).toEqual([true, true]);
  expect([false, "false", "TRUE", "True", 1, "1", "yes", undefined, null, {}].map(isTrue)).toEqual(Array(10).fill(false));
});
