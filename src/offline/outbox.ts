/**
 * The lane's durable outbox (IndexedDB through idb). Every event is stored before it is sent and
 * deleted only when the proxy acknowledges it; the proxy dedupes by key, so delivery is at least
 * once and application exactly once. FIFO within a stream, batched on the wire, retried with
 * backoff and Retry-After, and anything the proxy refuses is parked as a dead letter for staff.
 * One tab at a time flushes: Web Locks elect it.
 *
 * Events: `change` (the queue or its state changed), `storage-error` (a write was refused).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ProxyRequestError } from '../client/errors.js';
import type { DeliveryResult, LaneEventEnvelope, LaneEventType } from '../core/lane-events.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface Attempt {
  at: number;
  outcome: 'network' | 'server' | 'rate-limited' | 'retry' | 'rejected';
  message: string;
}

export interface StoredEvent extends LaneEventEnvelope {
  seq?: number;
  attempts: Attempt[];
}

export interface DeadLetter extends StoredEvent {
  reason: string;
  parkedAt: number;
}

interface OutboxSchema extends DBSchema {
  events: { key: number; value: StoredEvent; indexes: { 'by-key': string } };
  dead: { key: string; value: DeadLetter };
  meta: { key: string; value: { name: string; value: number } };
}

export interface OutboxState {
  depth: number;
  oldestCreatedAt: number | null;
  lastSuccessAt: number | null;
  deadLetters: number;
  /** Set when IndexedDB refused a write (quota, disk full); cleared by the next good write. */
  storageError: string | null;
  /** Depth has passed the alarm share of `maxEvents`. */
  nearCapacity: boolean;
  /** The last delivery failure, while the outbox is backing off. */
  lastError: string | null;
  nextAttemptAt: number | null;
}

export class OutboxStorageError extends Error {
  override name = 'OutboxStorageError';
}

export interface OutboxOptions {
  /** Sends one batch; the lane client's `deliver`. */
  send(batch: LaneEventEnvelope[]): Promise<DeliveryResult[]>;
  dbName?: string;
  batchSize?: number;
  backoff?: BackoffPolicy;
  /** Retention limit; the alarm sounds at `alarmRatio` of it, well before. */
  maxEvents?: number;
  alarmRatio?: number;
  /** Web Lock and BroadcastChannel name shared by this lane's tabs. */
  lockName?: string;
  /** How often the leader tries anyway (a periodic probe while offline). */
  probeIntervalMs?: number;
  now?: () => number;
}

export interface FlushReport {
  sent: number;
  delivered: number;
  parked: number;
  requests: number;
  outcome: 'drained' | 'backing-off' | 'failed';
}

const ATTEMPTS_KEPT = 10;

export class Outbox extends EventTarget {
  private readonly options: Required<Omit<OutboxOptions, 'send'>> & Pick<OutboxOptions, 'send'>;
  private flushing: Promise<FlushReport> | null = null;
  private pausedUntil = 0;
  private failures = 0;
  private lastError: string | null = null;
  private storageError: string | null = null;
  private readonly channel: BroadcastChannel;
  private wake: (() => void) | null = null;
  private closed = false;
  private leadership: AbortController | null = null;

  private constructor(
    private readonly db: IDBPDatabase<OutboxSchema>,
    options: OutboxOptions,
  ) {
    super();
    this.options = {
      dbName: 'lane-kiosk-outbox',
      batchSize: 500,
      backoff: DEFAULT_BACKOFF,
      maxEvents: 100_000,
      alarmRatio: 0.5,
      lockName: 'lane-kiosk-outbox',
      probeIntervalMs: 15_000,
      now: Date.now,
      ...options,
    };
    this.channel = new BroadcastChannel(this.options.lockName);
    this.channel.onmessage = () => {
      this.wake?.();
      this.changed();
    };
  }

  static async open(options: OutboxOptions): Promise<Outbox> {
    const db = await openDB<OutboxSchema>(options.dbName ?? 'lane-kiosk-outbox', 1, {
      upgrade(database) {
        const events = database.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
        events.createIndex('by-key', 'key', { unique: true });
        database.createObjectStore('dead', { keyPath: 'key' });
        database.createObjectStore('meta', { keyPath: 'name' });
      },
    });
    return new Outbox(db, options);
  }

