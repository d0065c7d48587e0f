/**
 * A per-key async mutex: one reconcile of a target at a time in this process, whether it came
 * from the schedule or a trigger. Two concurrent applies against one snapshot could both plan
 * the same create; serialising them makes the second plan from the first one's commits.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` once every earlier task for `key` has finished. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Whether something holds or waits for `key`. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
