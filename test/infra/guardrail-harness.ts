/**
 * Calls guardrails as the policy engine would: each resource's properties behind the
 * policy SDK's own unknown-checking proxy (reading a value unknown in a preview throws,
 * which the engine turns into an advisory "can't run during preview"), and property
 * dependencies as resource objects. A guardrail that lets that error escape is
 * reported here as "can't run during preview", so a test sees it.
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { RESOURCE_GUARDRAILS, STACK_GUARDRAILS } from "../../policies/guardrails";
import type { ProgramRun } from "./pulumi-mocks";

/** What the engine would report for a guardrail that could not read an unknown value. */
const cannotRun = (policy: string, e: unknown): string => {
  if (e instanceof UnknownValueError) return `can't run ${policy} during preview: ${(e as Error).message}`;
  throw e;
};

export function violationsOf(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>, opts: Record<string, unknown> = {}): string[] {
  const found: string[] = [];
  const args = { type, props: unknownCheckingProxy(props), urn: `urn:pulumi:test::igad-auth::${type}::r`, name: "r", opts, stackTags: new Map() } as unknown as ResourceValidationArgs;
  try {
    (policy.validateResource as (a: ResourceValidationArgs, r: (m: string) => void) => void)(args, (m) => found.push(m));
  } catch (e) {
    found.push(cannotRun(policy.name, e));
  }
  return found;
}

export interface StackResource {
  type: string;
  name: string;
  urn?: string;
  props: Record<string, unknown>;
  /** Input name to the URNs its value came from. */
  propertyDependencies?: Record<string, string[]>;
}

/** The stack as a stack guardrail sees it: proxied properties, dependencies resolved to resources. */
export function policyResources(resources: StackResource[]): PolicyResource[] {
  const view = resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn ?? `urn:${r.name}`, props: unknownCheckingProxy(r.props), propertyDependencies: {} as Record<string, PolicyResource[]> }));
  const byUrn = new Map(view.map((r) => [r.urn, r]));
  resources.forEach((r, i) => {
    for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
      view[i]!.propertyDependencies[key] = urns.map((u) => byUrn.get(u)).filter((d): d is (typeof view)[number] => d !== undefined) as unknown as PolicyResource[];
    }
  });
  return view as unknown as PolicyResource[];
}

/** Each policy's config, by policy name, as `--policy-pack-config` gives it (none: every policy's defaults). */
export type PackConfig = Record<string, Record<string, unknown>>;

export function stackViolationsOf(policy: StackValidationPolicy, resources: StackResource[], config: PackConfig = {}): string[] {
  const found: string[] = [];
  const getConfig = () => ({ ...defaultsOf(policy), ...(config[policy.name] ?? {}) });
  try {
    (policy.validateStack as (a: unknown, r: (m: string) => void) => void)({ resources: policyResources(resources), getConfig }, (m) => found.push(m));
  } catch (e) {
    found.push(cannotRun(policy.name, e));
  }
  return found;
}

/** A policy's config defaults, from its configSchema, as the engine fills them in. */
function defaultsOf(policy: { configSchema?: { properties: Record<string, { default?: unknown }> } }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).flatMap(([k, v]) => ("default" in v ? [[k, v.default]] : [])));
}

/** Every guardrail over every resource of a program run, prefixed with the guardrail's name. */
export function guardrailViolations(run: Pick<ProgramRun, "resources">, config: PackConfig = {}): string[] {
  const found: string[] = [];
  // Each resource with the options the engine received for it (protect...), as the policy engine passes them.
  for (const r of run.resources) for (const policy of RESOURCE_GUARDRAILS) found.push(...violationsOf(policy, r.type, r.state, { ...r.options }).map((m) => `${policy.name} on ${r.name}: ${m}`));
  const stack = run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.state, propertyDependencies: r.propertyDependencies }));
  for (const policy of STACK_GUARDRAILS) found.push(...stackViolationsOf(policy, stack, config).map((m) => `${policy.name}: ${m}`));
  return found;
}
