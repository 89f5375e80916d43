/**
 * The Pulumi program: read the stack's settings, check them against the deploying
 * account, wire the components, return the outputs. `pulumi up` once per stack (dev and
 * prod, or any other name); see docs/deploy.md.
 *
 * Every name that must be unique in the account or region derives from the stack's name
 * (`igad-auth-<stack>`), not from the `environment` setting, so `pulumi stack init
 * staging` with `environment: dev` deploys beside dev. For the stacks dev and prod the
 * names are the ones they were first deployed with: renaming a resource would replace it
 * (the user pool with every user), see test/infra/second-up.test.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { settingsToEnv } from "../policies/settings";
import { PROJECT, readStackSettings } from "./settings";
import { checkSesIdentity, checkSesIdentityVerified, partitionOf, sesIdentityMissing, sesIdentityName, type EmailIdentityStatus } from "./ses-identity";
import { resourcePrefix } from "./resource-prefix";
import { BundledFunction, functionArn } from "./components/bundled-function";
import { refreshTokenRotation, SignupUserPool } from "./components/signup-user-pool";
import { RegionalFirewall } from "./components/regional-firewall";
import { SignupDashboard } from "./components/signup-dashboard";
import { StackAlarms } from "./components/stack-alarms";
import { AuthApi } from "./components/auth-api";

export = async () => {
  const settings = readStackSettings();
  const stack = pulumi.getStack();
  // Refuses a stack name too long for the names built from it, before any resource.
  const name = resourcePrefix(stack);
  // Known before any resource is declared, so a wrong SES identity stops the deploy before Cognito is asked.
  const [{ accountId, arn: callerArn }, { region }] = await Promise.all([aws.getCallerIdentity(), aws.getRegion()]);
  if (settings.email.sender === "ses") {
    const arn = settings.email.sesIdentityArn ?? "";
    checkSesIdentity(arn, { accountId, region, partition: partitionOf(callerArn) }, settings.email.fromAddress);
    // Then SES itself: is the identity verified for sending? (Not only well named.)
    let status: EmailIdentityStatus;
    try {
      status = await aws.sesv2.getEmailIdentity({ emailIdentity: sesIdentityName(arn) });
    } catch (e) {
      throw sesIdentityMissing(arn, region, e);
    }
    checkSesIdentityVerified(arn, status, region);
  }

  const tags = { project: PROJECT, environment: settings.environment, stack };
  const accountEnvironment = settingsToEnv(settings);

  // The API is declared before the pool: the pages' default address comes from its REST API,
  // and the triggers need that address. The pool's ids reach the API once the pool exists.
  const [userPoolId, resolveUserPoolId] = pulumi.deferredOutput<string>();
  const [userPoolArn, resolveUserPoolArn] = pulumi.deferredOutput<string>();
  const [apiClientId, resolveApiClientId] = pulumi.deferredOutput<string>();
  const [apiClientSecret, resolveApiClientSecret] = pulumi.deferredOutput<string>();
  const [selfServiceClientId, resolveSelfServiceClientId] = pulumi.deferredOutput<string>();
  const [selfServiceClientSecret, resolveSelfServiceClientSecret] = pulumi.deferredOutput<string>();
  const [pagesBaseUrl, resolvePagesBaseUrl] = pulumi.deferredOutput<string>();
  const api = new AuthApi(`${name}-api`, {
    settings,
    userPoolId,
    userPoolArn,
    clientId: apiClientId,
    clientSecret: apiClientSecret,
    selfServiceClientId,
    selfServiceClientSecret,
    accountEnvironment,
    pagesBaseUrl,
    refreshTokenRotation: refreshTokenRotation(settings.featurePlan),
    tags,
  });
  // Verification links point at the pages; without a pagesBaseUrl setting, at the stage's own URL.
  resolvePagesBaseUrl(settings.pagesBaseUrl ? pulumi.output(settings.pagesBaseUrl) : api.invokeUrlFor(region));

  const trigger = (bundle: string, extra: Record<string, pulumi.Input<string>> = {}, functionName?: string) =>
    new BundledFunction(`${name}-${bundle}`, {
      bundle: `triggers/${bundle}`,
      cognitoTrigger: true,
      environment: { ...accountEnvironment, PAGES_BASE_URL: pagesBaseUrl, ...extra },
      logRetentionDays: settings.logRetentionDays,
      functionName,
      tags,
    });
  const poolTriggers = {
    preSignUp: trigger("pre-sign-up"),
    customMessage: trigger("custom-message"),
    postConfirmation: trigger("post-confirmation"),
  };

  // The pre token generation trigger needs the self-service client's id (the one client whose access
  // tokens keep aws.cognito.signin.user.admin), which needs the pool, which names the trigger: the pool
  // takes the trigger's ARN built from a name written out, and the function follows the client.
  const preTokenFunctionName = `${name}-pre-token-generation`;
  const pool = new SignupUserPool(name, {
    settings,
    triggers: poolTriggers,
    preTokenGenerationArn: functionArn(partitionOf(callerArn), region, accountId, preTokenFunctionName),
    accountId,
    tags,
  });
  resolveUserPoolId(pool.userPool.id);
  resolveUserPoolArn(pool.userPool.arn);
  resolveApiClientId(pool.apiClient.id);
  resolveApiClientSecret(pool.apiClient.clientSecret);
  resolveSelfServiceClientId(pool.selfServiceClient.id);
  resolveSelfServiceClientSecret(pool.selfServiceClient.clientSecret);
  const preTokenGeneration = trigger("pre-token-generation", { SELF_SERVICE_CLIENT_ID: pool.selfServiceClient.id }, preTokenFunctionName);
  pool.permitTrigger("preTokenGeneration", preTokenGeneration);
  const triggers = { ...poolTriggers, preTokenGeneration };

  // The API's own client is never counted by the pool's per-IP rate rules: the API has exact per-IP
  // limits of its own. Requests naming its client id are counted together instead, up to what the
  // API's stage throttle lets it send in a window (one Cognito call per request at most).
  const firewall = new RegionalFirewall(`${name}-pool-waf`, {
    resourceArn: pool.userPool.arn,
    waf: settings.waf,
    cognitoOperationRules: true,
    exemptClientId: pool.apiClient.id,
    exemptClientCeiling: api.throttle.ratePerSecond * settings.waf.windowSeconds + api.throttle.burst,
    tags,
  });
  new SignupDashboard(name, {
    triggerFunctionNames: Object.values(triggers).map((t) => t.function.name),
    webAclMetricNames: [firewall.metricName, api.firewall.metricName],
    auditTableName: api.auditTable.name,
  });
  const alarms = new StackAlarms(name, {
    emails: settings.alarmEmails,
    apiFunctionName: api.function.name,
    restApiName: api.restApi.name,
    stageName: api.stageName,
    triggerFunctionNames: Object.fromEntries(Object.entries(triggers).map(([k, t]) => [k, t.function.name])),
    webAclMetricNames: { "user-pool": firewall.metricName, "api-stage": api.firewall.metricName },
    auditTableName: api.auditTable.name,
    region,
    tags,
  });

  return {
    awsRegion: region,
    userPoolId: pool.userPool.id,
    userPoolArn: pool.userPool.arn,
    apiClientId: pool.apiClient.id,
    hostedUiClientId: pool.hostedUiClient.id,
    selfServiceClientId: pool.selfServiceClient.id,
    hostedUiUrl: pool.hostedUiUrl,
    jwksUrl: pulumi.interpolate`https://cognito-idp.${region}.amazonaws.com/${pool.userPool.id}/.well-known/jwks.json`,
    apiUrl: api.url,
    auditTableName: api.auditTable.name,
    pagesUrl: pagesBaseUrl,
    alarmTopicArn: alarms.topic.arn,
    /** What a backend needs in its environment (the client secret stays in the API function). */
    backendEnvironment: { COGNITO_USER_POOL_ID: pool.userPool.id, COGNITO_CLIENT_ID: pool.apiClient.id, AWS_REGION: region },
  };
};
