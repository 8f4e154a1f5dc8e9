/**
 * Where the proxy keeps what must outlive one request: idempotency records, replay nonces, held
 * quotes, payments and the lanes' recent events. Three backends share this contract:
 *
 * - `memory`: one process, lost on restart (unit tests only);
 * - `embedded`: LMDB on local disk, survives restarts, shared by processes on one machine;
 * - `redis`: shared by any number of instances (scale-out).
 *
 * Values are JSON. Every record has a time to live, so nothing grows without bound.
 */

export type StateStoreKind = 'memory' | 'embedded' | 'redis';

/** One record to write, for calls that write several at once. */
export interface StoreWrite {
  key: string;
  value: unknown;
  ttlMs: number;
}

export interface PutOptions {
  /**
   * The caller answers before the write settles, so the backend keeps the write's I/O off the
   * caller's thread (LMDB commits it on its write thread, never on the event loop).
   */
  background?: boolean;
}

export interface StateStore {
  readonly kind: StateStoreKind;
  get<T>(key: string): Promise<T | undefined>;
  /** `ttlMs` Infinity keeps the value until it is replaced or deleted. */
  put(key: string, value: unknown, ttlMs: number, options?: PutOptions): Promise<void>;
  /**
   * Stores `value` only if the key holds nothing live; true when this call stored it. Atomic
   * across every process sharing the store: exactly one of many concurrent claims wins.
   * `alongWith` are written unconditionally in the same commit, whatever the claim's outcome.
   */
  claim(key: string, value: unknown, ttlMs: number, alongWith?: readonly StoreWrite[]): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Appends to a list kept to its newest `max` items, and renews the list's time to live. */
  append(key: string, value: unknown, max: number, ttlMs: number): Promise<void>;
  list<T>(key: string): Promise<T[]>;
  /** The next number of a counter that only grows, across restarts and instances. */
  nextId(counter: string): Promise<number>;
  /** Where a counter of nextId and numberFor stands now (0 before its first number); nothing is counted. */
  counterValue(counter: string): Promise<number>;
  /**
   * The number `key` holds; if it holds none, the next number of `counter`, kept under `key` for
   * `ttlMs`. One atomic step across every process sharing the store: concurrent calls for one key
   * all get the same number, and no number of the counter ever goes to two keys.
   */
  numberFor(key: string, counter: string, ttlMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Thrown when the backing store cannot be reached or refuses a write. */
export class StateStoreError extends Error {
  override name = 'StateStoreError';
}

interface Envelope {
  value: unknown;
  expiresAt: number;
}

export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, Envelope>();

  constructor(private readonly now: () => number = Date.now) {}

  async get<T>(key: string): Promise<T | undefined> {
    return this.live(key)?.value as T | undefined;
  }

  async put(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.records.set(key, { value: structuredClone(value), expiresAt: this.now() + ttlMs });
  }

  async claim(key: string, value: unknown, ttlMs: number, alongWith: readonly StoreWrite[] = []): Promise<boolean> {
    for (const write of alongWith) await this.put(write.key, write.value, write.ttlMs);
    if (this.live(key)) return false;
    await this.put(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.records.delete(key);
  }

  async append(key: string, value: unknown, max: number, ttlMs: number): Promise<void> {
    const list = [...((this.live(key)?.value as unknown[]) ?? []), structuredClone(value)].slice(-max);
    this.records.set(key, { value: list, expiresAt: this.now() + ttlMs });
  }

  async list<T>(key: string): Promise<T[]> {
    return [...((this.live(key)?.value as T[]) ?? [])];
  }

  async nextId(counter: string): Promise<number> {
    return this.increment(counter);
  }

  async counterValue(counter: string): Promise<number> {
    return (this.live(`#${counter}`)?.value as number | undefined) ?? 0;
  }

  async numberFor(key: string, counter: string, ttlMs: number): Promise<number> {
    // No await between the read and the writes: nothing can interleave.
    const held = this.live(key)?.value as number | undefined;
    if (held !== undefined) return held;
    const next = this.increment(counter);
    this.records.set(key, { value: next, expiresAt: this.now() + ttlMs });
    return next;
  }

  private increment(counter: string): number {
    const next = ((this.live(`#${counter}`)?.value as number) ?? 0) + 1;
    this.records.set(`#${counter}`, { value: next, expiresAt: Infinity });
    return next;
  }

  async close(): Promise<void> {
    this.records.clear();
  }

  private live(key: string): Envelope | undefined {
    const record = this.records.get(key);
    if (record && record.expiresAt <= this.now()) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }
}
