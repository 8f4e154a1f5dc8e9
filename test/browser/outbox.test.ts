/** The outbox against real IndexedDB and the real proxy (embedded Welink simulator), in Chromium. */
import { expect } from '@esm-bundle/chai';
import { ProxyRequestError } from '../../src/client/errors.js';
import { LaneClient } from '../../src/client/lane-client.js';
import type { DeliveryResult, LaneEventEnvelope, OfflineBillPayload } from '../../src/core/lane-events.js';
import { Outbox, OutboxStorageError, type OutboxOptions } from '../../src/offline/outbox.js';
import { LANE, nextEvent } from './support.js';

const client = new LaneClient(LANE);
const opened: Outbox[] = [];
let plateCounter = Math.floor(Math.random() * 50_000);

function bill(overrides: Partial<OfflineBillPayload> = {}): OfflineBillPayload {
  plateCounter += 1;
  const now = Date.now();
  return {
    plate: `沪K${String(plateCounter).padStart(5, '0')}`,
    enteredAtMs: now - 3_600_000,
    exitAtMs: now,
    payableFen: 500,
    discountFen: 0,
    paidFen: 0,
    amountFen: 500,
    settlement: 'cash',
    note: '',
    staff: 'S01',
    ...overrides,
  };
}

/** A clock the test moves by hand: a backoff is waited out by moving it, never by sleeping. */
function manualClock(): { now: () => number; advanceTo(ms: number): void } {
  let current = Date.now();
  return { now: () => current, advanceTo: (ms) => void (current = ms) };
}

async function open(options: Partial<OutboxOptions> = {}): Promise<Outbox> {
  const outbox = await Outbox.open({
    dbName: `outbox-test-${crypto.randomUUID()}`,
    lockName: `outbox-test-${crypto.randomUUID()}`,
    send: (batch) => client.deliver(batch),
    backoff: { baseMs: 50, maxMs: 400 },
    ...options,
  });
  opened.push(outbox);
  return outbox;
}

const offlineBills = async (): Promise<Array<{ plate: string }>> => (await fetch('/__offline-bills')).json();
const injectFaults = (faults: Array<{ status: number; retryAfter?: string }>) => fetch('/__faults', { method: 'POST', body: JSON.stringify(faults) });

