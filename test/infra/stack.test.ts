/**
 * The Pulumi program under Pulumi's mocks, for the dev and the prod stack files: what
 * `pulumi up` would create, each test named for the property it protects, and every
 * guardrail run over every declared resource.
 */
import { RESOURCE_GUARDRAILS, STACK_GUARDRAILS } from "../../policies/guardrails";
import { lambdaCode, lambdaFiles } from "../../infra/components/lambda-code";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_API_RATE_LIMITS, RATE_LIMITED_OPERATIONS, readStackSettings, STACK_SETTING_NAMES } from "../../infra/settings";
import { USER_POOL_SCHEMA } from "../../infra/user-pool-schema";
import { BRAND_COLOURS, productNameLogo } from "../../infra/managed-login-style";
import { ADMIN_ACTIONS, AUDIT_TABLE_ACTIONS, TABLE_ACTIONS } from "../../infra/components/auth-api";
import { SELF_SERVICE_TOKEN_MINUTES } from "../../infra/components/signup-user-pool";
import { apiConfigFromEnv, DEFAULT_RATE_LIMITS } from "../../api/config";
import { SELF_SERVICE_TOKEN_VALIDITY } from "../../local/provision";
import { FunnelMetric } from "../../triggers/shared/metric-names";
import { MOCK_ACCOUNT, runProgram, stackConfig, type ProgramRun } from "./pulumi-mocks";
import { guardrailViolations } from "./guardrail-harness";

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

/** Pulumi's wire form of a secret: { [SECRET_SIGNATURE]: SECRET_MARKER, value }. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET_MARKER = "1b47061264138c4ac30d75fd1eb44270";

/**
 * The headers Cognito forwards to WAF, spelt as AWS's guide "Associate an AWS WAF web ACL
 * with a user pool" spells them (written out here, not imported: a typo in the program's
 * constant would otherwise pass, and the rule would match nothing).
 */
const COGNITO_OPERATION_HEADER = "x-amzn-cognito-operation-name";
const COGNITO_CLIENT_ID_HEADER = "x-amzn-cognito-client-id";

/**
 * The only $context variables the access log may hold: who, which route, how it ended,
 * how long it took. Anything else (apiKey, authorizer claims, requestOverride, $input,
 * headers, query strings) must be reviewed and added here on purpose.
 */
