/**
 * The local stack's data store on its own (no stack): what an operation awaited is on disk,
 * writes to one file never interleave, the file format stays cognito-local's (so an existing
 * .local/ loads), damaged files are refused, and keys from requests cannot reach prototypes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { StormDBDataStoreFactory } from "cognito-local/lib/services/dataStore/stormDb";
import { DurableDataStoreFactory } from "../../local/durable-data-store";
import { DamagedDataFileError } from "../../local/durable-file";
import { KeyedQueue } from "../../local/keyed-queue";

const ctx = { logger: pino({ level: "silent" }) };
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "durable-store-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = (id: string) => JSON.parse(readFileSync(join(dir, `${id}.json`), "utf8"));

describe("DurableDataStore", () => {
  test("a new store's defaults are on disk before create() resolves", async () => {
    await new DurableDataStoreFactory(dir).create(ctx, "pool_1", { Users: {}, Options: { Id: "pool_1" } });
    expect(onDisk("pool_1")).toEqual({ Users: {}, Options: { Id: "pool_1" } });
  });

  test("every set() is on disk when it resolves, and 200 at once all land in one whole file", async () => {
    const store = await new DurableDataStoreFactory(dir).create(ctx, "pool_1", { Users: {} });
    await store.set(ctx, ["Users", "first"], { Username: "first" });
    expect(onDisk("pool_1").Users.first).toEqual({ Username: "first" });
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await store.set(ctx, ["Users", `u${i}`], { Username: `u${i}` });
        expect(onDisk("pool_1").Users[`u${i}`]).toEqual({ Username: `u${i}` }); // parses: never a half-written file
      }),
    );
    expect(Object.keys(onDisk("pool_1").Users)).toHaveLength(201);
    await store.delete(ctx, ["Users", "first"]);
    expect(onDisk("pool_1").Users.first).toBeUndefined();
    expect(readdirSync(dir)).toEqual(["pool_1.json"]); // no temporary file left
  });

  test("reads back what cognito-local's own store wrote, dates included, so an existing data directory keeps working", async () => {
    const created = new Date("2026-01-02T03:04:05.678Z");
    const storm = await new StormDBDataStoreFactory(dir).create(ctx, "pool_1", { Users: {}, Options: { Id: "pool_1" } });
    await storm.set(ctx, ["Users", "a.b@example.org"], { Username: "a.b@example.org", UserCreateDate: created, Attributes: [{ Name: "email", Value: "a.b@example.org" }] });

    const store = await new DurableDataStoreFactory(dir).create(ctx, "pool_1", { Users: {}, Options: { Id: "other" } });
    const user = await store.get<{ UserCreateDate: Date }>(ctx, ["Users", "a.b@example.org"]);
    expect(user?.UserCreateDate).toEqual(created);
    expect(await store.get(ctx, "Options")).toEqual({ Id: "pool_1" }); // the file's, not the defaults
    await store.set(ctx, ["Users", "c@example.org"], { Username: "c@example.org", UserCreateDate: created });
    expect(onDisk("pool_1").Users["c@example.org"].UserCreateDate).toBe("2026-01-02T03:04:05.678Z");
  });

  test("missing keys give the default or null", async () => {
    const store = await new DurableDataStoreFactory(dir).create(ctx, "pool_1", { Users: {} });
    expect(await store.get(ctx, ["Groups", "admin"])).toBeNull();
    expect(await store.get(ctx, ["Users", "nobody"], "fallback")).toBe("fallback");
  });

  test("a username like __proto__ is stored as data and reaches no prototype", async () => {
    const store = await new DurableDataStoreFactory(dir).create(ctx, "pool_1", { Users: {} });
    expect(await store.get(ctx, ["Users", "__proto__"])).toBeNull();
    expect(await store.get(ctx, ["Users", "constructor"])).toBeNull();
    await store.set(ctx, ["Users", "__proto__"], { Username: "__proto__", polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await store.get(ctx, ["Users", "__proto__"])).toEqual({ Username: "__proto__", polluted: true });
    const reread = await new DurableDataStoreFactory(dir).create(ctx, "pool_1", { Users: {} });
    expect(await reread.get(ctx, ["Users", "__proto__"])).toEqual({ Username: "__proto__", polluted: true });
  });

  test("one store per file: asking twice for the same id gives the same store", async () => {
    const factory = new DurableDataStoreFactory(dir);
    expect(await factory.create(ctx, "pool_1", { Users: {} })).toBe(await factory.create(ctx, "pool_1", { Users: {} }));
  });

  test.each([
    ["empty", "", "is empty"],
    ["only whitespace", "\n  \n", "is empty"],
    ["cut short", '{"Users": {"a": {"Usern', "is not valid JSON"],
    ["an empty object", "{}", 'is not a JSON object with "Users" and "Options"'],
    ["a list", "[]", 'is not a JSON object with "Users" and "Options"'],
    ["missing its users", '{"Options": {}}', 'is not a JSON object with "Users" and "Options"'],
  ])("a data file that is %s is refused, named, and left as it is", async (_case, content, problem) => {
    writeFileSync(join(dir, "pool_1.json"), content);
    const opening = new DurableDataStoreFactory(dir, "/the/data/dir").create(ctx, "pool_1", { Users: {}, Options: {} });
    await expect(opening).rejects.toThrow(DamagedDataFileError);
    await expect(opening).rejects.toThrow(`the data file ${join(dir, "pool_1.json")} ${problem}.`);
    await expect(opening).rejects.toThrow("delete the data directory /the/data/dir (LOCAL_DATA_DIR)");
    expect(readFileSync(join(dir, "pool_1.json"), "utf8")).toBe(content);
  });

  test("a pool file that is missing while clients.json lists its clients is refused, not replaced by a fresh pool", async () => {
    writeFileSync(join(dir, "clients.json"), JSON.stringify({ Clients: { c1: { ClientId: "c1", UserPoolId: "local_gone" }, c2: { ClientId: "c2", UserPoolId: "local_kept" } } }));
    writeFileSync(join(dir, "local_kept.json"), JSON.stringify({ Users: {}, Options: { Id: "local_kept" } }));
    const opening = new DurableDataStoreFactory(dir, "/the/data/dir").create(ctx, "clients", { Clients: {} });
    await expect(opening).rejects.toThrow(DamagedDataFileError);
    await expect(opening).rejects.toThrow(`the data file ${join(dir, "local_gone.json")} is missing, though ${join(dir, "clients.json")} lists app clients of that pool.`);
    await expect(opening).rejects.toThrow("delete the data directory /the/data/dir (LOCAL_DATA_DIR)");
    expect(readdirSync(dir).sort()).toEqual(["clients.json", "local_kept.json"]);
  });

  test("temporary files an interrupted write left are removed; data files are not", async () => {
    writeFileSync(join(dir, "pool_1.json.123456"), '{"Users": {}, "Options": {"Id": "half"}}');
    writeFileSync(join(dir, "keep.json"), '{"Users": {}, "Options": {"Id": "keep"}}');
    await new DurableDataStoreFactory(dir).create(ctx, "pool_1", { Users: {}, Options: { Id: "pool_1" } });
    expect(readdirSync(dir).sort()).toEqual(["keep.json", "pool_1.json"]);
  });
});

describe("KeyedQueue", () => {
  test("tasks under one key run one at a time, in order, even when one fails; other keys run alongside", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = queue.run("a", async () => {
      log.push("a1 start");
      await gate;
      log.push("a1 end");
      throw new Error("a1 failed");
    });
    const second = queue.run("a", async () => {
      log.push("a2");
      return 2;
    });
    const other = queue.run("b", async () => {
      log.push("b1");
      return "b";
    });
    expect(await other).toBe("b");
    expect(log).toEqual(["a1 start", "b1"]); // b did not wait for a; a2 did
    release();
    await expect(first).rejects.toThrow("a1 failed");
    expect(await second).toBe(2);
    expect(log).toEqual(["a1 start", "b1", "a1 end", "a2"]);
    await new Promise((r) => setImmediate(r));
    expect(queue.size).toBe(0); // nothing kept once a key's queue is empty
  });
});