describe('Outbox', () => {
  afterEach(() => {
    for (const outbox of opened.splice(0)) outbox.close();
  });

  it('stores first, delivers in batches, deletes only what the proxy acknowledged, FIFO per stream', async () => {
    const sent: LaneEventEnvelope[][] = [];
    const outbox = await open({ batchSize: 4, send: (batch) => (sent.push(batch), client.deliver(batch)) });
    const bills = Array.from({ length: 10 }, () => bill());
    for (const b of bills) await outbox.enqueue('offline-bill', 'exit-1/welink', b);
    expect((await outbox.state()).depth).to.equal(10);
    const report = await outbox.flush();
    expect(report).to.include({ sent: 10, delivered: 10, requests: 3, outcome: 'drained' });
    expect(sent.map((b) => b.length)).to.deep.equal([4, 4, 2]);
    const state = await outbox.state();
    expect(state.depth).to.equal(0);
    expect(state.lastSuccessAt).to.be.a('number');
    const seen = (await offlineBills()).map((b) => b.plate);
    const ours = seen.filter((plate) => bills.some((b) => b.plate === plate));
    expect(ours).to.deep.equal(bills.map((b) => b.plate), 'each applied once, in order');
  });

  it('a redelivered key is a duplicate, never applied twice', async () => {
    const outbox = await open();
    const payload = bill();
    const key = await outbox.enqueue('offline-bill', 'exit-1/welink', payload);
    await outbox.flush();
    const again: DeliveryResult[] = await client.deliver([{ key, stream: 'exit-1/welink', type: 'offline-bill', createdAt: Date.now(), payload }]);
    expect(again).to.deep.equal([{ key, status: 'duplicate' }]);
    expect((await offlineBills()).filter((b) => b.plate === payload.plate)).to.have.length(1);
    expect(await outbox.enqueue('offline-bill', 'exit-1/welink', payload, 'fixed-key-0001')).to.equal('fixed-key-0001');
    expect(await outbox.enqueue('offline-bill', 'exit-1/welink', payload, 'fixed-key-0001')).to.equal('fixed-key-0001');
    expect((await outbox.state()).depth).to.equal(1, 'the same key queued twice is one event');
  });

  it('survives the proxy being down, then delivers when it is back', async () => {
    let down = true;
    const clock = manualClock();
    const outbox = await open({ now: clock.now, send: (batch) => (down ? new LaneClient({ ...LANE, proxyUrl: 'http://127.0.0.1:9' }) : client).deliver(batch) });
    const payload = bill();
    await outbox.enqueue('offline-bill', 'exit-1/welink', payload);
    expect((await outbox.flush()).outcome).to.equal('failed');
    const state = await outbox.state();
    expect(state.depth).to.equal(1);
    expect(state.lastError).to.match(/^network/);
    expect(state.nextAttemptAt).to.be.a('number');
    down = false;
    expect((await outbox.flush()).outcome, 'still backing off').to.equal('backing-off');
    clock.advanceTo(state.nextAttemptAt!);
    expect((await outbox.flush()).delivered).to.equal(1);
  });

  it('backs off on 500 and honours Retry-After on 429', async () => {
    const clock = manualClock();
    const outbox = await open({ now: clock.now });
    await outbox.enqueue('offline-bill', 'exit-1/welink', bill());
    await injectFaults([{ status: 500 }, { status: 429, retryAfter: '1' }]);
    expect((await outbox.flush()).outcome).to.equal('failed');
    const afterServerError = await outbox.state();
    expect(afterServerError.lastError).to.match(/^server/);
    // First failure: equal jitter within the base delay (50 ms), at least half of it.
    expect(afterServerError.nextAttemptAt! - clock.now()).to.be.within(25, 50);
    clock.advanceTo(afterServerError.nextAttemptAt!);
    expect((await outbox.flush()).outcome).to.equal('failed');
    const state = await outbox.state();
    expect(state.lastError).to.match(/^rate-limited/);
    // Retry-After: 1 second, capped by the test's 400 ms backoff ceiling.
    expect(state.nextAttemptAt! - clock.now()).to.equal(400);
    clock.advanceTo(state.nextAttemptAt! - 1);
    expect((await outbox.flush()).outcome, 'one millisecond early').to.equal('backing-off');
    clock.advanceTo(state.nextAttemptAt!);
    expect((await outbox.flush()).delivered).to.equal(1);
  });

  it('parks a refused event as a dead letter with its reason; staff can export and retry it', async () => {
    const outbox = await open();
    const good = bill();
    await outbox.enqueue('offline-bill', 'exit-1/welink', { ...good, plate: '沪AI2345' });
    await outbox.enqueue('offline-bill', 'exit-1/welink', good);
    const report = await outbox.flush();
    expect(report).to.include({ delivered: 1, parked: 1 });
    const [dead] = await outbox.deadLetters();
    expect(dead!.reason).to.match(/not a valid plate/);
    expect(dead!.attempts.at(-1)!.outcome).to.equal('rejected');
    expect(JSON.parse(await outbox.exportDeadLetters())[0].key).to.equal(dead!.key);
    expect((await outbox.state()).deadLetters).to.equal(1);
    await outbox.retryDeadLetter(dead!.key);
    expect((await outbox.state())).to.include({ depth: 1, deadLetters: 0 });
  });

  it('two tabs share one lock: one flusher at a time, every event once', async () => {
    const lockName = `outbox-shared-${crypto.randomUUID()}`;
    const dbName = `outbox-shared-${crypto.randomUUID()}`;
    let concurrent = 0;
    let maxConcurrent = 0;
    const send: OutboxOptions['send'] = async (batch) => {
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      try {
        return await client.deliver(batch);
      } finally {
        concurrent -= 1;
      }
    };
    const tabA = await open({ lockName, dbName, send, probeIntervalMs: 50 });
    const tabB = await open({ lockName, dbName, send, probeIntervalMs: 50 });
    tabA.lead();
    tabB.lead();
    const bills = Array.from({ length: 20 }, () => bill());
    await Promise.all(bills.map((b, i) => (i % 2 ? tabA : tabB).enqueue('offline-bill', 'exit-1/welink', b)));
    while ((await tabA.state()).depth > 0) await nextEvent(tabA, 'change', () => true, 5000).catch(() => null);
    expect(maxConcurrent).to.equal(1);
    const applied = (await offlineBills()).filter((b) => bills.some((x) => x.plate === b.plate));
    expect(applied).to.have.length(20);
  });

  it('an idle leader leaves nothing behind per pass: no promise collects a reaction each time round', async () => {
    // Every `then` (and Promise.race's per-input `then`) is counted on the promise it is attached to.
    // A loop that races a long-lived promise on each pass shows up as one promise with a reaction
    // per pass, each kept until that promise settles: on an idle lane, never.
    const reactions = new WeakMap<object, number>();
    let most = 0;
    const then = Promise.prototype.then;
    Promise.prototype.then = function (this: Promise<unknown>, ...args: Parameters<typeof then>) {
      const count = (reactions.get(this) ?? 0) + 1;
      reactions.set(this, count);
      most = Math.max(most, count);
      return then.apply(this, args) as never;
    } as typeof then;
    const passes = 200;
    let clockReads = 0;
    let reachedPasses!: () => void;
    const reached = new Promise<void>((resolve) => (reachedPasses = resolve));
    try {
      // A zero probe interval makes the idle loop go round as fast as it can; each pass reads the
      // clock at most three times (the backoff check in flush, the wait, its length).
      const outbox = await open({
        probeIntervalMs: 0,
        now: () => {
          if (++clockReads === passes * 3) reachedPasses();
          return Date.now();
        },
      });
      outbox.lead();
      await reached;
    } finally {
      Promise.prototype.then = then;
    }
    expect(most).to.be.below(10, `one promise collected ${most} reactions over at least ${passes} passes`);
  });

  it('closing the leader gives up the lane lock: the next tab in line gets it', async () => {
    const lockName = `outbox-handover-${crypto.randomUUID()}`;
    const leader = await open({ lockName });
    leader.lead();
    leader.close();
    // Queued behind the leader's request; granted only once the leader's loop has ended.
    const granted = await navigator.locks.request(lockName, () => 'granted');
    expect(granted).to.equal('granted');
  });

  it('says loudly when IndexedDB refuses a write', async () => {
    const outbox = await open();
    const refused = nextEvent(outbox, 'storage-error');
    (outbox as unknown as { db: IDBDatabase }).db.close();
    const error = await outbox.enqueue('offline-bill', 'exit-1/welink', bill()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(OutboxStorageError);
    await refused;
  });

  it('raises the capacity alarm well before the retention limit', async () => {
    const outbox = await open({ maxEvents: 10, alarmRatio: 0.5 });
    for (let i = 0; i < 4; i++) await outbox.enqueue('printer-failure', 'exit-1/device', { reason: 'paper-out', message: 'x', atMs: Date.now() });
    expect((await outbox.state()).nearCapacity).to.equal(false);
    await outbox.enqueue('printer-failure', 'exit-1/device', { reason: 'paper-out', message: 'x', atMs: Date.now() });
    expect((await outbox.state()).nearCapacity).to.equal(true);
  });

  it('keeps its typed errors: the proxy refusing a whole batch is a ProxyRequestError', async () => {
    const error = await client.deliver([]).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ProxyRequestError);
    expect((error as ProxyRequestError).code).to.equal('invalid-batch');
  });
});
