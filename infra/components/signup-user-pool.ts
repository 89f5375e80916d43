/**
 * The user pool and everything attached to it: password policy, attributes, email,
 * optional two-step verification with an authenticator app (TOTP), the four triggers with
 * their invoke permissions, the API's, the Hosted UI's and the API's self-service app
 * clients, the Hosted UI domain (managed login), the role groups and (on the Plus plan)
 * threat protection.
 *
 * Secure defaults first, the stack's settings next, fixed invariants last: no client
 * may write custom:role, user-existence errors are hidden, tokens can be revoked.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ADMIN_ROLE, DEFAULT_ROLE } from "../../policies/settings";
import type { StackSettings } from "../settings";
import { USER_POOL_SCHEMA } from "../user-pool-schema";
import { managedLoginSettings, productNameLogo } from "../managed-login-style";
import type { BundledFunction } from "./bundled-function";

export interface SignupUserPoolArgs {
  /** The validated stack settings: plan, password policy, email, Hosted UI URLs, threat protection. */
  settings: StackSettings;
  /** Three of the trigger functions; each gets an invoke permission scoped to this pool and account. */
  triggers: {
    preSignUp: BundledFunction;
    customMessage: BundledFunction;
    postConfirmation: BundledFunction;
  };
  /**
   * The pre token generation function's ARN, built from its name (not read from the function):
   * that function's environment names the self-service client, which needs this pool, so the
   * pool cannot wait for the function. `permitTrigger` gives it its invoke permission once it exists.
   */
  preTokenGenerationArn: pulumi.Input<string>;
  /** The account that owns the pool: the invoke permissions' source account. */
  accountId: pulumi.Input<string>;
  /** Tags for the pool (the prod guardrails read `environment`). */
  tags: Record<string, string>;
}

/** What every app client may read; custom:role is readable so tokens and profiles can show it. */
export const READ_ATTRIBUTES = ["email", "email_verified", "name", "locale", "custom:organization", "custom:country", "custom:role"];
/** What a client may write: never custom:role, which only administrators and our triggers set. */
export const WRITE_ATTRIBUTES = ["email", "name", "locale", "custom:organization", "custom:country"];

/** How long a rotated-out refresh token still works, for a client's retry (0 to 60 s). */
export const REFRESH_TOKEN_GRACE_SECONDS = 10;

/**
 * The self-service client's token lifetimes, in minutes: the API signs in through it for itself
 * (never for a person's session) and keeps its access token, which carries
 * aws.cognito.signin.user.admin, for at most the 10 minutes of a two-step verification set-up
 * (api/routes/mfa.ts) before VerifySoftwareToken; so 15 minutes, as the local stack gives it
 * (local/provision.ts). A refresh token lasts 60 minutes, the shortest Cognito allows.
 */
export const SELF_SERVICE_TOKEN_MINUTES = { access: 15, id: 15, refresh: 60 } as const;
/** What the self-service client may do: the API's own password sign-in, and refresh. Nothing else, no OAuth. */
export const SELF_SERVICE_AUTH_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

/** Whether the API client rotates refresh tokens: a feature of the Essentials and Plus plans. */
export const refreshTokenRotation = (plan: StackSettings["featurePlan"]): boolean => plan !== "lite";

const PLAN_TIER: Record<StackSettings["featurePlan"], string> = { lite: "LITE", essentials: "ESSENTIALS", plus: "PLUS" };

export class SignupUserPool extends pulumi.ComponentResource {
  readonly userPool: aws.cognito.UserPool;
  readonly apiClient: aws.cognito.UserPoolClient;
  readonly hostedUiClient: aws.cognito.UserPoolClient;
  /**
   * The API's own client for two-step verification set-up: the pre token generation trigger
   * keeps aws.cognito.signin.user.admin in its access tokens only (SELF_SERVICE_CLIENT_ID).
   */
  readonly selfServiceClient: aws.cognito.UserPoolClient;
  readonly domain: aws.cognito.UserPoolDomain;
  readonly hostedUiUrl: pulumi.Output<string>;

  private readonly prefix: string;
  private readonly accountId: pulumi.Input<string>;

