/**
 * The owner of an address always wins the account back, through the path a person tries
 * first: forgot-password, then reset-password with the emailed code. Cognito sends a reset code
 * only to a verified email, so two kinds of account need the API's help:
 *
 * - Never confirmed (a stranger registered the address with their own password, or the owner
 *   never entered the code): forgot-password sends the account's sign-up code instead, and
 *   reset-password accepts it: ConfirmSignUp with it proves the mailbox, then the password
 *   becomes the one the owner chose, and every session ends. The stranger never had a session
 *   (an unconfirmed account cannot sign in); a sign-in racing the reset is signed out with the rest.
 * - Confirmed without a verified email (an internal address auto-confirmed at sign-up, which
 *   anyone can type): forgot-password first locks whoever made it out (a random password they
 *   do not know, every session ended), and only then marks the email verified so that Cognito
 *   sends its reset code, which only the mailbox's reader receives. Nobody can sign in to the
 *   account between the two (nobody knows its password); the owner's reset sets theirs.
 *
 * The price, written down in docs/one-door.md: a stranger's forgot-password on a real owner's
 * never-verified internal account also changes its password; its owner, who receives the code,
 * resets it. That is the same proof a verified account asks for.
 */
import { randomBytes } from "node:crypto";
import {
  AdminAddUserToGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { UnexpectedCognitoError } from "./api-error";
import { cognitoErrorName, mapCognitoError, RESET_ERRORS } from "./cognito-errors";
import { userContextData } from "./context-data";
import type { RouteDeps } from "./deps";
import { logger } from "./logger";
import { findPoolUser, type PoolUser } from "./pool-user";
import { recordKey } from "./records-table";
import { ADMIN_ROLE } from "../policies/settings";

/** ClientMetadata for the custom message trigger: this code is for taking the account back. */
export const ACCOUNT_RECOVERY_METADATA = { notice: "account-recovery" };

/** Forgot-password for an account without a verified email: sends its owner a code all the same (see above). */
export async function sendRecoveryCode(deps: RouteDeps, ip: string, email: string): Promise<void> {
  const user = await findPoolUser(deps, email);
  if (!user || !user.enabled) return;
  const common = { ClientId: deps.config.clientId, SecretHash: deps.secretHash(email), Username: email, ClientMetadata: ACCOUNT_RECOVERY_METADATA, UserContextData: userContextData(ip) };
  try {
    if (user.status === "UNCONFIRMED") {
      // Whoever verifies with this code chooses the password from the mailbox, not whoever registered.
      await markContested(deps, email);
      await deps.cognito.send(new ResendConfirmationCodeCommand(common));
      await deps.codes.codeSent("verify", email, ip);
      await deps.codes.codeSent("reset", email, ip);
      return;
    }
    if (user.status !== "CONFIRMED" || user.attributes.email_verified === "true") return;
    await lockOut(deps, user);
    await markEmailVerified(deps, user);
    await deps.cognito.send(new ForgotPasswordCommand(common));
    await deps.codes.codeSent("reset", email, ip);
  } catch (error) {
    // The answer stays the generic one whatever happened; the operator sees which call failed.
    logger.warn("account recovery code not sent", { cognitoError: cognitoErrorName(error) });
  }
}

/**
 * A registration someone else also claimed: a second registration of a never-confirmed address
 * with another password, or a forgot-password for it. Whoever then verifies it proves the mailbox,
 * but the password may be the other party's: verifying such an account ends with the password
 * chosen from the mailbox (requirePasswordFromMailbox), never with the registrant's.
 */
export async function markContested(deps: RouteDeps, email: string): Promise<void> {
  await deps.records.put(recordKey("contested", email), 1, CONTESTED_TTL_SECONDS);
}

export async function isContested(deps: RouteDeps, email: string): Promise<boolean> {
  return (await deps.records.get(recordKey("contested", email))) !== undefined;
}

/** As long as a sign-up code lives (24 hours), and a day more. */
const CONTESTED_TTL_SECONDS = 2 * 24 * 3600;

/** A bootstrap address whose owner has just set its password from the mailbox joins the admin group (policies/roles.ts). */
export async function grantBootstrapAdmin(deps: RouteDeps, user: PoolUser): Promise<void> {
  if (!deps.config.account.bootstrapAdminEmails.includes(user.attributes.email ?? "")) return;
  await deps.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: deps.config.userPoolId, Username: user.username, GroupName: ADMIN_ROLE }));
  // custom:role follows the group, as an administrator's role change keeps it (the user list shows it).
  await deps.cognito.send(
    new AdminUpdateUserAttributesCommand({ UserPoolId: deps.config.userPoolId, Username: user.username, UserAttributes: [{ Name: "custom:role", Value: ADMIN_ROLE }] }),
  );
}

