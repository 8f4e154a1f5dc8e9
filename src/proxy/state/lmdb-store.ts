/**
 * The embedded store: LMDB through the lmdb package. A write's promise resolves once its commit is
 * on the disk: lmdb flushes every commit before reporting it, on the calling thread for synchronous
 * transactions (claims, puts into a quiet store) and on its write thread for grouped ones, whose
 * writes then share one flush. So an acknowledged record survives a crash of the process and a
 * power cut alike. LMDB takes one write lock across processes, which makes `claim` atomic even for
 * two proxies on one machine sharing the folder.
 */
import { mkdirSync } from 'node:fs';
import { open, type RootDatabase } from 'lmdb';
import { CommitPacing } from './commit-pacing.js';
import { StateStoreError, type PutOptions, type StateStore, type StoreWrite } from './store.js';

interface Envelope {
  value: unknown;
  expiresAt: number;
}

const PRUNE_EVERY_MS = 10 * 60_000;
/**
 * Writes queued within this long share one commit. Each commit costs a disk sync (~270 µs of CPU
 * here); under load, grouping them gave the fee-quote route ~10% more throughput for ≤2 ms of
 * latency. Claims are synchronous transactions and do not wait.
 */
const GROUP_COMMIT_MS = 2;
/** How long the store must have been idle for a put to commit at once (see CommitPacing). */
const QUIET_MS = 2;

export class LmdbStateStore implements StateStore {
  readonly kind = 'embedded';
  private readonly db: RootDatabase<Envelope, string>;
  private readonly pruner: NodeJS.Timeout;
  private readonly pacing = new CommitPacing(QUIET_MS);

  constructor(
    path: string,
    private readonly now: () => number = Date.now,
  ) {
    try {
      mkdirSync(path, { recursive: true });
      // noSubdir: lmdb would take a folder named like `state.v2` for a database file.
      this.db = open<Envelope, string>({ path, noSubdir: false, compression: false, commitDelay: GROUP_COMMIT_MS });
    } catch (cause) {
      throw new StateStoreError(`cannot open the state store at ${path}: ${(cause as Error).message}`, { cause });
    }
    this.pruner = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
    void this.prune();
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.live(key)?.value as T | undefined;
  }

  async put(key: string, value: unknown, ttlMs: number, { background = false }: PutOptions = {}): Promise<void> {
    const record = { value, expiresAt: this.now() + ttlMs };
    // A background put counts as in flight (later puts group with it) but never commits on the
    // caller's thread: its flush would stall the event loop the caller meant to free.
    const commitNow = this.pacing.begin(performance.now()) === 'now' && !background;
    try {
      if (commitNow) this.db.transactionSync(() => this.db.putSync(key, record));
      else await this.db.put(key, record);
    } finally {
      this.pacing.ended(performance.now());
    }
  }

  async claim(key: string, value: unknown, ttlMs: number, alongWith: readonly StoreWrite[] = []): Promise<boolean> {
    // A synchronous transaction: a third cheaper than queuing one, and claims sit on the hot path
    // of every outbox event and payment.
    return this.db.transactionSync(() => {
      for (const write of alongWith) this.db.putSync(write.key, { value: write.value, expiresAt: this.now() + write.ttlMs });
      if (this.live(key)) return false;
      this.db.putSync(key, { value, expiresAt: this.now() + ttlMs });
      return true;
    });
  }

  async delete(key: string): Promise<void> {
    await this.db.remove(key);
  }

  async append(key: string, value: unknown, max: number, ttlMs: number): Promise<void> {
    await this.db.transaction(() => {
      const list = [...((this.live(key)?.value as unknown[]) ?? []), value].slice(-max);
      void this.db.put(key, { value: list, expiresAt: this.now() + ttlMs });
    });
  }

  async list<T>(key: string): Promise<T[]> {
    return [...((this.live(key)?.value as T[]) ?? [])];
  }

  nextId(counter: string): Promise<number> {
    const key = `#${counter}`;
    return this.db.transaction(() => {
      const next = ((this.db.get(key)?.value as number) ?? 0) + 1;
      void this.db.put(key, { value: next, expiresAt: Infinity });
      return next;
    });
  }

  async counterValue(counter: string): Promise<number> {
    return (this.db.get(`#${counter}`)?.value as number | undefined) ?? 0;
  }

  async numberFor(key: string, counter: string, ttlMs: number): Promise<number> {
    // Most calls ask about a key that already holds its number: a read needs no commit.
    const known = this.live(key)?.value as number | undefined;
    if (known !== undefined) return known;
    // One write transaction: LMDB's write lock spans processes, so two proxies on one folder agree.
    return this.db.transaction(() => {
      const held = this.live(key)?.value as number | undefined;
      if (held !== undefined) return held;
      const countKey = `#${counter}`;
      const next = ((this.db.get(countKey)?.value as number) ?? 0) + 1;
      void this.db.put(countKey, { value: next, expiresAt: Infinity });
      void this.db.put(key, { value: next, expiresAt: this.now() + ttlMs });
      return next;
    });
  }

  async close(): Promise<void> {
    clearInterval(this.pruner);
    await this.db.close();
  }

  private live(key: string): Envelope | undefined {
    const record = this.db.get(key);
    return record && record.expiresAt > this.now() ? record : undefined;
  }

  private async prune(): Promise<void> {
    const now = this.now();
    for (const { key, value } of this.db.getRange()) {
      if (value.expiresAt <= now) await this.db.remove(key);
    }
  }
}
