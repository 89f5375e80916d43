/**
 * The Pulumi program under Pulumi's mocks, for the dev and the prod stack files: what
 * `pulumi up` would create, each test named for the property it protects, and every
 * guardrail run over every declared resource.
 */
import type { PolicyResource } from "@pulumi/policy";
import { RESOURCE_GUARDRAILS, STACK_GUARDRAILS } from "../../policies/guardrails";
import { lambdaCode } from "../../infra/components/lambda-code";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RATE_LIMITED_OPERATIONS, STACK_SETTING_NAMES } from "../../infra/settings";
import { MAX_COUNTRY_LENGTH, MAX_NAME_LENGTH, MAX_ORGANIZATION_LENGTH } from "../../policies/profile";
import { FunnelMetric } from "../../triggers/shared/metric-names";
import { runProgram, type ProgramRun } from "./pulumi-mocks";
import { violationsOf } from "./guardrail-harness";

const T = {
  pool: "aws:cognito/userPool:UserPool",
  client: "aws:cognito/userPoolClient:UserPoolClient",
  fn: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  association: "aws:wafv2/webAclAssociation:WebAclAssociation",
  risk: "aws:cognito/riskConfiguration:RiskConfiguration",
  group: "aws:cognito/userGroup:UserGroup",
  domain: "aws:cognito/userPoolDomain:UserPoolDomain",
  table: "aws:dynamodb/table:Table",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  stage: "aws:apigateway/stage:Stage",
  apiResource: "aws:apigateway/resource:Resource",
  integration: "aws:apigateway/integration:Integration",
  branding: "aws:cognito/managedLoginBranding:ManagedLoginBranding",
};

function guardrailViolations(run: ProgramRun): string[] {
  const found: string[] = [];
  for (const r of run.resources) for (const policy of RESOURCE_GUARDRAILS) found.push(...violationsOf(policy, r.type, r.state).map((m) => `${policy.name} on ${r.name}: ${m}`));
  const stackResources = run.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: r.state, propertyDependencies: {} }) as unknown as PolicyResource);
  for (const policy of STACK_GUARDRAILS) {
    (policy.validateStack as (a: unknown, report: (m: string) => void) => void)({ resources: stackResources }, (m) => found.push(`${policy.name}: ${m}`));
  }
  return found;
}

