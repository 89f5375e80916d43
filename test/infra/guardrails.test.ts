/** Each guardrail called directly, with a resource that passes and one that fails. */
import type { PolicyResource } from "@pulumi/policy";
import { violationsOf } from "./guardrail-harness";
import { noClientWritesRole, noImplicitOAuthFlow, userExistenceErrorsHidden } from "../../policies/guardrails/app-clients";
import { prodDeletionProtection, prodPasswordLength, prodSesEmail } from "../../policies/guardrails/user-pools";
import { logRetentionSet, triggerTimeouts } from "../../policies/guardrails/functions";
import { everyRestStageHasWebAcl, everyUserPoolHasWebAcl } from "../../policies/guardrails/web-acl";
import { tablesExpireItems } from "../../policies/guardrails/tables";
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
  ["rate-limit items expire", tablesExpireItems, TYPES.dynamodbTable, { ttl: { attributeName: "expiresAt", enabled: true } }, { ttl: { attributeName: "expiresAt", enabled: false } }],
  ["a table without any ttl block is caught", tablesExpireItems, TYPES.dynamodbTable, { ttl: { attributeName: "expiresAt", enabled: true } }, {}],
])("guardrail: %s", (_name, policy, type, passing, failing) => {
  test("passes a compliant resource", () => expect(violationsOf(policy, type, passing)).toEqual([]));
  test("reports a violating one", () => expect(violationsOf(policy, type, failing)).toHaveLength(1));
});

test("prod-only guardrails leave dev pools alone", () => {
  const devPool = { ...prodPool, tags: { environment: "dev" }, passwordPolicy: { minimumLength: 8 }, deletionProtection: "INACTIVE" };
  expect(violationsOf(prodPasswordLength, TYPES.userPool, devPool)).toEqual([]);
  expect(violationsOf(prodDeletionProtection, TYPES.userPool, devPool)).toEqual([]);
});

const runStack = (policy: typeof everyUserPoolHasWebAcl, resources: PolicyResource[]) => {
  const found: string[] = [];
  (policy.validateStack as (a: unknown, r: (m: string) => void) => void)({ resources }, (m) => found.push(m));
  return found;
};
const resource = (type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, Array<{ urn: string }>> = {}) =>
  ({ type, urn: `urn:${name}`, name, props, propertyDependencies }) as unknown as PolicyResource;

describe.each([
  ["every user pool has a web ACL", everyUserPoolHasWebAcl, TYPES.userPool, "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X"],
  ["every REST API stage has a web ACL", everyRestStageHasWebAcl, TYPES.restStage, "arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod"],
])("guardrail: %s", (_name, policy, type, arn) => {
  const target = resource(type, "target", { arn });
  test("passes a protected resource (association names its ARN)", () => expect(runStack(policy, [target, resource(TYPES.webAclAssociation, "assoc", { resourceArn: arn })])).toEqual([]));
  test("passes in a preview, where the ARN is unknown but the association depends on the resource", () => {
    const unknownArn = resource(type, "target", {});
    expect(runStack(policy, [unknownArn, resource(TYPES.webAclAssociation, "assoc", {}, { resourceArn: [{ urn: "urn:target" }] })])).toEqual([]);
  });
  test("reports an unprotected resource", () => expect(runStack(policy, [target])).toHaveLength(1));
  test("an association for another resource does not count", () =>
    expect(runStack(policy, [target, resource(TYPES.webAclAssociation, "assoc", { resourceArn: `${arn}-other` })])).toHaveLength(1));
});
