/**
 * The API and the self-service pages: the dist/api/lambda.js bundle behind an API Gateway
 * REST API (WAF attaches to REST stages, not to HTTP APIs) that sends every path (`/` and
 * `/{proxy+}`) to the function, its DynamoDB rate-limit table (TTL on expiresAt), its audit
 * table (durable: no TTL; point-in-time recovery and deletion protection in prod), a
 * firewall on the stage, and JSON access logs in a log group of their own. The app
 * clients' secrets reach the function as Pulumi secrets and appear in no plain output.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_TRAIL_PURPOSE } from "../../policies/guardrails/tables";
import { BundledFunction } from "./bundled-function";
import { RegionalFirewall } from "./regional-firewall";
import { deploymentFingerprint, type RoutePart } from "../deployment-fingerprint";
import type { ApiRateLimits, StackSettings } from "../settings";

export interface AuthApiArgs {
  /** The validated stack settings: CORS origins, API rate limits, WAF ceiling, log retention, stage name. */
  settings: StackSettings;
  /** The pool the API serves (COGNITO_USER_POOL_ID). */
  userPoolId: pulumi.Input<string>;
  /** The only pool the function's role may call admin operations on. */
  userPoolArn: pulumi.Input<string>;
  /** The API's app client (COGNITO_CLIENT_ID). */
  clientId: pulumi.Input<string>;
  /** Its secret: reaches the function inside a Pulumi secret, never a plain output. */
  clientSecret: pulumi.Input<string>;
  /** The API's self-service client (SELF_SERVICE_CLIENT_ID), for two-step verification set-up. */
  selfServiceClientId: pulumi.Input<string>;
  /** Its secret (SELF_SERVICE_CLIENT_SECRET): inside the same Pulumi secret. */
  selfServiceClientSecret: pulumi.Input<string>;
  /** The account settings as environment variables (settingsToEnv). */
  accountEnvironment: Record<string, string>;
  /** The pages' public address (PAGES_BASE_URL); the program defaults it to the stage's URL. */
  pagesBaseUrl: pulumi.Input<string>;
  /**
   * Stage-wide throttle, requests per second and burst, across all callers: a ceiling on
   * what a distributed flood (many IPs, each under WAF's per-IP limit) can cost.
   * Default 50 per second, burst 100; Cognito's own SignUp quota is 50 per second.
   */
  throttle?: { ratePerSecond: number; burst: number };
  /** Whether the API's app client rotates refresh tokens (REFRESH_TOKEN_ROTATION): the API refreshes with GetTokensFromRefreshToken then. */
  refreshTokenRotation: boolean;
  /** Tags for every resource. */
  tags: Record<string, string>;
}

export const DEFAULT_API_THROTTLE = { ratePerSecond: 50, burst: 100 };

/** What the API does to its rate-limit table: counters and records written with UpdateItem, records read with GetItem (api/records-table.ts). */
export const TABLE_ACTIONS = ["dynamodb:UpdateItem", "dynamodb:GetItem"];

/** What the API does to the audit table: events added with PutItem, read newest first with Query (api/audit-log.ts). Never changed or deleted. */
export const AUDIT_TABLE_ACTIONS = ["dynamodb:PutItem", "dynamodb:Query"];

/** The tag that marks the audit trail's table: exempt from the TTL guardrail, held to the durable one instead. */
export const AUDIT_TRAIL_TAG = { purpose: AUDIT_TRAIL_PURPOSE };

/**
 * The Cognito operations the API calls with IAM credentials, exactly (the others are public,
 * authorised by a client secret or the person's token). Not AdminConfirmSignUp: people confirm
 * with their code. The administration (api/routes/admin.ts, api/admin-access.ts) lists, invites,
 * changes groups, disables and enables, and resets two-step verification; self-service two-step
 * verification sets the preference (api/routes/mfa.ts).
 */
export const ADMIN_ACTIONS = [
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
];

/**
 * One JSON line per request: who, what route, how it ended and how long it took. No
 * body, no headers (tokens travel in Authorization and cookies), no query string
 * ($context.path is the path alone; verification links carry the code in the query).
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  userAgent: "$context.identity.userAgent",
  requestTime: "$context.requestTimeEpoch",
  httpMethod: "$context.httpMethod",
  path: "$context.path",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  wafResponseCode: "$context.wafResponseCode",
  error: "$context.error.message",
});

/** The API's limits as the environment variables api/config.ts reads them (RATE_LIMIT_ENV there). */
export function rateLimitEnvironment(limits: ApiRateLimits): Record<string, string> {
  return {
    RATE_LIMIT_REGISTER_PER_HOUR: String(limits.registerPerHour),
    RATE_LIMIT_VERIFY_PER_HOUR: String(limits.verifyPerHour),
    RATE_LIMIT_RESEND_PER_HOUR: String(limits.resendPerHour),
    RATE_LIMIT_LOGIN_PER_15MIN: String(limits.loginPer15Min),
    RATE_LIMIT_FORGOT_PER_HOUR: String(limits.forgotPerHour),
    RATE_LIMIT_CODE_ATTEMPTS_PER_CODE: String(limits.codeAttemptsPerCode),
    RATE_LIMIT_LOGIN_FAILURES_PER_IP_15MIN: String(limits.loginFailuresPerIp15Min),
    RATE_LIMIT_EMAILS_PER_IP_PER_HOUR: String(limits.emailsPerIpPerHour),
  };
}

