/**
 * Checks what the Pulumi program declares against the AWS provider's own argument rules
 * (test/infra/provider-rules.json, read from terraform-provider-aws's source by
 * scripts/provider-rules.ts): the validation `pulumi preview` runs in the provider and
 * Pulumi's mocks skip. Each violation names the resource, the argument and the rule.
 */
import type { AttributeRules, Check, ResourceRules } from "../../scripts/provider-rules";
import rulesFile from "./provider-rules.json";

export interface ProviderRules {
  pulumiAws: string;
  upstream: { repository: string; version: string; files: Record<string, string> };
  notRead: Record<string, string>;
  resources: Record<string, ResourceRules>;
}

export const PROVIDER_RULES = rulesFile as unknown as ProviderRules;

export interface ProviderRuleViolation {
  /** Pulumi type token and resource name. */
  type: string;
  resource: string;
  /** The argument as the program writes it (Pulumi's name) and as the provider names it. */
  argument: string;
  terraformPath: string;
  /** ExactlyOneOf, ConflictsWith, Required, ... */
  rule: string;
  message: string;
}

/** The result of mapping a resource's Pulumi inputs onto the provider's arguments. */
export interface TerraformView {
  config: Record<string, unknown>;
  /** Pulumi arguments (dotted) the rules do not know: an argument newer than the source read, or a misspelling. */
  unmatched: string[];
  /** Terraform path (no indices) -> the Pulumi argument it came from. */
  pulumiNames: Record<string, string>;
}

/** Pulumi's wire markers: a secret, an asset or archive. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIGS = ["c44067f5952c0a294b673a41bacd8c17", "0def7320c3a5731c473e5ecbe6d01bc7"];

function unwrap(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  if (v[SECRET_SIG] === SECRET) return unwrap(v.value);
  if (ASSET_SIGS.includes(v[SECRET_SIG] as string)) return "<asset>";
  return value;
}

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").toLowerCase();

/**
 * The provider's names a Pulumi argument may stand for: the same words in snake case, or the
 * singular of a list Pulumi made plural (`rules` -> `rule`, `recoveryMechanisms` -> `recovery_mechanism`).
 */
function candidates(pulumiName: string): string[] {
  const s = snake(pulumiName);
  return [s, s.replace(/ies$/, "y"), s.replace(/es$/, ""), s.replace(/s$/, ""), `${s}_id`, `${s}_arn`, `${s}_name`];
}

/** Maps Pulumi inputs onto the provider's argument tree (blocks as lists of objects, as Terraform holds them). */
export function terraformView(inputs: Record<string, unknown>, rules: ResourceRules): TerraformView {
  const unmatched: string[] = [];
  const pulumiNames: Record<string, string> = {};
  const walk = (obj: Record<string, unknown>, prefix: string, pulumiPrefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(obj)) {
      const value = unwrap(raw);
      if (value === undefined || value === null) continue;
      const pulumiPath = pulumiPrefix ? `${pulumiPrefix}.${key}` : key;
      const name = candidates(key).find((c) => rules.attributes[prefix ? `${prefix}.${c}` : c] !== undefined);
      if (!name) {
        unmatched.push(pulumiPath);
        continue;
      }
      const path = prefix ? `${prefix}.${name}` : name;
      pulumiNames[path] = pulumiPath;
      const attr = rules.attributes[path]!;
      if (attr.kind.endsWith("-block")) {
        const elements = (Array.isArray(value) ? value : [value]).map(unwrap);
        out[name] = elements.map((e) => (e !== null && typeof e === "object" ? walk(e as Record<string, unknown>, path, pulumiPath) : e));
      } else {
        out[name] = value;
      }
    }
    return out;
  };
  return { config: walk(inputs, "", ""), unmatched, pulumiNames };
}

/** The value at a Terraform path with indices (`lambda_config.0.kms_key_id`); a path without an index takes the first element. */
export function valueAt(config: Record<string, unknown>, path: string): unknown {
  let current: unknown = config;
  for (const part of path.split(".")) {
    if (current === undefined || current === null) return undefined;
    if (/^\d+$/.test(part)) {
      current = Array.isArray(current) ? current[Number(part)] : undefined;
      continue;
    }
    if (Array.isArray(current)) current = current[0];
    current = (current as Record<string, unknown> | undefined)?.[part];
  }
  return current;
}

/** Set in the configuration, as the provider counts it: present, a `false` or `0` included; an empty list is not. */
const isSet = (value: unknown): boolean => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string };
/** Pulumi's unknowns during a preview (as test/infra/pulumi-mocks.ts records them): never checked. */
const isUnknown = (value: unknown): boolean => value === unknownStringValue;

