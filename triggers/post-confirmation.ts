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
} from "@aws-sdk/client-cognito-identity-provider";
import { DEFAULT_ROLE } from "../policies/settings";
import { withErrorBoundary } from "./shared/errors";
import { countFunnel, FunnelMetric, logger, publishMetrics } from "./shared/observability";
import { readBaseEvent, readStringMap } from "./shared/event-shape";

/** Created once per container; region and endpoint come from the Lambda environment. */
export const cognito = new CognitoIdentityProviderClient({});

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

  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: base.userPoolId, Username: base.userName, GroupName: DEFAULT_ROLE }),
  );
  const roleWasUnset = !attributes["custom:role"];
  if (roleWasUnset) {
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: base.userPoolId,
        Username: base.userName,
        UserAttributes: [{ Name: "custom:role", Value: DEFAULT_ROLE }],
      }),
    );
  }
  countFunnel(FunnelMetric.Confirmed);
  logger.info("user confirmed", { clientId: base.clientId, roleSet: roleWasUnset });
  return event;
}
