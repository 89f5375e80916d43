/**
 * The local stack's data files, written so that a stop at any moment (Ctrl-C, SIGTERM,
 * kill -9, power loss) leaves either the old file or the new one, never a truncated one:
 * a temporary file in the same directory, fsync, rename over the old file (write-file-atomic,
 * which also queues writes to one file), then fsync of the directory so the rename itself
 * is on disk. Reading refuses an empty or unparsable file with a message saying what to do,
 * instead of letting a caller start afresh over it.
 */
import { closeSync, fsyncSync, openSync, readFileSync } from "node:fs";
import { open, readdir, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import writeFileAtomic from "write-file-atomic";

/** A data file that exists but cannot be used: the start stops with this message. */
export class DamagedDataFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
    dataDir: string,
    likelyCause = "It was probably cut short by a stop during a write (before writes were atomic) or edited by hand.",
  ) {
    super(
      `the data file ${file} ${problem}. ${likelyCause} ` +
        `Nothing was changed and no new pool was made over it. Restore the file from a backup, or delete the data directory ${dataDir} ` +
        `(LOCAL_DATA_DIR) to start afresh with an empty pool; its users are then gone.`,
    );
    this.name = "DamagedDataFileError";
  }
}

export async function writeFileDurably(file: string, data: string): Promise<void> {
  await writeFileAtomic(file, data, { fsync: true });
  const dir = await open(dirname(file), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** writeFileDurably, blocking: for rare writes whose callers expect the file written on return. */
export function writeFileDurablySync(file: string, data: string): void {
  writeFileAtomic.sync(file, data, { fsync: true });
  const dir = openSync(dirname(file), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/**
 * The JSON value in `file`, or undefined if there is no such file (read at start, blocking). Throws DamagedDataFileError
 * for an empty or unparsable file or one that `valid` refuses; `dataDir` goes in the message.
 */
export function readJsonFile<T>(file: string, options: { dataDir: string; reviver?: (key: string, value: unknown) => unknown; valid: (value: unknown) => value is T; shape: string }): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (text.trim() === "") throw new DamagedDataFileError(file, "is empty", options.dataDir);
  let value: unknown;
  try {
    value = JSON.parse(text, options.reviver);
  } catch {
    throw new DamagedDataFileError(file, "is not valid JSON", options.dataDir);
  }
  if (!options.valid(value)) throw new DamagedDataFileError(file, `is not ${options.shape}`, options.dataDir);
  return value;
}

/** write-file-atomic names its temporary files `<file>.<decimal number>`. */
const TEMPORARY_FILE = /\.json\.\d+$/;

/** Temporary files a killed process left in `dir` (never a data file: those end in .json). */
export async function removeLeftoverTemporaryFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => TEMPORARY_FILE.test(basename(name))).map((name) => unlink(join(dir, name)).catch(() => undefined)));
}
