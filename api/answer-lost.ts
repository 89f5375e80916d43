/**
 * A lost answer never becomes a wrong answer. The SDK retries a call whose answer did not
 * arrive (a reset connection, a timeout, a 5xx), which is right for reads and wrong for calls
 * that change something: a SignUp whose answer was lost has created the account, and its retry
 * answers UsernameExistsException, so a brand-new person would be told the address is taken.
 *
 * For the calls below, a failure after which Cognito may have done the work becomes an
 * AnswerLostError that the SDK does not retry. The route that made the call then finds out
 * what happened, on purpose (registration.ts, password-reset.ts, session.ts), or answers 503.
 * A connection refused before anything was sent, and throttling, are still retried as usual.
 */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";

/** Cognito calls that change state and whose repetition does not answer as the first would. */
const NOT_REPEATABLE = new Set([
  "SignUpCommand",
  "ConfirmSignUpCommand",
  "ConfirmForgotPasswordCommand",
  "ForgotPasswordCommand",
  "ResendConfirmationCodeCommand",
  "AdminRespondToAuthChallengeCommand",
  "GetTokensFromRefreshTokenCommand",
]);

export class AnswerLostError extends Error {
  constructor(
    readonly commandName: string,
    readonly causeName: string,
  ) {
    super(`the answer to ${commandName} was lost (${causeName})`);
    this.name = "AnswerLostError";
  }
}

export const isAnswerLost = (error: unknown): error is AnswerLostError => error instanceof AnswerLostError;

/** Whether Cognito may have carried out a call that failed this way. */
function mayHaveBeenDone(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e || typeof e !== "object") return false;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === "number") return status >= 500; // an answer came: only a server failure leaves it open
  if (e.code === "ECONNREFUSED" || e.name === "AbortError") return false; // never sent / our own deadline (answered 503)
  return true; // no answer at all: a reset or closed connection, a timeout
}

/** Adds the rule to a Cognito client; it runs inside the SDK's retry loop, once per attempt. */
export function withoutBlindRetries(client: CognitoIdentityProviderClient): void {
  if (client.middlewareStack.identify().some((entry) => entry.startsWith("noBlindRetry"))) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const command = String(context.commandName ?? "");
        if (NOT_REPEATABLE.has(command) && mayHaveBeenDone(error)) throw new AnswerLostError(command, String((error as Error)?.name ?? "unknown"));
        throw error;
      }
    },
    { step: "finalizeRequest", priority: "low", name: "noBlindRetry" },
  );
}