  /** Stores an event durably, before anything is sent. Resolves with its idempotency key. */
  async enqueue(type: LaneEventType, stream: string, payload: unknown, key: string = crypto.randomUUID()): Promise<string> {
    const event: StoredEvent = { key, stream, type, payload, createdAt: this.options.now(), attempts: [] };
    try {
      await this.db.add('events', event);
    } catch (error) {
      if ((error as DOMException).name === 'ConstraintError') return key; // Already queued under this key.
      this.storageError = `${(error as DOMException).name}: ${(error as Error).message}`;
      this.dispatchEvent(new CustomEvent('storage-error', { detail: this.storageError }));
      this.changed();
      throw new OutboxStorageError(`the lane event could not be stored: ${this.storageError}`, { cause: error });
    }
    this.storageError = null;
    this.notify();
    return key;
  }

  /** Sends everything due, batch by batch, until the queue is empty or delivery fails. */
  flush(): Promise<FlushReport> {
    this.flushing ??= this.flushAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /**
   * Becomes the flusher when this tab gets the lane's Web Lock, and keeps flushing on enqueue,
   * on `online`, on a periodic probe and when a backoff ends, until `close()`.
   */
  lead(): void {
    if (this.leadership) return;
    const leadership = (this.leadership = new AbortController());
    navigator.locks
      .request(this.options.lockName, { signal: leadership.signal }, async () => {
        const onOnline = () => {
          this.pausedUntil = 0;
          this.wake?.();
        };
        addEventListener('online', onOnline);
        try {
          while (!this.closed) {
            await this.flush().catch(() => {});
            if (this.closed) break;
            const wait = this.pausedUntil > this.options.now() ? this.pausedUntil - this.options.now() : this.options.probeIntervalMs;
            await this.sleep(wait);
          }
        } finally {
          removeEventListener('online', onOnline);
        }
      })
      .catch(() => {}); // Closed while another tab held the lock: the request was withdrawn.
  }

  /**
   * Waits `ms` or until woken (an enqueue, `online`, another tab, `close()`), whichever comes
   * first. Each wait owns its timer and its wake-up and leaves neither behind: a lane idles for
   * weeks, one pass every probe, so nothing may accumulate per pass.
   */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wakeUp = () => {
        clearTimeout(timer);
        if (this.wake === wakeUp) this.wake = null;
        resolve();
      };
      const timer = setTimeout(wakeUp, ms);
      this.wake = wakeUp;
    });
  }

  async state(): Promise<OutboxState> {
    const tx = this.db.transaction(['events', 'dead', 'meta']);
    const [depth, oldest, deadLetters, lastSuccess] = await Promise.all([
      tx.objectStore('events').count(),
      tx.objectStore('events').openCursor(),
      tx.objectStore('dead').count(),
      tx.objectStore('meta').get('lastSuccessAt'),
    ]);
    return {
      depth,
      oldestCreatedAt: oldest?.value.createdAt ?? null,
      lastSuccessAt: lastSuccess?.value ?? null,
      deadLetters,
      storageError: this.storageError,
      nearCapacity: depth >= this.options.maxEvents * this.options.alarmRatio,
      lastError: this.lastError,
      nextAttemptAt: this.pausedUntil > this.options.now() ? this.pausedUntil : null,
    };
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.db.getAll('dead');
  }

  /** Staff: put a parked event back at the end of the queue, under the same key. */
  async retryDeadLetter(key: string): Promise<void> {
    const tx = this.db.transaction(['dead', 'events'], 'readwrite');
    const dead = await tx.objectStore('dead').get(key);
    if (dead) {
      const { reason: _reason, parkedAt: _parkedAt, seq: _seq, ...event } = dead;
      await tx.objectStore('events').add(event);
      await tx.objectStore('dead').delete(key);
    }
    await tx.done;
    this.notify();
  }

  /** Staff: the parked events as JSON, for a support ticket or a manual entry upstream. */
  async exportDeadLetters(): Promise<string> {
    return JSON.stringify(await this.deadLetters(), null, 2);
  }

  close(): void {
    this.closed = true;
    this.leadership?.abort();
    this.wake?.();
    this.channel.close();
    this.db.close();
  }

  private async flushAll(): Promise<FlushReport> {
    const report: FlushReport = { sent: 0, delivered: 0, parked: 0, requests: 0, outcome: 'drained' };
    for (;;) {
      if (this.pausedUntil > this.options.now()) return { ...report, outcome: 'backing-off' };
      const batch = await this.db.getAll('events', null, this.options.batchSize);
      if (batch.length === 0) return report;
      report.requests += 1;
      report.sent += batch.length;
      let results: DeliveryResult[];
      try {
        results = await this.options.send(batch.map(({ key, stream, type, createdAt, payload }) => ({ key, stream, type, createdAt, payload })));
      } catch (error) {
        await this.recordFailure(batch, error);
        return { ...report, outcome: 'failed' };
      }
      const outcome = await this.settle(batch, results);
      report.delivered += outcome.delivered;
      report.parked += outcome.parked;
      if (outcome.held > 0) {
        this.pausedUntil = this.options.now() + backoffDelay(++this.failures, this.options.backoff);
        this.changed();
        return { ...report, outcome: 'backing-off' };
      }
      this.failures = 0;
      this.lastError = null;
    }
  }

  /** Applies per-event answers in one transaction: delete the acknowledged, park the refused. */
  private async settle(batch: StoredEvent[], results: DeliveryResult[]): Promise<{ delivered: number; parked: number; held: number }> {
    const byKey = new Map(results.map((r) => [r.key, r]));
    const now = this.options.now();
    const tx = this.db.transaction(['events', 'dead', 'meta'], 'readwrite');
    const events = tx.objectStore('events');
    let delivered = 0;
    let parked = 0;
    let held = 0;
    const writes: Promise<unknown>[] = [];
    for (const event of batch) {
      const result = byKey.get(event.key);
      if (!result) {
        held += 1;
        continue;
      }
      if (result.status === 'accepted' || result.status === 'duplicate') {
        writes.push(events.delete(event.seq!));
        delivered += 1;
      } else if (result.status === 'rejected') {
        const attempts = [...event.attempts, { at: now, outcome: 'rejected', message: result.reason } as Attempt].slice(-ATTEMPTS_KEPT);
        writes.push(tx.objectStore('dead').put({ ...event, attempts, reason: result.reason, parkedAt: now }), events.delete(event.seq!));
        parked += 1;
      } else {
        held += 1;
        const attempts = [...event.attempts, { at: now, outcome: 'retry', message: 'reason' in result ? result.reason : '' } as Attempt].slice(-ATTEMPTS_KEPT);
        writes.push(events.put({ ...event, attempts }));
      }
    }
    if (delivered > 0) writes.push(tx.objectStore('meta').put({ name: 'lastSuccessAt', value: now }));
    if (held > 0) this.lastError = 'the proxy asked to retry some events later';
    await Promise.all([...writes, tx.done]);
    this.changed();
    return { delivered, parked, held };
  }

  private async recordFailure(batch: StoredEvent[], error: unknown): Promise<void> {
    const now = this.options.now();
    let outcome: Attempt['outcome'] = 'network';
    let retryAfterMs: number | undefined;
    if (error instanceof ProxyRequestError) {
      outcome = error.status === 429 ? 'rate-limited' : 'server';
      retryAfterMs = error.retryAfterMs;
    }
    this.lastError = `${outcome}: ${(error as Error).message}`;
    this.pausedUntil = now + backoffDelay(++this.failures, this.options.backoff, retryAfterMs);
    // The head of the queue carries the attempt history; writing it on every event would cost a
    // rewrite of the whole backlog per failed try.
    const head = batch[0];
    if (head) {
      const attempts = [...head.attempts, { at: now, outcome, message: (error as Error).message }].slice(-ATTEMPTS_KEPT);
      await this.db.put('events', { ...head, attempts }).catch(() => {});
    }
    this.changed();
  }

  private notify(): void {
    this.channel.postMessage('enqueued');
    this.wake?.();
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
