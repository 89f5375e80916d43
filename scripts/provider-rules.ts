/**
 * Reads the AWS provider's own argument rules for the resource types this program declares,
 * from a terraform-provider-aws source tree (the provider @pulumi/aws bridges), and writes them
 * as data: test/infra/provider-rules.json. Pulumi's mocks skip the provider's validation, which
 * `pulumi preview` runs; test/infra/provider-rules.test.ts checks every resource of every
 * shipped stack against this data instead.
 *
 *   npm run provider-rules -- <checkout> --upstream-version v6.62.0
 *   npm run provider-rules -- --git-dir <bare mirror> --rev v6.62.0
 *
 * The checkout must be the upstream version the locked @pulumi/aws bundles (see docs/deploy.md,
 * "Refreshing the provider's rules"). What it reads, from each resource's schema (the plugin SDK's
 * `map[string]*schema.Schema` and the plugin framework's `Schema` method alike):
 * Required/Optional/Computed, ForceNew and RequiresReplace, MaxItems/MinItems and size validators,
 * ExactlyOneOf, ConflictsWith, AtLeastOneOf, RequiredWith/AlsoRequires, string lengths, integer
 * ranges, enumerations (literal lists, or the AWS SDK's enum types: Cognito's are resolved from the
 * JavaScript SDK's enums, others are recorded by name) and regular expressions.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Pulumi type token -> the Terraform resource and the provider package that defines it. */
export const RESOURCES: Record<string, { terraform: string; dir: string }> = {
  "aws:cognito/userPool:UserPool": { terraform: "aws_cognito_user_pool", dir: "internal/service/cognitoidp" },
  "aws:cognito/userPoolClient:UserPoolClient": { terraform: "aws_cognito_user_pool_client", dir: "internal/service/cognitoidp" },
  "aws:cognito/userPoolDomain:UserPoolDomain": { terraform: "aws_cognito_user_pool_domain", dir: "internal/service/cognitoidp" },
  "aws:cognito/managedLoginBranding:ManagedLoginBranding": { terraform: "aws_cognito_managed_login_branding", dir: "internal/service/cognitoidp" },
  "aws:cognito/userGroup:UserGroup": { terraform: "aws_cognito_user_group", dir: "internal/service/cognitoidp" },
  "aws:cognito/riskConfiguration:RiskConfiguration": { terraform: "aws_cognito_risk_configuration", dir: "internal/service/cognitoidp" },
  "aws:lambda/function:Function": { terraform: "aws_lambda_function", dir: "internal/service/lambda" },
  "aws:lambda/permission:Permission": { terraform: "aws_lambda_permission", dir: "internal/service/lambda" },
  "aws:iam/role:Role": { terraform: "aws_iam_role", dir: "internal/service/iam" },
  "aws:iam/rolePolicy:RolePolicy": { terraform: "aws_iam_role_policy", dir: "internal/service/iam" },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { terraform: "aws_iam_role_policy_attachment", dir: "internal/service/iam" },
  "aws:cloudwatch/logGroup:LogGroup": { terraform: "aws_cloudwatch_log_group", dir: "internal/service/logs" },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { terraform: "aws_cloudwatch_metric_alarm", dir: "internal/service/cloudwatch" },
  "aws:cloudwatch/dashboard:Dashboard": { terraform: "aws_cloudwatch_dashboard", dir: "internal/service/cloudwatch" },
  "aws:wafv2/webAcl:WebAcl": { terraform: "aws_wafv2_web_acl", dir: "internal/service/wafv2" },
  "aws:wafv2/webAclAssociation:WebAclAssociation": { terraform: "aws_wafv2_web_acl_association", dir: "internal/service/wafv2" },
  "aws:dynamodb/table:Table": { terraform: "aws_dynamodb_table", dir: "internal/service/dynamodb" },
  "aws:apigateway/restApi:RestApi": { terraform: "aws_api_gateway_rest_api", dir: "internal/service/apigateway" },
  "aws:apigateway/resource:Resource": { terraform: "aws_api_gateway_resource", dir: "internal/service/apigateway" },
  "aws:apigateway/method:Method": { terraform: "aws_api_gateway_method", dir: "internal/service/apigateway" },
  "aws:apigateway/integration:Integration": { terraform: "aws_api_gateway_integration", dir: "internal/service/apigateway" },
  "aws:apigateway/deployment:Deployment": { terraform: "aws_api_gateway_deployment", dir: "internal/service/apigateway" },
  "aws:apigateway/stage:Stage": { terraform: "aws_api_gateway_stage", dir: "internal/service/apigateway" },
  "aws:apigateway/account:Account": { terraform: "aws_api_gateway_account", dir: "internal/service/apigateway" },
  "aws:apigateway/methodSettings:MethodSettings": { terraform: "aws_api_gateway_method_settings", dir: "internal/service/apigateway" },
  "aws:sns/topic:Topic": { terraform: "aws_sns_topic", dir: "internal/service/sns" },
  "aws:sns/topicSubscription:TopicSubscription": { terraform: "aws_sns_topic_subscription", dir: "internal/service/sns" },
};

