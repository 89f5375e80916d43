/**
 * The /api/auth/* API: the dist/api/lambda.js bundle behind an API Gateway REST API
 * (WAF attaches to REST stages, not to HTTP APIs), its DynamoDB rate-limit table (TTL
 * on expiresAt), and a firewall on the stage. The app client's secret reaches the
 * function as a Pulumi secret and appears in no plain output.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BundledFunction } from "./bundled-function";
import { RegionalFirewall } from "./regional-firewall";
import type { StackSettings } from "../settings";

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
  /** The account settings as environment variables (settingsToEnv). */
  accountEnvironment: Record<string, string>;
  /**
   * Stage-wide throttle, requests per second and burst, across all callers: a ceiling on
   * what a distributed flood (many IPs, each under WAF's per-IP limit) can cost.
   * Default 50 per second, burst 100; Cognito's own SignUp quota is 50 per second.
   */
  throttle?: { ratePerSecond: number; burst: number };
  /** Tags for every resource. */
  tags: Record<string, string>;
}

export const DEFAULT_API_THROTTLE = { ratePerSecond: 50, burst: 100 };

/** The Cognito operations the API calls with IAM credentials (the others are public, authorised by the client secret). */
const ADMIN_ACTIONS = ["cognito-idp:AdminInitiateAuth", "cognito-idp:AdminRespondToAuthChallenge", "cognito-idp:AdminGetUser"];

export class AuthApi extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  readonly function: aws.lambda.Function;
  readonly restApi: aws.apigateway.RestApi;
  readonly stage: aws.apigateway.Stage;
  /** Managed rules and the per-IP ceiling in front of the stage (the exact limits live in the function). */
  readonly firewall: RegionalFirewall;
  /** The stage's base URL; the endpoints are `${url}/api/auth/...`. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: AuthApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:api:AuthApi", name, {}, opts);
    const { settings, tags } = args;

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

    const limits = settings.apiRateLimits;
    const api = new BundledFunction(
      `${name}-fn`,
      {
        bundle: "api/lambda",
        cognitoTrigger: false,
        logRetentionDays: settings.logRetentionDays,
        memorySize: 1024,
        // The whole environment travels as a Pulumi secret: it holds the client secret.
        environment: pulumi.secret(
          pulumi.all([args.userPoolId, args.clientId, args.clientSecret, this.table.name]).apply(([poolId, clientId, secret, table]): Record<string, string> => ({
            ...args.accountEnvironment,
            COGNITO_USER_POOL_ID: poolId,
            COGNITO_CLIENT_ID: clientId,
            COGNITO_CLIENT_SECRET: secret,
            RATE_LIMIT_TABLE: table,
            CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins.join(","),
            RATE_LIMIT_REGISTER_PER_HOUR: String(limits.registerPerHour),
            RATE_LIMIT_VERIFY_PER_HOUR: String(limits.verifyPerHour),
            RATE_LIMIT_RESEND_PER_HOUR: String(limits.resendPerHour),
            RATE_LIMIT_LOGIN_PER_15MIN: String(limits.loginPer15Min),
            RATE_LIMIT_FORGOT_PER_HOUR: String(limits.forgotPerHour),
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
        policy: pulumi.all([this.table.arn, args.userPoolArn]).apply(([tableArn, poolArn]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["dynamodb:UpdateItem"], Resource: tableArn },
              { Effect: "Allow", Action: ADMIN_ACTIONS, Resource: poolArn },
            ],
          }),
        ),
      },
      { parent: this },
    );

    this.restApi = new aws.apigateway.RestApi(
      `${name}-rest-api`,
      { endpointConfiguration: { types: "REGIONAL" }, description: "IGAD auth API (/api/auth/*)", tags },
      { parent: this },
    );
    // Only /api/* reaches the function: /api/{proxy+}, the Lambda proxy integration passes the whole path.
    const apiPath = new aws.apigateway.Resource(`${name}-api-path`, { restApi: this.restApi.id, parentId: this.restApi.rootResourceId, pathPart: "api" }, { parent: this });
    const proxy = new aws.apigateway.Resource(`${name}-proxy`, { restApi: this.restApi.id, parentId: apiPath.id, pathPart: "{proxy+}" }, { parent: this });
    const method = new aws.apigateway.Method(
      `${name}-proxy-any`,
      { restApi: this.restApi.id, resourceId: proxy.id, httpMethod: "ANY", authorization: "NONE" },
      { parent: this },
    );
    const integration = new aws.apigateway.Integration(
      `${name}-proxy-lambda`,
      { restApi: this.restApi.id, resourceId: proxy.id, httpMethod: method.httpMethod, integrationHttpMethod: "POST", type: "AWS_PROXY", uri: this.function.invokeArn },
      { parent: this },
    );
    const deployment = new aws.apigateway.Deployment(
      `${name}-deployment`,
      { restApi: this.restApi.id, triggers: { integration: integration.id, method: method.id } },
      { parent: this, dependsOn: [integration] },
    );
    this.stage = new aws.apigateway.Stage(
      `${name}-stage`,
      { restApi: this.restApi.id, deployment: deployment.id, stageName: settings.environment, tags },
      { parent: this },
    );
    new aws.lambda.Permission(
      `${name}-invoke`,
      { action: "lambda:InvokeFunction", function: this.function.name, principal: "apigateway.amazonaws.com", sourceArn: pulumi.interpolate`${this.restApi.executionArn}/*/*` },
      { parent: this },
    );
    const throttle = args.throttle ?? DEFAULT_API_THROTTLE;
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
    this.firewall = new RegionalFirewall(`${name}-waf`, { resourceArn: this.stage.arn, waf: settings.waf, cognitoOperationRules: false, tags }, { parent: this });

    this.url = pulumi.interpolate`${this.stage.invokeUrl}`;
    this.registerOutputs({ url: this.url, tableName: this.table.name });
  }
}