  constructor(name: string, args: SignupUserPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("igad-auth:cognito:SignupUserPool", name, {}, opts);
    this.prefix = name;
    this.accountId = args.accountId;
    const { settings, triggers, tags } = args;
    const prod = settings.environment === "prod";

    this.userPool = new aws.cognito.UserPool(
      `${name}-pool`,
      {
        usernameAttributes: ["email"],
        usernameConfiguration: { caseSensitive: false },
        autoVerifiedAttributes: ["email"],
        accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
        deletionProtection: prod ? "ACTIVE" : "INACTIVE",
        userPoolTier: PLAN_TIER[settings.featurePlan],
        passwordPolicy: {
          minimumLength: settings.passwordMinLength,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: settings.temporaryPasswordValidityDays,
          ...(settings.passwordHistorySize > 0 ? { passwordHistorySize: settings.passwordHistorySize } : {}),
        },
        // Frozen: Cognito can add attributes but never change or remove one (infra/user-pool-schema.ts).
        schemas: USER_POOL_SCHEMA.map((attribute) => ({ ...attribute, stringAttributeConstraints: { ...attribute.stringAttributeConstraints } })),
        // A new email takes effect only once its owner enters the code sent to it; until then
        // the verified address stays the sign-in address.
        userAttributeUpdateSettings: { attributesRequireVerificationBeforeUpdates: ["email"] },
        // Two-step verification with an authenticator app, for whoever turns it on (the API requires
        // it of administrators). No SMS: no SNS role, no toll fraud, no SIM swap.
        mfaConfiguration: "OPTIONAL",
        softwareTokenMfaConfiguration: { enabled: true },
        emailConfiguration:
          settings.email.sender === "ses"
            ? {
                emailSendingAccount: "DEVELOPER",
                sourceArn: settings.email.sesIdentityArn,
                fromEmailAddress: settings.email.fromAddress,
                replyToEmailAddress: settings.email.replyTo,
              }
            : { emailSendingAccount: "COGNITO_DEFAULT" },
        lambdaConfig: {
          preSignUp: triggers.preSignUp.function.arn,
          customMessage: triggers.customMessage.function.arn,
          postConfirmation: triggers.postConfirmation.function.arn,
          // Access-token claims need event V2_0, which needs the Essentials or Plus plan.
          preTokenGenerationConfig: {
            lambdaArn: args.preTokenGenerationArn,
            lambdaVersion: settings.featurePlan === "lite" ? "V1_0" : "V2_0",
          },
        },
        userPoolAddOns: {
          advancedSecurityMode: settings.threatProtection === "enforced" ? "ENFORCED" : settings.threatProtection === "audit" ? "AUDIT" : "OFF",
        },
        adminCreateUserConfig: { allowAdminCreateUserOnly: false },
        tags,
      },
      // protect: `pulumi up` refuses to delete or replace the prod pool (and its users);
      // deletion protection makes Cognito refuse too, whatever deletes it.
      { parent: this, protect: prod },
    );

    // Cognito may invoke each trigger, for this pool only (pre token generation: permitTrigger).
    for (const [key, trigger] of Object.entries(triggers)) this.permitTrigger(key, trigger);
    // Post confirmation may add to a group and set attributes, on this pool alone.
    new aws.iam.RolePolicy(
      `${name}-post-confirmation-policy`,
      {
        role: triggers.postConfirmation.role.id,
        policy: this.userPool.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminUpdateUserAttributes"], Resource: arn }],
          }),
        ),
      },
      { parent: this },
    );

    const clientDefaults = {
      userPoolId: this.userPool.id,
      readAttributes: READ_ATTRIBUTES,
      writeAttributes: WRITE_ATTRIBUTES,
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
    };
    // Refresh token rotation (Essentials or Plus): each refresh returns a new refresh token and
    // retires the old one after a 10 s grace for retries; Cognito then refuses REFRESH_TOKEN_AUTH,
    // so the client offers GetTokensFromRefreshToken only. On Lite, refresh tokens do not rotate.
    const rotation = refreshTokenRotation(settings.featurePlan);
    this.apiClient = new aws.cognito.UserPoolClient(
      `${name}-api-client`,
      {
        ...clientDefaults,
        generateSecret: true,
        explicitAuthFlows: rotation ? ["ALLOW_ADMIN_USER_PASSWORD_AUTH"] : ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        // The API passes each person's IP and headers as ContextData, which threat protection
        // judges them by; Cognito takes it only from a client with a secret.
        enablePropagateAdditionalUserContextData: true,
        ...(rotation ? { refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: REFRESH_TOKEN_GRACE_SECONDS } } : {}),
      },
      { parent: this },
    );
    // Confidential by default: whoever exchanges the code holds the secret. A public client lets
    // anyone call SignUp, ForgotPassword, ConfirmSignUp... on the pool with its id alone, around the
    // API's password check, CAPTCHA and limits (docs/deploy.md, hostedUiPublicClient).
    this.hostedUiClient = new aws.cognito.UserPoolClient(
      `${name}-hosted-ui-client`,
      {
        ...clientDefaults,
        generateSecret: !settings.hostedUiPublicClient,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"], // with PKCE; never "implicit"
        allowedOauthScopes: ["openid", "email", "profile"],
        callbackUrls: settings.callbackUrls,
        logoutUrls: settings.logoutUrls,
        supportedIdentityProviders: ["COGNITO"],
        explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      },
      { parent: this },
    );

    // The API's own sign-ins, never a person's session: two-step set-up needs an access token with
    // aws.cognito.signin.user.admin (AssociateSoftwareToken, VerifySoftwareToken), which the pre token
    // trigger keeps for this client alone. A secret, the API's password flow and refresh only, no OAuth,
    // short tokens; the same attributes as the other clients (never custom:role).
    this.selfServiceClient = new aws.cognito.UserPoolClient(
      `${name}-self-service-client`,
      {
        ...clientDefaults,
        generateSecret: true,
        explicitAuthFlows: SELF_SERVICE_AUTH_FLOWS,
        allowedOauthFlowsUserPoolClient: false,
        // Threat protection judges the set-up's password check by the person's IP, as a sign-in.
        enablePropagateAdditionalUserContextData: true,
        accessTokenValidity: SELF_SERVICE_TOKEN_MINUTES.access,
        idTokenValidity: SELF_SERVICE_TOKEN_MINUTES.id,
        refreshTokenValidity: SELF_SERVICE_TOKEN_MINUTES.refresh,
        tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "minutes" },
      },
      { parent: this },
    );

    // Managed login (version 2) needs the Essentials or Plus plan and a style per app
    // client; on Lite the classic Hosted UI (version 1) serves the same pages.
    const managedLogin = settings.featurePlan !== "lite";
    this.domain = new aws.cognito.UserPoolDomain(
      `${name}-domain`,
      { domain: settings.hostedUiDomainPrefix, userPoolId: this.userPool.id, managedLoginVersion: managedLogin ? 2 : 1 },
      // A pool holds one domain: a create-first replacement would fail on the second.
      { parent: this, deleteBeforeReplace: true },
    );
    if (managedLogin) {
      new aws.cognito.ManagedLoginBranding(
        `${name}-hosted-ui-style`,
        {
          userPoolId: this.userPool.id,
          clientId: this.hostedUiClient.id,
          // The emails' colours and header (infra/managed-login-style.ts). Settings, so not
          // useCognitoProvidedValues: the provider takes exactly one of the two, and counts a
          // false as set.
          settings: JSON.stringify(managedLoginSettings()),
          assets: [productNameLogo(settings.productName)],
        },
        // Cognito holds one style per app client: a create-first replacement (a new logo forces
        // one) would fail with ManagedLoginBrandingExistsException.
        { parent: this, dependsOn: [this.domain], deleteBeforeReplace: true },
      );
    }
    this.hostedUiUrl = pulumi.interpolate`https://${this.domain.domain}.auth.${aws.getRegionOutput().region}.amazoncognito.com`;

    new aws.cognito.UserGroup(`${name}-group-admin`, { userPoolId: this.userPool.id, name: ADMIN_ROLE, precedence: 0, description: "Administrators" }, { parent: this });
    new aws.cognito.UserGroup(`${name}-group-user`, { userPoolId: this.userPool.id, name: DEFAULT_ROLE, precedence: 10, description: "Every confirmed user" }, { parent: this });

    if (settings.threatProtection !== "off") {
      new aws.cognito.RiskConfiguration(
        `${name}-threat-protection`,
        {
          userPoolId: this.userPool.id,
          compromisedCredentialsRiskConfiguration: {
            eventFilters: ["SIGN_UP", "PASSWORD_CHANGE", "SIGN_IN"],
            actions: { eventAction: settings.threatProtection === "enforced" ? "BLOCK" : "NO_ACTION" },
          },
        },
        { parent: this },
      );
    }

    this.registerOutputs({
      userPoolId: this.userPool.id,
      apiClientId: this.apiClient.id,
      hostedUiClientId: this.hostedUiClient.id,
      selfServiceClientId: this.selfServiceClient.id,
    });
  }

  /** Lets Cognito invoke `trigger` for this pool and account only. */
  permitTrigger(key: string, trigger: BundledFunction): aws.lambda.Permission {
    return new aws.lambda.Permission(
      `${this.prefix}-invoke-${key}`,
      {
        action: "lambda:InvokeFunction",
        function: trigger.function.name,
        principal: "cognito-idp.amazonaws.com",
        sourceArn: this.userPool.arn,
        sourceAccount: this.accountId,
      },
      { parent: this },
    );
  }
}