/**
 * An address on BOOTSTRAP_ADMIN_EMAILS (or a contested registration) has just been verified. Verifying proves the mailbox, not
 * the password: whoever registered the address chose that, and a stranger who registered it with
 * their own password would become an administrator the moment its owner followed the email. So
 * the password is locked (nobody knows the new one, every session ends) and a reset code goes to
 * the mailbox: the administrator chooses their password with it, and only they can.
 */
export async function requirePasswordFromMailbox(deps: RouteDeps, ip: string, email: string): Promise<void> {
  const user = await findPoolUser(deps, email);
  if (!user) return;
  await lockOut(deps, user);
  await deps.cognito.send(
    new ForgotPasswordCommand({ ClientId: deps.config.clientId, SecretHash: deps.secretHash(email), Username: email, ClientMetadata: ACCOUNT_RECOVERY_METADATA, UserContextData: userContextData(ip) }),
  );
  await deps.codes.codeSent("reset", email, ip);
}

/**
 * Reset-password with the sign-up code of a never-confirmed account: true when the code was
 * right and the account now has the owner's password; false when the code was wrong.
 */
export async function resetNeverConfirmedAccount(deps: RouteDeps, ip: string, user: PoolUser, code: string, newPassword: string): Promise<boolean> {
  const email = user.attributes.email ?? "";
  try {
    await deps.cognito.send(
      new ConfirmSignUpCommand({ ClientId: deps.config.clientId, SecretHash: deps.secretHash(email), Username: email, ConfirmationCode: code, UserContextData: userContextData(ip) }),
    );
  } catch (error) {
    const name = cognitoErrorName(error);
    if (name === "CodeMismatchException" || name === "ExpiredCodeException" || name === "NotAuthorizedException") return false;
    throw mapCognitoError(error, RESET_ERRORS) ?? new UnexpectedCognitoError("Password reset failed", error);
  }
  try {
    await deps.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: deps.config.userPoolId, Username: user.username, Password: newPassword, Permanent: true }));
  } catch (error) {
    // Confirmed with the code, but the password is still whoever registered's: end their sessions at least.
    // The owner, whose address is now verified, gets an ordinary reset code from forgot-password.
    await lockOut(deps, user).catch(() => undefined);
    throw mapCognitoError(error, RESET_ERRORS) ?? new UnexpectedCognitoError("Password reset failed", error);
  }
  return true; // the caller signs every session out
}

/**
 * The address is proven (the code sent to it came back). The email goes along, unchanged: an
 * update of email_verified alone is refused ("Email is required to verify/un-verify an email"),
 * and with email_verified true in the same call no new code is sent.
 */
export async function markEmailVerified(deps: RouteDeps, user: PoolUser): Promise<void> {
  const email = user.attributes.email ?? "";
  await deps.cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: deps.config.userPoolId,
      Username: user.username,
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
}

/** Whoever made the account can no longer sign in or use a session of it. */
async function lockOut(deps: RouteDeps, user: PoolUser): Promise<void> {
  await deps.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: deps.config.userPoolId, Username: user.username, Password: unguessablePassword(), Permanent: true }));
  await deps.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: deps.config.userPoolId, Username: user.username }));
  // No wait here (the answer is held to the enumeration floor): nobody signs in to this account until the owner resets it.
  await deps.sessions.signOutEverywhere(user.sub, { wait: false });
}

/** 48 random characters with every class Cognito's policy can ask for. */
function unguessablePassword(): string {
  return `${randomBytes(36).toString("base64url")}aA1!`;
}