/** Pulumi's wire form of a secret: { [SECRET_SIGNATURE]: SECRET_MARKER, value }. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET_MARKER = "1b47061264138c4ac30d75fd1eb44270";

const runs: Record<string, ProgramRun> = {};
beforeAll(async () => {
  runs.dev = await runProgram("dev");
  runs.prod = await runProgram("prod");
}, 120_000);

describe.each(["dev", "prod"])("the %s stack", (stack) => {
  const run = () => runs[stack]!;
  const pool = () => run().one(T.pool).inputs;

  test("passes every guardrail, over every resource it declares", () => {
    expect(run().resources.length).toBeGreaterThan(40);
    expect(guardrailViolations(run())).toEqual([]);
  });

  test("no app client may write custom:role", () => {
    const clients = run().of(T.client);
    expect(clients).toHaveLength(2);
    for (const c of clients) {
      expect(c.inputs.writeAttributes.length).toBeGreaterThan(0);
      expect(c.inputs.writeAttributes).not.toContain("custom:role");
      expect(c.inputs.readAttributes).toContain("custom:role");
    }
  });

  test("the pool signs in by email, case-insensitively, verifies email and recovers by verified email only", () => {
    expect(pool()).toMatchObject({
      usernameAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      autoVerifiedAttributes: ["email"],
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
    });
  });

  test("the password policy: 12+, four classes, history of 5, temporary passwords for 7 days", () => {
    expect(pool().passwordPolicy).toEqual({
      minimumLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireNumbers: true,
      requireSymbols: true,
      passwordHistorySize: 5,
      temporaryPasswordValidityDays: 7,
    });
  });

  test("name and the custom attributes are strings bounded like the profile rules", () => {
    const names = pool().schemas.map((s: any) => [s.name, s.attributeDataType, s.stringAttributeConstraints.maxLength]);
    expect(names).toEqual([
      ["name", "String", String(MAX_NAME_LENGTH)],
      ["organization", "String", String(MAX_ORGANIZATION_LENGTH)],
      ["country", "String", String(MAX_COUNTRY_LENGTH)],
      ["role", "String", "32"],
    ]);
  });

  test("the four triggers are wired, pre token generation at V2_0 (plan allows access-token claims)", () => {
    const lambdaConfig = pool().lambdaConfig;
    expect(Object.keys(lambdaConfig).sort()).toEqual(["customMessage", "postConfirmation", "preSignUp", "preTokenGenerationConfig"]);
    expect(lambdaConfig.preTokenGenerationConfig.lambdaVersion).toBe("V2_0");
    expect(lambdaConfig.preSignUp).toMatch(/^arn:aws:lambda:.*pre-sign-up-function$/);
  });

  test("trigger functions: arm64, Node.js 22, under 5 seconds, settings in the environment, a log group each", () => {
    const triggers = run().of(T.fn).filter((f) => f.inputs.tags.component === "cognito-trigger");
    expect(triggers).toHaveLength(4);
    for (const f of triggers) {
      expect(f.inputs).toMatchObject({ architectures: ["arm64"], runtime: "nodejs22.x", handler: "index.handler" });
      expect(f.inputs.timeout).toBeLessThan(5);
      expect(f.inputs.environment.variables).toMatchObject({ INTERNAL_EMAIL_DOMAINS: "igad.int", PASSWORD_MIN_LENGTH: "12" });
      expect(f.inputs.loggingConfig.logGroup).toMatch(/^\/aws\/lambda\//);
    }
    const retention = stack === "prod" ? 365 : 14;
    for (const g of run().of(T.logGroup)) expect(g.inputs.retentionInDays).toBe(retention);
  });

  test("Cognito may invoke each trigger for this pool and account only", () => {
    const permissions = run().of(T.permission).filter((p) => p.inputs.principal === "cognito-idp.amazonaws.com");
    expect(permissions).toHaveLength(4);
    for (const p of permissions) {
      expect(p.inputs.sourceArn).toBe(run().one(T.pool).state.arn);
      expect(p.inputs.sourceAccount).toBe("123456789012");
    }
  });

  test("post confirmation may add to groups and update attributes on this pool alone", () => {
    const policy = JSON.parse(run().one(T.rolePolicy, "post-confirmation-policy").inputs.policy);
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: ["cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminUpdateUserAttributes"], Resource: run().one(T.pool).state.arn },
    ]);
  });

  test("the API's client: a secret, admin password auth and refresh, no user-existence errors, revocation, 60 min / 30 days", () => {
    expect(run().one(T.client, "api-client").inputs).toMatchObject({
      generateSecret: true,
      explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
    });
  });

  test("the Hosted UI client: code flow only, openid/email/profile, no secret", () => {
    const client = run().one(T.client, "hosted-ui-client").inputs;
    expect(client).toMatchObject({ generateSecret: false, allowedOauthFlows: ["code"], allowedOauthScopes: ["openid", "email", "profile"], allowedOauthFlowsUserPoolClient: true });
    expect(client.callbackUrls.length).toBeGreaterThan(0);
  });

  test("groups admin and user, with admin first", () => {
    const groups = run().of(T.group).map((g) => [g.inputs.name, g.inputs.precedence]);
    expect(groups).toEqual([["admin", 0], ["user", 10]]);
  });

  test("the Hosted UI is managed login (version 2) with a style for its client", () => {
    expect(run().one(T.domain).inputs).toMatchObject({ managedLoginVersion: 2, domain: stack === "prod" ? "igad-hub" : "igad-hub-dev" });
    expect(run().one(T.branding).inputs).toMatchObject({ clientId: run().one(T.client, "hosted-ui-client").state.id, useCognitoProvidedValues: true });
  });

  test("WAF guards the pool: managed rules, a rate rule per sensitive operation, an overall ceiling", () => {
    const association = run().of(T.association).find((a) => a.inputs.resourceArn === run().one(T.pool).state.arn);
    expect(association).toBeDefined();
    const acl = run().one(T.webAcl, "pool-waf").inputs;
    const names = acl.rules.map((r: any) => r.name);
    expect(names).toEqual(expect.arrayContaining(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "rate-overall-per-ip"]));
    for (const operation of RATE_LIMITED_OPERATIONS) {
      const rule = acl.rules.find((r: any) => r.name === `rate-${operation}`);
      const match = rule.statement.rateBasedStatement.scopeDownStatement.byteMatchStatement;
      expect(match).toMatchObject({ searchString: operation, positionalConstraint: "EXACTLY", fieldToMatch: { singleHeader: { name: "x-amzn-cognito-operation-name" } } });
      expect(rule.statement.rateBasedStatement.limit).toBeGreaterThanOrEqual(10);
      expect(rule.statement.rateBasedStatement.evaluationWindowSec).toBe(300);
    }
    for (const r of acl.rules) expect(r.visibilityConfig).toMatchObject({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });
  });

  test("alarms on every trigger's errors, each naming its function", () => {
    const alarmed = run().of(T.alarm).map((a) => a.inputs.dimensions.FunctionName).sort();
    const triggers = run().of(T.fn).filter((f) => f.inputs.tags.component === "cognito-trigger").map((f) => f.state.name).sort();
    expect(alarmed).toEqual(triggers);
    expect(triggers).toHaveLength(4);
  });

  test("the dashboard plots the triggers' funnel metrics and the blocks of both web ACLs, by their metric names", () => {
    const metrics: string[][] = JSON.parse(run().one(T.dashboard).inputs.dashboardBody).widgets.flatMap((w: any) => w.properties.metrics);
    const funnel = metrics.filter((m) => m[0] === "SignupFunnel");
    for (const m of funnel) expect(m.slice(2, 4)).toEqual(["service", "cognito-triggers"]);
    expect(new Set(funnel.map((m) => m[1]))).toEqual(new Set([FunnelMetric.SignUpAttempted, FunnelMetric.AutoConfirmed, FunnelMetric.Confirmed, FunnelMetric.TokensIssued, FunnelMetric.SignUpRejected]));
    const wafDimensions = metrics.filter((m) => m[0] === "AWS/WAFV2").map((m) => m[3]).sort();
    const aclMetricNames = run().of(T.webAcl).map((a) => a.inputs.visibilityConfig.metricName).sort();
    expect(wafDimensions).toEqual(aclMetricNames);
    expect(aclMetricNames).toHaveLength(2);
  });

  test("the API's REST API sends /api/{proxy+} to the function through a Lambda proxy integration", () => {
    const apiPath = run().of(T.apiResource).find((r) => r.inputs.pathPart === "api")!;
    expect(apiPath.inputs.parentId).toBe("root");
    const proxy = run().of(T.apiResource).find((r) => r.inputs.pathPart === "{proxy+}")!;
    expect(proxy.inputs.parentId).toBe(apiPath.state.id);
    const integration = run().one(T.integration).inputs;
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!;
    expect(integration).toMatchObject({ type: "AWS_PROXY", integrationHttpMethod: "POST", resourceId: proxy.state.id, uri: api.state.invokeArn });
    const invoke = run().of(T.permission).find((p) => p.inputs.principal === "apigateway.amazonaws.com")!;
    expect(invoke.inputs.sourceArn).toMatch(/^arn:aws:execute-api:us-east-1:123456789012:[^*]+\/\*\/\*$/);
  });

  test("the API function: its environment names the pool, client, table, CORS origins and every rate limit; it may call only what it uses", () => {
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!;
    const env = api.inputs.environment.value.variables;
    expect(env).toMatchObject({
      COGNITO_USER_POOL_ID: run().one(T.pool).state.id,
      COGNITO_CLIENT_ID: run().one(T.client, "api-client").state.id,
      RATE_LIMIT_TABLE: run().one(T.table).state.name,
      CORS_ALLOWED_ORIGINS: stack === "prod" ? "https://hub.igad.int" : "http://localhost:5173",
      RATE_LIMIT_RESEND_PER_HOUR: "5",
      RATE_LIMIT_LOGIN_PER_15MIN: "10",
      RATE_LIMIT_FORGOT_PER_HOUR: "5",
      INTERNAL_EMAIL_DOMAINS: "igad.int",
    });
    expect(env.AWS_REGION).toBeUndefined(); // Lambda sets it, and refuses it as a variable
    expect(api.inputs).toMatchObject({ architectures: ["arm64"], handler: "index.handler" });
    const policy = JSON.parse(run().one(T.rolePolicy, "api-policy").inputs.policy);
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: ["dynamodb:UpdateItem"], Resource: run().one(T.table).state.arn },
      { Effect: "Allow", Action: ["cognito-idp:AdminInitiateAuth", "cognito-idp:AdminRespondToAuthChallenge", "cognito-idp:AdminGetUser"], Resource: run().one(T.pool).state.arn },
    ]);
  });

  test("the API stage is throttled as a whole, with metrics on and no request data in logs", () => {
    const settings = run().one("aws:apigateway/methodSettings:MethodSettings").inputs;
    expect(settings).toMatchObject({ methodPath: "*/*", stageName: stack, settings: { throttlingRateLimit: 50, throttlingBurstLimit: 100, metricsEnabled: true, dataTraceEnabled: false } });
  });

  test("the API: rate-limit table with TTL, a REST stage behind WAF, the client secret in no output", () => {
    expect(run().one(T.table).inputs).toMatchObject({ hashKey: "pk", ttl: { attributeName: "expiresAt", enabled: true }, billingMode: "PAY_PER_REQUEST" });
    const stage = run().one(T.stage).state;
    expect(run().of(T.association).some((a) => a.inputs.resourceArn === stage.arn)).toBe(true);
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!;
    // Pulumi marks a secret value with this signature; the whole environment travels as a secret.
    expect(api.inputs.environment[SECRET_SIGNATURE]).toBe(SECRET_MARKER);
    expect(api.inputs.environment.value.variables).toMatchObject({ RATE_LIMIT_REGISTER_PER_HOUR: "5", RATE_LIMIT_VERIFY_PER_HOUR: "3", COGNITO_CLIENT_SECRET: "mock-client-secret" });
    expect(JSON.stringify(run().outputs)).not.toContain("mock-client-secret");
  });

  test("outputs: region, pool, clients, Hosted UI, JWKS, API URL and the backend's environment", () => {
    const o = run().outputs;
    const poolId = run().one(T.pool).state.id;
    expect(o.awsRegion).toBe("us-east-1");
    expect(o.userPoolId).toBe(poolId);
    expect(o.jwksUrl).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${poolId}/.well-known/jwks.json`);
    expect(o.hostedUiUrl).toMatch(/^https:\/\/igad-hub(-dev)?\.auth\.us-east-1\.amazoncognito\.com$/);
    expect(o.backendEnvironment).toEqual({ COGNITO_USER_POOL_ID: poolId, COGNITO_CLIENT_ID: o.apiClientId, AWS_REGION: "us-east-1" });
    expect(o.apiUrl).toMatch(/^https:\/\//);
    expect(o.hostedUiClientId).toBeTruthy();
  });
});

describe("environment differences", () => {
  test("prod: deletion protection, SES email, threat protection blocking compromised credentials, CAPTCHA on Hosted UI sign-up", () => {
    const prod = runs.prod!;
    const pool = prod.one(T.pool).inputs;
    expect(pool.deletionProtection).toBe("ACTIVE");
    expect(pool.emailConfiguration).toMatchObject({ emailSendingAccount: "DEVELOPER", fromEmailAddress: "IGAD Innovation Hub <no-reply@igad.int>" });
    expect(pool.userPoolAddOns.advancedSecurityMode).toBe("ENFORCED");
    expect(prod.one(T.risk).inputs.compromisedCredentialsRiskConfiguration).toEqual({ eventFilters: ["SIGN_UP", "PASSWORD_CHANGE", "SIGN_IN"], actions: { eventAction: "BLOCK" } });
    expect(prod.one(T.webAcl, "pool-waf").inputs.rules.some((r: any) => r.action?.captcha)).toBe(true);
  });

  test("dev: no deletion protection, Cognito's sender, no threat protection", () => {
    const dev = runs.dev!;
    expect(dev.one(T.pool).inputs).toMatchObject({ deletionProtection: "INACTIVE", emailConfiguration: { emailSendingAccount: "COGNITO_DEFAULT" } });
    expect(dev.of(T.risk)).toHaveLength(0);
  });

  test("the Lite plan gets pre token generation V1_0 (ID token only)", async () => {
    const lite = await runProgram("dev", { featurePlan: "lite", passwordHistorySize: 0 });
    expect(lite.one(T.pool).inputs.lambdaConfig.preTokenGenerationConfig.lambdaVersion).toBe("V1_0");
    expect(lite.one(T.pool).inputs.passwordPolicy.passwordHistorySize).toBeUndefined();
    // Managed login needs Essentials: Lite gets the classic Hosted UI and no style.
    expect(lite.one(T.domain).inputs.managedLoginVersion).toBe(1);
    expect(lite.of(T.branding)).toHaveLength(0);
    expect(guardrailViolations(lite)).toEqual([]);
  }, 60_000);
});

describe("bad configurations are caught", () => {
  test("an API stage without its web ACL fails the guardrail", () => {
    const prod = runs.prod!;
    const stageArn = prod.one(T.stage).state.arn;
    const withoutApiWaf = { ...prod, resources: prod.resources.filter((r) => !(r.type === T.association && r.inputs.resourceArn === stageArn)) };
    expect(guardrailViolations(withoutApiWaf)).toEqual([expect.stringMatching(/^every-rest-stage-has-web-acl: API stage .* has no WAF web ACL/)]);
  });

  test("a misspelt setting is refused before any resource", async () => {
    await expect(runProgram("dev", { passwordMinLenght: 14 })).rejects.toThrow(/igad-auth:passwordMinLenght: not a setting of this stack/);
  }, 60_000);

  test("threat protection on the Essentials plan is refused before any resource", async () => {
    await expect(runProgram("prod", { featurePlan: "essentials" })).rejects.toThrow(/igad-auth:threatProtection: threat protection needs the Plus plan/);
  }, 60_000);

  test("a prod stack with 8-character passwords fails the guardrail", async () => {
    const weak = await runProgram("prod", { passwordMinLength: 8 });
    expect(guardrailViolations(weak)).toEqual([expect.stringMatching(/^prod-password-min-length on .*: passwordPolicy.minimumLength is 8/)]);
  }, 60_000);

  test("a prod stack with Cognito's default email sender is refused before any resource", async () => {
    await expect(runProgram("prod", { email: { sender: "cognito" } })).rejects.toThrow(/igad-auth:email.sender/);
  }, 60_000);

  test("a missing bundle is refused with the command that builds it", () => {
    expect(() => lambdaCode("triggers/no-such-trigger")).toThrow(/run `npm run build` before `pulumi up`/);
  });
});

describe("docs/deploy.md", () => {
  const doc = readFileSync(join(__dirname, "../../docs/deploy.md"), "utf8");
  test("documents every stack output", () => {
    const outputs = Object.keys(runs.dev!.outputs);
    expect(outputs.length).toBeGreaterThan(8);
    expect(outputs.filter((o) => !doc.includes(`| \`${o}\` |`))).toEqual([]);
  });
  test("has a settings table row for every stack setting", () => {
    expect(STACK_SETTING_NAMES.filter((name) => !new RegExp(`^\\| \`${name}(\\.[^\`]+)?\` \\|`, "m").test(doc))).toEqual([]);
  });
  test("lists every guardrail", () => {
    const names = [...RESOURCE_GUARDRAILS, ...STACK_GUARDRAILS].map((p) => p.name);
    expect(names.filter((n) => !doc.includes(`| \`${n}\` |`))).toEqual([]);
  });
});
