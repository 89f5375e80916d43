/**
 * The guardrails (policies/guardrails/) at unit level, each message exact and each branch at its
 * edge, so that mutation testing (npm run mutate, which runs only unit and API tests) measures
 * them; test/infra/guardrails.test.ts also runs them over whole programs under Pulumi's mocks.
 * Values unknown in a preview are the policy SDK's own markers behind its own proxy
 * (@pulumi/policy/proxy, which loads nothing else of the SDK).
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { noClientWritesRole, noImplicitOAuthFlow, prodClientsConfidential, userExistenceErrorsHidden } from "../../policies/guardrails/app-clients";
import { COGNITO_TRIGGER_DEADLINE_SECONDS, known, logRetentionSet, namesFunction, triggerTimeouts } from "../../policies/guardrails/functions";
import { RESOURCE_GUARDRAILS, STACK_GUARDRAILS } from "../../policies/guardrails/index";
import { knownStrings, read, UNKNOWN as NOT_KNOWN } from "../../policies/guardrails/known";
import { isProd, TYPES } from "../../policies/guardrails/resource-types";
import { adminScopeSelfServiceOnly, SELF_SERVICE_CLIENT_VARIABLE, SELF_SERVICE_MAX_ACCESS_MINUTES, selfServiceShapeProblems } from "../../policies/guardrails/self-service-client";
import { AUDIT_TRAIL_PURPOSE, auditTrailDurable, tablesExpireItems } from "../../policies/guardrails/tables";
import { PROD_MIN_PASSWORD_LENGTH, prodDeletionProtection, prodPasswordLength, prodPoolProtected, prodSesEmail } from "../../policies/guardrails/user-pools";
import { everyRestStageHasWebAcl, everyUserPoolHasWebAcl } from "../../policies/guardrails/web-acl";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(o: T) => T; unknownStringValue: string; unknownNumberValue: number; unknownBooleanValue: boolean };
const UNKNOWN = sdk.unknownStringValue;

/** What a resource guardrail reports for one resource, called as the engine calls it. */
function resourceViolations(policy: ResourceValidationPolicy, type: string, props: Record<string, unknown>, opts: Record<string, unknown> = {}): string[] {
  const found: string[] = [];
  const args = { type, props: sdk.unknownCheckingProxy(props), urn: `urn:pulumi:test::igad-auth::${type}::r`, name: "r", opts, stackTags: new Map() };
  (policy.validateResource as (a: unknown, r: (m: string) => void) => void)(args, (m) => found.push(m));
  return found;
}

interface Res {
  type: string;
  name: string;
  props: Record<string, unknown>;
  deps?: Record<string, string[]>;
}
const res = (type: string, name: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): Res => ({ type, name, props, deps });

/** The stack as a stack guardrail sees it; each violation as "message @ urn". */
function stackViolations(policy: StackValidationPolicy, resources: Res[], getConfig?: () => unknown): string[] {
  const view = resources.map((r) => ({ type: r.type, name: r.name, urn: `urn:${r.name}`, props: sdk.unknownCheckingProxy(r.props), propertyDependencies: {} as Record<string, unknown[]> }));
  resources.forEach((r, i) => {
    for (const [key, names] of Object.entries(r.deps ?? {})) view[i]!.propertyDependencies[key] = names.map((n) => view.find((v) => v.name === n)).filter(Boolean);
  });
  const found: string[] = [];
  (policy.validateStack as (a: unknown, r: (m: string, urn?: string) => void) => void)({ resources: view, ...(getConfig ? { getConfig } : {}) }, (m, urn) => found.push(urn ? `${m} @ ${urn}` : m));
  return found;
}

