/**
 * Local-only: Cognito creates at most one user per username, however many sign-ups of it
 * arrive at once. cognito-local checks for an existing user, then awaits the pre sign-up
 * trigger and the email before it saves the new one, so parallel sign-ups all passed the
 * check (10 at once made 2 users, 20 made 8). Here SignUp and AdminCreateUser run one at a
 * time per pool and username. The pool's usernames are case-insensitive (as infra/ makes it),
 * so the key is the lower-cased username, and a user whose email differs only in case is an
 * existing user, as on Cognito (cognito-local compares case-sensitively). In a pool whose
 * username attribute is email, an `email` attribute other than the username is refused:
 * cognito-local made a second user with a taken address as its email that way.
 */
import { InvalidParameterError, UsernameExistsError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import { attributeValue, type UserPoolService } from "cognito-local/lib/services/userPoolService";
import type { Context } from "cognito-local/lib/services/context";
import type { Route, Router } from "cognito-local/lib/server/Router";
import { KeyedQueue } from "../keyed-queue";

export const USER_CREATING_TARGETS = ["SignUp", "AdminCreateUser"] as const;

export function oneUserPerUsername(services: Services, base: Router, target: (typeof USER_CREATING_TARGETS)[number], queue: KeyedQueue): Route {
  const original = base(target);
  return async (ctx, req) => {
    const username: unknown = req?.Username;
    const pool = await userPool(services, ctx, target === "SignUp" ? { clientId: req?.ClientId } : { poolId: req?.UserPoolId });
    if (typeof username !== "string" || !pool) return original(ctx, req); // cognito-local refuses it
    // With email as the username attribute, the email IS the username on Cognito (one user per email).
    // cognito-local stored whatever email attribute came with another Username: a second user for a taken address.
    const email = emailAttribute(req?.UserAttributes);
    if (pool.options.UsernameAttributes?.includes("email") && email !== undefined && email.toLowerCase() !== username.toLowerCase()) {
      throw new InvalidParameterError("The email attribute must be the username (the same address) in this user pool");
    }
    const caseInsensitive = pool.options.UsernameConfiguration?.CaseSensitive === false;
    const key = `${pool.options.Id}\n${caseInsensitive ? username.toLowerCase() : username}`;
    const resend = target === "AdminCreateUser" && req?.MessageAction === "RESEND"; // for an existing user: left to cognito-local
    return queue.run(key, async () => {
      if (caseInsensitive && !resend && (await hasUserNamed(ctx, pool, username.toLowerCase()))) throw new UsernameExistsError();
      return original(ctx, req);
    });
  };
}

async function userPool(services: Services, ctx: Context, which: { clientId?: unknown; poolId?: unknown }): Promise<UserPoolService | undefined> {
  try {
    if (typeof which.clientId === "string") return await services.cognito.getUserPoolForClientId(ctx, which.clientId);
    if (typeof which.poolId === "string") return await services.cognito.getUserPool(ctx, which.poolId);
  } catch {
    /* unknown client or pool: cognito-local answers that */
  }
  return undefined;
}

/** A user whose username or email, lower-cased, is `lowerName`. */
async function hasUserNamed(ctx: Context, pool: UserPoolService, lowerName: string): Promise<boolean> {
  const users = await pool.listUsers(ctx);
  return users.some((user) => user.Username.toLowerCase() === lowerName || attributeValue("email", user.Attributes)?.toLowerCase() === lowerName);
}

/** The `email` in a request's UserAttributes, if it sends one. */
function emailAttribute(attributes: unknown): string | undefined {
  if (!Array.isArray(attributes)) return undefined;
  const found = attributes.find((a) => a && typeof a === "object" && (a as { Name?: unknown }).Name === "email") as { Value?: unknown } | undefined;
  return typeof found?.Value === "string" ? found.Value : undefined;
}
