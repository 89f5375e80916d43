/**
 * Each guardrail called directly, with a resource that passes and one that fails, behind
 * the policy SDK's unknown-checking proxy; and during a preview, where the SDK's own
 * unknown markers stand for ids and ARNs not yet known.
 */
import { guardrailViolations, stackViolationsOf, violationsOf, type StackResource } from "./guardrail-harness";
import { runProgram } from "./pulumi-mocks";
import { noClientWritesRole, noImplicitOAuthFlow, prodClientsConfidential, userExistenceErrorsHidden } from "../../policies/guardrails/app-clients";
import { prodDeletionProtection, prodPasswordLength, prodPoolProtected, prodSesEmail } from "../../policies/guardrails/user-pools";
import { logRetentionSet, triggerTimeouts } from "../../policies/guardrails/functions";
import { everyRestStageHasWebAcl, everyUserPoolHasWebAcl } from "../../policies/guardrails/web-acl";
import { auditTrailDurable, tablesExpireItems } from "../../policies/guardrails/tables";
import { adminScopeSelfServiceOnly } from "../../policies/guardrails/self-service-client";
import { TYPES } from "../../policies/guardrails/resource-types";

const goodClient = { writeAttributes: ["email", "name"], allowedOauthFlows: ["code"], preventUserExistenceErrors: "ENABLED" };
/** The prod audit table as the program declares it. */
const auditTable = {
  tags: { environment: "prod", purpose: "audit-trail" },
  hashKey: "pk",
  rangeKey: "sk",
  serverSideEncryption: { enabled: true },
  pointInTimeRecovery: { enabled: true },
  deletionProtectionEnabled: true,
};
const prodPool = { tags: { environment: "prod" }, passwordPolicy: { minimumLength: 12 }, deletionProtection: "ACTIVE", emailConfiguration: { emailSendingAccount: "DEVELOPER" } };

