/**
 * A loopback port where nothing listens, for tests of a dependency that refuses connections.
 *
 * Listening on port 0 and closing again hands back a port from the kernel's ephemeral range, which
 * the kernel gives the next process (or test) that listens on port 0: on a busy machine running
 * several suites and local stacks, that port may be serving something by the time the test
 * connects (issue 18: a port race). A port below the ephemeral range is never handed out that way;
 * it is checked free here, and only a process that names that exact port could take it.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** The first port the kernel hands out for port 0 (Linux's own default when it cannot be read). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => probe.close(() => resolve(true)));
  });

/** `http://127.0.0.1:<port>` where no server listens, the port outside the kernel's ephemeral range. */
export async function closedPortUrl(): Promise<string> {
  const low = ephemeralLow();
  const floor = Math.max(1024, Math.min(20000, low - 10000)); // above the well-known ports
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = floor + Math.floor(Math.random() * (low - floor));
    if (await bindable(port)) return `http://127.0.0.1:${port}`;
  }
  throw new Error(`no free port found below the ephemeral range (${low})`);
}
