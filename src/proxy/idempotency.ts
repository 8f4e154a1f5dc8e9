/**
 * Remembers what was done for each idempotency key, so a replayed event, payment or notification
 * returns the first result and applies nothing twice: when the replay arrives while the first is
 * still in flight, after a restart (embedded store) or at another instance (Redis).
 *
 * A key is first claimed as "pending", then holds the result. A claim still pending after
 * `interruptedAfterMs` belongs to an apply that died with its process (kill -9, power cut): nobody
 * knows whether the platform took it. The first caller to find it so takes it over, and the
 * caller's `ifInterrupted` decides: apply again (when the platform dedupes, as payments do by
 * payToken, externalOrderId or orderId), or record a result that says so (when a second apply
 * could double a record, which then goes to staff instead).
 */
import type { StateStore, StoreWrite } from './state/store.js';

interface Pending {
  state: 'pending';
  /** When the apply started; a claim this old is an interrupted apply. */
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
  /** How long an apply may stay pending before it counts as interrupted (its process died). */
  interruptedAfterMs?: number;
  /** How long a caller waits for another instance's pending claim before giving up. */
  waitMs?: number;
  now?: () => number;
}

const POLL_MS = 25;

export class IdempotencyStore<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  /**
   * Results not yet committed. The next claim commits them in its own transaction, so a crash
   * while the next event is applied cannot lose them; `settled()` commits whatever is left.
   */
  private unflushed: StoreWrite[] = [];
  /** Claims carrying results, still committing; `settled()` waits for them too. */
  private readonly carrying = new Set<Promise<boolean>>();
  private readonly ttlMs: number;
  private readonly interruptedAfterMs: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 14 * 24 * 3600_000;
    this.interruptedAfterMs = options.interruptedAfterMs ?? 30_000;
    this.waitMs = options.waitMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Runs `apply` once per key. Later calls get the first call's result and `replayed: true`.
   * If `apply` fails, or its result is not `final`, the key is forgotten so a retry can apply it.
   * `ifInterrupted` answers for an apply that died midway: a result to record instead, or
   * undefined to apply again.
   */
  async once(key: string, apply: () => Promise<T>, final: (result: T) => boolean, ifInterrupted: () => T | undefined = () => undefined): Promise<{ result: T; replayed: boolean }> {
    const local = this.inFlight.get(key);
    if (local) return { result: await local, replayed: true };
    const storeKey = `idem:${this.namespace}:${key}`;
    const deadline = this.now() + this.waitMs;
    for (;;) {
      const uncommitted = this.unflushed.find((write) => write.key === storeKey);
      if (uncommitted) return { result: (uncommitted.value as Done<T>).result, replayed: true };
      const record = await this.store.get<Pending | Done<T>>(storeKey);
      if (record?.state === 'done') return { result: record.result, replayed: true };
      if (!record) {
        if (await this.claim(storeKey)) break;
        continue;
      }
      const again = this.inFlight.get(key);
      if (again) return { result: await again, replayed: true };
      if (this.now() - record.since >= this.interruptedAfterMs && (await this.store.claim(`${storeKey}:takeover:${record.since}`, true, this.interruptedAfterMs + this.waitMs))) {
        const verdict = ifInterrupted();
        if (verdict === undefined) {
          await this.store.put(storeKey, this.pending(), this.ttlMs);
          break;
        }
        await this.store.put(storeKey, { state: 'done', result: verdict } satisfies Done<T>, this.ttlMs);
        return { result: verdict, replayed: false };
      }
      if (this.now() >= deadline) throw new IdempotencyBusyError(`${this.namespace} ${key} is being applied elsewhere; retry later`);
      // Another instance is applying it: its result is usually a few ms away.
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const result = apply();
    this.inFlight.set(key, result);
    try {
      const value = await result;
      if (final(value)) this.unflushed.push({ key: storeKey, value: { state: 'done', result: value } satisfies Done<T>, ttlMs: this.ttlMs });
      else await this.store.delete(storeKey);
      return { result: value, replayed: false };
    } catch (error) {
      await this.store.delete(storeKey);
      throw error;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private claim(storeKey: string): Promise<boolean> {
    const alongWith = this.unflushed;
    this.unflushed = [];
    const claim = this.store.claim(storeKey, this.pending(), this.ttlMs, alongWith);
    if (alongWith.length > 0) {
      this.carrying.add(claim);
      claim.then(
        () => this.carrying.delete(claim),
        () => (this.carrying.delete(claim), this.unflushed.unshift(...alongWith)),
      );
    }
    return claim;
  }

  private pending(): Pending {
    return { state: 'pending', since: this.now() };
  }

  /**
   * Resolves when every result recorded so far is committed; rejects if one could not be. Call it
   * before acknowledging anything to the caller, so an acknowledged result survives a crash.
   */
  async settled(): Promise<void> {
    const left = this.unflushed;
    this.unflushed = [];
    await Promise.all([...this.carrying, ...left.map((write) => this.store.put(write.key, write.value, write.ttlMs))]);
  }
}
