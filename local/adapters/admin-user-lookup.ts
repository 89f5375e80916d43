/**
 * Local-only: how the administrator's user operations find a user. On AWS, Username in the
 * Admin* operations may be the username (the sub, in this email-username pool) or the email, and
 * an unknown user is UserNotFoundException "User does not exist." cognito-local:
 * - AdminListGroupsForUser compared group members with the Username as sent, so for a user named by
 *   email it answered no groups at all (an administrator looked like a member);
 * - AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, AdminDisableUser and
 *   AdminEnableUser say "User not found.", AdminDeleteUser "User does not exist".
 * Here AdminListGroupsForUser asks cognito-local with the user's own username, and those operations
 * answer an unknown user with AWS's text. Everything else is cognito-local's.
 */
import { UserNotFoundError } from "cognito-local/lib/errors";
import type { Services } from "cognito-local/lib/services";
import type { Route, Router } from "cognito-local/lib/server/Router";

export const USER_LOOKUP_TARGETS = [
  "AdminAddUserToGroup",
  "AdminRemoveUserFromGroup",
  "AdminListGroupsForUser",
  "AdminDisableUser",
  "AdminEnableUser",
  "AdminDeleteUser",
] as const;

export function findingUsersAsAws(services: Services, router: Router, target: (typeof USER_LOOKUP_TARGETS)[number]): Route {
  const route = router(target);
  return async (ctx, req) => {
    let request = req;
    if (target === "AdminListGroupsForUser" && typeof req?.Username === "string") {
      const pool = await services.cognito.getUserPool(ctx, req.UserPoolId);
      const user = await pool.getUserByUsername(ctx, req.Username);
      if (!user) throw new UserNotFoundError("User does not exist.");
      request = { ...req, Username: user.Username };
    }
    try {
      return await route(ctx, request);
    } catch (error) {
      if ((error as { code?: string }).code === "UserNotFoundException") throw new UserNotFoundError("User does not exist.");
      throw error;
    }
  };
}