/** One value check, as the provider's validators state it. */
export type Check =
  | { length: [number | null, number | null] }
  | { range: [number | null, number | null] }
  | { oneOf: string[] }
  | { enum: string; values?: string[] }
  | { pattern: string }
  | { anyOf: Check[] }
  | { allOf: Check[] }
  | { function: string };

export interface AttributeRules {
  kind: string;
  required?: true;
  optional?: true;
  computed?: true;
  /** A change replaces the resource (ForceNew, RequiresReplace). */
  forceNew?: true;
  maxItems?: number;
  minItems?: number;
  /** Paths as the provider writes them: absolute (`a.0.b`), or `^name` for a sibling (the framework's relative paths). */
  exactlyOneOf?: string[];
  conflictsWith?: string[];
  atLeastOneOf?: string[];
  requiredWith?: string[];
  checks?: Check[];
  /** Checks on each element of a list or set of scalars. */
  elementChecks?: Check[];
}

export interface ResourceRules {
  terraform: string;
  file: string;
  /** Every argument and block, by dotted path without indices (`rule.statement.rate_based_statement.limit`). */
  attributes: Record<string, AttributeRules>;
}

// ---------------------------------------------------------------- Go source reading

/** Source files of one package, by path relative to the checkout. */
type Reader = { list(dir: string): string[]; read(path: string): string };

function checkoutReader(root: string): Reader {
  return {
    list: (dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go")).map((f) => `${dir}/${f}`) : []),
    read: (path) => readFileSync(join(root, path), "utf8"),
  };
}

function gitReader(gitDir: string, rev: string): Reader {
  const git = (...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return {
    list: (dir) =>
      git("ls-tree", "--name-only", `${rev}:${dir}`)
        .split("\n")
        .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
        .map((f) => `${dir}/${f}`),
    read: (path) => git("show", `${rev}:${path}`),
  };
}

/** The source with comments blanked (same length, so positions still match the original). */
export function blankComments(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "`" || c === "'") {
      const end = skipString(src, i);
      out += src.slice(i, end);
      i = end;
    } else if (c === "/" && src[i + 1] === "/") {
      const end = src.indexOf("\n", i);
      const stop = end === -1 ? src.length : end;
      out += " ".repeat(stop - i);
      i = stop;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The index just past a string or rune literal starting at `start`. */
function skipString(src: string, start: number): number {
  const quote = src[start]!;
  let i = start + 1;
  while (i < src.length) {
    if (quote !== "`" && src[i] === "\\") i += 2;
    else if (src[i] === quote) return i + 1;
    else i++;
  }
  return i;
}

/** The index of the bracket closing the one at `open` ({, ( or [). */
export function closing(src: string, open: number): number {
  const pairs: Record<string, string> = { "{": "}", "(": ")", "[": "]" };
  const stack: string[] = [];
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"' || c === "`" || c === "'") {
      i = skipString(src, i) - 1;
    } else if (pairs[c]) {
      stack.push(pairs[c]!);
    } else if (c === "}" || c === ")" || c === "]") {
      if (stack.pop() !== c) throw new Error(`unbalanced ${c} at ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`no closing bracket for ${src[open]} at ${open}`);
}

/** Splits at top-level commas (outside brackets and strings); empty parts dropped. */
export function splitTopLevel(body: string, separator = ","): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === "`" || c === "'") i = skipString(body, i) - 1;
    else if ("{([".includes(c)) depth++;
    else if ("})]".includes(c)) depth--;
    else if (c === separator && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** `key: value` at the top level of a composite literal's part. */
function keyValue(part: string): [string, string] | undefined {
  let depth = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '"' || c === "`" || c === "'") i = skipString(part, i) - 1;
    else if ("{([".includes(c)) depth++;
    else if ("})]".includes(c)) depth--;
    else if (c === ":" && depth === 0) return [part.slice(0, i).trim(), part.slice(i + 1).trim()];
  }
  return undefined;
}

