/** Calls a resource guardrail directly, as the policy engine would, and returns what it reported. */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

export function violationsOf(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>): string[] {
  const found: string[] = [];
  const args = { type, props, urn: `urn:pulumi:test::igad-auth::${type}::r`, name: "r", opts: {}, stackTags: new Map() } as unknown as ResourceValidationArgs;
  (policy.validateResource as (a: ResourceValidationArgs, r: (m: string) => void) => void)(args, (m) => found.push(m));
  return found;
}
