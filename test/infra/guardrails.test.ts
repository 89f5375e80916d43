/** Each guardrail called directly, with a resource that passes and one that fails. */
import type { PolicyResource } from "@pulumi/policy";
import { violationsOf } from "./guardrail-harness";
import { noClientWritesRole, noImplicitOAuthFlow, userExistenceErrorsHidden } from "../../policies/guardrails/app-clients";
import { prodDeletionProtection, prodPasswordLength, prodSesEmail } from "../../policies/guardrails/user-pools";
import { logRetentionSet, triggerTimeouts } from "../../policies/guardrails/functions";
import { everyUserPoolHasWebAcl } from "../../policies/guardrails/web-acl";
import { TYPES } from "../../policies/guardrails/resource-types";

const goodClient = { writeAttributes: ["email", "name"], allowedOauthFlows: ["code"], preventUserExistenceErrors: "ENABLED" };
const prodPool = { tags: { environment: "prod" }, passwordPolicy: { minimumLength: 12 }, deletionProtection: "ACTIVE", emailConfiguration: { emailSendingAccount: "DEVELOPER" } };

describe.each([
  ["no app client writes custom:role", noClientWritesRole, TYPES.userPoolClient, goodClient, { ...goodClient, writeAttributes: ["email", "custom:role"] }],
  ["an unset writeAttributes counts as writing custom:role", noClientWritesRole, TYPES.userPoolClient, goodClient, { ...goodClient, writeAttributes: undefined }],
  ["no implicit OAuth flow", noImplicitOAuthFlow, TYPES.userPoolClient, goodClient, { ...goodClient, allowedOauthFlows: ["code", "implicit"] }],
  ["user-existence errors hidden", userExistenceErrorsHidden, TYPES.userPoolClient, goodClient, { ...goodClient, preventUserExistenceErrors: "LEGACY" }],
  ["minimum password length 12 in prod", prodPasswordLength, TYPES.userPool, prodPool, { ...prodPool, passwordPolicy: { minimumLength: 8 } }],
  ["deletion protection in prod", prodDeletionProtection, TYPES.userPool, prodPool, { ...prodPool, deletionProtection: "INACTIVE" }],
  ["SES email in prod", prodSesEmail, TYPES.userPool, prodPool, { ...prodPool, emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" } }],
  ["trigger timeouts under 5 seconds", triggerTimeouts, TYPES.lambdaFunction, { timeout: 4, tags: { component: "cognito-trigger" } }, { timeout: 5, tags: { component: "cognito-trigger" } }],
  ["log retention set", logRetentionSet, TYPES.logGroup, { retentionInDays: 14 }, {}],
])("guardrail: %s", (_name, policy, type, passing, failing) => {
  test("passes a compliant resource", () => expect(violationsOf(policy, type, passing)).toEqual([]));
  test("reports a violating one", () => expect(violationsOf(policy, type, failing)).toHaveLength(1));
});

test("prod-only guardrails leave dev pools alone", () => {
  const devPool = { ...prodPool, tags: { environment: "dev" }, passwordPolicy: { minimumLength: 8 }, deletionProtection: "INACTIVE" };
  expect(violationsOf(prodPasswordLength, TYPES.userPool, devPool)).toEqual([]);
  expect(violationsOf(prodDeletionProtection, TYPES.userPool, devPool)).toEqual([]);
});

describe("guardrail: every user pool has a web ACL", () => {
  const pool = { type: TYPES.userPool, urn: "urn:pool", name: "pool", props: { arn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X" }, propertyDependencies: {} } as unknown as PolicyResource;
  const association = { type: TYPES.webAclAssociation, urn: "urn:assoc", name: "assoc", props: { resourceArn: pool.props.arn }, propertyDependencies: {} } as unknown as PolicyResource;
  const run = (resources: PolicyResource[]) => {
    const found: string[] = [];
    (everyUserPoolHasWebAcl.validateStack as (a: unknown, r: (m: string) => void) => void)({ resources }, (m) => found.push(m));
    return found;
  };
  test("passes a protected pool", () => expect(run([pool, association])).toEqual([]));
  test("reports an unprotected pool", () => expect(run([pool])).toHaveLength(1));
});