describe("the pack", () => {
  test("every guardrail is in it, mandatory, named and described", () => {
    expect(RESOURCE_GUARDRAILS.map((p) => p.name)).toEqual([
      "no-client-writes-custom-role",
      "no-implicit-oauth-flow",
      "user-existence-errors-hidden",
      "prod-password-min-length",
      "prod-deletion-protection",
      "prod-pool-protected",
      "prod-ses-email",
      "dynamodb-items-expire",
      "audit-trail-durable",
    ]);
    expect(STACK_GUARDRAILS.map((p) => p.name)).toEqual([
      "every-user-pool-has-web-acl",
      "every-rest-stage-has-web-acl",
      "trigger-timeout-under-5s",
      "log-retention-set",
      "prod-app-clients-confidential",
      "admin-scope-self-service-client-only",
    ]);
    for (const policy of [...RESOURCE_GUARDRAILS, ...STACK_GUARDRAILS]) {
      expect([policy.name, policy.enforcementLevel]).toEqual([policy.name, "mandatory"]);
      expect([policy.name, policy.description.length > 40]).toEqual([policy.name, true]);
    }
  });

  test("each description says what it guards", () => {
    const described = (p: { description: string }) => p.description;
    expect(described(noClientWritesRole)).toMatch(/^No app client may write custom:role/);
    expect(described(noImplicitOAuthFlow)).toMatch(/implicit flow/);
    expect(described(userExistenceErrorsHidden)).toMatch(/preventUserExistenceErrors ENABLED/);
    expect(described(prodPasswordLength)).toBe("In prod, the user pool's minimum password length is at least 12.");
    expect(described(prodDeletionProtection)).toMatch(/deletion protection/);
    expect(described(prodPoolProtected)).toMatch(/protected Pulumi resource/);
    expect(described(prodSesEmail)).toMatch(/through SES/);
    expect(described(tablesExpireItems)).toMatch(/time to live enabled/);
    expect(described(auditTrailDurable)).toMatch(/no time to live, encryption on/);
    expect(described(everyUserPoolHasWebAcl)).toMatch(/^Every user pool is associated with a WAF web ACL/);
    expect(described(everyRestStageHasWebAcl)).toMatch(/^Every API Gateway REST stage is associated with a WAF web ACL/);
    expect(described(triggerTimeouts)).toMatch(/under 5 seconds/);
    expect(described(logRetentionSet)).toMatch(/retention period/);
    expect(described(prodClientsConfidential)).toMatch(/allowPublicClients: true/);
    expect(described(adminScopeSelfServiceOnly)).toMatch(/SELF_SERVICE_CLIENT_ID/);
  });

  test("the resource types are Pulumi's type tokens for those AWS resources", () => {
    expect(TYPES).toEqual({
      userPool: "aws:cognito/userPool:UserPool",
      userPoolClient: "aws:cognito/userPoolClient:UserPoolClient",
      lambdaFunction: "aws:lambda/function:Function",
      logGroup: "aws:cloudwatch/logGroup:LogGroup",
      webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
      restStage: "aws:apigateway/stage:Stage",
      dynamodbTable: "aws:dynamodb/table:Table",
    });
  });

  test("prod is the environment tag 'prod' exactly", () => {
    expect(isProd({ tags: { environment: "prod" } })).toBe(true);
    expect([isProd({ tags: { environment: "Prod" } }), isProd({ tags: { environment: "dev" } }), isProd({ tags: {} }), isProd({})]).toEqual([false, false, false, false]);
  });
});

