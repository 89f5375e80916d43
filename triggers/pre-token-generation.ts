/**
 * Pre token generation trigger: adds `role` and `is_admin` ("true"/"false") to the
 * tokens. Event version 1 can change only the ID token; versions 2 and 3 (Essentials
 * plan or higher) change the ID and the access token, and suppress the access token's
 * `aws.cognito.signin.user.admin` scope: without it, a person's own token cannot change
 * their attributes, password or account on the pool directly (UpdateUserAttributes,
 * ChangePassword, DeleteUser...), so every change goes through the API and its rules, which
 * makes them with the IAM-signed Admin* operations (the API's own self-service client keeps it,
 * for two-step verification's set-up). On version 1 (the Lite plan) the scope
 * stays: docs/one-door.md says what that leaves open. The role comes from the user's groups
 * and attributes (policies/roles.ts); clientMetadata is never read.
 */
import type { PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent } from "aws-lambda";
import { resolveRole, isTrue } from "../policies/roles";
import type { AccountSettings } from "../policies/settings";
import { withErrorBoundary } from "./shared/errors";
import { countFunnel, FunnelMetric, logger, publishMetrics } from "./shared/observability";
import { MalformedEventError, readBaseEvent, readStringMap } from "./shared/event-shape";
import { triggerSettings } from "./shared/settings";

type AnyPreTokenEvent = PreTokenGenerationTriggerEvent | PreTokenGenerationV2TriggerEvent;

export const handler = async (event: AnyPreTokenEvent): Promise<AnyPreTokenEvent> =>
  withErrorBoundary("PreTokenGeneration", () => {
    try {
      return preTokenGeneration(event, triggerSettings());
    } finally {
      publishMetrics();
    }
  });

const MAX_GROUPS = 100;

/** The scope that authorizes a user's self-service operations on the pool with their own access token. */
export const SELF_SERVICE_SCOPE = "aws.cognito.signin.user.admin";

export function preTokenGeneration(event: AnyPreTokenEvent, settings: AccountSettings): AnyPreTokenEvent {
  const base = readBaseEvent(event);
  const attributes = readStringMap(event.request.userAttributes, "userAttributes");
  const groups = readGroups(event.request.groupConfiguration?.groupsToOverride);
  const { role, isAdmin } = resolveRole(
    { groups, customRole: attributes["custom:role"], email: attributes.email, emailVerified: isTrue(attributes.email_verified) },
    settings,
  );
  const claims = { role, is_admin: String(isAdmin) };

  // Versions 2 and 3 take the V2 response; 1 (and the "0" some emulators send) the V1 one.
  if (base.version !== "2" && base.version !== "3") {
    (event as PreTokenGenerationTriggerEvent).response = {
      claimsOverrideDetails: { ...(event as PreTokenGenerationTriggerEvent).response?.claimsOverrideDetails, claimsToAddOrOverride: claims },
    };
  } else {
    // The API's own self-service client alone keeps the scope: the API signs in with it for itself (setting up
    // two-step verification needs the scope) and never hands its tokens out. The client id is Cognito's, not the
    // caller's to choose; clientMetadata, which AdminInitiateAuth does not even pass here, is never read.
    const selfService = base.clientId !== "" && base.clientId === process.env.SELF_SERVICE_CLIENT_ID?.trim();
    (event as PreTokenGenerationV2TriggerEvent).response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: claims },
        accessTokenGeneration: { claimsToAddOrOverride: claims, ...(selfService ? {} : { scopesToSuppress: [SELF_SERVICE_SCOPE] }) },
      },
    };
  }
  countFunnel(FunnelMetric.TokensIssued);
  logger.info("token claims set", { triggerSource: base.triggerSource, clientId: base.clientId, version: base.version, role, isAdmin });
  return event;
}

function readGroups(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_GROUPS || !value.every((g) => typeof g === "string")) {
    throw new MalformedEventError("groupsToOverride is not a list of names");
  }
  return value as string[];
}