function passes(check: Check, value: unknown): boolean | undefined {
  if ("length" in check) {
    if (typeof value !== "string") return undefined;
    const length = Buffer.byteLength(value);
    return (check.length[0] === null || length >= check.length[0]) && (check.length[1] === null || length <= check.length[1]);
  }
  if ("range" in check) {
    if (typeof value !== "number") return undefined;
    return (check.range[0] === null || value >= check.range[0]) && (check.range[1] === null || value <= check.range[1]);
  }
  if ("oneOf" in check) return check.oneOf.includes(String(value));
  if ("enum" in check) return check.values ? check.values.includes(String(value)) : undefined;
  if ("pattern" in check) {
    try {
      return new RegExp(check.pattern, "u").test(String(value));
    } catch {
      return undefined; // a Go expression JavaScript cannot read: not judged here
    }
  }
  if ("anyOf" in check) {
    const results = check.anyOf.map((c) => passes(c, value));
    return results.includes(true) ? true : results.includes(undefined) ? undefined : false;
  }
  if ("allOf" in check) {
    const results = check.allOf.map((c) => passes(c, value));
    return results.includes(false) ? false : results.includes(undefined) ? undefined : true;
  }
  return undefined; // a named function (verify.ValidARN...): not judged here
}

const describe = (check: Check): string => {
  if ("length" in check) return `length ${check.length[0] ?? 0}..${check.length[1] ?? "∞"}`;
  if ("range" in check) return `range ${check.range[0] ?? "-∞"}..${check.range[1] ?? "∞"}`;
  if ("oneOf" in check) return `one of ${check.oneOf.join(", ")}`;
  if ("enum" in check) return `one of ${check.enum} (${(check.values ?? []).join(", ")})`;
  if ("pattern" in check) return `pattern ${check.pattern}`;
  if ("anyOf" in check) return `any of (${check.anyOf.map(describe).join("; ")})`;
  if ("allOf" in check) return `all of (${check.allOf.map(describe).join("; ")})`;
  return check.function;
};

/**
 * Pulumi names a resource whose `name` the program leaves out: its logical name and a random
 * suffix of 7 characters (pulumi-aws's auto-naming), filled in before the provider validates.
 */
const autoName = (resource: string) => `${resource}-a1b2c3d`;

