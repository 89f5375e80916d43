/**
 * docs/settings.md documents every setting the code reads, each with its default: the environment
 * variables the API, the triggers, the pages, the local stack and the scripts read (or set), and
 * every stack config key the Pulumi program reads. The names are taken from the code, not from a
 * list kept beside it, so a new variable fails here until it is documented.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { SETTINGS_ENV } from "../../policies/settings";
import { DEFAULT_API_RATE_LIMITS, DEFAULT_WAF, STACK_SETTING_NAMES } from "../../infra/settings";

const root = join(__dirname, "../..");
const page = readFileSync(join(root, "docs/settings.md"), "utf8");

/** The source files of the parts that read settings (tests aside). */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return name === "node_modules" ? [] : sources(path);
    return /\.(ts|mjs|js)$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** Every environment variable a file names: `env.NAME`, `env["NAME"]`, and, in a file that reads the environment, the names it passes to a reader (`required("NAME")`, `port("NAME", 3000)`, a table of names). */
function variablesIn(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const names = [...text.matchAll(/\benv(?:\.([A-Z_][A-Z0-9_]*)|\[\s*["']([A-Z_][A-Z0-9_]*)["']\s*\])/g)].map((m) => m[1] ?? m[2]!);
  if (/\benv\[|\bprocess\.env\b/.test(text)) {
    names.push(...[...text.matchAll(/["']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["']/g)].map((m) => m[1]!));
    names.push(...[...text.matchAll(/\bport\(\s*["']([A-Z_][A-Z0-9_]*)["']/g)].map((m) => m[1]!));
  }
  return names;
}

/** The table rows of docs/settings.md: the names in backquotes in the first cell, and the second cell (the default). */
const rows = page
  .split("\n")
  .filter((line) => line.startsWith("| `"))
  .map((line) => line.split("|").map((cell) => cell.trim()))
  .map(([, first, second]) => ({ names: [...first!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), defaultCell: second! }));

const documented = (name: string) => rows.find((row) => row.names.includes(name));

const DIRECTORIES = ["api", "policies", "triggers", "local", "scripts", "web"];
const files = DIRECTORIES.flatMap(sources);
const variables = [...new Set([...files.flatMap(variablesIn), ...Object.values(SETTINGS_ENV)])].sort();

test("the code's environment variables are found (the search itself works)", () => {
  // Assess: a sample of each kind of read
  expect(files.length).toBeGreaterThan(50);
  expect(variables).toEqual(expect.arrayContaining(["COGNITO_USER_POOL_ID", "RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN", "ENUMERATION_FLOOR_MS", "PORT", "LOCAL_STACK_READY_JSON", "LOG_LEVEL", "POWERTOOLS_DEV", "INTERNAL_EMAIL_DOMAINS"]));
});

test.each(variables)("%s is in docs/settings.md with its default", (name) => {
  // Assess
  const where = files.filter((file) => variablesIn(file).includes(name)).map((file) => relative(root, join(root, file)));
  expect({ name, readIn: where, documented: documented(name) !== undefined, default: documented(name)?.defaultCell ?? "" }).toEqual({
    name,
    readIn: where,
    documented: true,
    default: expect.stringMatching(/\S/),
  });
});

/** Every stack config key, blocks' keys included (`email.sender`, `waf.windowSeconds`, `apiRateLimits.loginPer15Min`). */
const emailKeys = /email:\s*\[([^\]]*)\]/.exec(readFileSync(join(root, "infra/settings.ts"), "utf8"))![1]!.match(/\w+/g)!;
const stackKeys = [
  ...STACK_SETTING_NAMES,
  ...emailKeys.map((k) => `email.${k}`),
  ...Object.keys(DEFAULT_WAF).map((k) => `waf.${k}`),
  ...Object.keys(DEFAULT_API_RATE_LIMITS).map((k) => `apiRateLimits.${k}`),
];

test.each(stackKeys)("stack key %s is in docs/settings.md with its default, and in both stack files", (key) => {
  // Prepare: an account setting's row starts with its variable; the stack key is a later cell
  const row = page.split("\n").find((line) => line.startsWith("| `") && line.split("|").slice(1, 4).some((cell) => cell.trim() === `\`${key}\``));
  const stackFiles = ["Pulumi.dev.yaml", "Pulumi.prod.yaml"].map((f) => readFileSync(join(root, f), "utf8"));
  const top = key.split(".")[0]!;
  const inner = key.includes(".") ? key.split(".")[1]! : undefined;
  // Assess
  expect({ key, documented: row !== undefined, default: row?.split("|")[2]?.trim() ?? "" }).toEqual({ key, documented: true, default: expect.stringMatching(/\S/) });
  for (const file of stackFiles) {
    expect({ key, inStackFile: file.includes(`igad-auth:${top}:`) && (inner === undefined || file.includes(`${inner}:`)) }).toEqual({ key, inStackFile: true });
  }
});

test("no setting is documented that the code no longer reads", () => {
  // Assess: every name in a first cell is a variable the code reads or a stack key
  const known = new Set([...variables, ...stackKeys]);
  const stale = rows.flatMap((row) => row.names).filter((name) => /^[A-Z_][A-Z0-9_]*$/.test(name) || name.includes(".") || STACK_SETTING_NAMES.includes(name as never)).filter((name) => !known.has(name));
  expect(stale).toEqual([]);
});