describe.each([
  ["no app client writes custom:role", noClientWritesRole, TYPES.userPoolClient, goodClient, { ...goodClient, writeAttributes: ["email", "custom:role"] }],
  ["an unset writeAttributes counts as writing custom:role", noClientWritesRole, TYPES.userPoolClient, goodClient, { ...goodClient, writeAttributes: undefined }],
  ["no implicit OAuth flow", noImplicitOAuthFlow, TYPES.userPoolClient, goodClient, { ...goodClient, allowedOauthFlows: ["code", "implicit"] }],
  ["user-existence errors hidden", userExistenceErrorsHidden, TYPES.userPoolClient, goodClient, { ...goodClient, preventUserExistenceErrors: "LEGACY" }],
  ["minimum password length 12 in prod", prodPasswordLength, TYPES.userPool, prodPool, { ...prodPool, passwordPolicy: { minimumLength: 8 } }],
  ["deletion protection in prod", prodDeletionProtection, TYPES.userPool, prodPool, { ...prodPool, deletionProtection: "INACTIVE" }],
  ["SES email in prod", prodSesEmail, TYPES.userPool, prodPool, { ...prodPool, emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" } }],
  ["rate-limit items expire", tablesExpireItems, TYPES.dynamodbTable, { ttl: { attributeName: "expiresAt", enabled: true } }, { ttl: { attributeName: "expiresAt", enabled: false } }],
  ["a table without any ttl block is caught", tablesExpireItems, TYPES.dynamodbTable, { ttl: { attributeName: "expiresAt", enabled: true } }, {}],
  ["only the audit trail keeps its items (a table marked otherwise still needs TTL)", tablesExpireItems, TYPES.dynamodbTable, auditTable, { ...auditTable, tags: { environment: "prod", purpose: "counters" } }],
  ["the audit trail's events never expire", auditTrailDurable, TYPES.dynamodbTable, auditTable, { ...auditTable, ttl: { attributeName: "expiresAt", enabled: true } }],
  ["the audit trail is encrypted", auditTrailDurable, TYPES.dynamodbTable, auditTable, { ...auditTable, serverSideEncryption: { enabled: false } }],
  ["the prod audit trail has point-in-time recovery", auditTrailDurable, TYPES.dynamodbTable, auditTable, { ...auditTable, pointInTimeRecovery: { enabled: false } }],
  ["the prod audit trail is deletion-protected", auditTrailDurable, TYPES.dynamodbTable, auditTable, { ...auditTable, deletionProtectionEnabled: false }],
])("guardrail: %s", (_name, policy, type, passing, failing) => {
  test("passes a compliant resource", () => expect(violationsOf(policy, type, passing)).toEqual([]));
  test("reports a violating one", () => expect(violationsOf(policy, type, failing)).toHaveLength(1));
});

describe("guardrail: the prod pool is a protected Pulumi resource", () => {
  test("passes a prod pool declared with protect", () => expect(violationsOf(prodPoolProtected, TYPES.userPool, prodPool, { protect: true })).toEqual([]));
  test("reports a prod pool without protect", () =>
    expect(violationsOf(prodPoolProtected, TYPES.userPool, prodPool, { protect: false })).toEqual([expect.stringMatching(/protect: true/)]));
  test("leaves a dev pool alone", () => expect(violationsOf(prodPoolProtected, TYPES.userPool, { ...prodPool, tags: { environment: "dev" } }, {})).toEqual([]));
});

test("the durable audit trail's prod rules leave a dev audit table alone, but not its encryption or TTL", () => {
  const devAudit = { ...auditTable, tags: { environment: "dev", purpose: "audit-trail" }, pointInTimeRecovery: { enabled: false }, deletionProtectionEnabled: false };
  expect(violationsOf(auditTrailDurable, TYPES.dynamodbTable, devAudit)).toEqual([]);
  expect(violationsOf(auditTrailDurable, TYPES.dynamodbTable, { ...devAudit, ttl: { attributeName: "expiresAt", enabled: true } })).toHaveLength(1);
  expect(violationsOf(auditTrailDurable, TYPES.dynamodbTable, { ttl: { attributeName: "expiresAt", enabled: true } })).toEqual([]); // a counters table: not its business
});

test("prod-only guardrails leave dev pools alone", () => {
  const devPool = { ...prodPool, tags: { environment: "dev" }, passwordPolicy: { minimumLength: 8 }, deletionProtection: "INACTIVE" };
  expect(violationsOf(prodPasswordLength, TYPES.userPool, devPool)).toEqual([]);
  expect(violationsOf(prodDeletionProtection, TYPES.userPool, devPool)).toEqual([]);
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownStringValue: UNKNOWN } = require("@pulumi/policy/proxy") as { unknownStringValue: string };
const runStack = stackViolationsOf;
const resource = (type: string, name: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): StackResource => ({
  type,
  urn: `urn:${name}`,
  name,
  props,
  propertyDependencies,
});

describe.each([
  ["every user pool has a web ACL", everyUserPoolHasWebAcl, TYPES.userPool, "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X"],
  ["every REST API stage has a web ACL", everyRestStageHasWebAcl, TYPES.restStage, "arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod"],
])("guardrail: %s", (_name, policy, type, arn) => {
  const target = resource(type, "target", { arn });
  test("passes a protected resource (association names its ARN)", () => expect(runStack(policy, [target, resource(TYPES.webAclAssociation, "assoc", { resourceArn: arn })])).toEqual([]));
  test("passes in a preview, where the ARNs are unknown but the association takes its resourceArn from the resource", () => {
    const unknownArn = resource(type, "target", { arn: UNKNOWN });
    expect(runStack(policy, [unknownArn, resource(TYPES.webAclAssociation, "assoc", { resourceArn: UNKNOWN }, { resourceArn: ["urn:target"] })])).toEqual([]);
  });
  test("reports, in a preview, an unprotected resource beside an association for another one (not downgraded to \"can't run\")", () => {
    const unknownArn = resource(type, "target", { arn: UNKNOWN });
    const other = resource(type, "other", { arn: UNKNOWN });
    const found = runStack(policy, [unknownArn, other, resource(TYPES.webAclAssociation, "assoc", { resourceArn: UNKNOWN }, { resourceArn: ["urn:other"] })]);
    expect(found).toEqual([expect.stringMatching(/ target has no WAF web ACL/)]);
  });
  test("reports an unprotected resource", () => expect(runStack(policy, [target])).toHaveLength(1));
  test("an association for another resource does not count", () =>
    expect(runStack(policy, [target, resource(TYPES.webAclAssociation, "assoc", { resourceArn: `${arn}-other` })])).toHaveLength(1));
});

describe("guardrail: trigger timeouts under 5 seconds, for every function a pool's lambdaConfig names", () => {
  const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:f";
  const pool = (lambdaConfig: unknown, deps: string[] = []) => resource(TYPES.userPool, "pool", { lambdaConfig }, deps.length ? { lambdaConfig: deps } : {});
  const fn = (timeout: number | undefined, props: Record<string, unknown> = {}) => resource(TYPES.lambdaFunction, "f", { arn: fnArn, name: "f", timeout, ...props });

  test("passes a trigger of 4 seconds", () => expect(runStack(triggerTimeouts, [pool({ preSignUp: fnArn }), fn(4)])).toEqual([]));
  test("reports an untagged trigger of 5 seconds", () => expect(runStack(triggerTimeouts, [pool({ preSignUp: fnArn }), fn(5)])).toEqual([expect.stringMatching(/function f is a Cognito trigger with a timeout of 5 s/)]));
  test("reports a trigger named in a nested block (preTokenGenerationConfig.lambdaArn)", () =>
    expect(runStack(triggerTimeouts, [pool({ preTokenGenerationConfig: { lambdaArn: fnArn, lambdaVersion: "V2_0" } }), fn(10)])).toHaveLength(1));
  test("reports a slow trigger the pool names by a version or alias ARN (<function arn>:live)", () =>
    expect(runStack(triggerTimeouts, [pool({ preSignUp: `${fnArn}:live` }), fn(10)])).toEqual([expect.stringMatching(/function f is a Cognito trigger with a timeout of 10 s/)]));
  test("a function whose name merely starts like another's is not taken for it", () =>
    expect(runStack(triggerTimeouts, [pool({ preSignUp: `${fnArn}-other` }), fn(10)])).toEqual([]));
  test("leaves a function no pool calls alone, whatever its timeout or tags", () =>
    expect(runStack(triggerTimeouts, [pool({}), fn(30, { tags: { component: "cognito-trigger" } })])).toEqual([]));
  test("reports, in a preview, a slow trigger whose ARN is unknown (found by the pool's dependency on it)", () => {
    const found = runStack(triggerTimeouts, [pool({ preSignUp: UNKNOWN }, ["urn:f"]), fn(6, { arn: UNKNOWN, name: UNKNOWN })]);
    expect(found).toEqual([expect.stringMatching(/timeout of 6 s/)]);
  });
  test("counts Lambda's default of 3 seconds as under the deadline", () => expect(runStack(triggerTimeouts, [pool({ preSignUp: fnArn }), fn(undefined)])).toEqual([]));
  test("reports, in a preview, a slow trigger the pool names by an ARN built from its written-out name (no dependency, its own ARN unknown)", () => {
    const found = runStack(triggerTimeouts, [pool({ preTokenGenerationConfig: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:f", lambdaVersion: "V2_0" } }), fn(6, { arn: UNKNOWN })]);
    expect(found).toEqual([expect.stringMatching(/function f is a Cognito trigger with a timeout of 6 s/)]);
  });
});

describe("guardrail: the admin scope is kept for the self-service client alone", () => {
  const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token";
  const pool = resource(TYPES.userPool, "pool", { id: "us-east-1_P", lambdaConfig: { preTokenGenerationConfig: { lambdaArn: fnArn, lambdaVersion: "V2_0" } } });
  const selfService = { userPoolId: "us-east-1_P", generateSecret: true, explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], allowedOauthFlowsUserPoolClient: false, accessTokenValidity: 15, tokenValidityUnits: { accessToken: "minutes" } };
  const apiClient = { ...selfService, id: "api-id", explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"], accessTokenValidity: 60 };
  const hostedUi = { ...selfService, id: "hosted-id", explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], allowedOauthFlowsUserPoolClient: true, allowedOauthFlows: ["code"], accessTokenValidity: 60 };
  const clients = [
    resource(TYPES.userPoolClient, "self-service", { ...selfService, id: "self-id" }),
    resource(TYPES.userPoolClient, "api", apiClient),
    resource(TYPES.userPoolClient, "hosted-ui", hostedUi),
  ];
  /** The pre token trigger with SELF_SERVICE_CLIENT_ID and the clients its environment comes from. */
  const trigger = (value: string | undefined, deps: string[] = [], props: Record<string, unknown> = {}) =>
    resource(TYPES.lambdaFunction, "pre-token", { arn: fnArn, name: "pre-token", timeout: 4, environment: { variables: { SELF_SERVICE_CLIENT_ID: value, PAGES_BASE_URL: "https://x" } }, ...props }, { environment: deps });

  test("passes a trigger that names the self-service client (by id, and by dependency)", () => {
    expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger("self-id")])).toEqual([]);
    expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger("self-id", ["urn:self-service"])])).toEqual([]);
  });
  test("passes a trigger that exempts no client", () => expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger(undefined)])).toEqual([]));
  test("reports the API's client exempted (60-minute tokens that people hold)", () =>
    expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger("api-id", ["urn:api"])])).toEqual([
      expect.stringMatching(/^trigger pre-token keeps aws\.cognito\.signin\.user\.admin in the access tokens of app client api, which is not a self-service client: its access tokens live 60 minutes/),
    ]));
  test("reports the Hosted UI's client exempted (OAuth: a browser gets its tokens)", () =>
    expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger("hosted-id")])).toEqual([expect.stringMatching(/app client hosted-ui, which is not a self-service client: .*OAuth/)]));
  test("reports a public client, or one with more flows, exempted", () => {
    const loose = resource(TYPES.userPoolClient, "loose", { ...selfService, id: "loose-id", generateSecret: false, explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH"] });
    expect(runStack(adminScopeSelfServiceOnly, [pool, loose, trigger("loose-id")])).toEqual([expect.stringMatching(/no secret.*ALLOW_USER_PASSWORD_AUTH/)]);
  });
  test("reports a trigger whose environment names two clients", () =>
    expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger("self-id,api-id")])).toEqual(expect.arrayContaining([expect.stringMatching(/names 2 app clients/)])));
  test("reports two triggers exempting different clients, even when each is self-service shaped", () => {
    const other = resource(TYPES.userPoolClient, "other-self-service", { ...selfService, id: "other-id" });
    const secondArn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token-2";
    const twoTriggers = resource(TYPES.userPool, "pool", { id: "us-east-1_P", lambdaConfig: { preTokenGenerationConfig: { lambdaArn: fnArn }, preAuthentication: secondArn } });
    const second = resource(TYPES.lambdaFunction, "pre-token-2", { arn: secondArn, name: "pre-token-2", environment: { variables: { SELF_SERVICE_CLIENT_ID: "other-id" } } });
    expect(runStack(adminScopeSelfServiceOnly, [twoTriggers, clients[0]!, other, trigger("self-id"), second])).toEqual([expect.stringMatching(/^2 app clients keep aws\.cognito\.signin\.user\.admin/)]);
  });
  test("reports an id that is no app client of the stack (another pool's, a typo)", () =>
    expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger("someone-elses-id")])).toEqual([expect.stringMatching(/SELF_SERVICE_CLIENT_ID is someone-elses-id, no app client of this stack/)]));
  test("in a preview: passes an unknown id that comes from the self-service client, reports one that comes from no client", () => {
    const previewClients = clients.map((c) => ({ ...c, props: { ...c.props, id: UNKNOWN } }));
    const previewPool = resource(TYPES.userPool, "pool", { id: UNKNOWN, lambdaConfig: { preTokenGenerationConfig: { lambdaArn: fnArn, lambdaVersion: "V2_0" } } });
    expect(runStack(adminScopeSelfServiceOnly, [previewPool, ...previewClients, trigger(UNKNOWN, ["urn:self-service"], { arn: UNKNOWN })])).toEqual([]);
    expect(runStack(adminScopeSelfServiceOnly, [previewPool, ...previewClients, trigger(UNKNOWN, ["urn:api"], { arn: UNKNOWN })])).toEqual([expect.stringMatching(/app client api, which is not a self-service client/)]);
    expect(runStack(adminScopeSelfServiceOnly, [previewPool, ...previewClients, trigger(UNKNOWN, [], { arn: UNKNOWN })])).toEqual([expect.stringMatching(/comes from no app client of this stack/)]);
  });
  test("leaves alone a function no pool calls (the API function reads SELF_SERVICE_CLIENT_ID to sign in, not to exempt)", () => {
    const api = resource(TYPES.lambdaFunction, "api", { arn: "arn:aws:lambda:us-east-1:123456789012:function:api", name: "api", environment: { variables: { SELF_SERVICE_CLIENT_ID: "api-id" } } });
    expect(runStack(adminScopeSelfServiceOnly, [pool, ...clients, trigger("self-id"), api])).toEqual([]);
  });

  test.each([false, true])("the program (preview: %s): its trigger exempts the self-service client; pointed at the API's client, the guardrail refuses it", async (preview) => {
    const dev = await runProgram("dev", {}, { preview });
    expect(guardrailViolations(dev)).toEqual([]);
    const preToken = dev.one(TYPES.lambdaFunction, "pre-token-generation");
    const apiClient = dev.one(TYPES.userPoolClient, "api-client");
    if (!preview) expect(preToken.state.environment.variables.SELF_SERVICE_CLIENT_ID).toBe(dev.one(TYPES.userPoolClient, "self-service-client").state.id);
    const repointed = {
      ...preToken,
      state: { ...preToken.state, environment: { variables: { ...preToken.state.environment.variables, SELF_SERVICE_CLIENT_ID: apiClient.state.id } } },
      propertyDependencies: { ...preToken.propertyDependencies, environment: (preToken.propertyDependencies.environment ?? []).map((u) => (u.includes("self-service-client") ? apiClient.urn : u)) },
    };
    const resources = dev.resources.map((r) => (r === preToken ? repointed : r));
    expect(guardrailViolations({ resources })).toEqual([expect.stringMatching(/^admin-scope-self-service-client-only: trigger .*pre-token-generation.* keeps aws\.cognito\.signin\.user\.admin in the access tokens of app client .*api-client/)]);
  }, 60_000);
});

