/**
 * For tests that bound how much work a call may do ("never a hang", "catches runaway work").
 * Wall-clock time (performance.now, Date.now) measures the machine as much as the code: on a
 * busy CI machine other processes hold the CPU between our steps, and a call that does 2 ms of
 * work can take 300 ms of wall time. The CPU time this process spends does not grow with what
 * else runs, while runaway work (a backtracking regex, a quadratic loop) still shows in full.
 */

/** Milliseconds of CPU (user + system) this process has used so far. */
export function cpuTimeMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

