/**
 * Answers that must not reveal whether an account exists (forgot-password,
 * resend-verification, register with concealExistingAccounts) take the same time
 * whatever the account: each is held until a fixed floor after the request began.
 * Cognito's work for an existing account (a code, the custom message trigger, an email)
 * takes longer than its simulated answer for an unknown one, and no amount of equal
 * work on our side can remove that, so the floor is set above the slow path. When a
 * call still outlasts it, the answer goes out late (never cut short) and a warning
 * says the floor is too low: from then on timing may leak until it is raised.
 * The clock is the global `performance` (not node:perf_hooks' export), so the floor
 * and the timer that waits for it always read the same clock, fake or real.
 */
import { logger } from "./logger";

export async function holdUntilFloor(startedAt: number, floorMs: number, route: string): Promise<void> {
  const remaining = startedAt + floorMs - performance.now();
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
  else if (floorMs > 0) logger.warn("response floor exceeded: raise ENUMERATION_FLOOR_MS", { route, overByMs: Math.round(-remaining) });
}

/** Runs `work` and holds its answer (or its error) until the floor. */
export async function withResponseFloor<T>(floorMs: number, route: string, work: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    return await work();
  } finally {
    await holdUntilFloor(startedAt, floorMs, route);
  }
}