describe("guardrail: log retention, on every log group and on the one each function writes to", () => {
  const group = (name: string, props: Record<string, unknown>) => resource(TYPES.logGroup, name, props);
  const fn = (props: Record<string, unknown>, deps: Record<string, string[]> = {}) => resource(TYPES.lambdaFunction, "f", { name: "f-123", ...props }, deps);

  test("passes a function logging to a log group of the stack with retention", () =>
    expect(runStack(logRetentionSet, [group("g", { name: "g-1", retentionInDays: 14 }), fn({ loggingConfig: { logGroup: "g-1" } })])).toEqual([]));
  test("reports a log group without retention", () => expect(runStack(logRetentionSet, [group("g", { name: "g-1" })])).toEqual([expect.stringMatching(/log group g keeps logs forever/)]));
  test("reports a function writing to /aws/lambda/<name> that no log group of the stack covers", () =>
    expect(runStack(logRetentionSet, [group("g", { name: "g-1", retentionInDays: 14 }), fn({})])).toEqual([expect.stringMatching(/function f writes to \/aws\/lambda\/f-123/)]));
  test("passes a function whose /aws/lambda/<name> group is declared with retention", () =>
    expect(runStack(logRetentionSet, [group("g", { name: "/aws/lambda/f-123", retentionInDays: 14 }), fn({})])).toEqual([]));
  test("reports a function whose loggingConfig names a group the stack does not declare", () =>
    expect(runStack(logRetentionSet, [group("g", { name: "g-1", retentionInDays: 14 }), fn({ loggingConfig: { logGroup: "elsewhere" } })])).toEqual([expect.stringMatching(/writes to elsewhere/)]));
  test("passes, in a preview, a function whose log group name is unknown but comes from a declared group with retention", () =>
    expect(runStack(logRetentionSet, [group("g", { name: UNKNOWN, retentionInDays: 14 }), fn({ name: UNKNOWN, loggingConfig: { logGroup: UNKNOWN } }, { loggingConfig: ["urn:g"] })])).toEqual([]));
  test("reports, in a preview, a function whose unknown log group comes from nowhere in the stack", () =>
    expect(runStack(logRetentionSet, [group("g", { name: UNKNOWN, retentionInDays: 14 }), fn({ name: UNKNOWN, loggingConfig: { logGroup: UNKNOWN } })])).toHaveLength(1));
});