/** The Pulumi types of the parts a deployment snapshots (an authorizer, if one is added, belongs here too). */
export const ROUTE_TYPES = {
  resource: "aws:apigateway/resource:Resource",
  method: "aws:apigateway/method:Method",
  integration: "aws:apigateway/integration:Integration",
  authorizer: "aws:apigateway/authorizer:Authorizer",
} as const;

/** The role API Gateway writes logs with (account-wide): AWS's managed policy for it. */
const PUSH_TO_CLOUDWATCH_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

export class AuthApi extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  /** Who did what (AUDIT_TABLE): kept, not expired. */
  readonly auditTable: aws.dynamodb.Table;
  readonly function: aws.lambda.Function;
  readonly restApi: aws.apigateway.RestApi;
  readonly stage: aws.apigateway.Stage;
  /** The stage's name (the environment), known before the stage exists. */
  readonly stageName: string;
  readonly accessLogs: aws.cloudwatch.LogGroup;
  /** Managed rules and the per-IP ceiling in front of the stage (the exact limits live in the function). */
  readonly firewall: RegionalFirewall;
  /** The stage's base URL; the endpoints are `${url}/api/auth/...`, the pages `${url}/signup`... */
  readonly url: pulumi.Output<string>;
  /** The stage-wide throttle: nothing reaches the function faster, so no more API traffic reaches Cognito either. */
  readonly throttle: { ratePerSecond: number; burst: number };

  constructor(name: string, args: AuthApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:api:AuthApi", name, {}, opts);
    const { settings, tags } = args;
    this.stageName = settings.environment;
    this.throttle = args.throttle ?? DEFAULT_API_THROTTLE;

    this.table = new aws.dynamodb.Table(
      `${name}-rate-limits`,
      {
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attributes: [{ name: "pk", type: "S" }],
        ttl: { attributeName: "expiresAt", enabled: true },
        serverSideEncryption: { enabled: true },
        tags,
      },
      { parent: this },
    );

    // The audit trail: one partition of events sorted by time (pk "events", sk "<time>#<id>",
    // api/audit-log.ts). Kept for good: no TTL. In prod, point-in-time recovery (35 days of
    // restorable history) and deletion protection, and a protected Pulumi resource.
    const prod = settings.environment === "prod";
    this.auditTable = new aws.dynamodb.Table(
      `${name}-audit-trail`,
      {
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
        tags: { ...tags, ...AUDIT_TRAIL_TAG },
      },
      { parent: this, protect: prod },
    );

    // Made first: the pages' default address is built from its id, with no dependency on the pool.
    this.restApi = new aws.apigateway.RestApi(
      `${name}-rest-api`,
      { endpointConfiguration: { types: "REGIONAL" }, description: "IGAD auth API (/api/auth/*) and self-service pages", tags },
      { parent: this },
    );

    const limits = settings.apiRateLimits;
    const api = new BundledFunction(
      `${name}-fn`,
      {
        bundle: "api/lambda",
        cognitoTrigger: false,
        logRetentionDays: settings.logRetentionDays,
        memorySize: 1024,
        // The whole environment travels as a Pulumi secret: it holds the client secrets.
        environment: pulumi.secret(
          pulumi
            .all([args.userPoolId, args.clientId, args.clientSecret, args.selfServiceClientId, args.selfServiceClientSecret, this.table.name, this.auditTable.name, args.pagesBaseUrl])
            .apply(([poolId, clientId, secret, selfServiceId, selfServiceSecret, table, auditTable, pagesBaseUrl]): Record<string, string> => ({
              ...args.accountEnvironment,
              PAGES_BASE_URL: pagesBaseUrl,
              COGNITO_USER_POOL_ID: poolId,
              COGNITO_CLIENT_ID: clientId,
              COGNITO_CLIENT_SECRET: secret,
              SELF_SERVICE_CLIENT_ID: selfServiceId,
              SELF_SERVICE_CLIENT_SECRET: selfServiceSecret,
              RATE_LIMIT_TABLE: table,
              AUDIT_TABLE: auditTable,
              CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins.join(","),
              ...rateLimitEnvironment(limits),
              REFRESH_TOKEN_ROTATION: String(args.refreshTokenRotation),
            })),
        ),
        tags: { ...tags, component: "auth-api" },
      },
      { parent: this },
    );
    this.function = api.function;
    new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: api.role.id,
        policy: pulumi.all([this.table.arn, this.auditTable.arn, args.userPoolArn]).apply(([tableArn, auditTableArn, poolArn]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: TABLE_ACTIONS, Resource: tableArn },
              { Effect: "Allow", Action: AUDIT_TABLE_ACTIONS, Resource: auditTableArn },
              { Effect: "Allow", Action: ADMIN_ACTIONS, Resource: poolArn },
            ],
          }),
        ),
      },
      { parent: this },
    );

    // Every path reaches the function: `/` (which {proxy+} does not match) and `/{proxy+}`;
    // the Lambda proxy integration passes the whole path, and the app routes /api/auth/* and the pages.
    const routeParts: RoutePart[] = [];
    /** Records a route part's arguments for the deployment's fingerprint, and returns them. */
    const routed = <A>(type: string, partName: string, partArgs: A): A => {
      routeParts.push({ type, name: partName, args: partArgs });
      return partArgs;
    };
    const proxyName = `${name}-any-path`;
    const proxy = new aws.apigateway.Resource(
      proxyName,
      routed(ROUTE_TYPES.resource, proxyName, { restApi: this.restApi.id, parentId: this.restApi.rootResourceId, pathPart: "{proxy+}" }),
      { parent: this },
    );
    const integrations: aws.apigateway.Integration[] = [];
    for (const [route, resourceId] of [
      ["root", this.restApi.rootResourceId],
      ["any-path", proxy.id],
    ] as const) {
      const methodName = `${name}-${route}-any`;
      const method = new aws.apigateway.Method(
        methodName,
        routed(ROUTE_TYPES.method, methodName, { restApi: this.restApi.id, resourceId, httpMethod: "ANY", authorization: "NONE" }),
        { parent: this },
      );
      const integrationName = `${name}-${route}-lambda`;
      integrations.push(
        new aws.apigateway.Integration(
          integrationName,
          routed(ROUTE_TYPES.integration, integrationName, {
            restApi: this.restApi.id,
            resourceId,
            httpMethod: method.httpMethod,
            integrationHttpMethod: "POST",
            type: "AWS_PROXY",
            uri: this.function.invokeArn,
          }),
          { parent: this },
        ),
      );
    }
    const deployment = new aws.apigateway.Deployment(
      `${name}-deployment`,
      {
        restApi: this.restApi.id,
        triggers: { redeployment: pulumi.output(routeParts).apply((parts) => deploymentFingerprint(parts as RoutePart[])) },
      },
      { parent: this, dependsOn: integrations },
    );

    // API Gateway writes access logs with one role per account and region. Retained on
    // delete: another stack in the same account and region relies on the same setting.
    const loggingRole = new aws.iam.Role(
      `${name}-apigw-logs-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags,
      },
      { parent: this, retainOnDelete: true },
    );
    const loggingPolicy = new aws.iam.RolePolicyAttachment(`${name}-apigw-logs-policy`, { role: loggingRole.name, policyArn: PUSH_TO_CLOUDWATCH_POLICY }, { parent: this, retainOnDelete: true });
    const logging = new aws.apigateway.Account(`${name}-apigw-account`, { cloudwatchRoleArn: loggingRole.arn }, { parent: this, retainOnDelete: true, dependsOn: [loggingPolicy] });
    this.accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { retentionInDays: settings.logRetentionDays, tags }, { parent: this });

    this.stage = new aws.apigateway.Stage(
      `${name}-stage`,
      {
        restApi: this.restApi.id,
        deployment: deployment.id,
        stageName: this.stageName,
        accessLogSettings: { destinationArn: this.accessLogs.arn, format: ACCESS_LOG_FORMAT },
        tags,
      },
      { parent: this, dependsOn: [logging] },
    );
    new aws.lambda.Permission(
      `${name}-invoke`,
      { action: "lambda:InvokeFunction", function: this.function.name, principal: "apigateway.amazonaws.com", sourceArn: pulumi.interpolate`${this.restApi.executionArn}/*/*` },
      { parent: this },
    );
    const throttle = this.throttle;
    new aws.apigateway.MethodSettings(
      `${name}-throttle`,
      {
        restApi: this.restApi.id,
        stageName: this.stage.stageName,
        methodPath: "*/*",
        // No data trace: request logs would hold passwords and tokens.
        settings: { throttlingRateLimit: throttle.ratePerSecond, throttlingBurstLimit: throttle.burst, metricsEnabled: true, dataTraceEnabled: false },
      },
      { parent: this },
    );
    this.firewall = new RegionalFirewall(`${name}-waf`, { resourceArn: this.stage.arn, waf: settings.waf, cognitoOperationRules: false, bodiesHoldPasswords: true, tags }, { parent: this });

    this.url = pulumi.interpolate`${this.stage.invokeUrl}`;
    this.registerOutputs({ url: this.url, tableName: this.table.name, auditTableName: this.auditTable.name });
  }

  /** The stage's URL from the REST API's id, region and stage name: known before the stage and the pool exist. */
  invokeUrlFor(region: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`https://${this.restApi.id}.execute-api.${region}.amazonaws.com/${this.stageName}`;
  }
}
