/**
 * cognito-local's data store (one JSON file per user pool, plus clients.json), replaced.
 * Its own store (StormDB) rewrites a file in place with fs.writeFile, several writes to one
 * file at a time: a stop during a write left the pool file empty, and on the next start
 * StormDB read an empty file as "no data" and cognito-local made the pool afresh. This store
 * keeps the same file format (JSON, dates as ISO strings, so existing .local/ data loads) with:
 * - every write atomic and on disk before the operation answers (local/durable-file.ts);
 * - one write at a time per file, and changes made while a write runs go in the next one;
 * - an empty, unparsable or incomplete file stops the start (DamagedDataFileError);
 * - so does a pool file that is missing while clients.json still lists that pool's app clients:
 *   cognito-local finds pools by their files, so the start would otherwise make a new, empty
 *   pool beside the old clients, and every user would be gone without a word.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "cognito-local/lib/services/context";
import type { DataStore } from "cognito-local/lib/services/dataStore/dataStore";
import type { DataStoreFactory } from "cognito-local/lib/services/dataStore/factory";
import { DamagedDataFileError, readJsonFile, removeLeftoverTemporaryFiles, writeFileDurably } from "./durable-file";

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === "object" && value !== null && !Array.isArray(value);

/** cognito-local's convention: every field whose name ends in "Date" is a Date, stored as an ISO string. */
const reviveDates = (key: string, value: unknown) => (key.endsWith("Date") && (typeof value === "string" || typeof value === "number") ? new Date(value) : value);

export class DurableDataStore implements DataStore {
  /** The latest write scheduled, and the one not yet started (which later changes can join). */
  private writing: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly state: Tree,
  ) {}

  async get<T>(_ctx: Context, key: string | string[], defaultValue?: T): Promise<T | null> {
    let node: unknown = this.state;
    for (const k of keyPath(key)) node = isTree(node) && Object.hasOwn(node, k) ? node[k] : undefined;
    return (node as T | undefined) ?? defaultValue ?? null;
  }

  async getRoot<T>(): Promise<T | null> {
    return this.state as T;
  }

  async set<T>(_ctx: Context, key: string | string[], value: T): Promise<void> {
    const path = keyPath(key);
    let node = this.state;
    for (const k of path.slice(0, -1)) {
      if (!isTree(node[k]) || !Object.hasOwn(node, k)) define(node, k, {});
      node = node[k] as Tree;
    }
    define(node, path.at(-1)!, value);
    await this.save();
  }

  async delete(_ctx: Context, key: string | string[]): Promise<void> {
    const path = keyPath(key);
    let node: unknown = this.state;
    for (const k of path.slice(0, -1)) node = isTree(node) && Object.hasOwn(node, k) ? node[k] : undefined;
    if (isTree(node)) delete node[path.at(-1)!];
    await this.save();
  }

  /** Resolves once the state as it is now is on disk. */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.writing
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined; // changes from here on need another write
        return writeFileDurably(this.file, JSON.stringify(this.state, null, 2));
      });
    this.queued = next;
    this.writing = next;
    return next;
  }
}

const keyPath = (key: string | string[]) => (Array.isArray(key) ? key : [key]);

/** An own property even for names like "__proto__" (keys can come from requests). */
function define(node: Tree, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/** cognito-local's name for the store of app clients (clients.json). */
const CLIENTS_STORE = "clients";

export class DurableDataStoreFactory implements DataStoreFactory {
  private readonly stores = new Map<string, Promise<DurableDataStore>>();
  private prepared: Promise<void> | undefined;

  /**
   * @param directory cognito-local's directory: one `<pool id>.json` per pool and clients.json.
   * @param dataDir the directory to name in messages (LOCAL_DATA_DIR).
   */
  constructor(
    private readonly directory: string,
    private readonly dataDir: string = directory,
  ) {}

  /** The store of `id`: the one already open, else its file read (or made from `defaults` if there is none). */
  create(_ctx: Context, id: string, defaults: object): Promise<DurableDataStore> {
    let store = this.stores.get(id);
    if (!store) {
      store = this.open(id, defaults as Tree);
      this.stores.set(id, store);
      store.catch(() => this.stores.delete(id));
    }
    return store;
  }

  private async open(id: string, defaults: Tree): Promise<DurableDataStore> {
    this.prepared ??= mkdir(this.directory, { recursive: true }).then(() => removeLeftoverTemporaryFiles(this.directory));
    await this.prepared;
    const file = join(this.directory, `${id}.json`);
    const required = Object.keys(defaults);
    const existing = readJsonFile(file, {
      dataDir: this.dataDir,
      reviver: reviveDates,
      valid: (value): value is Tree => isTree(value) && required.every((k) => isTree(value[k])),
      shape: `a JSON object with ${required.map((k) => `"${k}"`).join(" and ")}`,
    });
    if (id === CLIENTS_STORE && existing) this.refuseMissingPoolFiles(existing);
    const store = new DurableDataStore(file, existing ?? defaults);
    if (!existing) await store.save();
    return store;
  }

  private refuseMissingPoolFiles(clients: Tree): void {
    const poolIds = new Set(Object.values(isTree(clients.Clients) ? clients.Clients : {}).flatMap((client) => (isTree(client) && typeof client.UserPoolId === "string" ? [client.UserPoolId] : [])));
    for (const poolId of poolIds) {
      const poolFile = join(this.directory, `${poolId}.json`);
      if (!existsSync(poolFile)) {
        throw new DamagedDataFileError(poolFile, `is missing, though ${join(this.directory, `${CLIENTS_STORE}.json`)} lists app clients of that pool`, this.dataDir, "It was deleted or moved, or the directory was copied in part.");
      }
    }
  }
}
