/**
 * Captures everything a test's code writes (stdout, stderr and the console) so a test
 * can check that no secret reaches a log line. Call `restore()` in a finally block.
 */
export interface CapturedOutput {
  lines: string[];
  text(): string;
  /** The output as JSON lines (structured logs, embedded metrics), each parsed; however the writes split them. */
  json(): any[];
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const lines: string[] = [];
  const keep = (...parts: unknown[]) => void lines.push(parts.map(String).join(" "));
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (keep(chunk), true));
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (keep(chunk), true));
  const consoles = (["log", "info", "warn", "error", "debug"] as const).map((method) => jest.spyOn(console, method).mockImplementation(keep));
  return {
    lines,
    text: () => lines.join("\n"),
    json: () => lines.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line)),
    restore: () => [stdout, stderr, ...consoles].forEach((spy) => spy.mockRestore()),
  };
}
