/** Runs tasks one at a time per key (tasks under different keys run side by side). */
export class KeyedQueue {
  /** The last task queued per key, settled either way; gone once a key's queue is empty. */
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