describe("reading values a preview may not know", () => {
  const unknownError = () => {
    try {
      return (sdk.unknownCheckingProxy({ a: UNKNOWN }) as { a: string }).a;
    } catch (e) {
      return e;
    }
  };

  test("read: the value, UNKNOWN for the SDK's unknown error, and any other error thrown on", () => {
    expect(read(() => 5)).toBe(5);
    expect(read(() => undefined)).toBeUndefined();
    expect(read(() => (sdk.unknownCheckingProxy({ a: UNKNOWN }) as { a: string }).a)).toBe(NOT_KNOWN);
    expect(unknownError()).toBeInstanceOf(Error);
    expect(() => read(() => { throw new Error("other"); })).toThrow("other"); // prettier-ignore
    // Not an Error, though shaped like the SDK's: thrown on as it is.
    const lookalike = { unknownTypeSentinel: 1 };
    let thrown: unknown;
    try {
      read(() => {
        throw lookalike;
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(lookalike);
  });

  test("knownStrings: every known string, however deep; unknowns, numbers and nulls left out", () => {
    const value = sdk.unknownCheckingProxy({ a: "x", b: ["y", UNKNOWN, { c: "z", d: 3, e: null }], f: UNKNOWN, g: { h: ["w"] } });
    expect(knownStrings(() => value)).toEqual(["x", "y", "z", "w"]);
    expect(knownStrings(() => (sdk.unknownCheckingProxy({ a: UNKNOWN }) as { a: string }).a)).toEqual([]);
    expect(knownStrings(() => "alone")).toEqual(["alone"]);
    expect(knownStrings(() => undefined)).toEqual([]);
  });

  test("known: a known string as a list of one, anything else as none", () => {
    expect(known(() => "arn")).toEqual(["arn"]);
    expect(known(() => 5)).toEqual([]);
    expect(known(() => (sdk.unknownCheckingProxy({ a: UNKNOWN }) as { a: string }).a)).toEqual([]);
  });
});

describe("app clients", () => {
  const client = (props: Record<string, unknown>) => resourceViolations(noClientWritesRole, TYPES.userPoolClient, props);

  test("custom:role: written explicitly, never unset or empty, never including custom:role", () => {
    const unset = "writeAttributes must be listed explicitly: unset, Cognito lets the client write every attribute, custom:role included.";
    expect(client({})).toEqual([unset]);
    expect(client({ writeAttributes: [] })).toEqual([unset]);
    expect(client({ writeAttributes: ["email", "custom:role"] })).toEqual(["writeAttributes includes custom:role: remove it; roles are set by administrators and the post confirmation trigger."]);
    expect(client({ writeAttributes: ["email"] })).toEqual([]);
    expect(resourceViolations(noClientWritesRole, TYPES.userPool, {})).toEqual([]);
  });

  test("no implicit flow", () => {
    expect(resourceViolations(noImplicitOAuthFlow, TYPES.userPoolClient, { allowedOauthFlows: ["code", "implicit"] })).toEqual(['allowedOauthFlows includes "implicit": use ["code"].']);
    expect(resourceViolations(noImplicitOAuthFlow, TYPES.userPoolClient, { allowedOauthFlows: ["code"] })).toEqual([]);
    expect(resourceViolations(noImplicitOAuthFlow, TYPES.userPoolClient, {})).toEqual([]);
    expect(resourceViolations(noImplicitOAuthFlow, TYPES.userPool, { allowedOauthFlows: ["implicit"] })).toEqual([]);
  });

  test("user existence errors hidden", () => {
    expect(resourceViolations(userExistenceErrorsHidden, TYPES.userPoolClient, { preventUserExistenceErrors: "ENABLED" })).toEqual([]);
    for (const value of ["LEGACY", undefined]) expect(resourceViolations(userExistenceErrorsHidden, TYPES.userPoolClient, { preventUserExistenceErrors: value })).toEqual(['set preventUserExistenceErrors to "ENABLED".']);
    expect(resourceViolations(userExistenceErrorsHidden, TYPES.userPool, {})).toEqual([]);
  });

  describe("prod clients are confidential", () => {
    const pool = (environment: string, id: unknown = "us-east-1_P") => res(TYPES.userPool, "pool", { id, tags: { environment } });
    const appClient = (generateSecret: unknown, props: Record<string, unknown> = {}, deps: Record<string, string[]> = { userPoolId: ["pool"] }) =>
      res(TYPES.userPoolClient, "hosted", { generateSecret, ...props }, deps);
    const message =
      'app client hosted of a prod pool has no secret: set generateSecret: true (the stack setting hostedUiPublicClient: false), or allow public clients on purpose with --policy-pack-config holding {"prod-app-clients-confidential": {"allowPublicClients": true}}. @ urn:hosted';

    test("a public client of a prod pool is reported at the client; one with a secret is not", () => {
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(false)])).toEqual([message]);
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(undefined)])).toEqual([message]);
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(true)])).toEqual([]);
    });

    test("only clients of a prod pool: by dependency or by the pool's known id", () => {
      expect(stackViolations(prodClientsConfidential, [pool("dev"), appClient(false)])).toEqual([]);
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(false, { userPoolId: "us-east-1_P" }, {})])).toEqual([message]);
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(false, { userPoolId: "us-east-1_Other" }, {})])).toEqual([]);
      expect(stackViolations(prodClientsConfidential, [pool("prod", UNKNOWN), appClient(false, { userPoolId: UNKNOWN }, {})])).toEqual([]);
      expect(stackViolations(prodClientsConfidential, [pool("prod", undefined), appClient(false, {}, {})])).toEqual([]);
    });

    test("allowed only by the policy's config allowPublicClients: true, which defaults to false", () => {
      expect(prodClientsConfidential.configSchema).toEqual({ properties: { allowPublicClients: { type: "boolean", default: false } } });
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(false)], () => ({ allowPublicClients: true }))).toEqual([]);
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(false)], () => ({ allowPublicClients: "true" }))).toEqual([message]);
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(false)], () => ({}))).toEqual([message]);
      expect(stackViolations(prodClientsConfidential, [pool("prod"), appClient(false)], () => undefined)).toEqual([message]);
    });
  });
});

