/**
 * Two kinds of error leave a trigger. A UserFacingError's message reaches the person
 * signing up (Cognito wraps it as `PreSignUp failed with error <message>.`), so it
 * must say what to fix and nothing internal. Anything else is logged by name and
 * replaced with a generic message.
 */
import { logger, type RejectionReason } from "./observability";

export class UserFacingError extends Error {
  constructor(
    message: string,
    /** A short, fixed reason code for metrics and logs. */
    readonly reason: RejectionReason,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

export const GENERIC_ERROR_MESSAGE = "We could not process this request. Please try again later.";

/** Runs a handler body; user-facing errors pass through, others are logged and made generic. */
export async function withErrorBoundary<T>(trigger: string, body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    // Name and message of our own errors only: never the event or its attributes.
    logger.error("trigger failed", { trigger, errorName: (error as Error)?.name ?? "unknown" });
    throw new Error(GENERIC_ERROR_MESSAGE);
  }
}