const ACCESS_LOG_VARIABLES = new Set([
  "$context.requestId",
  "$context.identity.sourceIp",
  "$context.identity.userAgent",
  "$context.requestTimeEpoch",
  "$context.httpMethod",
  "$context.path",
  "$context.resourcePath",
  "$context.status",
  "$context.responseLength",
  "$context.responseLatency",
  "$context.integration.status",
  "$context.integration.latency",
  "$context.wafResponseCode",
  "$context.error.message",
]);

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
    expect(clients).toHaveLength(3);
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

  test("the pool's schema is the frozen declaration of infra/user-pool-schema.ts", () => {
    expect(pool().schemas).toEqual(USER_POOL_SCHEMA);
  });

  test("a new email takes effect only once verified (no switching sign-in to an unverified address)", () => {
    expect(pool().userAttributeUpdateSettings).toEqual({ attributesRequireVerificationBeforeUpdates: ["email"] });
    expect(pool().autoVerifiedAttributes).toContain("email"); // Cognito requires it alongside
  });

  test("the four triggers are wired, pre token generation at V2_0 (plan allows access-token claims)", () => {
    const lambdaConfig = pool().lambdaConfig;
    expect(Object.keys(lambdaConfig).sort()).toEqual(["customMessage", "postConfirmation", "preSignUp", "preTokenGenerationConfig"]);
    expect(lambdaConfig.preTokenGenerationConfig.lambdaVersion).toBe("V2_0");
    expect(lambdaConfig.preSignUp).toMatch(/^arn:aws:lambda:.*pre-sign-up-function$/);
    // Built from the function's written-out name (its environment needs the self-service client, which needs the pool).
    const preToken = run().one(T.fn, "pre-token-generation");
    expect(preToken.inputs.name).toBe(`igad-auth-${stack}-pre-token-generation`);
    expect(lambdaConfig.preTokenGenerationConfig.lambdaArn).toBe(`arn:aws:lambda:us-east-1:${MOCK_ACCOUNT}:function:igad-auth-${stack}-pre-token-generation`);
    expect(lambdaConfig.preTokenGenerationConfig.lambdaArn).toBe(preToken.state.arn);
  });

  test("no dependency cycle: the pool does not wait for the pre token function, whose environment waits for the self-service client", () => {
    const pool = run().one(T.pool);
    const preToken = run().one(T.fn, "pre-token-generation");
    const selfService = run().one(T.client, "self-service-client");
    expect(Object.values(pool.propertyDependencies).flat()).not.toContain(preToken.urn);
    expect(preToken.propertyDependencies.environment).toContain(selfService.urn);
    // Its invoke permission waits for the function itself (Lambda refuses a permission on a function not yet made).
    const permission = run().one(T.permission, "invoke-preTokenGeneration");
    expect(permission.propertyDependencies.function).toEqual([preToken.urn]);
    expect(permission.inputs.function).toBe(`igad-auth-${stack}-pre-token-generation`);
  });

  test("trigger functions: arm64, Node.js 22, under 5 seconds, settings in the environment, a log group each", () => {
    const triggers = run().of(T.fn).filter((f) => f.inputs.tags.component === "cognito-trigger");
    expect(triggers).toHaveLength(4);
    for (const f of triggers) {
      expect(f.inputs).toMatchObject({ architectures: ["arm64"], runtime: "nodejs22.x", handler: "index.handler" });
      expect(f.inputs.timeout).toBeLessThan(5);
      expect(f.inputs.environment.variables).toMatchObject({ INTERNAL_EMAIL_DOMAINS: "igad.int", PASSWORD_MIN_LENGTH: "12" });
      const logGroup = run().one(T.logGroup, f.name.replace(/-function$/, "-logs"));
      expect(f.inputs.loggingConfig.logGroup).toBe(logGroup.state.name);
    }
    const retention = stack === "prod" ? 365 : 14;
    for (const g of run().of(T.logGroup)) expect(g.inputs.retentionInDays).toBe(retention);
  });

  test("Cognito may invoke each trigger for this pool and account only", () => {
    const permissions = run().of(T.permission).filter((p) => p.inputs.principal === "cognito-idp.amazonaws.com");
    expect(permissions).toHaveLength(4);
    for (const p of permissions) {
      expect(p.inputs.sourceArn).toBe(run().one(T.pool).state.arn);
      expect(p.inputs.sourceAccount).toBe(MOCK_ACCOUNT);
    }
  });

  test("post confirmation may add to groups and update attributes on this pool alone", () => {
    const policy = JSON.parse(run().one(T.rolePolicy, "post-confirmation-policy").inputs.policy);
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: ["cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminUpdateUserAttributes"], Resource: run().one(T.pool).state.arn },
    ]);
  });

  test("the API's client: a secret, admin password auth, rotating refresh tokens (10 s grace), context data for threat protection, no user-existence errors, revocation, 60 min / 30 days", () => {
    expect(run().one(T.client, "api-client").inputs).toMatchObject({
      generateSecret: true,
      // Cognito refuses REFRESH_TOKEN_AUTH with rotation on: refresh goes through GetTokensFromRefreshToken.
      explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
      refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: 10 },
      enablePropagateAdditionalUserContextData: true,
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
    });
  });

  test("the Hosted UI client is confidential by default: a secret, code flow only, openid/email/profile", () => {
    const client = run().one(T.client, "hosted-ui-client").inputs;
    expect(client).toMatchObject({ generateSecret: true, allowedOauthFlows: ["code"], allowedOauthScopes: ["openid", "email", "profile"], allowedOauthFlowsUserPoolClient: true });
    expect(client.callbackUrls.length).toBeGreaterThan(0);
  });

  test("groups admin and user, with admin first", () => {
    const groups = run().of(T.group).map((g) => [g.inputs.name, g.inputs.precedence]);
    expect(groups).toEqual([["admin", 0], ["user", 10]]);
  });

  test("the Hosted UI is managed login (version 2) in the emails' branding: their colours and the product name in the header", () => {
    expect(run().one(T.domain).inputs).toMatchObject({ managedLoginVersion: 2, domain: stack === "prod" ? "igad-hub" : "igad-hub-dev" });
    const branding = run().one(T.branding);
    expect(branding.inputs).toMatchObject({ clientId: run().one(T.client, "hosted-ui-client").state.id });
    const style = JSON.parse(branding.inputs.settings);
    expect(style.components.primaryButton.lightMode.defaults.backgroundColor).toBe(`${BRAND_COLOURS.primary}ff`);
    expect(style.components.pageHeader.lightMode.background.color).toBe(`${BRAND_COLOURS.primary}ff`);
    expect(style.components.pageBackground.lightMode.color).toBe(`${BRAND_COLOURS.page}ff`);
    expect(style.components.pageText.lightMode.headingColor).toBe(`${BRAND_COLOURS.text}ff`);
    expect(style.categories.global.colorSchemeMode).toBe("LIGHT");
    const [logo] = branding.inputs.assets;
    expect(logo).toMatchObject({ category: "PAGE_HEADER_LOGO", extension: "PNG", colorMode: "LIGHT" });
    const productName = stack === "prod" ? "IGAD Innovation Hub" : "IGAD Innovation Hub (dev)";
    expect(logo.bytes).toBe(productNameLogo(productName).bytes);
    expect(Buffer.from(logo.bytes, "base64").subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  test("the branding style: settings only (the provider takes exactly one of settings and useCognitoProvidedValues, a false counting as set), deleted before it is replaced (one style per client)", () => {
    const branding = run().one(T.branding);
    expect("useCognitoProvidedValues" in branding.inputs).toBe(false);
    expect(typeof branding.inputs.settings).toBe("string");
    expect(branding.options.deleteBeforeReplace).toBe(true);
  });

  test("the managed login colours are the emails' colours (triggers/emails/render-message.ts)", () => {
    const emailSource = readFileSync(join(__dirname, "../../triggers/emails/render-message.ts"), "utf8").toLowerCase();
    for (const [role, hex] of Object.entries(BRAND_COLOURS)) if (role !== "primaryDark") expect([role, emailSource.includes(`#${hex}`)]).toEqual([role, true]);
  });

  test("WAF guards the pool: managed rules, a rate rule per sensitive operation, an overall ceiling", () => {
    const association = run().of(T.association).find((a) => a.inputs.resourceArn === run().one(T.pool).state.arn);
    expect(association).toBeDefined();
    const acl = run().one(T.webAcl, "pool-waf").inputs;
    const names = acl.rules.map((r: any) => r.name);
    expect(names).toEqual(expect.arrayContaining(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "rate-overall-per-ip"]));
    for (const operation of RATE_LIMITED_OPERATIONS) {
      const rule = acl.rules.find((r: any) => r.name === `rate-${operation}`);
      const [match] = rule.statement.rateBasedStatement.scopeDownStatement.andStatement.statements;
      expect(match.byteMatchStatement).toMatchObject({ searchString: operation, positionalConstraint: "EXACTLY", fieldToMatch: { singleHeader: { name: COGNITO_OPERATION_HEADER } } });
      expect(rule.statement.rateBasedStatement.limit).toBeGreaterThanOrEqual(10);
      expect(rule.statement.rateBasedStatement.evaluationWindowSec).toBe(300);
    }
    for (const r of acl.rules) expect(r.visibilityConfig).toMatchObject({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true });
  });

  test("the pool's WAF never counts the API's own app client per IP: every per-IP rate rule is scoped down to other clients", () => {
    const apiClientId = run().one(T.client, "api-client").state.id;
    const excludesApiClient = (statement: any) =>
      statement?.notStatement?.statement?.byteMatchStatement?.searchString === apiClientId &&
      statement.notStatement.statement.byteMatchStatement.fieldToMatch.singleHeader.name === COGNITO_CLIENT_ID_HEADER &&
      statement.notStatement.statement.byteMatchStatement.positionalConstraint === "EXACTLY";
    const rateRules = run()
      .one(T.webAcl, "pool-waf")
      .inputs.rules.filter((r: any) => r.statement.rateBasedStatement?.aggregateKeyType === "IP");
    expect(rateRules).toHaveLength(RATE_LIMITED_OPERATIONS.length + 1);
    for (const rule of rateRules) {
      const scope = rule.statement.rateBasedStatement.scopeDownStatement;
      expect([rule.name, excludesApiClient(scope) || (scope.andStatement?.statements ?? []).some(excludesApiClient)]).toEqual([rule.name, true]);
    }
  });

  test("the exemption is bounded: requests carrying the API's client id, from all senders together, are blocked above what the API's stage throttle can send in a window", () => {
    const apiClientId = run().one(T.client, "api-client").state.id;
    const rules = run().one(T.webAcl, "pool-waf").inputs.rules.filter((r: any) => r.statement.rateBasedStatement?.aggregateKeyType === "CONSTANT");
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule.action).toEqual({ block: {} });
    const settings = run().one("aws:apigateway/methodSettings:MethodSettings").inputs.settings;
    expect(rule.statement.rateBasedStatement).toEqual({
      aggregateKeyType: "CONSTANT",
      evaluationWindowSec: 300,
      limit: settings.throttlingRateLimit * 300 + settings.throttlingBurstLimit,
      scopeDownStatement: {
        byteMatchStatement: {
          searchString: apiClientId,
          positionalConstraint: "EXACTLY",
          fieldToMatch: { singleHeader: { name: COGNITO_CLIENT_ID_HEADER } },
          textTransformations: [{ priority: 0, type: "NONE" }],
        },
      },
    });
    const priorities = run().one(T.webAcl, "pool-waf").inputs.rules.map((r: any) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  test("every rate rule's scope-down nests and/or/not statements no deeper than the AWS provider's schema takes (two levels in a web ACL rule)", () => {
    // terraform-provider-aws builds a web ACL rule's statement schema 3 levels deep; a rate-based
    // statement's scope-down gets one level less: and/or/not, then one more and/or/not, then leaves.
    const logicalDepth = (statement: any): number => {
      const inner = statement?.andStatement?.statements ?? statement?.orStatement?.statements ?? (statement?.notStatement ? [statement.notStatement.statement] : null);
      return inner ? 1 + Math.max(...inner.map(logicalDepth)) : 0;
    };
    for (const acl of run().of(T.webAcl)) {
      for (const rule of acl.inputs.rules.filter((r: any) => r.statement.rateBasedStatement)) {
        expect([rule.name, logicalDepth(rule.statement.rateBasedStatement.scopeDownStatement) <= 2]).toEqual([rule.name, true]);
      }
    }
    expect(logicalDepth(run().one(T.webAcl, "pool-waf").inputs.rules.find((r: any) => r.name === "rate-SignUp").statement.rateBasedStatement.scopeDownStatement)).toBe(2);
  });

  test("passwords are judged by the API, not by WAF: on the API stage the common rule set's body signatures only count (the size limit still blocks); the pool's ACL is untouched", () => {
    const common = (acl: string) => run().one(T.webAcl, acl).inputs.rules.find((r: any) => r.name === "AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement;
    const overrides = common("api-waf").ruleActionOverrides.map((o: any) => [o.name, Object.keys(o.actionToUse)]);
    expect(overrides).toEqual(["CrossSiteScripting_BODY", "GenericLFI_BODY", "GenericRFI_BODY", "EC2MetaDataSSRF_BODY"].map((name) => [name, ["count"]]));
    expect(common("pool-waf").ruleActionOverrides).toBeUndefined(); // Cognito never shows WAF a password
  });

  test("the API stage's own web ACL keeps its per-IP ceiling for every caller (nothing exempt)", () => {
    const rateRules = run().one(T.webAcl, "api-waf").inputs.rules.filter((r: any) => r.statement.rateBasedStatement);
    expect(rateRules.map((r: any) => [r.name, r.statement.rateBasedStatement.scopeDownStatement])).toEqual([["rate-overall-per-ip", undefined]]);
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

  test("the dashboard shows the audit trail: events written and reads of the audit table, by its name", () => {
    const metrics: string[][] = JSON.parse(run().one(T.dashboard).inputs.dashboardBody).widgets.flatMap((w: any) => w.properties.metrics);
    const audit = run().one(T.table, "audit-trail").state.name;
    expect(metrics.filter((m) => m[0] === "AWS/DynamoDB")).toEqual([
      ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", audit],
      ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", audit],
    ]);
  });

  test("the REST API sends every path to the function (`/` and `/{proxy+}`: the pages and /api/auth/*) through Lambda proxy integrations", () => {
    const resources = run().of(T.apiResource);
    expect(resources.map((r) => [r.inputs.pathPart, r.inputs.parentId])).toEqual([["{proxy+}", "root"]]);
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!;
    const routed = run()
      .of(T.integration)
      .map((i) => [i.inputs.resourceId, i.inputs.httpMethod, i.inputs.type, i.inputs.integrationHttpMethod, i.inputs.uri])
      .sort();
    expect(routed).toEqual([
      [resources[0]!.state.id, "ANY", "AWS_PROXY", "POST", api.state.invokeArn],
      ["root", "ANY", "AWS_PROXY", "POST", api.state.invokeArn],
    ]);
    const methods = run().of("aws:apigateway/method:Method").map((m) => [m.inputs.resourceId, m.inputs.httpMethod, m.inputs.authorization]).sort();
    expect(methods).toEqual([[resources[0]!.state.id, "ANY", "NONE"], ["root", "ANY", "NONE"]]);
    const invoke = run().of(T.permission).find((p) => p.inputs.principal === "apigateway.amazonaws.com")!;
    expect(invoke.inputs.sourceArn).toMatch(new RegExp(`^arn:aws:execute-api:us-east-1:${MOCK_ACCOUNT}:[^*]+/\\*/\\*$`));
  });

  test("without a pagesBaseUrl, the API and every trigger link to the stage's own URL (built from the REST API's id, region and stage)", () => {
    const restApi = run().one("aws:apigateway/restApi:RestApi").state.id;
    const expected = `https://${restApi}.execute-api.us-east-1.amazonaws.com/${stack}`;
    const env = (f: any) => f.inputs.environment.variables ?? f.inputs.environment.value.variables;
    const functions = run().of(T.fn);
    expect(functions).toHaveLength(5);
    for (const f of functions) expect([f.name, env(f).PAGES_BASE_URL]).toEqual([f.name, expected]);
    expect(run().outputs.pagesUrl).toBe(expected);
    // No cycle: the REST API depends on nothing, so the triggers (and through them the pool) may depend on it.
    const restApiResource = run().one("aws:apigateway/restApi:RestApi");
    expect(Object.values(restApiResource.propertyDependencies).flat()).toEqual([]);
    expect(run().one(T.fn, "custom-message").propertyDependencies.environment).toEqual([restApiResource.urn]);
  });

  test("the API function: its environment names the pool, clients, tables, CORS origins and every rate limit; it may call only what it uses", () => {
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!;
    const env = api.inputs.environment.value.variables;
    expect(env).toMatchObject({
      COGNITO_USER_POOL_ID: run().one(T.pool).state.id,
      COGNITO_CLIENT_ID: run().one(T.client, "api-client").state.id,
      SELF_SERVICE_CLIENT_ID: run().one(T.client, "self-service-client").state.id,
      SELF_SERVICE_CLIENT_SECRET: run().one(T.client, "self-service-client").state.clientSecret,
      RATE_LIMIT_TABLE: run().one(T.table, "rate-limits").state.name,
      AUDIT_TABLE: run().one(T.table, "audit-trail").state.name,
      RATE_LIMIT_CODE_ATTEMPTS_PER_CODE: "10",
      RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN: "30",
      RATE_LIMIT_EMAILS_PER_IP_PER_HOUR: "20",
      CORS_ALLOWED_ORIGINS: stack === "prod" ? "https://hub.igad.int" : "http://localhost:5173",
      RATE_LIMIT_RESEND_PER_HOUR: "5",
      RATE_LIMIT_LOGIN_PER_15MIN: "10",
      RATE_LIMIT_FORGOT_PER_HOUR: "5",
      INTERNAL_EMAIL_DOMAINS: "igad.int",
      REFRESH_TOKEN_ROTATION: "true",
    });
    expect(env.AWS_REGION).toBeUndefined(); // Lambda sets it, and refuses it as a variable
    expect(api.inputs).toMatchObject({ architectures: ["arm64"], handler: "index.handler" });
  });

  test("the API function's role allows exactly the signed Cognito operations the API calls, on its pool alone, UpdateItem and GetItem on its rate-limit table, PutItem and Query on the audit table (never AdminConfirmSignUp, never changing or deleting an event)", () => {
    const policy = JSON.parse(run().one(T.rolePolicy, "api-policy").inputs.policy);
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: ["dynamodb:UpdateItem", "dynamodb:GetItem"], Resource: run().one(T.table, "rate-limits").state.arn },
      { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:Query"], Resource: run().one(T.table, "audit-trail").state.arn },
      {
        Effect: "Allow",
        Action: [
          "cognito-idp:AdminInitiateAuth",
          "cognito-idp:AdminRespondToAuthChallenge",
          "cognito-idp:AdminGetUser",
          "cognito-idp:AdminUpdateUserAttributes",
          "cognito-idp:AdminSetUserPassword",
          "cognito-idp:AdminUserGlobalSignOut",
          "cognito-idp:AdminDeleteUser",
          "cognito-idp:AdminCreateUser",
          "cognito-idp:AdminDisableUser",
          "cognito-idp:AdminEnableUser",
          "cognito-idp:AdminAddUserToGroup",
          "cognito-idp:AdminRemoveUserFromGroup",
          "cognito-idp:AdminListGroupsForUser",
          "cognito-idp:AdminSetUserMFAPreference",
          "cognito-idp:ListUsers",
          "cognito-idp:ListUsersInGroup",
        ],
        Resource: run().one(T.pool).state.arn,
      },
    ]);
    // No wildcard anywhere: every action named, every resource one ARN.
    for (const statement of policy.Statement) {
      expect(statement.Action.filter((a: string) => a.includes("*"))).toEqual([]);
      expect(statement.Resource).not.toContain("*");
    }
    expect(ADMIN_ACTIONS).not.toContain("cognito-idp:AdminConfirmSignUp");
  });

  test("the API stage writes JSON access logs to a log group of its own, with retention, and no bodies, tokens or query strings", () => {
    const stage = run().one(T.stage).inputs;
    const accessLogs = run().one(T.logGroup, "access-logs");
    expect(stage.accessLogSettings.destinationArn).toBe(accessLogs.state.arn);
    expect(accessLogs.inputs.retentionInDays).toBe(stack === "prod" ? 365 : 14);
    const format: Record<string, string> = JSON.parse(stage.accessLogSettings.format);
    expect(format).toMatchObject({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", status: "$context.status", path: "$context.path" });
    for (const variable of Object.values(format)) expect(variable).not.toMatch(/\$input|body|querystring|authorizer|requestOverride|header|cookie|token|apiKey/i);
    // Each value is exactly one reviewed variable (no text around it that could hide another).
    expect(Object.values(format).filter((v) => !ACCESS_LOG_VARIABLES.has(v))).toEqual([]);
    // API Gateway logs through one account-wide role: set here, and kept when a stack is destroyed.
    const account = run().one("aws:apigateway/account:Account");
    expect(account.inputs.cloudwatchRoleArn).toBe(run().one("aws:iam/role:Role", "apigw-logs-role").state.arn);
    expect(account.options.retainOnDelete).toBe(true);
  });

  test("one SNS topic emails every alarmEmails address, and every alarm notifies it on alarm and on recovery", () => {
    const topic = run().one("aws:sns/topic:Topic");
    const subscriptions = run().of("aws:sns/topicSubscription:TopicSubscription");
    expect(subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic])).toEqual(stack === "prod" ? [["email", "support@igad.int", topic.state.arn]] : []);
    const alarms = run().of(T.alarm);
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) expect([a.name, a.inputs.alarmActions, a.inputs.okActions]).toEqual([a.name, [topic.state.arn], [topic.state.arn]]);
  });

  test("alarms: the API function's errors and throttles, the stage's 5XX, each trigger's errors, a WAF-block spike on each web ACL, a burst of audit events", () => {
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!.state.name;
    const watched = run()
      .of(T.alarm)
      .map((a) => [a.inputs.namespace, a.inputs.metricName, a.inputs.dimensions.FunctionName ?? a.inputs.dimensions.WebACL ?? a.inputs.dimensions.Stage ?? a.inputs.dimensions.TableName])
      .sort();
    const triggers = run().of(T.fn).filter((f) => f.inputs.tags.component === "cognito-trigger").map((f) => ["AWS/Lambda", "Errors", f.state.name]);
    const acls = run().of(T.webAcl).map((w) => ["AWS/WAFV2", "BlockedRequests", w.inputs.visibilityConfig.metricName]);
    const audit = ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", run().one(T.table, "audit-trail").state.name];
    expect(triggers).toHaveLength(4);
    expect(watched).toEqual([["AWS/ApiGateway", "5XXError", stack], ["AWS/Lambda", "Errors", api], ["AWS/Lambda", "Throttles", api], ...triggers, ...acls, audit].sort());
    const fiveXx = run().of(T.alarm).find((a) => a.inputs.metricName === "5XXError")!;
    expect(fiveXx.inputs.dimensions.ApiName).toBe(run().one("aws:apigateway/restApi:RestApi").state.name);
    // The exact dimension set CloudWatch publishes each metric with: an extra or misspelt
    // dimension is another metric, which never has data, so the alarm would never fire.
    const dimensionsOf = (namespace: string) => run().of(T.alarm).filter((a) => a.inputs.namespace === namespace).map((a) => a.inputs.dimensions);
    expect(dimensionsOf("AWS/ApiGateway")).toEqual([{ ApiName: run().one("aws:apigateway/restApi:RestApi").state.name, Stage: stack }]);
    for (const d of dimensionsOf("AWS/Lambda")) expect(Object.keys(d)).toEqual(["FunctionName"]);
    const wafDimensions = run().of(T.webAcl).map((w) => ({ WebACL: w.inputs.visibilityConfig.metricName, Region: "us-east-1", Rule: "ALL" }));
    expect(dimensionsOf("AWS/WAFV2")).toEqual(expect.arrayContaining(wafDimensions));
    expect(dimensionsOf("AWS/WAFV2")).toHaveLength(wafDimensions.length);
    expect(dimensionsOf("AWS/DynamoDB")).toEqual([{ TableName: run().one(T.table, "audit-trail").state.name }]);
    for (const a of run().of(T.alarm)) expect([a.name, a.inputs.statistic, a.inputs.period, a.inputs.comparisonOperator]).toEqual([a.name, "Sum", 300, "GreaterThanThreshold"]);
  });

  test("the API stage is throttled as a whole, with metrics on and no request data in logs", () => {
    const settings = run().one("aws:apigateway/methodSettings:MethodSettings").inputs;
    expect(settings).toMatchObject({ methodPath: "*/*", stageName: stack, settings: { throttlingRateLimit: 50, throttlingBurstLimit: 100, metricsEnabled: true, dataTraceEnabled: false } });
  });

  test("the API: rate-limit table with TTL, a REST stage behind WAF, the client secret in no output", () => {
    expect(run().one(T.table, "rate-limits").inputs).toMatchObject({ hashKey: "pk", ttl: { attributeName: "expiresAt", enabled: true }, billingMode: "PAY_PER_REQUEST" });
    const stage = run().one(T.stage).state;
    expect(run().of(T.association).some((a) => a.inputs.resourceArn === stage.arn)).toBe(true);
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!;
    // Pulumi marks a secret value with this signature; the whole environment travels as a secret.
    expect(api.inputs.environment[SECRET_SIGNATURE]).toBe(SECRET_MARKER);
    const apiClientSecret = run().one(T.client, "api-client").state.clientSecret;
    expect(apiClientSecret).toMatch(/^mock-client-secret-of-/);
    expect(api.inputs.environment.value.variables).toMatchObject({ RATE_LIMIT_REGISTER_PER_HOUR: "5", RATE_LIMIT_VERIFY_PER_HOUR: "3", COGNITO_CLIENT_SECRET: apiClientSecret });
    expect(JSON.stringify(run().outputs)).not.toContain("mock-client-secret");
  });

  test("the self-service client's secret reaches the API function inside its secret environment and nowhere else: no output, no trigger, no other resource", () => {
    const secret = run().one(T.client, "self-service-client").state.clientSecret;
    expect(secret).toBe(`mock-client-secret-of-igad-auth-${stack}-self-service-client`);
    const api = run().of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!;
    expect(api.inputs.environment[SECRET_SIGNATURE]).toBe(SECRET_MARKER);
    expect(api.inputs.environment.value.variables.SELF_SERVICE_CLIENT_SECRET).toBe(secret);
    expect(JSON.stringify(run().outputs)).not.toContain(secret);
    const holding = run().resources.filter((r) => r !== api && JSON.stringify(r.inputs).includes(secret)).map((r) => r.name);
    expect(holding).toEqual([]);
    expect(JSON.stringify(run().one(T.fn, "pre-token-generation").inputs)).not.toContain("mock-client-secret");
  });

  test("the audit trail has a table of its own: pk and sk strings, on demand, encrypted, no TTL; point-in-time recovery, deletion protection and protect in prod only", () => {
    const audit = run().one(T.table, "audit-trail");
    const prod = stack === "prod";
    expect(audit.inputs).toMatchObject({
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      attributes: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
      ],
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: prod },
      deletionProtectionEnabled: prod,
      tags: { purpose: "audit-trail", environment: stack },
    });
    expect(audit.inputs.ttl).toBeUndefined();
    expect(audit.options.protect).toBe(prod);
    expect(audit.state.name).not.toBe(run().one(T.table, "rate-limits").state.name);
  });

  test("the pool offers two-step verification with an authenticator app (TOTP), optional, and no SMS", () => {
    expect(pool()).toMatchObject({ mfaConfiguration: "OPTIONAL", softwareTokenMfaConfiguration: { enabled: true } });
    expect(pool().smsConfiguration).toBeUndefined();
  });

  test("the self-service client: a secret, the API's password flow and refresh only, no OAuth, 15-minute tokens, 60-minute refresh, revocation, the API client's attributes", () => {
    const client = run().one(T.client, "self-service-client").inputs;
    const api = run().one(T.client, "api-client").inputs;
    expect(client).toMatchObject({
      generateSecret: true,
      explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      allowedOauthFlowsUserPoolClient: false,
      accessTokenValidity: 15,
      idTokenValidity: 15,
      refreshTokenValidity: 60,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "minutes" },
      enableTokenRevocation: true,
      preventUserExistenceErrors: "ENABLED",
      userPoolId: run().one(T.pool).state.id,
    });
    expect(client.allowedOauthFlows).toBeUndefined();
    expect(client.callbackUrls).toBeUndefined();
    expect([client.readAttributes, client.writeAttributes]).toEqual([api.readAttributes, api.writeAttributes]);
  });

  test("the pre token generation trigger, and no other trigger, knows the self-service client's id (SELF_SERVICE_CLIENT_ID), and not its secret", () => {
    const id = run().one(T.client, "self-service-client").state.id;
    const triggers = run().of(T.fn).filter((f) => f.inputs.tags.component === "cognito-trigger");
    expect(triggers.map((f) => [f.name, f.inputs.environment.variables.SELF_SERVICE_CLIENT_ID])).toEqual(
      triggers.map((f) => [f.name, f.name.includes("pre-token-generation") ? id : undefined]),
    );
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
    expect(o.selfServiceClientId).toBe(run().one(T.client, "self-service-client").state.id);
    expect(o.auditTableName).toBe(run().one(T.table, "audit-trail").state.name);
  });
});

