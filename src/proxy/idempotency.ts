/**
 * Remembers what was done for each idempotency key, so a replayed event or notification returns
 * the first result and applies nothing twice — including when the replay arrives while the first
 * is still in flight.
 *
 * This store lives in memory: it survives page reloads and retries from kiosks, not a proxy restart.
 */

interface Entry<T> {
  result: Promise<T>;
  at: number;
}

export class IdempotencyStore<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs = 14 * 24 * 3600_000,
    private readonly maxEntries = 500_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `apply` once per key. Later calls get the first call's result and `replayed: true`.
   * If `apply` fails, or its result is not `final`, the key is forgotten so a retry can apply it.
   */
  async once(key: string, apply: () => Promise<T>, final: (result: T) => boolean): Promise<{ result: T; replayed: boolean }> {
    const existing = this.entries.get(key);
    if (existing && this.now() - existing.at < this.ttlMs) return { result: await existing.result, replayed: true };
    const result = apply();
    this.entries.set(key, { result, at: this.now() });
    this.evict();
    try {
      const value = await result;
      if (!final(value)) this.entries.delete(key);
      return { result: value, replayed: false };
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    // Insertion order is age order: drop from the front.
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.now() - entry.at < this.ttlMs) break;
      this.entries.delete(key);
    }
  }
}
