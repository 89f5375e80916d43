/**
 * Cognito's errors, mapped per endpoint to the reference's status and `detail`.
 * An error with no mapping becomes a 500 whose detail names the operation, never
 * Cognito's message (it can carry internals). A dependency's failure (throttling,
 * WAF's ForbiddenException, timeouts) is a 503 before any mapping (dependency-calls.ts).
 * InvalidParameterException is mapped everywhere: the input is validated first, so
 * when Cognito still refuses a parameter it is the caller's request, never a 5xx.
 */
import { BREACHED_PASSWORD_REASON } from "../policies/breached-password";
import { passwordProblemDetail } from "../policies/password";
import { ApiError } from "./api-error";
import { dependencyFailure } from "./dependency-calls";
import { tooMany } from "./rate-limiter";

type Mapping = Record<string, [ApiError["status"], string]>;

/** The SDK names a service error after its exception type. */
export function cognitoErrorName(error: unknown): string {
  return (error as { name?: string })?.name ?? "UnknownError";
}

/** A pre sign-up trigger's user-facing message, from Cognito's "… failed with error <message>." */
export function triggerMessage(error: unknown): string | undefined {
  if (cognitoErrorName(error) !== "UserLambdaValidationException") return undefined;
  const match = /failed with error (.*)\.$/s.exec((error as Error).message ?? "");
  return match?.[1]?.slice(0, 500);
}

export function mapCognitoError(error: unknown, mapping: Mapping): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // Throttling, WAF, timeouts, a dead endpoint: the dependency's failure, whatever the endpoint (503).
  const failure = dependencyFailure(error);
  if (failure) return failure;
  const name = cognitoErrorName(error);
  // SignUp's InvalidParameterException is the reference's "Invalid email format" only when it is
  // about the email (the username); about anything else (say, a pool missing a custom attribute)
  // it is our fault, so it stays unmapped and becomes a generic 500.
  if (name === "InvalidPasswordException" && mapping[name]) return new ApiError(400, cognitoPasswordDetail(error));
  if (mapping === REGISTER_ERRORS && name === "InvalidParameterException" && !/email|username/i.test((error as Error)?.message ?? "")) return undefined;
  const found = mapping[name];
  if (!found) return undefined;
  return found[0] === 429 ? tooMany(found[1], COGNITO_LIMIT_RETRY_SECONDS) : new ApiError(found[0], found[1]);
}

/**
 * Cognito's own per-user limits say neither how long they last nor when they reset; a quarter of
 * an hour is what its sign-in lockout grows to at most, and what a 429 from them asks a person to wait.
 */
export const COGNITO_LIMIT_RETRY_SECONDS = 900;

const CHARACTER_CLASSES_DETAIL = "Password does not meet requirements: Must contain uppercase, lowercase, number, and special character";

/**
 * The reference's text for Cognito's InvalidPasswordException, made specific where Cognito
 * says why in a way our own check cannot know (history, breached passwords). The reason is
 * chosen from this fixed list; Cognito's message itself is never returned.
 */
function cognitoPasswordDetail(error: unknown): string {
  const message = (error as Error)?.message ?? "";
  if (/previously been used/i.test(message)) return RECENT_PASSWORD_DETAIL;
  if (/security reasons|compromised|breach/i.test(message)) return passwordProblemDetail([BREACHED_PASSWORD_REASON]);
  if (/not long enough/i.test(message)) return "Password does not meet requirements: Too short";
  return CHARACTER_CLASSES_DETAIL;
}

const TOO_MANY = (what: string): [429, string] => [429, `Too many ${what}. Please try again later.`];

const RECENT_PASSWORD_DETAIL = "Password does not meet requirements: Must not be one of your recent passwords";

export const REGISTER_ERRORS: Mapping = {
  // The code could not be emailed (SES refused or failed): the email service's failure, not the caller's.
  CodeDeliveryFailureException: [503, "The service is temporarily unavailable. Please try again shortly."],
  UsernameExistsException: [400, "An account with this email already exists"],
  InvalidPasswordException: [400, CHARACTER_CLASSES_DETAIL],
  InvalidParameterException: [400, "Invalid email format"],
  LimitExceededException: TOO_MANY("registration attempts"),
};

/**
 * Unknown, confirmed and unconfirmed accounts all get "Invalid verification code": no
 * enumeration. That includes an expired code: "has expired" would tell a stranger who
 * sent any code that an unconfirmed account exists for the address (and cognito-local
 * answers a confirmed account with ExpiredCodeException).
 */
export const INVALID_VERIFICATION_CODE = "Invalid verification code";
export const VERIFY_ERRORS: Mapping = {
  CodeMismatchException: [400, INVALID_VERIFICATION_CODE],
  ExpiredCodeException: [400, INVALID_VERIFICATION_CODE],
  NotAuthorizedException: [400, INVALID_VERIFICATION_CODE],
  UserNotFoundException: [400, INVALID_VERIFICATION_CODE],
  InvalidParameterException: [400, INVALID_VERIFICATION_CODE],
  // Reachable only with the right code, when another account already holds the address.
  AliasExistsException: [400, "An account with this email already exists"],
  TooManyFailedAttemptsException: TOO_MANY("verification attempts"),
  LimitExceededException: TOO_MANY("verification attempts"),
};

export const RESEND_ERRORS: Mapping = {
  LimitExceededException: TOO_MANY("verification code requests"),
};

export const LOGIN_ERRORS: Mapping = {
  NotAuthorizedException: [401, "Invalid credentials"],
  UserNotFoundException: [404, "User not found"],
  UserNotConfirmedException: [403, "Authentication error: UserNotConfirmedException"],
  PasswordResetRequiredException: [403, "Authentication error: PasswordResetRequiredException"],
  InvalidParameterException: [401, "Invalid credentials"],
};

export const CHALLENGE_ERRORS: Mapping = {
  ...LOGIN_ERRORS,
  InvalidPasswordException: [400, CHARACTER_CLASSES_DETAIL],
  PasswordHistoryPolicyViolationException: [400, RECENT_PASSWORD_DETAIL],
  AliasExistsException: [400, "An account with this email already exists"],
  CodeMismatchException: [401, "Invalid or expired session"],
  ExpiredCodeException: [401, "Invalid or expired session"],
};

export const RESET_ERRORS: Mapping = {
  CodeMismatchException: [400, "Invalid reset code"],
  ExpiredCodeException: [400, "Reset code has expired. Request a new one."],
  InvalidPasswordException: [400, CHARACTER_CLASSES_DETAIL],
  UserNotFoundException: [400, "Invalid reset code"],
  InvalidParameterException: [400, "Invalid reset code"],
  NotAuthorizedException: [400, "Invalid reset code"],
  UserNotConfirmedException: [400, "Invalid reset code"],
  PasswordHistoryPolicyViolationException: [400, RECENT_PASSWORD_DETAIL],
  TooManyFailedAttemptsException: TOO_MANY("password reset attempts"),
  LimitExceededException: TOO_MANY("password reset attempts"),
};

export const TOKEN_ERRORS: Mapping = {
  NotAuthorizedException: [401, "Invalid or expired token"],
  // With rotation, a refresh token already rotated out (after its grace period) is refused this way.
  RefreshTokenReuseException: [401, "Invalid or expired token"],
  UnauthorizedException: [401, "Invalid or expired token"],
  UserNotFoundException: [401, "Invalid or expired token"],
  InvalidParameterException: [401, "Invalid or expired token"],
  UserNotConfirmedException: [401, "Invalid or expired token"],
  PasswordResetRequiredException: [401, "Invalid or expired token"],
};
