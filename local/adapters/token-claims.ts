/**
 * Local-only: the token claims Cognito produces and cognito-local leaves out. Cognito
 * tells the pre token generation trigger the user's groups (cognito-local sends none)
 * and puts the standard attributes (name, locale...) and a real email_verified boolean
 * in the ID token (cognito-local has only email and a string-coerced email_verified).
 * This wraps cognito-local's trigger call: our trigger still decides role and is_admin.
 */
import { attributesToRecord } from "cognito-local/lib/services/userPoolService";
import type { CognitoService } from "cognito-local/lib/services";
import type { TriggersService } from "cognito-local/lib/services";

const STANDARD_ID_CLAIMS = ["name", "given_name", "family_name", "locale", "phone_number", "phone_number_verified"];

export function withCognitoTokenClaims(triggers: TriggersService, cognito: CognitoService): void {
  const original = triggers.preTokenGeneration;
  const wrapped: typeof original = async (ctx, event) => {
    const pool = await cognito.getUserPool(ctx, event.userPoolId);
    const user = await pool.getUserByUsername(ctx, event.username);
    const groups = user ? await pool.listUserGroupMembership(ctx, user) : [];
    const result = await original(ctx, { ...event, groupConfiguration: { ...event.groupConfiguration, groupsToOverride: groups } });
    const attributes = attributesToRecord(event.userAttributes);
    const standard = Object.fromEntries(STANDARD_ID_CLAIMS.filter((c) => attributes[c] !== undefined).map((c) => [c, attributes[c]]));
    const fromTrigger = result?.claimsOverrideDetails?.claimsToAddOrOverride ?? {};
    return {
      ...result,
      claimsOverrideDetails: {
        ...result?.claimsOverrideDetails,
        // A real boolean, as in Cognito's ID tokens; cognito-local's types allow only strings here.
        claimsToAddOrOverride: { ...standard, email_verified: attributes.email_verified === "true", ...fromTrigger } as unknown as Record<string, string>,
      },
    };
  };
  Object.defineProperty(triggers, "preTokenGeneration", { value: wrapped });
}
