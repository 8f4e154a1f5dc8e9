/**
 * Remembers what was done for each idempotency key, so a replayed event, payment or notification
 * returns the first result and applies nothing twice: when the replay arrives while the first is
 * still in flight, after a restart (embedded store) or at another instance (Redis).
 *
 * A key is first claimed as "pending", then holds the result. If the process dies mid-apply, the
 * pending claim lapses after `pendingTtlMs` and a retry applies it again; the platforms' own
 * idempotency (Welink payToken, ETCP externalOrderId, Shanghai orderId) covers that window.
 */
import type { StateStore } from './state/store.js';

interface Pending {
  state: 'pending';
  since: number;
}

interface Done<T> {
  state: 'done';
  result: T;
}

/** Another instance is applying this key right now and did not finish in time. */
export class IdempotencyBusyError extends Error {
  override name = 'IdempotencyBusyError';
}

export interface IdempotencyOptions {
  /** How long a finished result is remembered. */
  ttlMs?: number;
  /** How long a claim may stay pending before another caller may take over. */
  pendingTtlMs?: number;
  /** How long a caller waits for another instance's pending claim before giving up. */
  waitMs?: number;
  now?: () => number;
}

const POLL_MS = 25;

export class IdempotencyStore<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  /** Results written but perhaps not yet committed; `settled()` waits for them. */
  private readonly writes = new Set<Promise<void>>();
  private readonly ttlMs: number;
  private readonly pendingTtlMs: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 14 * 24 * 3600_000;
    this.pendingTtlMs = options.pendingTtlMs ?? 30_000;
    this.waitMs = options.waitMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `apply` once per key. Later calls get the first call's result and `replayed: true`.
   * If `apply` fails, or its result is not `final`, the key is forgotten so a retry can apply it.
   */
  async once(key: string, apply: () => Promise<T>, final: (result: T) => boolean): Promise<{ result: T; replayed: boolean }> {
    const local = this.inFlight.get(key);
    if (local) return { result: await local, replayed: true };
    const storeKey = `idem:${this.namespace}:${key}`;
    const deadline = this.now() + this.waitMs;
    for (;;) {
      const record = await this.store.get<Pending | Done<T>>(storeKey);
      if (record?.state === 'done') return { result: record.result, replayed: true };
      if (!record && (await this.store.claim(storeKey, { state: 'pending', since: this.now() } satisfies Pending, this.pendingTtlMs))) break;
      const again = this.inFlight.get(key);
      if (again) return { result: await again, replayed: true };
      if (this.now() >= deadline) throw new IdempotencyBusyError(`${this.namespace} ${key} is being applied elsewhere; retry later`);
      // Another instance holds the claim: its result, or the claim's expiry if it died, is a few ms away.
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const result = apply();
    this.inFlight.set(key, result);
    try {
      const value = await result;
      // Not awaited here: a batch of events commits its results together (see `settled`).
      const write = final(value) ? this.store.put(storeKey, { state: 'done', result: value } satisfies Done<T>, this.ttlMs) : this.store.delete(storeKey);
      this.writes.add(write);
      void write.finally(() => this.writes.delete(write)).catch(() => {});
      return { result: value, replayed: false };
    } catch (error) {
      await this.store.delete(storeKey);
      throw error;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Resolves when every result recorded so far is committed; rejects if one could not be. Call it
   * before acknowledging anything to the caller, so an acknowledged result survives a crash.
   */
  async settled(): Promise<void> {
    await Promise.all(this.writes);
  }
}