describe("the API function's permissions follow the API's code", () => {
  /** Every `new XCommand(` in api/ (the routes and their helpers), by name, with the files that send it. */
  const sent = () => {
    const files = readdirSync(join(__dirname, "../../api"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const found = new Map<string, Set<string>>();
    for (const f of files) {
      for (const m of readFileSync(join(__dirname, "../../api", f), "utf8").matchAll(/new ([A-Z][A-Za-z]+)Command\(/g)) {
        found.set(m[1]!, (found.get(m[1]!) ?? new Set()).add(f.replace(/\\/g, "/")));
      }
    }
    return found;
  };
  const commandsSent = () => [...sent().keys()].sort();
  const DYNAMODB = ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems"];
  /** The one module that holds the audit table's name (AUDIT_TABLE): what it sends goes to that table, everything else to the rate-limit table. */
  const AUDIT_MODULE = "audit-log.ts";
  /**
   * Cognito operations served without AWS credentials (authorised by a client secret or the person's
   * token, or the API's own self-service token for AssociateSoftwareToken and VerifySoftwareToken).
   */
  const PUBLIC_COGNITO = [
    "AssociateSoftwareToken",
    "ConfirmForgotPassword",
    "ConfirmSignUp",
    "ForgotPassword",
    "GetTokensFromRefreshToken",
    "ResendConfirmationCode",
    "RevokeToken",
    "SignUp",
    "VerifySoftwareToken",
  ];
  /** Cognito operations that need IAM credentials without an Admin prefix. */
  const SIGNED_WITHOUT_ADMIN_PREFIX = ["ListUsers", "ListUsersInGroup"];

  test("every signed Cognito operation the API sends is allowed, and nothing else is (the IAM list is exact)", () => {
    const signed = commandsSent().filter((c) => c.startsWith("Admin") || SIGNED_WITHOUT_ADMIN_PREFIX.includes(c));
    expect(signed.map((c) => `cognito-idp:${c}`).sort()).toEqual([...ADMIN_ACTIONS].sort());
    // The operations issue 16's administration and two-step verification added, by name.
    expect(ADMIN_ACTIONS).toEqual(
      expect.arrayContaining(
        [
          "AdminAddUserToGroup",
          "AdminCreateUser",
          "AdminDisableUser",
          "AdminEnableUser",
          "AdminListGroupsForUser",
          "AdminRemoveUserFromGroup",
          "AdminSetUserMFAPreference",
          "ListUsers",
          "ListUsersInGroup",
        ].map((c) => `cognito-idp:${c}`),
      ),
    );
  });

  test("every DynamoDB operation the API sends is allowed on the table it goes to, and nothing else is: PutItem and Query on the audit table, the rest on the rate-limit table", () => {
    const byFile = sent();
    const dynamo = commandsSent().filter((c) => DYNAMODB.includes(c));
    const toAudit = dynamo.filter((c) => byFile.get(c)!.has(AUDIT_MODULE));
    const toRateLimits = dynamo.filter((c) => [...byFile.get(c)!].some((f) => f !== AUDIT_MODULE));
    expect(toAudit.map((c) => `dynamodb:${c}`).sort()).toEqual([...AUDIT_TABLE_ACTIONS].sort());
    expect(toRateLimits.map((c) => `dynamodb:${c}`).sort()).toEqual([...TABLE_ACTIONS].sort());
    // The audit module is the only one given AUDIT_TABLE's name.
    const config = readFileSync(join(__dirname, "../../api/config.ts"), "utf8");
    expect(config).toContain("env.AUDIT_TABLE");
  });

  test("every other command the API sends is a public Cognito operation (a new one must be classified here)", () => {
    const others = commandsSent().filter((c) => !c.startsWith("Admin") && !SIGNED_WITHOUT_ADMIN_PREFIX.includes(c) && !DYNAMODB.includes(c));
    expect(others.filter((c) => !PUBLIC_COGNITO.includes(c))).toEqual([]);
  });
});

describe("the API reads what the stack sets", () => {
  test.each(["dev", "prod"])("%s: the API's own configuration reader, given the function's environment, finds both clients, both tables and every limit of the stack", (stack) => {
    const run = runs[stack]!;
    const env = run.of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!.inputs.environment.value.variables;
    const config = apiConfigFromEnv(env);
    const settings = readStackSettings(stackConfig(stack as "dev" | "prod"));
    expect(config.rateLimits).toEqual(settings.apiRateLimits);
    expect(config.selfServiceClient).toEqual({ id: run.one(T.client, "self-service-client").state.id, secret: run.one(T.client, "self-service-client").state.clientSecret });
    expect(config.auditTable).toBe(run.one(T.table, "audit-trail").state.name);
    expect(config.rateLimitTable).toBe(run.one(T.table, "rate-limits").state.name);
  });

  test("a limit set in the stack file reaches the API (each of the three new ones)", async () => {
    const run = await runProgram("dev", { apiRateLimits: { codeAttemptsPerCode: 7, loginFailuresPerIp15Min: 41, emailsPerIpPerHour: 13 } });
    const env = run.of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!.inputs.environment.value.variables;
    expect(apiConfigFromEnv(env).rateLimits).toMatchObject({ codeAttemptsPerCode: 7, loginFailuresPerIp15Min: 41, emailsPerIpPerHour: 13, registerPerHour: 5 });
  }, 60_000);

  test("the stack's default limits are the API's own defaults", () => {
    expect(DEFAULT_API_RATE_LIMITS).toEqual(DEFAULT_RATE_LIMITS);
  });

  test("the self-service client's tokens outlive the API's two-step set-up window, and match the local stack's", () => {
    const mfa = readFileSync(join(__dirname, "../../api/routes/mfa.ts"), "utf8");
    const window = /const SETUP_SECONDS = ([\d\s*]+);/.exec(mfa);
    expect(window).not.toBeNull();
    const setupSeconds = window![1]!.split("*").reduce((product, factor) => product * Number(factor.trim()), 1);
    expect(setupSeconds).toBeGreaterThan(0);
    expect(SELF_SERVICE_TOKEN_MINUTES.access * 60).toBeGreaterThan(setupSeconds);
    expect(SELF_SERVICE_TOKEN_MINUTES).toEqual({
      access: SELF_SERVICE_TOKEN_VALIDITY.AccessTokenValidity,
      id: SELF_SERVICE_TOKEN_VALIDITY.IdTokenValidity,
      refresh: SELF_SERVICE_TOKEN_VALIDITY.RefreshTokenValidity,
    });
    expect(SELF_SERVICE_TOKEN_VALIDITY.TokenValidityUnits).toEqual({ AccessToken: "minutes", IdToken: "minutes", RefreshToken: "minutes" });
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

  test("the Lite plan gets pre token generation V1_0 (ID token only) and no refresh token rotation", async () => {
    const lite = await runProgram("dev", { featurePlan: "lite", passwordHistorySize: 0 });
    expect(lite.one(T.pool).inputs.lambdaConfig.preTokenGenerationConfig.lambdaVersion).toBe("V1_0");
    const apiClient = lite.one(T.client, "api-client").inputs;
    expect(apiClient.refreshTokenRotation).toBeUndefined();
    expect(apiClient.explicitAuthFlows).toEqual(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    expect(lite.of(T.fn).find((f) => f.inputs.tags.component === "auth-api")!.inputs.environment.value.variables.REFRESH_TOKEN_ROTATION).toBe("false");
    expect(lite.one(T.pool).inputs.passwordPolicy.passwordHistorySize).toBeUndefined();
    // Managed login needs Essentials: Lite gets the classic Hosted UI and no style.
    expect(lite.one(T.domain).inputs.managedLoginVersion).toBe(1);
    expect(lite.of(T.branding)).toHaveLength(0);
    expect(guardrailViolations(lite)).toEqual([]);
  }, 60_000);
});

describe("the pages' address", () => {
  test("a pagesBaseUrl setting wins over the stage's URL, for the API and every trigger", async () => {
    const run = await runProgram("dev", { pagesBaseUrl: "https://hub.igad.int/auth" });
    for (const f of run.of(T.fn)) {
      const env = f.inputs.environment.variables ?? f.inputs.environment.value.variables;
      expect([f.name, env.PAGES_BASE_URL]).toEqual([f.name, "https://hub.igad.int/auth"]);
    }
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

  test("a dist/ from a build older than dist/manifest.json is refused naming the manifest, not the bundle that is there", () => {
    const dist = mkdtempSync(join(tmpdir(), "old-dist-"));
    mkdirSync(join(dist, "triggers"));
    writeFileSync(join(dist, "triggers/pre-sign-up.js"), "exports.handler = async (e) => e;\n");
    expect(() => lambdaFiles("triggers/pre-sign-up", dist)).toThrow(/manifest\.json is missing \(dist\/ is from an older build\): run `npm run build` before `pulumi up`/);
  });

  test.each([
    ["triggers/pre-sign-up", ["index.js", "data/dictionary-filter.bin"]],
    ["api/lambda", ["index.js", "data/dictionary-filter.bin"]],
    ["triggers/custom-message", ["index.js"]],
  ])("the %s function's archive carries the bundle as index.js and the data files it reads beside it", async (bundle, names) => {
    const assets = await (lambdaCode(bundle) as unknown as { assets: Promise<Record<string, { path: Promise<string> }>> }).assets;
    const paths = Object.fromEntries(await Promise.all(Object.entries(assets).map(async ([name, asset]) => [name, await asset.path])));
    expect(Object.keys(paths)).toEqual(names);
    expect(paths["index.js"]).toMatch(new RegExp(`dist/${bundle}\\.js$`));
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
