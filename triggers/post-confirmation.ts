/**
 * Post confirmation trigger: after PostConfirmation_ConfirmSignUp, put the new user in
 * the `user` group and set `custom:role` to `user` where it is unset. Both calls are
 * idempotent (adding a member twice is a no-op; the role is only written when absent),
 * so Cognito's retries are safe. Other sources (ConfirmForgotPassword) pass through.
 */
import type { PostConfirmationTriggerEvent, PostConfirmationTriggerHandler } from "aws-lambda";
import {
  AdminAddUserToGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  type CognitoIdentityProviderClientConfig,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEFAULT_ROLE } from "../policies/settings";
import { withErrorBoundary } from "./shared/errors";
import { countFunnel, FunnelMetric, logger, publishMetrics } from "./shared/observability";
import { readBaseEvent, readStringMap } from "./shared/event-shape";

/**
 * Cognito waits 5 s for a trigger and the function has 4 s (infra): an endpoint that accepts and never answers
 * must fail the trigger inside that, with the generic error, rather than hang until Lambda kills it. Each attempt
 * is bounded, a failed one is retried once, and both calls share one deadline. A user whose trigger failed is
 * confirmed all the same, and without the group reads as the default role (policies/roles.ts).
 */
const CALL_TIMEOUT_MS = 1_500;
const HANDLER_DEADLINE_MS = 3_000;

/** A Cognito client with the bounds above; `config` adds to them (tests point it at a local endpoint). */
export function boundedCognitoClient(config: CognitoIdentityProviderClientConfig = {}): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    requestHandler: { connectionTimeout: 500, requestTimeout: CALL_TIMEOUT_MS, throwOnRequestTimeout: true },
    maxAttempts: 2,
    ...config,
  });
}

/** Created once per container; region and endpoint come from the Lambda environment. */
export const cognito = boundedCognitoClient();

export const handler: PostConfirmationTriggerHandler = async (event) =>
  withErrorBoundary("PostConfirmation", async () => {
    try {
      return await postConfirmation(event, cognito);
    } finally {
      publishMetrics();
    }
  });

export async function postConfirmation(
  event: PostConfirmationTriggerEvent,
  client: CognitoIdentityProviderClient,
): Promise<PostConfirmationTriggerEvent> {
  const base = readBaseEvent(event);
  if (base.triggerSource !== "PostConfirmation_ConfirmSignUp") return event;
  const attributes = readStringMap(event.request.userAttributes, "userAttributes");
  const abortSignal = AbortSignal.timeout(HANDLER_DEADLINE_MS);

  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: base.userPoolId, Username: base.userName, GroupName: DEFAULT_ROLE }),
    { abortSignal },
  );
  const roleWasUnset = !attributes["custom:role"];
  if (roleWasUnset) {
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: base.userPoolId,
        Username: base.userName,
        UserAttributes: [{ Name: "custom:role", Value: DEFAULT_ROLE }],
      }),
      { abortSignal },
    );
  }
  countFunnel(FunnelMetric.Confirmed);
  logger.info("user confirmed", { clientId: base.clientId, roleSet: roleWasUnset });
  return event;
}
