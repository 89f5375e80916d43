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

/** Cognito's standard attributes: fixed when a pool is created, never added later. */
export const STANDARD_ATTRIBUTES = [
  "address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name", "locale", "middle_name", "name", "nickname",
  "phone_number", "phone_number_verified", "picture", "preferred_username", "profile", "sub", "updated_at", "website", "zoneinfo",
];
/** Cognito's limit on a custom attribute's name (without "custom:"). */
export const MAX_CUSTOM_ATTRIBUTE_NAME_LENGTH = 20;

/**
 * What `up` would fail on: each deployed attribute that the declaration changes or drops,
 * with how to migrate, and each added attribute Cognito cannot add to an existing pool.
 * Optional custom attributes may be added (Cognito's AddCustomAttributes, in place).
 */
export function frozenSchemaViolations(deployed: readonly SchemaAttribute[], declared: readonly SchemaAttribute[]): string[] {
  const migrate = "Cognito cannot modify or remove schema items: put the deployed definition back and add a new attribute instead (e.g. custom:<name>2), then migrate the values to it";
  const changed = deployed.flatMap((was) => {
    const now = declared.find((a) => a.name === was.name);
    if (!now) return [`attribute ${was.name} was removed. ${migrate}.`];
    if (canonicalJson(now) !== canonicalJson(was)) return [`attribute ${was.name} changed from ${JSON.stringify(was)} to ${JSON.stringify(now)}. ${migrate}.`];
    return [];
  });
  const added = declared
    .filter((a) => !deployed.some((was) => was.name === a.name))
    .flatMap((a) => {
      if (STANDARD_ATTRIBUTES.includes(a.name)) return [`attribute ${a.name} is a standard attribute, which an existing pool cannot add: add a custom attribute under another name instead.`];
      if (a.required) return [`attribute ${a.name} is added as required, which Cognito refuses for custom attributes: declare it with required: false and require it in the API.`];
      if (a.name.length > MAX_CUSTOM_ATTRIBUTE_NAME_LENGTH || !/^[\w]+$/.test(a.name)) return [`attribute ${a.name}: a custom attribute's name has at most ${MAX_CUSTOM_ATTRIBUTE_NAME_LENGTH} letters, digits or underscores.`];
      return [];
    });
  return [...changed, ...added];
}
