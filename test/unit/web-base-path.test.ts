/** The stage's path prefix the pages put in every link (web/page-request.ts). */
import type { Context } from "hono";
import { basePath } from "../../web/page-request";

const withEvent = (path: string, fullPath: string) => ({ env: { event: { path, requestContext: { path: fullPath } } } }) as unknown as Context;
const local = { env: {} } as unknown as Context;

test("behind a REST API stage, the prefix is what the stage adds to the path", () => {
  expect(basePath(withEvent("/login", "/dev/login"), "")).toBe("/dev");
  expect(basePath(withEvent("/", "/prod/"), "")).toBe("/prod");
  expect(basePath(withEvent("/account", "/auth/v1/account"), "")).toBe("/auth/v1");
});

test("no stage (custom domain at the root, or the local server): PAGES_BASE_URL's path, else none", () => {
  expect(basePath(withEvent("/login", "/login"), "")).toBe("");
  expect(basePath(local, "")).toBe("");
  expect(basePath(local, "https://hub.example.org")).toBe("");
  expect(basePath(local, "https://hub.example.org/account-pages")).toBe("/account-pages");
});

test("a prefix that is not plain path segments is never used in links", () => {
  expect(basePath(withEvent("/login", `/"><script>/login`), "")).toBe("");
  expect(basePath(withEvent("/login", "//evil.example/login"), "")).toBe("");
  expect(basePath(withEvent("/login", "/a b/login"), "")).toBe("");
});
