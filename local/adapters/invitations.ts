/**
 * Local-only: AdminCreateUser's invitations as Cognito sends them.
 * - A new user: Cognito runs the pre sign-up trigger (PreSignUp_AdminCreateUser, with the
 *   UserAttributes and ValidationData; a thrown error refuses the creation with
 *   UserLambdaValidationException), creates the user in FORCE_CHANGE_PASSWORD with a temporary
 *   password that conforms to the pool's password policy (or the TemporaryPassword given), and
 *   sends the invitation through the custom message trigger (CustomMessage_AdminCreateUser, with
 *   codeParameter {####} for the password and usernameParameter {username}). cognito-local never ran
 *   pre sign-up here and made up a 6-character password that breaks the pool's policy; its creation
 *   and invitation are kept otherwise.
 * - MessageAction RESEND, "to resend the invitation message to a user that already exists, and to
 *   reset the temporary-password duration with a new temporary password": a new temporary password
 *   (or the TemporaryPassword given) and the invitation again, for a user still in
 *   FORCE_CHANGE_PASSWORD; the old temporary password stops working. An unknown user is
 *   UserNotFoundException "User does not exist."; a user in another state
 *   UnsupportedUserStateException "Resend not possible. <username> status is not
 *   FORCE_CHANGE_PASSWORD." cognito-local refused RESEND outright.
 * The invitation lands in the local mailbox (local/mailbox.ts). Creations of one username run one
 * at a time (one-user-per-username.ts wraps this).
 */
import { randomInt } from "node:crypto";
import { CognitoError, InvalidParameterError, UserNotFoundError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Context } from "cognito-local/lib/services/context";
import { attributeValue, type User, type UserPoolService } from "cognito-local/lib/services/userPoolService";
import type { DeliveryDetails } from "cognito-local/lib/services/messageDelivery/messageDelivery";
import type { Route, Router } from "cognito-local/lib/server/Router";

const LOWER = "abcdefghijkmnopqrstuvwxyz";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
/** From the special characters Cognito's password policy counts. */
const SYMBOLS = "!#$%*+-=?@^_~";

/** A temporary password that satisfies the pool's policy: every character class, at least 12 characters. */
export function temporaryPassword(pool: UserPoolService): string {
  const policy = pool.options.Policies?.PasswordPolicy;
  const length = Math.min(99, Math.max(12, policy?.MinimumLength ?? 8));
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

function deliveryTo(req: Record<string, any>, user: User): DeliveryDetails {
  const mediums: unknown[] = Array.isArray(req.DesiredDeliveryMediums) ? req.DesiredDeliveryMediums : ["SMS"]; // AWS's default is SMS
  const email = attributeValue("email", user.Attributes);
  if (mediums.includes("EMAIL") && email) return { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: email };
  throw new InvalidParameterError("User has no attribute matching desired delivery mediums"); // cognito-local's text; this pool sends no SMS
}

async function resend(services: Services, ctx: Context, pool: UserPoolService, req: Record<string, any>): Promise<unknown> {
  const user = await pool.getUserByUsername(ctx, String(req.Username));
  if (!user) throw new UserNotFoundError("User does not exist.");
  if (user.UserStatus !== "FORCE_CHANGE_PASSWORD") {
    throw new CognitoError("UnsupportedUserStateException", `Resend not possible. ${user.Username} status is not FORCE_CHANGE_PASSWORD.`);
  }
  const password = typeof req.TemporaryPassword === "string" && req.TemporaryPassword ? req.TemporaryPassword : temporaryPassword(pool);
  const updated: User = { ...user, Password: password, UserLastModifiedDate: services.clock.get() };
  const delivery = deliveryTo(req, updated);
  await pool.saveUser(ctx, updated);
  await services.messages.deliver(ctx, "AdminCreateUser", null, pool.options.Id, updated, password, req.ClientMetadata, delivery);
  const { Password: _password, RefreshTokens: _tokens, ...shown } = updated;
  return {
    User: {
      Attributes: shown.Attributes,
      Enabled: shown.Enabled,
      MFAOptions: shown.MFAOptions,
      UserCreateDate: shown.UserCreateDate,
      UserLastModifiedDate: shown.UserLastModifiedDate,
      Username: shown.Username,
      UserStatus: shown.UserStatus,
    },
  };
}

/** The attributes the new user will have (the email from the username in an email-username pool), for pre sign-up. */
function attributesOf(pool: UserPoolService, req: Record<string, any>): { Name: string; Value: string }[] {
  const given: { Name: string; Value: string }[] = Array.isArray(req.UserAttributes) ? req.UserAttributes : [];
  const hasEmail = given.some((a) => a?.Name === "email");
  return pool.options.UsernameAttributes?.includes("email") && !hasEmail && typeof req.Username === "string" ? [...given, { Name: "email", Value: req.Username }] : given;
}

function validationData(value: unknown): Record<string, string> | undefined {
  if (!Array.isArray(value)) return undefined;
  return Object.fromEntries(value.filter((a) => typeof a?.Name === "string" && typeof a?.Value === "string").map((a) => [a.Name, a.Value]));
}

export function adminCreateUser(services: Services, base: Router): Route {
  const original = base("AdminCreateUser");
  return async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, req?.UserPoolId);
    if (req?.MessageAction === "RESEND") return resend(services, ctx, pool, req);
    if (typeof req?.Username !== "string" || (await pool.getUserByUsername(ctx, req.Username))) return original(ctx, req); // cognito-local refuses it
    if (services.triggers.enabled("PreSignUp")) {
      await services.triggers.preSignUp(ctx, {
        clientId: "CLIENT_ID_NOT_APPLICABLE", // what Cognito sends when an administrator (IAM) calls
        clientMetadata: req.ClientMetadata,
        source: "PreSignUp_AdminCreateUser",
        userAttributes: attributesOf(pool, req),
        username: req.Username,
        userPoolId: pool.options.Id,
        validationData: validationData(req.ValidationData),
      });
    }
    const password = typeof req.TemporaryPassword === "string" && req.TemporaryPassword ? req.TemporaryPassword : temporaryPassword(pool);
    return original(ctx, { ...req, TemporaryPassword: password });
  };
}