/** Every rule violated by one resource's inputs. */
export function violationsOf(type: string, resource: string, inputs: Record<string, unknown>, rules: ResourceRules): ProviderRuleViolation[] {
  const named = rules.attributes.name && !("name" in inputs) ? { ...inputs, name: autoName(resource) } : inputs;
  const { config, pulumiNames } = terraformView(named, rules);
  const found: ProviderRuleViolation[] = [];
  const report = (path: string, instance: string, rule: string, message: string) =>
    found.push({ type, resource, argument: pulumiNames[path] ?? path, terraformPath: instance, rule, message });

  /** Resolves a path a rule names: absolute (`a.0.b`, `a`), or `^name` beside the attribute. */
  const resolve = (ref: string, parentInstance: string) => (ref.startsWith("^") ? valueAt(config, parentInstance ? `${parentInstance}.${ref.slice(1)}` : ref.slice(1)) : valueAt(config, ref));

  const children = (prefix: string) =>
    Object.entries(rules.attributes).filter(([path]) => (prefix ? path.startsWith(`${prefix}.`) && !path.slice(prefix.length + 1).includes(".") : !path.includes(".")));

  const groupsSeen = new Set<string>();
  const visit = (block: Record<string, unknown>, prefix: string, instance: string) => {
    for (const [path, attr] of children(prefix)) {
      const name = path.slice(prefix ? prefix.length + 1 : 0);
      const at = instance ? `${instance}.${name}` : name;
      const value = block[name];
      const set = isSet(value);
      const unknown = isUnknown(value);
      checkAttribute(path, at, attr, value, set, unknown, instance);
      if (set && attr.kind.endsWith("-block") && Array.isArray(value)) {
        value.forEach((element, i) => {
          if (element !== null && typeof element === "object") visit(element as Record<string, unknown>, path, `${at}.${i}`);
        });
      }
    }
  };

  const checkAttribute = (path: string, at: string, attr: AttributeRules, value: unknown, set: boolean, unknown: boolean, parentInstance: string) => {
    if (attr.required && !set) report(path, at, "Required", `the provider requires ${at}`);
    if (set && attr.computed && !attr.optional && !attr.required) report(path, at, "Computed", `${at} is computed by the provider and cannot be set`);
    for (const [rule, refs] of [
      ["ExactlyOneOf", attr.exactlyOneOf],
      ["AtLeastOneOf", attr.atLeastOneOf],
    ] as const) {
      if (!refs) continue;
      const key = `${rule}:${parentInstance}:${[...refs].sort().join(",")}`;
      if (groupsSeen.has(key)) continue;
      groupsSeen.add(key);
      const values = refs.map((r) => resolve(r, parentInstance));
      if (values.some(isUnknown)) continue;
      const setOnes = refs.filter((_r, i) => isSet(values[i]));
      const named = refs.map((r) => r.replace(/^\^/, "")).join(", ");
      if (rule === "ExactlyOneOf" && setOnes.length !== 1) {
        report(path, at, rule, `exactly one of (${named}) must be set; ${setOnes.length === 0 ? "none is" : `${setOnes.length} are: ${setOnes.map((r) => r.replace(/^\^/, "")).join(", ")}`} (a false or 0 counts as set)`);
      }
      if (rule === "AtLeastOneOf" && setOnes.length === 0) report(path, at, rule, `at least one of (${named}) must be set`);
    }
    if (!set || unknown) return;
    for (const ref of attr.conflictsWith ?? []) {
      if (isSet(resolve(ref, parentInstance))) report(path, at, "ConflictsWith", `${at} cannot be set with ${ref.replace(/^\^/, "")}`);
    }
    for (const ref of attr.requiredWith ?? []) {
      if (!isSet(resolve(ref, parentInstance))) report(path, at, "RequiredWith", `${at} requires ${ref.replace(/^\^/, "")} too`);
    }
    const count = Array.isArray(value) ? value.length : 1;
    if (attr.maxItems !== undefined && count > attr.maxItems) report(path, at, "MaxItems", `${at} holds ${count} items; at most ${attr.maxItems}`);
    if (attr.minItems !== undefined && count < attr.minItems) report(path, at, "MinItems", `${at} holds ${count} items; at least ${attr.minItems}`);
    for (const check of attr.checks ?? []) {
      if (Array.isArray(value) || (value !== null && typeof value === "object")) continue;
      if (passes(check, value) === false) report(path, at, "Validate", `${at} = ${JSON.stringify(value)} is not ${describe(check)}`);
    }
    for (const check of attr.elementChecks ?? []) {
      for (const [i, element] of (Array.isArray(value) ? value : [value]).entries()) {
        if (!isUnknown(element) && passes(check, element) === false) report(path, `${at}.${i}`, "Validate", `${at} element ${JSON.stringify(element)} is not ${describe(check)}`);
      }
    }
  };

  visit(config, "", "");
  return found;
}

/** What the program declares, as test/infra/pulumi-mocks.ts records it. */
export interface Declared {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface ProgramCheck {
  violations: ProviderRuleViolation[];
  /** Pulumi type -> arguments the rules do not know. */
  unmatched: Record<string, string[]>;
  /** Declared types the rules were not read for. */
  notRead: string[];
}

/** Every resource of a run against the rules. */
export function checkProgram(resources: Declared[], rules: ProviderRules = PROVIDER_RULES): ProgramCheck {
  const violations: ProviderRuleViolation[] = [];
  const unmatched: Record<string, Set<string>> = {};
  const notRead = new Set<string>();
  for (const r of resources) {
    if (!r.type.startsWith("aws:")) continue;
    const resourceRules = rules.resources[r.type];
    if (!resourceRules) {
      notRead.add(r.type);
      continue;
    }
    violations.push(...violationsOf(r.type, r.name, r.inputs, resourceRules));
    for (const u of terraformView(r.inputs, resourceRules).unmatched) (unmatched[r.type] ??= new Set()).add(u);
  }
  return {
    violations,
    unmatched: Object.fromEntries(Object.entries(unmatched).map(([k, v]) => [k, [...v].sort()])),
    notRead: [...notRead].sort(),
  };
}

/** One line per violation: type, resource, argument (the provider's name), rule, what is wrong. */
export const formatViolation = (v: ProviderRuleViolation): string => `${v.type} ${v.resource}: ${v.argument} (${v.terraformPath}): ${v.rule}: ${v.message}`;

/** The arguments whose change replaces a resource of `type`, by the provider's path (ForceNew, RequiresReplace). */
export function replacingArguments(type: string, rules: ProviderRules = PROVIDER_RULES): string[] {
  const r = rules.resources[type];
  if (!r) throw new Error(`no provider rules read for ${type}: run npm run provider-rules`);
  return Object.entries(r.attributes)
    .filter(([, a]) => a.forceNew)
    .map(([path]) => path)
    .sort();
}
