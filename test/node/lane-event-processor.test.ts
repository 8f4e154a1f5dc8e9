/** The outbox endpoint's rules when the platform misbehaves: retry what may pass later, refuse what never will, keep order. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LaneEventEnvelope, OfflineBillPayload } from '../../src/core/lane-events.js';
import { UpstreamError } from '../../src/proxy/errors.js';
import { INTERRUPTED_BILL_REASON, LaneEventProcessor } from '../../src/proxy/lane-event-processor.js';
import { createLogger } from '../../src/proxy/log.js';
import type { LotRuntime } from '../../src/proxy/lot-runtime.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';

function lotWith(reportOfflineBill: (bill: OfflineBillPayload) => Promise<void>): LotRuntime {
  return {
    settings: { lanes: [{ laneId: 'exit-1', direction: 'exit' }] } as LotRuntime['settings'],
    city: null,
    unifiedPayment: null,
    freeSpaces: {} as LotRuntime['freeSpaces'],
    feeSource: { platform: 'welink', capabilities: new Set(['quote', 'offline-bill']), quote: async () => ({}) as never, confirmPaid: async () => {}, reportOfflineBill },
  };
}

let n = 0;
const bill = (stream = 's1'): LaneEventEnvelope => {
  n += 1;
  const now = Date.now();
  return {
    key: `key-${String(n).padStart(6, '0')}`,
    stream,
    type: 'offline-bill',
    createdAt: now,
    payload: { plate: '沪A12345', enteredAtMs: now - 60_000, exitAtMs: now, payableFen: 500, discountFen: 0, paidFen: 0, amountFen: 500, settlement: 'cash', note: '', staff: 'S1' },
  };
};

test('a failed event holds back the rest of its stream, not other streams; nothing is applied twice', async () => {
  let failuresLeft = 1;
  const applied: string[] = [];
  const lot = lotWith(async (b) => {
    if (failuresLeft-- > 0) throw new UpstreamError('welink', 'unreachable', 'unreachable', 'Welink unreachable');
    applied.push(b.staff);
  });
  const processor = new LaneEventProcessor(new MemoryStateStore(), createLogger([], () => {}));
  const a1 = { ...bill('a'), payload: { ...(bill().payload as object), staff: 'a1' } };
  const a2 = { ...bill('a'), payload: { ...(bill().payload as object), staff: 'a2' } };
  const b1 = { ...bill('b'), payload: { ...(bill().payload as object), staff: 'b1' } };
  const first = await processor.deliver(lot, 'exit-1', [a1, a2, b1]);
  assert.deepEqual(first.map((r) => r.status), ['retry', 'retry', 'accepted']);
  assert.deepEqual(applied, ['b1'], 'a2 waited for a1 although the platform would have taken it');
  const second = await processor.deliver(lot, 'exit-1', [a1, a2, b1]);
  assert.deepEqual(second.map((r) => r.status), ['accepted', 'accepted', 'duplicate']);
  assert.deepEqual(applied, ['b1', 'a1', 'a2'], 'stream a in order, b not applied twice');
});

test('the platform refusing the content → rejected with its code; a 5xx-like failure → retry', async () => {
  const processor = new LaneEventProcessor(new MemoryStateStore(), createLogger([], () => {}));
  const refused = await processor.deliver(lotWith(async () => Promise.reject(new UpstreamError('welink', 'invalid-request', '0001', 'invalid parameter'))), 'exit-1', [bill()]);
  assert.equal(refused[0]!.status, 'rejected');
  assert.match((refused[0] as { reason: string }).reason, /welink:0001/);
  const busy = await processor.deliver(lotWith(async () => Promise.reject(new UpstreamError('welink', 'upstream-failure', '0006', 'system error'))), 'exit-1', [bill()]);
  assert.equal(busy[0]!.status, 'retry');
});

test('concurrent deliveries of one key apply it once', async () => {
  let calls = 0;
  const lot = lotWith(async () => {
    calls += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  const processor = new LaneEventProcessor(new MemoryStateStore(), createLogger([], () => {}));
  const event = bill();
  const results = await Promise.all([processor.deliver(lot, 'exit-1', [event]), processor.deliver(lot, 'exit-1', [event])]);
  assert.deepEqual(results.map((r) => r[0]!.status).sort(), ['accepted', 'duplicate']);
  assert.equal(calls, 1);
});

test('malformed events are refused one by one, the rest of the batch is applied', async () => {
  const processor = new LaneEventProcessor(new MemoryStateStore(), createLogger([], () => {}));
  const good = bill();
  const results = await processor.deliver(lotWith(async () => {}), 'exit-1', [{ key: 'short' }, { ...bill(), type: 'teleport' }, good]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'accepted']);
});

/** What a proxy killed mid-apply leaves behind: the event's claim, still pending, from `agoMs` ago. */
async function interruptedClaim(store: MemoryStateStore, laneId: string, key: string, agoMs: number): Promise<void> {
  assert.ok(await store.claim(`idem:outbox:${laneId}:${key}`, { state: 'pending', since: Date.now() - agoMs }, 3600_000));
}

test('an offline bill cut short by a crash goes to staff, never to the platform a second time', async () => {
  const store = new MemoryStateStore();
  const applied: string[] = [];
  const processor = new LaneEventProcessor(store, createLogger([], () => {}), { interruptedAfterMs: 200 });
  const lot = lotWith(async (b) => void applied.push(b.staff));
  const cut = bill();
  await interruptedClaim(store, 'exit-1', cut.key, 60_000);
  const [answer] = await processor.deliver(lot, 'exit-1', [cut]);
  assert.deepEqual(answer, { key: cut.key, status: 'rejected', reason: INTERRUPTED_BILL_REASON });
  assert.deepEqual(applied, [], 'not sent again: Welink cannot tell a repeated bill from a second car');
  const [again] = await processor.deliver(lot, 'exit-1', [cut]);
  assert.equal(again!.status, 'rejected', 'the verdict is remembered like any result');
  assert.deepEqual(applied, []);
});

test('a passage cut short by a crash is applied again once its claim is old enough, and only then', async () => {
  const store = new MemoryStateStore();
  const processor = new LaneEventProcessor(store, createLogger([], () => {}), { interruptedAfterMs: 300 });
  const passage: LaneEventEnvelope = { key: 'leave-000001', stream: 'exit', type: 'leave', createdAt: Date.now(), payload: { plate: '沪A12345', atMs: Date.now() } };
  await interruptedClaim(store, 'exit-1', passage.key, 0);
  const started = Date.now();
  const [answer] = await processor.deliver(lotWith(async () => {}), 'exit-1', [passage]);
  assert.equal(answer!.status, 'accepted');
  assert.ok(Date.now() - started >= 300, 'a fresh claim may be another instance at work: it is waited for first');
  assert.equal(processor.appliedCount.get('leave'), 1);
});