describe("user pools in prod", () => {
  const prodPool = { tags: { environment: "prod" }, passwordPolicy: { minimumLength: 12 }, deletionProtection: "ACTIVE", emailConfiguration: { emailSendingAccount: "DEVELOPER" } };
  const devPool = { tags: { environment: "dev" }, passwordPolicy: { minimumLength: 6 }, deletionProtection: "INACTIVE", emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" } };

  test("minimum password length: 12 passes, 11 is reported, unset counts as Cognito's 8", () => {
    expect(PROD_MIN_PASSWORD_LENGTH).toBe(12);
    expect(resourceViolations(prodPasswordLength, TYPES.userPool, prodPool)).toEqual([]);
    expect(resourceViolations(prodPasswordLength, TYPES.userPool, { ...prodPool, passwordPolicy: { minimumLength: 11 } })).toEqual(["passwordPolicy.minimumLength is 11: set passwordMinLength to 12 or more."]);
    expect(resourceViolations(prodPasswordLength, TYPES.userPool, { ...prodPool, passwordPolicy: undefined })).toEqual(["passwordPolicy.minimumLength is 8: set passwordMinLength to 12 or more."]);
  });

  test("deletion protection, protect: true and SES, each with its own message", () => {
    expect(resourceViolations(prodDeletionProtection, TYPES.userPool, prodPool)).toEqual([]);
    expect(resourceViolations(prodDeletionProtection, TYPES.userPool, { ...prodPool, deletionProtection: "INACTIVE" })).toEqual(['set deletionProtection to "ACTIVE".']);
    expect(resourceViolations(prodPoolProtected, TYPES.userPool, prodPool, { protect: true })).toEqual([]);
    for (const opts of [{}, { protect: false }, { protect: "true" }]) expect(resourceViolations(prodPoolProtected, TYPES.userPool, prodPool, opts)).toEqual(["declare the pool with the resource option protect: true."]);
    expect(resourceViolations(prodSesEmail, TYPES.userPool, prodPool)).toEqual([]);
    expect(resourceViolations(prodSesEmail, TYPES.userPool, { ...prodPool, emailConfiguration: undefined })).toEqual(['set emailConfiguration.emailSendingAccount to "DEVELOPER" with a verified SES identity.']);
  });

  test("dev pools and other resource types are left alone", () => {
    for (const policy of [prodPasswordLength, prodDeletionProtection, prodPoolProtected, prodSesEmail]) {
      expect([policy.name, resourceViolations(policy, TYPES.userPool, devPool)]).toEqual([policy.name, []]);
      expect([policy.name, resourceViolations(policy, TYPES.userPoolClient, { ...devPool, tags: { environment: "prod" } })]).toEqual([policy.name, []]);
    }
  });
});

describe("web ACLs", () => {
  const cases: Array<[StackValidationPolicy, string, (name: string) => string]> = [
    [everyUserPoolHasWebAcl, TYPES.userPool, (name) => `user pool ${name} has no WAF web ACL: add a RegionalFirewall with its ARN. @ urn:${name}`],
    [everyRestStageHasWebAcl, TYPES.restStage, (name) => `API stage ${name} has no WAF web ACL: add a RegionalFirewall with the stage's ARN. @ urn:${name}`],
  ];
  test.each(cases)("%#: protected by an association naming its ARN or taking it from the resource; reported otherwise", (policy, type, message) => {
    const target = (arn: unknown) => res(type, "target", { arn });
    const association = (resourceArn: unknown, deps: Record<string, string[]> = {}) => res(TYPES.webAclAssociation, "assoc", { resourceArn }, deps);
    expect(stackViolations(policy, [target("arn:1"), association("arn:1")])).toEqual([]);
    expect(stackViolations(policy, [target(UNKNOWN), association(UNKNOWN, { resourceArn: ["target"] })])).toEqual([]);
    expect(stackViolations(policy, [target("arn:1")])).toEqual([message("target")]);
    expect(stackViolations(policy, [target("arn:1"), association("arn:2")])).toEqual([message("target")]);
    expect(stackViolations(policy, [target(UNKNOWN), association(UNKNOWN)])).toEqual([message("target")]);
    expect(stackViolations(policy, [target(undefined), association(undefined)])).toEqual([message("target")]);
    expect(stackViolations(policy, [target("arn:1"), res(TYPES.lambdaFunction, "not-an-association", { resourceArn: "arn:1" })])).toEqual([message("target")]);
  });
});

describe("functions", () => {
  const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:f";
  const fn = (props: Record<string, unknown> = {}) => res(TYPES.lambdaFunction, "f", { arn: fnArn, name: "f", ...props });
  const asPolicyResource = (r: Res, deps: Record<string, PolicyResource[]> = {}) =>
    ({ type: r.type, name: r.name, urn: `urn:${r.name}`, props: sdk.unknownCheckingProxy(r.props), propertyDependencies: deps }) as unknown as PolicyResource;

  test("namesFunction: by dependency, by ARN or name, qualified by a version or alias, or by an ARN built from the name", () => {
    const target = asPolicyResource(fn());
    const from = (value: unknown, deps: Record<string, PolicyResource[]> = {}) => asPolicyResource(res(TYPES.userPool, "pool", { lambdaConfig: value }), deps);
    expect(namesFunction(from({ preSignUp: fnArn }), "lambdaConfig", target)).toBe(true);
    expect(namesFunction(from({ preSignUp: `${fnArn}:live` }), "lambdaConfig", target)).toBe(true);
    expect(namesFunction(from({ preSignUp: "f" }), "lambdaConfig", target)).toBe(true);
    expect(namesFunction(from({ preSignUp: `${fnArn}-other` }), "lambdaConfig", target)).toBe(false);
    expect(namesFunction(from({ preSignUp: `${fnArn}x:live` }), "lambdaConfig", target)).toBe(false);
    expect(namesFunction(from({ preSignUp: "arn:aws:lambda:eu-west-1:999:function:f" }), "lambdaConfig", asPolicyResource(fn({ arn: UNKNOWN })))).toBe(true);
    expect(namesFunction(from({ preSignUp: "arn:aws:lambda:eu-west-1:999:function:f:live" }), "lambdaConfig", asPolicyResource(fn({ arn: UNKNOWN })))).toBe(true);
    expect(namesFunction(from({ preSignUp: "arn:aws:lambda:eu-west-1:999:function:ff" }), "lambdaConfig", asPolicyResource(fn({ arn: UNKNOWN })))).toBe(false);
    expect(namesFunction(from({ preSignUp: UNKNOWN }, { lambdaConfig: [target] }), "lambdaConfig", target)).toBe(true);
    expect(namesFunction(from({ preSignUp: UNKNOWN }, { lambdaConfig: [asPolicyResource(fn({ name: "g" }))] }), "lambdaConfig", asPolicyResource({ ...fn(), name: "other" }))).toBe(false);
    expect(namesFunction(from({ preSignUp: fnArn }), "other", target)).toBe(false);
  });

  test(`trigger timeouts: under ${COGNITO_TRIGGER_DEADLINE_SECONDS} s passes, ${COGNITO_TRIGGER_DEADLINE_SECONDS} s is reported, unset counts as Lambda's 3 s, unknown is not judged`, () => {
    const pool = res(TYPES.userPool, "pool", { lambdaConfig: { preSignUp: fnArn } });
    expect(COGNITO_TRIGGER_DEADLINE_SECONDS).toBe(5);
    expect(stackViolations(triggerTimeouts, [pool, fn({ timeout: 4 })])).toEqual([]);
    expect(stackViolations(triggerTimeouts, [pool, fn({ timeout: 5 })])).toEqual(["function f is a Cognito trigger with a timeout of 5 s: set it below 5. @ urn:f"]);
    expect(stackViolations(triggerTimeouts, [pool, fn({})])).toEqual([]);
    expect(stackViolations(triggerTimeouts, [pool, fn({ timeout: sdk.unknownNumberValue })])).toEqual([]);
    expect(stackViolations(triggerTimeouts, [res(TYPES.userPool, "pool", { lambdaConfig: {} }), fn({ timeout: 30 })])).toEqual([]);
    expect(stackViolations(triggerTimeouts, [res(TYPES.userPoolClient, "client", { lambdaConfig: { preSignUp: fnArn } }), fn({ timeout: 30 })])).toEqual([]);
  });

  describe("log retention", () => {
    const group = (name: string, props: Record<string, unknown>) => res(TYPES.logGroup, name, props);

    test("every log group keeps its logs a limited time", () => {
      expect(stackViolations(logRetentionSet, [group("g", { name: "g-1", retentionInDays: 14 })])).toEqual([]);
      for (const retentionInDays of [undefined, 0]) expect(stackViolations(logRetentionSet, [group("g", { name: "g-1", retentionInDays })])).toEqual(["log group g keeps logs forever: set retentionInDays. @ urn:g"]);
    });

    test("a function's own group: its loggingConfig.logGroup (known or by dependency) or /aws/lambda/<name>", () => {
      const kept = { retentionInDays: 14 };
      expect(stackViolations(logRetentionSet, [group("g", { name: "g-1", ...kept }), fn({ loggingConfig: { logGroup: "g-1" } })])).toEqual([]);
      expect(stackViolations(logRetentionSet, [group("g", { name: UNKNOWN, ...kept }), res(TYPES.lambdaFunction, "f", { loggingConfig: { logGroup: UNKNOWN } }, { loggingConfig: ["g"] })])).toEqual([]);
      expect(stackViolations(logRetentionSet, [group("g", { name: "/aws/lambda/f", ...kept }), fn()])).toEqual([]);
      expect(stackViolations(logRetentionSet, [group("g", { name: "/aws/lambda/f", ...kept }), fn({ loggingConfig: { logGroup: "elsewhere" } })])).toEqual([
        "function f writes to elsewhere, which no log group of this stack sets a retention for: declare that log group with retentionInDays. @ urn:f",
      ]);
      expect(stackViolations(logRetentionSet, [fn()])).toEqual(["function f writes to /aws/lambda/f, which no log group of this stack sets a retention for: declare that log group with retentionInDays. @ urn:f"]);
      expect(stackViolations(logRetentionSet, [fn({ name: UNKNOWN })])).toEqual([
        "function f writes to /aws/lambda/<its name>, and no log group of this stack is declared for it: add one with a retention, or set loggingConfig.logGroup. @ urn:f",
      ]);
      expect(stackViolations(logRetentionSet, [fn({ name: undefined })])).toEqual([
        "function f writes to /aws/lambda/<its name>, and no log group of this stack is declared for it: add one with a retention, or set loggingConfig.logGroup. @ urn:f",
      ]);
      expect(stackViolations(logRetentionSet, [group("g", { name: UNKNOWN, ...kept }), fn({ loggingConfig: { logGroup: UNKNOWN } })])).toEqual([
        "function f writes to its loggingConfig.logGroup, which no log group of this stack sets a retention for: declare that log group with retentionInDays. @ urn:f",
      ]);
      // A dependency on a group counts only when the function names its group in loggingConfig.
      expect(stackViolations(logRetentionSet, [group("g", { name: "g-1", ...kept }), res(TYPES.lambdaFunction, "f", { name: "f" }, { loggingConfig: ["g"] })])).toEqual([
        "function f writes to /aws/lambda/f, which no log group of this stack sets a retention for: declare that log group with retentionInDays. @ urn:f",
      ]);
    });
  });
});

describe("tables", () => {
  const ttl = { attributeName: "expiresAt", enabled: true };
  const audit = { tags: { environment: "prod", purpose: AUDIT_TRAIL_PURPOSE }, serverSideEncryption: { enabled: true }, pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true };

  test("every item expires, except in the audit trail", () => {
    expect(AUDIT_TRAIL_PURPOSE).toBe("audit-trail");
    expect(resourceViolations(tablesExpireItems, TYPES.dynamodbTable, { ttl })).toEqual([]);
    for (const bad of [{}, { ttl: { ...ttl, enabled: false } }, { ttl: { enabled: true } }, { ttl: { enabled: true, attributeName: "" } }]) {
      expect(resourceViolations(tablesExpireItems, TYPES.dynamodbTable, bad)).toEqual(['set ttl to { attributeName: "expiresAt", enabled: true }.']);
    }
    expect(resourceViolations(tablesExpireItems, TYPES.dynamodbTable, audit)).toEqual([]);
    expect(resourceViolations(tablesExpireItems, TYPES.logGroup, {})).toEqual([]);
  });

  test("the audit trail: no TTL and encrypted everywhere; in prod point-in-time recovery and deletion protection", () => {
    expect(resourceViolations(auditTrailDurable, TYPES.dynamodbTable, audit)).toEqual([]);
    expect(resourceViolations(auditTrailDurable, TYPES.dynamodbTable, { tags: { purpose: AUDIT_TRAIL_PURPOSE }, ttl })).toEqual([
      "the audit trail's events must not expire: remove ttl.",
      "set serverSideEncryption to { enabled: true }.",
    ]);
    expect(resourceViolations(auditTrailDurable, TYPES.dynamodbTable, { tags: audit.tags })).toEqual([
      "set serverSideEncryption to { enabled: true }.",
      "in prod, set pointInTimeRecovery to { enabled: true }: a deleted or overwritten audit trail can then be restored.",
      "in prod, set deletionProtectionEnabled: true.",
    ]);
    expect(resourceViolations(auditTrailDurable, TYPES.dynamodbTable, { ...audit, ttl: { enabled: false } })).toEqual([]);
    expect(resourceViolations(auditTrailDurable, TYPES.dynamodbTable, { ttl })).toEqual([]);
    expect(resourceViolations(auditTrailDurable, TYPES.logGroup, { tags: audit.tags })).toEqual([]);
  });
});

describe("the admin scope's one exemption", () => {
  const selfService = {
    id: "self-id",
    generateSecret: true,
    explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    allowedOauthFlowsUserPoolClient: false,
    accessTokenValidity: 15,
    tokenValidityUnits: { accessToken: "minutes" },
  };
  const shape = (props: Record<string, unknown>) =>
    selfServiceShapeProblems({ type: TYPES.userPoolClient, name: "c", urn: "urn:c", props: sdk.unknownCheckingProxy(props), propertyDependencies: {} } as unknown as PolicyResource);

  test("the self-service shape: a secret, the two flows only, no OAuth, at most 15 minutes", () => {
    expect([SELF_SERVICE_CLIENT_VARIABLE, SELF_SERVICE_MAX_ACCESS_MINUTES]).toEqual(["SELF_SERVICE_CLIENT_ID", 15]);
    expect(shape(selfService)).toEqual([]);
    expect(shape({ ...selfService, explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"] })).toEqual([]);
    expect(shape({ ...selfService, generateSecret: undefined })).toEqual(["it has no secret (generateSecret: true)"]);
    expect(shape({ ...selfService, allowedOauthFlowsUserPoolClient: true })).toEqual(["it offers OAuth flows (a browser could get its tokens)"]);
    expect(shape({ ...selfService, allowedOauthFlows: ["code"] })).toEqual(["it offers OAuth flows (a browser could get its tokens)"]);
    expect(shape({ ...selfService, explicitAuthFlows: undefined })).toEqual(["its explicitAuthFlows are unset (Cognito's defaults include sign-in by anyone with the id)"]);
    expect(shape({ ...selfService, explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"] })).toEqual([
      "it allows ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH (only ALLOW_ADMIN_USER_PASSWORD_AUTH and ALLOW_REFRESH_TOKEN_AUTH)",
    ]);
  });

  test.each([
    [15, "minutes", []],
    [16, "minutes", ["its access tokens live 16 minutes (at most 15)"]],
    [900, "seconds", []],
    [960, "seconds", ["its access tokens live 16 minutes (at most 15)"]],
    [1, "hours", ["its access tokens live 60 minutes (at most 15)"]],
    [1, "days", ["its access tokens live 1440 minutes (at most 15)"]],
    [1, undefined, ["its access tokens live 60 minutes (at most 15)"]],
    [undefined, "minutes", ["its access tokens live 60 minutes (at most 15)"]],
    [2, "fortnights", ["its access tokens live 120 minutes (at most 15)"]],
  ])("access tokens of %s %s", (accessTokenValidity, unit, problems) => {
    expect(shape({ ...selfService, accessTokenValidity, tokenValidityUnits: unit === undefined ? undefined : { accessToken: unit } })).toEqual(problems);
  });

  test("validity or units unknown in a preview: not judged", () => {
    expect(shape({ ...selfService, accessTokenValidity: sdk.unknownNumberValue })).toEqual([]);
    expect(shape({ ...selfService, tokenValidityUnits: { accessToken: UNKNOWN } })).toEqual([]);
  });

  describe("over the stack", () => {
    const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token";
    const pool = res(TYPES.userPool, "pool", { id: "P", lambdaConfig: { preTokenGenerationConfig: { lambdaArn: fnArn } } });
    const clients = [
      res(TYPES.userPoolClient, "self-service", selfService),
      res(TYPES.userPoolClient, "api", { ...selfService, id: "api-id", accessTokenValidity: 60 }),
    ];
    const trigger = (value: unknown, deps: string[] = [], name = "pre-token", arn = fnArn) =>
      res(TYPES.lambdaFunction, name, { arn, name, environment: { variables: { SELF_SERVICE_CLIENT_ID: value } } }, { environment: deps });

    test("one self-service client, by id (any separator) or by dependency, passes; none passes", () => {
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger("self-id")])).toEqual([]);
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger(" self-id ;")])).toEqual([]);
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger("self-id", ["self-service"])])).toEqual([]);
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger(undefined)])).toEqual([]);
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger("")])).toEqual([]);
    });

    test("another client exempted is reported at the trigger, with why", () => {
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger("api-id")])).toEqual([
        "trigger pre-token keeps aws.cognito.signin.user.admin in the access tokens of app client api, which is not a self-service client: its access tokens live 60 minutes (at most 15). @ urn:pre-token",
      ]);
    });

    test("two clients named by one trigger, each separator counting", () => {
      for (const value of ["self-id,api-id", "self-id api-id", "self-id;api-id"]) {
        expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger(value)])).toEqual([
          "trigger pre-token's environment names 2 app clients (self-service, api): it may exempt one, the self-service client. @ urn:pre-token",
          "trigger pre-token keeps aws.cognito.signin.user.admin in the access tokens of app client api, which is not a self-service client: its access tokens live 60 minutes (at most 15). @ urn:pre-token",
          "2 app clients keep aws.cognito.signin.user.admin (self-service, api): at most one, the self-service client.",
        ]);
      }
    });

    test("the same client by id and by dependency is one client", () => {
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger("self-id", ["self-service"])])).toEqual([]);
    });

    test("an id that is no client of the stack, and in a preview a value from no client", () => {
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger("typo-id")])).toEqual([
        "trigger pre-token's SELF_SERVICE_CLIENT_ID is typo-id, no app client of this stack: set it from the self-service client's id. @ urn:pre-token",
      ]);
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger(UNKNOWN)])).toEqual([
        "trigger pre-token's SELF_SERVICE_CLIENT_ID comes from no app client of this stack: set it from the self-service client's id. @ urn:pre-token",
      ]);
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger(UNKNOWN, ["self-service"])])).toEqual([]);
      // A dependency on something other than an app client names no client.
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, res(TYPES.logGroup, "logs", {}), trigger(UNKNOWN, ["logs"])])).toEqual([
        "trigger pre-token's SELF_SERVICE_CLIENT_ID comes from no app client of this stack: set it from the self-service client's id. @ urn:pre-token",
      ]);
    });

    test("a client whose id is unknown or empty is not named by an id", () => {
      const unknownIds = clients.map((c) => ({ ...c, props: { ...c.props, id: UNKNOWN } }));
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...unknownIds, trigger("self-id")])).toEqual([
        "trigger pre-token's SELF_SERVICE_CLIENT_ID is self-id, no app client of this stack: set it from the self-service client's id. @ urn:pre-token",
      ]);
    });

    test("two triggers exempting two clients are reported once for the stack", () => {
      const secondArn = "arn:aws:lambda:us-east-1:123456789012:function:pre-auth";
      const twoTriggers = res(TYPES.userPool, "pool", { id: "P", lambdaConfig: { preTokenGenerationConfig: { lambdaArn: fnArn }, preAuthentication: secondArn } });
      const other = res(TYPES.userPoolClient, "other", { ...selfService, id: "other-id" });
      expect(stackViolations(adminScopeSelfServiceOnly, [twoTriggers, clients[0]!, other, trigger("self-id"), trigger("other-id", [], "pre-auth", secondArn)])).toEqual([
        "2 app clients keep aws.cognito.signin.user.admin (self-service, other): at most one, the self-service client.",
      ]);
      expect(stackViolations(adminScopeSelfServiceOnly, [twoTriggers, clients[0]!, other, trigger("self-id"), trigger("self-id", [], "pre-auth", secondArn)])).toEqual([]);
    });

    test("a function no pool calls is not judged", () => {
      expect(stackViolations(adminScopeSelfServiceOnly, [pool, ...clients, trigger("api-id", [], "api", "arn:aws:lambda:us-east-1:123456789012:function:api")])).toEqual([]);
    });
  });
});
