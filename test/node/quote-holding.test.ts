/**
 * Held quotes are answered before their write settles: the answer never waits for the store, the
 * quote is found meanwhile, a failed write is logged by quote id, and a stopped store has them all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LaneStreamHub } from '../../src/proxy/lane-stream.js';
import { createLogger } from '../../src/proxy/log.js';
import { QuoteService } from '../../src/proxy/quotes.js';
import type { LotRuntime } from '../../src/proxy/lot-runtime.js';
import type { FeeSource, PaymentConfirmation, UpstreamBill } from '../../src/proxy/providers/types.js';
import { LocalEventBus } from '../../src/proxy/state/event-bus.js';
import { LmdbStateStore } from '../../src/proxy/state/lmdb-store.js';
import { MemoryStateStore, type PutOptions, type StateStore } from '../../src/proxy/state/store.js';
import { freshStateDir } from '../helpers/proxy-process.js';

const BILL: UpstreamBill = { status: 'due', plate: '沪A12345', enteredAtMs: Date.now() - 3_600_000, minutes: 60, payableFen: 1000, discountFen: 0, paidFen: 0, dueFen: 1000, settlement: { payToken: 'token-1' } };

function world(store: StateStore, bill: UpstreamBill = BILL) {
  const confirmed: Array<{ bill: UpstreamBill; payment: PaymentConfirmation }> = [];
  const feeSource = {
    platform: 'welink',
    capabilities: new Set(['quote', 'confirm-payment']),
    quote: async () => bill,
    confirmPaid: async (bill: UpstreamBill, payment: PaymentConfirmation) => void confirmed.push({ bill, payment }),
  } as unknown as FeeSource;
  const lot: LotRuntime = {
    settings: { lotId: 'lot-1', quoteTtlSeconds: 300, payUrlTemplate: '{publicUrl}/pay/{quoteId}' } as LotRuntime['settings'],
    feeSource,
    city: null,
    unifiedPayment: null,
    freeSpaces: {} as LotRuntime['freeSpaces'],
  };
  const logged: string[] = [];
  const log = createLogger([], (line) => logged.push(line));
  const hub = new LaneStreamHub(store, new LocalEventBus(), 4);
  const quotes = new QuoteService(store, hub, () => feeSource, 'https://lot.example.com', log);
  return { lot, quotes, confirmed, logged, close: () => hub.close() };
}

test('a "nothing to pay" is answered when the store does not answer or fails: without the stay\'s figures, never an error', async () => {
  const noBill: UpstreamBill = { ...BILL, status: 'nothing-to-pay', payableFen: 0, dueFen: 0, settlement: {} };
  for (const broken of [
    class extends MemoryStateStore {
      override get<T>(): Promise<T | undefined> {
        return new Promise(() => {}); // Redis away: ioredis retries for seconds
      }
    },
    class extends MemoryStateStore {
      override async get<T>(): Promise<T | undefined> {
        throw new Error('ECONNREFUSED');
      }
    },
  ]) {
    const w = world(new broken(), noBill);
    const quote = await w.quotes.quote(w.lot, 'exit-1', '沪A12345');
    assert.deepEqual([quote.status, quote.payableFen, quote.dueFen], ['nothing-to-pay', 0, 0]);
    w.close();
  }
});

/** A store whose background puts wait for the test: `release` lets them through, `fail` rejects them. */
class HeldBackStore extends MemoryStateStore {
  private readonly gates: Array<{ release(): void; fail(error: Error): void }> = [];
  override async put(key: string, value: unknown, ttlMs: number, options?: PutOptions): Promise<void> {
    if (options?.background) await new Promise<void>((release, fail) => this.gates.push({ release, fail }));
    return super.put(key, value, ttlMs);
  }
  get waiting(): number {
    return this.gates.length;
  }
  release(): void {
    for (const gate of this.gates.splice(0)) gate.release();
  }
  fail(error: Error): void {
    for (const gate of this.gates.splice(0)) gate.fail(error);
  }
}

test('the quote is answered while its write is still waiting, found and payable meanwhile, and in the store afterwards', async () => {
  const store = new HeldBackStore();
  const w = world(store);
  const quote = await w.quotes.quote(w.lot, 'exit-1', '沪A12345');
  assert.equal(store.waiting, 2, "answered with the writes (the quote, the stay's figures) still held back");
  assert.deepEqual(await w.quotes.find(quote.quoteId), quote);

  const paid = await w.quotes.confirmPayment(quote.quoteId, { amountFen: 1000, channel: 'wechat', paymentRef: 'WX1' });
  assert.equal(paid.duplicate, false);
  assert.equal(w.confirmed[0]!.bill.settlement.payToken, 'token-1', 'confirmed upstream with the held bill');

  let stored = false;
  const done = w.quotes.stored().then(() => (stored = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stored, false, 'stored() waits for the write');
  store.release();
  await done;
  assert.deepEqual((await store.get<{ quote: unknown }>(`quote:${quote.quoteId}`))?.quote, quote);
  w.close();
});

test('a write that fails is logged with the quote id, and the quote is then unknown', async () => {
  const store = new HeldBackStore();
  const w = world(store);
  const quote = await w.quotes.quote(w.lot, 'exit-1', '沪A12345');
  store.fail(new Error('MDB_MAP_FULL'));
  await w.quotes.stored();
  const line = JSON.parse(w.logged.find((l) => l.includes('quote not stored'))!);
  assert.equal(line.level, 'error');
  assert.equal(line.quoteId, quote.quoteId);
  assert.match(JSON.stringify(line), /MDB_MAP_FULL/);
  assert.equal(await w.quotes.find(quote.quoteId), undefined);
  w.close();
});

test('embedded: quotes answered in a burst are all on the disk once stored() resolves, and survive reopening', async () => {
  const dir = freshStateDir();
  const store = new LmdbStateStore(dir);
  const w = world(store);
  const quotes = await Promise.all(Array.from({ length: 40 }, () => w.quotes.quote(w.lot, 'exit-1', '沪A12345')));
  await w.quotes.stored();
  w.close();
  await store.close();
  const reopened = new LmdbStateStore(dir);
  for (const quote of quotes) assert.equal((await reopened.get<{ quote: { quoteId: string } }>(`quote:${quote.quoteId}`))?.quote.quoteId, quote.quoteId);
  await reopened.close();
});
