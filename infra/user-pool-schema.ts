/**
 * The user pool's attribute schema as deployed. Cognito can add custom attributes but
 * never change or remove one ("cannot modify or remove schema items"), and the provider
 * does not replace the pool for it: the `up` fails. So the schema is declared here, on
 * its own, and not derived from the validation limits in policies/profile.ts, which may
 * tighten at any time (validation must stay within these bounds; a test checks both).
 *
 * To change an attribute: add a new one (e.g. `organization2`), migrate the values, and
 * leave the old entry here untouched. test/infra/deployed-user-pool-schema.json records
 * what existing stacks hold; a test fails when an entry of it changes or disappears.
 */
import { canonicalJson } from "./deployment-fingerprint";

export interface SchemaAttribute {
  name: string;
  attributeDataType: "String" | "Number" | "DateTime" | "Boolean";
  mutable: boolean;
  required: boolean;
  developerOnlyAttribute: boolean;
  stringAttributeConstraints: { minLength: string; maxLength: string };
}

export const USER_POOL_SCHEMA: readonly SchemaAttribute[] = [
  // Standard attribute; optional because administrators may invite users without one
  // (the API and the pre sign-up trigger require it on self-service sign-up).
  { name: "name", attributeDataType: "String", mutable: true, required: false, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "0", maxLength: "100" } },
  { name: "organization", attributeDataType: "String", mutable: true, required: false, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "0", maxLength: "100" } },
  { name: "country", attributeDataType: "String", mutable: true, required: false, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "0", maxLength: "100" } },
  // Role names are at most 32 characters (policies/settings.ts); mutable so post confirmation and administrators can set it.
  { name: "role", attributeDataType: "String", mutable: true, required: false, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "0", maxLength: "32" } },
];

/**
 * What `up` would fail on: each deployed attribute that the declaration changes or drops,
 * with how to migrate. Additions are allowed (Cognito adds custom attributes in place).
 */
export function frozenSchemaViolations(deployed: readonly SchemaAttribute[], declared: readonly SchemaAttribute[]): string[] {
  const migrate = "Cognito cannot modify or remove schema items: put the deployed definition back and add a new attribute instead (e.g. custom:<name>2), then migrate the values to it";
  return deployed.flatMap((was) => {
    const now = declared.find((a) => a.name === was.name);
    if (!now) return [`attribute ${was.name} was removed. ${migrate}.`];
    if (canonicalJson(now) !== canonicalJson(was)) return [`attribute ${was.name} changed from ${JSON.stringify(was)} to ${JSON.stringify(now)}. ${migrate}.`];
    return [];
  });
}
