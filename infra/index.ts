/**
 * The Pulumi program: read the stack's settings, wire the components, export outputs.
 * `pulumi up` once per environment (stacks dev and prod); see docs in README.md.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { settingsToEnv } from "../policies/settings";
import { readStackSettings } from "./settings";
import { BundledFunction } from "./components/bundled-function";
import { SignupUserPool } from "./components/signup-user-pool";
import { RegionalFirewall } from "./components/regional-firewall";
import { SignupDashboard } from "./components/signup-dashboard";
import { AuthApi } from "./components/auth-api";

const settings = readStackSettings();
const name = `igad-auth-${settings.environment}`;
const tags = { project: "igad-auth", environment: settings.environment };
const accountEnvironment = settingsToEnv(settings);
const trigger = (bundle: string) =>
  new BundledFunction(`${name}-${bundle}`, {
    bundle: `triggers/${bundle}`,
    cognitoTrigger: true,
    environment: accountEnvironment,
    logRetentionDays: settings.logRetentionDays,
    tags,
  });

const triggers = {
  preSignUp: trigger("pre-sign-up"),
  customMessage: trigger("custom-message"),
  postConfirmation: trigger("post-confirmation"),
  preTokenGeneration: trigger("pre-token-generation"),
};
const accountId = aws.getCallerIdentityOutput().accountId;
const region = aws.getRegionOutput().region;

const pool = new SignupUserPool(name, { settings, triggers, accountId, tags });
const firewall = new RegionalFirewall(`${name}-pool-waf`, { resourceArn: pool.userPool.arn, waf: settings.waf, cognitoOperationRules: true, tags });
const api = new AuthApi(`${name}-api`, {
  settings,
  userPoolId: pool.userPool.id,
  userPoolArn: pool.userPool.arn,
  clientId: pool.apiClient.id,
  clientSecret: pool.apiClient.clientSecret,
  accountEnvironment,
  tags,
});
new SignupDashboard(name, {
  triggerFunctionNames: Object.values(triggers).map((t) => t.function.name),
  webAclMetricNames: [firewall.metricName, api.firewall.metricName],
  tags,
});

export const awsRegion = region;
export const userPoolId = pool.userPool.id;
export const userPoolArn = pool.userPool.arn;
export const apiClientId = pool.apiClient.id;
export const hostedUiClientId = pool.hostedUiClient.id;
export const hostedUiUrl = pool.hostedUiUrl;
export const jwksUrl = pulumi.interpolate`https://cognito-idp.${region}.amazonaws.com/${pool.userPool.id}/.well-known/jwks.json`;
export const apiUrl = api.url;
/** What a backend needs in its environment (the client secret stays in the API function). */
export const backendEnvironment = { COGNITO_USER_POOL_ID: pool.userPool.id, COGNITO_CLIENT_ID: pool.apiClient.id, AWS_REGION: region };
