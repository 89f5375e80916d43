/**
 * triggers/shared/event-shape.ts at its bounds, each refusal with its message (issue 18:
 * mutation testing): the maps of a trigger event are client-supplied and read as hostile.
 */
import { MalformedEventError, readBaseEvent, readStringMap } from "../../triggers/shared/event-shape";

const refused = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return [(e as Error).name, (e as Error).message, e instanceof MalformedEventError];
  }
  return "accepted";
};

describe("readStringMap", () => {
  test("absent is an empty map with no prototype", () => {
    for (const absent of [undefined, null]) {
      const map = readStringMap(absent, "x");
      expect(Object.getPrototypeOf(map)).toBeNull();
      expect(Object.keys(map)).toEqual([]);
    }
  });

  test("a copy with no prototype, so __proto__ or toString are plain keys", () => {
    const source = JSON.parse('{"__proto__": "p", "toString": "t", "email": "a@example.org"}') as Record<string, string>;
    const map = readStringMap(source, "userAttributes");
    expect(Object.getPrototypeOf(map)).toBeNull();
    expect(Object.entries(map)).toEqual([
      ["__proto__", "p"],
      ["toString", "t"],
      ["email", "a@example.org"],
    ]);
    expect(map).not.toBe(source);
  });

  test.each([
    ["a string", "v", "x is not a map"],
    ["a number", 5, "x is not a map"],
    ["an array", ["a"], "x is not a map"],
  ])("%s is not a map", (_what, value, message) => {
    expect(refused(() => readStringMap(value, "x"))).toEqual(["MalformedEventError", `malformed trigger event: ${message}`, true]);
  });

  test("at most 100 entries", () => {
    const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    expect(Object.keys(readStringMap(entries(100), "x"))).toHaveLength(100);
    expect(refused(() => readStringMap(entries(101), "x"))).toEqual(["MalformedEventError", "malformed trigger event: x has too many entries", true]);
  });

  test("keys of at most 128 characters", () => {
    expect(readStringMap({ ["k".repeat(128)]: "v" }, "x")["k".repeat(128)]).toBe("v");
    expect(refused(() => readStringMap({ ["k".repeat(129)]: "v" }, "x"))).toEqual(["MalformedEventError", "malformed trigger event: x has an over-long key", true]);
  });

  test("string values of at most 4096 characters", () => {
    expect(readStringMap({ k: "v".repeat(4096) }, "x").k).toHaveLength(4096);
    expect(readStringMap({ k: "" }, "x").k).toBe("");
    expect(refused(() => readStringMap({ k: "v".repeat(4097) }, "x"))).toEqual(["MalformedEventError", "malformed trigger event: x has an over-long value", true]);
    for (const value of [5, null, true, {}, ["v"]]) {
      expect(refused(() => readStringMap({ k: value }, "x"))).toEqual(["MalformedEventError", "malformed trigger event: x has a value that is not a string", true]);
    }
  });
});

describe("readBaseEvent", () => {
  const base = () => ({ triggerSource: "PreSignUp_SignUp", userPoolId: "us-east-1_P", userName: "u-1", version: "1", callerContext: { clientId: "client-1" }, request: {}, response: {} }) as Record<string, unknown>;

  test("the checked fields", () => {
    expect(readBaseEvent(base())).toEqual({ triggerSource: "PreSignUp_SignUp", userPoolId: "us-east-1_P", userName: "u-1", clientId: "client-1", version: "1" });
  });

  test("not an object, or no request", () => {
    for (const event of [null, undefined, "x", 5]) expect(refused(() => readBaseEvent(event))).toEqual(["MalformedEventError", "malformed trigger event: not an object", true]);
    for (const request of [undefined, null, "x"]) expect(refused(() => readBaseEvent({ ...base(), request }))).toEqual(["MalformedEventError", "malformed trigger event: request missing", true]);
  });

  test("a missing or non-object response becomes {} on the event itself", () => {
    for (const response of [undefined, null, "x"]) {
      const event = { ...base(), response };
      readBaseEvent(event);
      expect(event.response).toEqual({});
    }
    const kept = { autoConfirmUser: false };
    const event = { ...base(), response: kept };
    readBaseEvent(event);
    expect(event.response).toBe(kept);
  });

  test.each([
    ["triggerSource", 64],
    ["userPoolId", 64],
    ["userName", 256],
  ])("%s: a string of 1 to %i characters", (field, max) => {
    expect((readBaseEvent({ ...base(), [field]: "a".repeat(max) }) as Record<string, string>)[field]).toHaveLength(max);
    expect((readBaseEvent({ ...base(), [field]: "a" }) as Record<string, string>)[field]).toBe("a");
    for (const value of ["a".repeat(max + 1), "", undefined, 5]) {
      expect(refused(() => readBaseEvent({ ...base(), [field]: value }))).toEqual(["MalformedEventError", `malformed trigger event: ${field} missing or invalid`, true]);
    }
  });

  test("the client id: a string cut to 128 characters, else empty; the version cut to 8, else '1'", () => {
    expect(readBaseEvent({ ...base(), callerContext: { clientId: "c".repeat(200) } }).clientId).toBe("c".repeat(128));
    expect(readBaseEvent({ ...base(), callerContext: { clientId: 5 } }).clientId).toBe("");
    expect(readBaseEvent({ ...base(), callerContext: null }).clientId).toBe("");
    expect(readBaseEvent({ ...base(), callerContext: "client-1" }).clientId).toBe("");
    expect(readBaseEvent({ ...base(), callerContext: undefined }).clientId).toBe("");
    expect(readBaseEvent({ ...base(), version: "123456789" }).version).toBe("12345678");
    expect(readBaseEvent({ ...base(), version: 2 }).version).toBe("1");
    expect(readBaseEvent({ ...base(), version: undefined }).version).toBe("1");
  });
});