/** The fields of a composite literal `T{ a: x, b: y }` (the text from `{` to `}`, or with its type before). */
function fields(literal: string): Map<string, string> {
  const open = literal.indexOf("{");
  const body = literal.slice(open + 1, closing(literal, open));
  const map = new Map<string, string>();
  for (const part of splitTopLevel(body)) {
    const kv = keyValue(part);
    if (kv) map.set(kv[0], kv[1]);
  }
  return map;
}

/** Entries of a map literal `map[string]X{ "k": v, names.AttrK: v }`, in order. */
function mapEntries(literal: string): Array<[string, string]> {
  const open = literal.indexOf("{", literal.indexOf("]") === -1 ? 0 : literal.indexOf("]"));
  const body = literal.slice(open + 1, closing(literal, open));
  return splitTopLevel(body).flatMap((part) => {
    const kv = keyValue(part);
    return kv ? [kv] : [];
  });
}

const unquote = (s: string): string => {
  const t = s.trim();
  if (t.startsWith('"')) return JSON.parse(t) as string;
  if (t.startsWith("`")) return t.slice(1, -1);
  return t;
};

/** Go's `[]string{"a", "b"}` (or a list of constants, resolved by `name`). */
function stringList(expr: string, name: (e: string) => string): string[] {
  const open = expr.indexOf("{");
  if (open === -1) return [];
  return splitTopLevel(expr.slice(open + 1, closing(expr, open))).map(name);
}

/** The arguments of the first call in `expr` (after its name). */
function callArgs(expr: string): string[] {
  const open = expr.indexOf("(");
  if (open === -1) return [];
  return splitTopLevel(expr.slice(open + 1, closing(expr, open)));
}

const num = (s: string | undefined): number | null => (s === undefined || !/^-?\d+$/.test(s.trim()) ? null : Number(s.trim()));

/** `names.AttrClientID` and the like, from names/attr_consts_gen.go; plain strings as they are. */
function nameResolver(reader: Reader): (expr: string) => string {
  const consts = new Map<string, string>();
  for (const file of reader.list("names")) {
    for (const m of blankComments(reader.read(file)).matchAll(/\b(Attr\w+)\s*=\s*"([^"]+)"/g)) consts.set(m[1]!, m[2]!);
  }
  return (expr) => {
    const t = expr.trim();
    if (t.startsWith('"') || t.startsWith("`")) return unquote(t);
    const m = /^names\.(Attr\w+)$/.exec(t);
    if (m && consts.has(m[1]!)) return consts.get(m[1]!)!;
    if (m) return m[1]!.slice(4).replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").toLowerCase();
    return t;
  };
}