describe("guardrails during `pulumi preview` (ids and ARNs unknown)", () => {
  test("the dev stack passes every guardrail in a preview, none downgraded to \"can't run\"", async () => {
    const preview = await runProgram("dev", {}, { preview: true });
    expect(preview.one(TYPES.userPool).state.arn).toBe(UNKNOWN); // computed by AWS: unknown in a preview, and the proxy throws on reading it
    expect(preview.one(TYPES.lambdaFunction, "pre-sign-up").state.arn).toBe(UNKNOWN);
    expect(preview.one(TYPES.webAclAssociation, "pool-waf").state.resourceArn).toBe(UNKNOWN);
    expect(guardrailViolations(preview)).toEqual([]);
  }, 60_000);

  test("a user pool without its web ACL, next to a stage with one, is reported in a preview", async () => {
    const preview = await runProgram("dev", {}, { preview: true });
    const withoutPoolWaf = preview.resources.filter((r) => !(r.type === TYPES.webAclAssociation && r.name.includes("pool-waf")));
    expect(guardrailViolations({ resources: withoutPoolWaf })).toEqual([expect.stringMatching(/^every-user-pool-has-web-acl: user pool .* has no WAF web ACL/)]);
  }, 60_000);
});

describe("guardrail: app clients of a prod pool have a secret unless public clients are allowed on purpose", () => {
  const pool = (environment: string) => resource(TYPES.userPool, "pool", { id: "us-east-1_P", tags: { environment } });
  const client = (generateSecret: boolean | undefined, deps: string[] = ["urn:pool"]) => resource(TYPES.userPoolClient, "hosted-ui", { userPoolId: UNKNOWN, generateSecret }, { userPoolId: deps });

  test("passes a prod client with a secret", () => expect(runStack(prodClientsConfidential, [pool("prod"), client(true)])).toEqual([]));
  test("reports a public client of a prod pool, naming the setting and the policy config that allows it", () =>
    expect(runStack(prodClientsConfidential, [pool("prod"), client(false)])).toEqual([expect.stringMatching(/^app client hosted-ui of a prod pool has no secret: .*hostedUiPublicClient: false.*"allowPublicClients": true/)]));
  test("an unset generateSecret is a public client", () => expect(runStack(prodClientsConfidential, [pool("prod"), client(undefined)])).toHaveLength(1));
  test("finds the client's pool by its known id too", () =>
    expect(runStack(prodClientsConfidential, [pool("prod"), resource(TYPES.userPoolClient, "c", { userPoolId: "us-east-1_P", generateSecret: false })])).toHaveLength(1));
  test("allows it with the policy's config allowPublicClients: true", () =>
    expect(stackViolationsOf(prodClientsConfidential, [pool("prod"), client(false)], { "prod-app-clients-confidential": { allowPublicClients: true } })).toEqual([]));
  test("leaves dev pools' clients alone", () => expect(runStack(prodClientsConfidential, [pool("dev"), client(false)])).toEqual([]));

  test("the program: hostedUiPublicClient makes the Hosted UI client public; fine in dev, refused in prod unless allowed", async () => {
    const dev = await runProgram("dev", { hostedUiPublicClient: true });
    expect(dev.one(TYPES.userPoolClient, "hosted-ui-client").inputs.generateSecret).toBe(false);
    expect(dev.one(TYPES.userPoolClient, "api-client").inputs.generateSecret).toBe(true);
    expect(guardrailViolations(dev)).toEqual([]);
    const prod = await runProgram("prod", { hostedUiPublicClient: true });
    expect(guardrailViolations(prod)).toEqual([expect.stringMatching(/^prod-app-clients-confidential: app client .*hosted-ui-client of a prod pool has no secret/)]);
    expect(guardrailViolations(prod, { "prod-app-clients-confidential": { allowPublicClients: true } })).toEqual([]);
  }, 120_000);
});
