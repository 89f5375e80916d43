/** The range protocol without the network: what is sent (a 5-character prefix) and how an answer is read. */
import { breachCount, rangeQuery } from "../../policies/breached-password";

describe("rangeQuery", () => {
  test("splits the upper-case SHA-1 into the 5-character prefix sent and the 35-character suffix kept", () => {
    // Prepare: SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8, SHA-1("abc") = A9993E36...
    // Act
    const password = rangeQuery("password");
    const abc = rangeQuery("abc");
    // Assess
    expect(password).toEqual({ prefix: "5BAA6", suffix: "1E4C9B93F3F0682250B6CF8331B7EE68FD8" });
    expect(abc).toEqual({ prefix: "A9993", suffix: "E364706816ABA3E25717850C26C9CD0D89D" });
  });
});

describe("breachCount", () => {
  const SUFFIX = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";
  const OTHER = "0018A45C4D1DEF81644B54AB7F969B88D65";

  test("the count of the listed suffix, whatever the line endings and case", () => {
    expect(breachCount(`${OTHER}:3\r\n${SUFFIX}:9545824\r\n`, SUFFIX)).toBe(9545824);
    expect(breachCount(`${OTHER}:3\n${SUFFIX.toLowerCase()}:12`, SUFFIX)).toBe(12);
  });

  test("a suffix that is absent, or present only as a padding entry (count 0), is not a breach", () => {
    expect(breachCount(`${OTHER}:3\r\n`, SUFFIX)).toBe(0);
    expect(breachCount(`${OTHER}:3\r\n${SUFFIX}:0\r\n`, SUFFIX)).toBe(0);
  });

  test.each([
    ["an HTML error page", "<html><body>Service Unavailable</body></html>"],
    ["an empty body", ""],
    ["a truncated line", `${OTHER}:3\r\n${SUFFIX.slice(0, 20)}`],
    ["a hash of the wrong length", `${SUFFIX}0:5`],
    ["a non-numeric count", `${SUFFIX}:many`],
    ["JSON", JSON.stringify({ [SUFFIX]: 5 })],
  ])("%s is not a range answer (undefined, so the caller fails open)", (_name, body) => {
    expect(breachCount(body, SUFFIX)).toBeUndefined();
  });
});