// ---------------------------------------------------------------- validators

/** Values of the AWS SDK's enum types, where this repository has that SDK (Cognito's). */
function enumValues(type: string): string[] | undefined {
  const name = type.replace(/^awstypes\./, "");
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@aws-sdk/client-cognito-identity-provider") as Record<string, unknown>;
    const values = sdk[name];
    if (values && typeof values === "object") return Object.values(values as Record<string, string>);
  } catch {
    /* not installed: recorded by name only */
  }
  return undefined;
}

/** One validator expression as checks; undefined for what carries no checkable rule. */
export function parseValidator(expr: string, name: (e: string) => string): Check | undefined {
  const e = expr.trim().replace(/\s+/g, " ");
  const fn = /^([\w.]+(?:\[[\w.]+\])?)\s*\(/.exec(e)?.[1] ?? e;
  const args = callArgs(e);
  const enumType = /\[([\w.]+)\]/.exec(fn)?.[1];
  switch (fn.replace(/\[.*\]$/, "")) {
    case "validation.StringLenBetween":
    case "stringvalidator.LengthBetween":
      return { length: [num(args[0]), num(args[1])] };
    case "validation.StringLenAtMost":
    case "stringvalidator.LengthAtMost":
      return { length: [null, num(args[0])] };
    case "validation.StringLenAtLeast":
    case "stringvalidator.LengthAtLeast":
      return { length: [num(args[0]), null] };
    case "validation.IntBetween":
    case "int64validator.Between":
    case "int32validator.Between":
      return { range: [num(args[0]), num(args[1])] };
    case "validation.IntAtLeast":
    case "int64validator.AtLeast":
    case "int32validator.AtLeast":
      return { range: [num(args[0]), null] };
    case "validation.IntAtMost":
    case "int64validator.AtMost":
    case "int32validator.AtMost":
      return { range: [null, num(args[0])] };
    case "validation.IntInSlice":
      return { oneOf: stringList(args[0] ?? "", (s) => s.trim()) };
    case "validation.StringInSlice": {
      const list = args[0] ?? "";
      const sdkEnum = /(\w+)_Values\(\)|enum\.Values\[([\w.]+)\]\(\)/.exec(list);
      if (sdkEnum) return enumCheck(sdkEnum[1] ?? sdkEnum[2]!);
      return { oneOf: stringList(list, name) };
    }
    case "stringvalidator.OneOf":
      return { oneOf: args.map(name) };
    case "enum.Validate":
    case "enum.FrameworkValidate":
      return enumType ? enumCheck(enumType) : undefined;
    case "validation.StringMatch":
    case "stringvalidator.RegexMatches": {
      const re = /(?:MustCompile|regexp\.MustCompile)\(\s*([`"][\s\S]*?[`"])\s*\)/.exec(args[0] ?? "");
      return re ? { pattern: unquote(re[1]!) } : undefined;
    }
    case "validation.All": {
      const all = args.map((a) => parseValidator(a, name)).filter((c): c is Check => c !== undefined);
      return all.length === 0 ? undefined : all.length === 1 ? all[0] : { allOf: all };
    }
    case "validation.Any":
      return { anyOf: args.map((a) => parseValidator(a, name) ?? { function: a.trim() }) };
    default:
      return /^[\w.]+$/.test(fn) && !/^(true|false)$/.test(fn) ? { function: fn } : undefined;
  }
}

function enumCheck(type: string): Check {
  const values = enumValues(type);
  return values ? { enum: type, values } : { enum: type };
}

/** Validators given as `[]validator.X{ a(), b() }` or a single ValidateFunc expression. */
function validatorList(expr: string): string[] {
  const t = expr.trim();
  if (/^\[\]/.test(t)) {
    const open = t.indexOf("{");
    return splitTopLevel(t.slice(open + 1, closing(t, open)));
  }
  return [t];
}

/** The paths a framework cross-attribute validator names: `path.MatchRoot("a")` -> "a", relative -> "^a". */
function frameworkPaths(args: string[], name: (e: string) => string): string[] {
  return args.map((a) => {
    const names = [...a.matchAll(/(?:AtName|MatchRoot)\(\s*([^()]+?)\s*\)/g)].map((m) => name(m[1]!));
    return a.includes("MatchRelative") ? `^${names.join(".")}` : names.join(".");
  });
}

// ---------------------------------------------------------------- schema walking

interface Context {
  reader: Reader;
  name: (e: string) => string;
  /** Every non-test file of the resource's package, comment-blanked. */
  files: Array<{ path: string; text: string }>;
  out: Record<string, AttributeRules>;
  depth: number;
}

/** The literal a function's last `return` gives (`func() map[...]... { return map[...]...{...} }`). */
function returnedLiteral(funcText: string): string | undefined {
  const returns = [...funcText.matchAll(/\breturn\s+&?([\w.\[\]*]*\{)/g)];
  const last = returns[returns.length - 1];
  if (!last) return undefined;
  const start = (last.index ?? 0) + last[0].length - last[1]!.length;
  return funcText.slice(start, closing(funcText, funcText.indexOf("{", start)) + 1);
}

/** The composite literal (or map literal) an expression stands for: itself, or what a helper function or variable returns. */
function resolveLiteral(expr: string, ctx: Context): string | undefined {
  const t = expr.trim().replace(/^&/, "");
  if (/^[\w.\[\]*]*\{/.test(t)) return t;
  const call = /^(\w+)\s*(?:\(|$)/.exec(t);
  if (!call) return undefined;
  const fnName = call[1]!;
  for (const { text } of ctx.files) {
    const decl = new RegExp(`func\\s+${fnName}\\s*\\(`).exec(text) ?? new RegExp(`var\\s+${fnName}\\s*=`).exec(text);
    if (!decl) continue;
    // Past the parameter list, for a function; a variable's initialiser has its own brackets.
    const params = text.indexOf("(", decl.index);
    const bodyOpen = decl[0].startsWith("func") ? text.indexOf("{", closing(text, params)) : text.indexOf("{", decl.index);
    // The last `return` of the function (or of the closure a variable holds) gives the literal.
    const literal = returnedLiteral(text.slice(decl.index, closing(text, bodyOpen) + 1));
    if (literal) return literal;
  }
  return undefined;
}

const SDK_KINDS: Record<string, string> = {
  "schema.TypeString": "string",
  "schema.TypeInt": "int",
  "schema.TypeFloat": "float",
  "schema.TypeBool": "bool",
  "schema.TypeList": "list",
  "schema.TypeSet": "set",
  "schema.TypeMap": "map",
};

/** A plugin SDK `map[string]*schema.Schema` literal, under `prefix`. */
function walkSdkMap(literal: string, prefix: string, ctx: Context): void {
  if (ctx.depth > 12) return;
  for (const [key, value] of mapEntries(literal)) {
    const name = ctx.name(key);
    const path = prefix ? `${prefix}.${name}` : name;
    const attr = resolveLiteral(value, ctx);
    if (!attr) {
      // tftags.TagsSchema() and the like: recorded as an optional map.
      ctx.out[path] = /Computed\(\)/.test(value) ? { kind: "map", computed: true } : { kind: "map", optional: true };
      continue;
    }
    walkSdkAttribute(attr, path, ctx);
  }
}

function walkSdkAttribute(literal: string, path: string, ctx: Context): void {
  const f = fields(literal);
  const rules: AttributeRules = { kind: SDK_KINDS[f.get("Type") ?? ""] ?? "unknown" };
  if (f.get("Required") === "true") rules.required = true;
  if (f.get("Optional") === "true") rules.optional = true;
  if (f.get("Computed") === "true") rules.computed = true;
  if (f.get("ForceNew") === "true") rules.forceNew = true;
  const max = num(f.get("MaxItems"));
  const min = num(f.get("MinItems"));
  if (max !== null) rules.maxItems = max;
  if (min !== null) rules.minItems = min;
  for (const [field, key] of [
    ["ExactlyOneOf", "exactlyOneOf"],
    ["ConflictsWith", "conflictsWith"],
    ["AtLeastOneOf", "atLeastOneOf"],
    ["RequiredWith", "requiredWith"],
  ] as const) {
    const v = f.get(field);
    if (v) rules[key] = stringList(v, ctx.name);
  }
  const validator = f.get("ValidateFunc") ?? f.get("ValidateDiagFunc");
  if (validator) {
    const check = parseValidator(validator, ctx.name);
    if (check) rules.checks = [check];
  }
  ctx.out[path] = rules;
  const elem = f.get("Elem");
  if (!elem) return;
  const elemLiteral = resolveLiteral(elem, ctx);
  if (!elemLiteral) return;
  const ef = fields(elemLiteral);
  if (ef.has("Schema")) {
    rules.kind = rules.kind === "set" ? "set-block" : "list-block";
    const nested = resolveLiteral(ef.get("Schema")!, ctx);
    if (nested) walkSdkMap(nested, path, { ...ctx, depth: ctx.depth + 1 });
  } else {
    const v = ef.get("ValidateFunc") ?? ef.get("ValidateDiagFunc");
    const check = v ? parseValidator(v, ctx.name) : undefined;
    if (check) rules.elementChecks = [check];
  }
}

/** A plugin framework `Attributes:` or `Blocks:` map, under `prefix`. */
function walkFrameworkMap(literal: string, prefix: string, ctx: Context): void {
  if (ctx.depth > 12) return;
  for (const [key, value] of mapEntries(literal)) {
    const name = ctx.name(key);
    const path = prefix ? `${prefix}.${name}` : name;
    const attr = resolveLiteral(value, ctx);
    if (!attr) {
      // framework.IDAttribute(), framework.ARNAttributeComputedOnly(), tftags.TagsAttributeComputedOnly()...
      if (/IDAttribute|ComputedOnly|Computed\(/.test(value)) ctx.out[path] = { kind: "string", computed: true };
      else ctx.out[path] = { kind: "map", optional: true };
      continue;
    }
    walkFrameworkAttribute(attr, path, ctx);
  }
}

/** The kind of a framework attribute or block type: StringAttribute -> string, ListNestedBlock -> list-block... */
function frameworkKind(type: string): string {
  const nested = /^(List|Set|Single|Map)Nested(Block|Attribute)$/.exec(type);
  if (nested) return `${nested[1]!.toLowerCase()}-block`;
  return type.replace(/Attribute$/, "").toLowerCase() || "unknown";
}

function walkFrameworkAttribute(literal: string, path: string, ctx: Context): void {
  const type = /^schema\.(\w+)/.exec(literal)?.[1] ?? "";
  const f = fields(literal);
  const rules: AttributeRules = { kind: frameworkKind(type) };
  if (f.get("Required") === "true") rules.required = true;
  if (f.get("Optional") === "true") rules.optional = true;
  if (f.get("Computed") === "true") rules.computed = true;
  if (/RequiresReplace\w*\(/.test(f.get("PlanModifiers") ?? "")) rules.forceNew = true;
  // The custom type, or the variable holding it (`timeUnitsType = fwtypes.StringEnumType[...]()`).
  let customType = f.get("CustomType") ?? "";
  if (/^\w+$/.test(customType)) {
    const decl = ctx.files.map(({ text }) => new RegExp(`\\b${customType}\\s*=\\s*([^\\n]+)`).exec(text)).find(Boolean);
    if (decl) customType = decl[1]!;
  }
  const customEnum = /StringEnumType\[([\w.]+)\]/.exec(customType);
  const checks: Check[] = customEnum ? [enumCheck(customEnum[1]!)] : [];
  for (const v of validatorList(f.get("Validators") ?? "[]{}")) {
    const fn = /^(\w+)\.(\w+)/.exec(v);
    if (!fn) continue;
    const [, pkg, method] = fn;
    const args = callArgs(v);
    const sizes = /^(list|set|map)validator$/.test(pkg!);
    if (method === "ExactlyOneOf") rules.exactlyOneOf = frameworkPaths(args, ctx.name);
    else if (method === "ConflictsWith") rules.conflictsWith = frameworkPaths(args, ctx.name);
    else if (method === "AtLeastOneOf") rules.atLeastOneOf = frameworkPaths(args, ctx.name);
    else if (method === "AlsoRequires") rules.requiredWith = frameworkPaths(args, ctx.name);
    else if (sizes && method === "SizeAtMost") rules.maxItems = num(args[0]) ?? undefined;
    else if (sizes && method === "SizeAtLeast") rules.minItems = num(args[0]) ?? undefined;
    else if (sizes && method === "SizeBetween") {
      rules.minItems = num(args[0]) ?? undefined;
      rules.maxItems = num(args[1]) ?? undefined;
    } else if (sizes && method === "ValueStringsAre") {
      rules.elementChecks = args.map((a) => parseValidator(a, ctx.name)).filter((c): c is Check => c !== undefined);
    } else {
      const check = parseValidator(v, ctx.name);
      if (check) checks.push(check);
    }
  }
  if (checks.length) rules.checks = checks;
  ctx.out[path] = rules;
  if (!rules.kind.endsWith("-block")) return;
  let container = f;
  if (f.has("NestedObject")) {
    const nested = resolveLiteral(f.get("NestedObject")!, ctx);
    if (!nested) return;
    container = fields(nested);
  }
  for (const key of ["Attributes", "Blocks"]) {
    const map = container.get(key);
    const mapLiteral = map ? resolveLiteral(map, ctx) : undefined;
    if (mapLiteral) walkFrameworkMap(mapLiteral, path, { ...ctx, depth: ctx.depth + 1 });
  }
}

/** The rules of one Terraform resource type, from its package. */
export function resourceRules(reader: Reader, terraform: string, dir: string): ResourceRules {
  const name = nameResolver(reader);
  const files = reader.list(dir).map((path) => ({ path, raw: reader.read(path) }));
  const ctx: Context = { reader, name, files: files.map((f) => ({ path: f.path, text: blankComments(f.raw) })), out: {}, depth: 0 };
  for (const { path, raw } of files) {
    const annotation = new RegExp(`@(SDK|Framework)Resource\\("${terraform}"`).exec(raw);
    if (!annotation) continue;
    const text = blankComments(raw);
    if (annotation[1] === "SDK") {
      // The function after the annotation returns `&schema.Resource{ Schema: ... }` or `{ SchemaFunc: func() ... }`.
      const fn = text.indexOf("func ", annotation.index);
      const body = text.slice(fn, closing(text, text.indexOf("{", closing(text, text.indexOf("(", fn)))) + 1);
      const resourceAt = body.search(/&schema\.Resource\s*\{/);
      if (resourceAt === -1) throw new Error(`${path}: no schema.Resource after @SDKResource("${terraform}")`);
      const resource = fields(body.slice(resourceAt));
      const schemaExpr = resource.get("Schema") ?? resource.get("SchemaFunc");
      if (!schemaExpr) throw new Error(`${path}: no Schema or SchemaFunc for ${terraform}`);
      const literal = /^func\s*\(/.test(schemaExpr) ? returnedLiteral(schemaExpr) : resolveLiteral(schemaExpr, ctx);
      if (!literal) throw new Error(`${path}: cannot read the schema of ${terraform}`);
      walkSdkMap(literal, "", ctx);
    } else {
      const ctor = text.indexOf("func ", annotation.index);
      const receiver = /&(\w+)\{/.exec(text.slice(ctor, text.indexOf("\n}", ctor)))?.[1];
      const method = receiver ? new RegExp(`func\\s*\\(\\s*\\w+\\s+\\*${receiver}\\s*\\)\\s*Schema\\s*\\(`).exec(text) : null;
      if (!method) throw new Error(`${path}: no Schema method for ${terraform}`);
      const schemaStart = text.indexOf("schema.Schema{", method.index);
      const schemaLiteral = text.slice(schemaStart, closing(text, text.indexOf("{", schemaStart)) + 1);
      const sf = fields(schemaLiteral);
      for (const key of ["Attributes", "Blocks"]) {
        const map = sf.get(key);
        const mapLiteral = map ? resolveLiteral(map, ctx) : undefined;
        if (mapLiteral) walkFrameworkMap(mapLiteral, "", ctx);
      }
    }
    return { terraform, file: path, attributes: ctx.out };
  }
  throw new Error(`no @SDKResource or @FrameworkResource("${terraform}") in ${dir}`);
}

// ---------------------------------------------------------------- command line

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const root = join(__dirname, "..");
  const gitDir = arg("--git-dir");
  const rev = arg("--rev");
  const checkout = argv.find((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--"));
  if (!checkout && !(gitDir && rev)) {
    console.error("usage: npm run provider-rules -- <terraform-provider-aws checkout> --upstream-version vX.Y.Z\n   or: npm run provider-rules -- --git-dir <bare mirror> --rev vX.Y.Z");
    process.exit(2);
  }
  const reader = gitDir && rev ? gitReader(gitDir, rev) : checkoutReader(checkout!);
  const upstreamVersion = arg("--upstream-version") ?? rev ?? "unknown";
  const pulumiAws = (JSON.parse(readFileSync(join(root, "node_modules/@pulumi/aws/package.json"), "utf8")) as { version: string }).version;
  // --partial: a source tree holding only some of the packages (what could be read); the others are recorded as not read.
  const partial = argv.includes("--partial");
  const resources: Record<string, ResourceRules> = {};
  const notRead: Record<string, string> = {};
  for (const [token, { terraform, dir }] of Object.entries(RESOURCES)) {
    try {
      resources[token] = resourceRules(reader, terraform, dir);
      console.log(`${terraform}: ${Object.keys(resources[token]!.attributes).length} arguments (${resources[token]!.file})`);
    } catch (e) {
      if (!partial) throw e;
      notRead[token] = `${terraform}: ${(e as Error).message}`;
      console.log(`${terraform}: not read (${(e as Error).message})`);
    }
  }
  // Where each file came from, when not from one checkout at one version: { "<path>": "<what was read>" }.
  const provenanceFile = arg("--provenance");
  const provenance = provenanceFile ? (JSON.parse(readFileSync(provenanceFile, "utf8")) as Record<string, string>) : {};
  const out = arg("--out") ?? join(root, "test/infra/provider-rules.json");
  const data = {
    _comment:
      "The AWS provider's argument rules for the resource types this program declares, read by scripts/provider-rules.ts from terraform-provider-aws's source. Regenerate with `npm run provider-rules` when @pulumi/aws moves (test/infra/provider-rules.test.ts fails until then).",
    pulumiAws,
    upstream: {
      repository: "https://github.com/hashicorp/terraform-provider-aws",
      version: upstreamVersion,
      source: gitDir ? `git ${rev}` : checkout,
      files: Object.fromEntries(Object.values(resources).map((r) => [r.file, provenance[r.file] ?? upstreamVersion])),
    },
    notRead,
    resources,
  };
  writeFileSync(out, JSON.stringify(data, null, 1) + "\n");
  console.log(`wrote ${relative(root, out)}`);
}

if (require.main === module) main(process.argv.slice(2));
