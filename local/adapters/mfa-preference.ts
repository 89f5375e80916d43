/**
 * Local-only: turning a user's TOTP MFA on and off. On AWS, AdminSetUserMFAPreference (IAM, by
 * UserPoolId and Username) and SetUserMFAPreference (the user's own access token) take
 * SoftwareTokenMfaSettings {Enabled, PreferredMfa}: Enabled true needs a verified software token,
 * else InvalidParameterException "User does not have delivery config set to turn on
 * SOFTWARE_TOKEN_MFA"; Enabled false turns it off. Turning it off does not delete the token: "This
 * operation doesn't reset an existing TOTP MFA for a user. To register a new TOTP factor for a
 * user, make an AssociateSoftwareToken request", and no API deletes one. AdminGetUser then shows
 * UserMFASettingList and PreferredMfaSetting. cognito-local has no AdminSetUserMFAPreference, and
 * its SetUserMFAPreference refuses with another text and leaves an empty UserMFASettingList behind.
 *
 * Here both operations change the same two fields on the user: UserMFASettingList (left out when
 * empty, as AdminGetUser shows a user without MFA) and PreferredMfaSetting. The verified secret is
 * kept when MFA is turned off, as on AWS: whoever turns it on again later must associate and
 * verify a new token first, or the old device works again. The local pool has no SMS or email
 * MFA: turning either on is refused.
 */
import { InvalidParameterError, NotAuthorizedError, UserNotFoundError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Context } from "cognito-local/lib/services/context";
import type { User, UserPoolService } from "cognito-local/lib/services/userPoolService";
import type { Route } from "cognito-local/lib/server/Router";
import { SOFTWARE_TOKEN_MFA } from "./software-token";
import { jwtClaims } from "./token-revocation";

interface Settings {
  Enabled?: unknown;
  PreferredMfa?: unknown;
}

/** The user with `settings` applied to their software-token MFA; throws as Cognito does. */
export function withSoftwareTokenPreference(user: User, settings: Settings | undefined): User {
  if (!settings) return user;
  const methods = new Set(user.UserMFASettingList ?? []);
  let preferred = user.PreferredMfaSetting;
  if (settings.Enabled === true) {
    if (user.SoftwareTokenMfaConfiguration?.Verified !== true) throw new InvalidParameterError("User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA");
    methods.add(SOFTWARE_TOKEN_MFA);
  } else if (settings.Enabled === false) {
    methods.delete(SOFTWARE_TOKEN_MFA);
  }
  if (settings.PreferredMfa === true) {
    if (!methods.has(SOFTWARE_TOKEN_MFA)) throw new InvalidParameterError("User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA");
    preferred = SOFTWARE_TOKEN_MFA;
  }
  if (!methods.has(SOFTWARE_TOKEN_MFA) && preferred === SOFTWARE_TOKEN_MFA) preferred = undefined;
  if (settings.PreferredMfa === false && preferred === SOFTWARE_TOKEN_MFA) preferred = undefined;
  const { UserMFASettingList: _list, PreferredMfaSetting: _preferred, ...rest } = user;
  return { ...rest, ...(methods.size ? { UserMFASettingList: [...methods] } : {}), ...(preferred ? { PreferredMfaSetting: preferred } : {}) };
}

function refuseOtherFactors(req: Record<string, any>): void {
  for (const name of ["SMSMfaSettings", "EmailMfaSettings"]) {
    if (req?.[name]?.Enabled === true || req?.[name]?.PreferredMfa === true) throw new InvalidParameterError(`The local pool has software-token MFA only (${name})`);
  }
}

async function save(services: Services, ctx: Context, pool: UserPoolService, user: User, req: Record<string, any>): Promise<void> {
  refuseOtherFactors(req);
  const updated = withSoftwareTokenPreference(user, req?.SoftwareTokenMfaSettings);
  if (updated !== user) await pool.saveUser(ctx, { ...updated, UserLastModifiedDate: services.clock.get() });
}

export function adminSetUserMfaPreference(services: Services): Route {
  return async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, req?.UserPoolId);
    const user = await pool.getUserByUsername(ctx, typeof req?.Username === "string" ? req.Username : "");
    if (!user) throw new UserNotFoundError("User does not exist.");
    await save(services, ctx, pool, user, req);
    return {};
  };
}

/** SetUserMFAPreference: the same, for the owner of the access token (verified before). */
export function setUserMfaPreference(services: Services): Route {
  return async (ctx, req) => {
    const claims = jwtClaims(req?.AccessToken) ?? {};
    const pool = await services.cognito.getUserPoolForClientId(ctx, String(claims.client_id));
    const user = await pool.getUserByUsername(ctx, String(claims.username ?? claims.sub));
    if (!user) throw new NotAuthorizedError("User does not exist.");
    await save(services, ctx, pool, user, req);
    return {};
  };
}
