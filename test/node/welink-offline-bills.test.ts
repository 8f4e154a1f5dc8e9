/**
 * addTmpRentBill's enterLaneId for a bill settled at the lane without Welink: the real entry lane
 * when the lot knows it (the entry ticket scanned, an arrive through an entry lane, Welink's own
 * record of the stay), "0" only when nothing says. Over real HTTP on 127.0.0.1: the kiosk's outbox
 * endpoint, the proxy, and the embedded Welink simulator, which refuses a lane id it does not have.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { LaneEventProcessor } from '../../src/proxy/lane-event-processor.js';
import { createLogger } from '../../src/proxy/log.js';
import { WelinkClient, type WelinkCredentials } from '../../src/proxy/providers/welink/client.js';
import { WelinkFeeSource } from '../../src/proxy/providers/welink/fee-source.js';
import type { WelinkSimulator } from '../../src/proxy/sims/welink/simulator.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';
import { apiClient } from '../helpers/api.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

/** entry-1's platformLaneId in config/demo.json, the simulated lot's entry lane. */
const ENTRY_LANE = '3150432953492101';
const HOUR = 3_600_000;

let proxy: DemoProxy;
let welink: WelinkSimulator;
const logged: Array<Record<string, unknown>> = [];
const exitApi = apiClient(() => proxy.url, 'demo-lane-key-exit-1');
const entryApi = apiClient(() => proxy.url, 'demo-lane-key-entry-1');

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, (line) => logged.push(JSON.parse(line))), staticRoot: null });
  welink = proxy.simulators!.welink!;
});
after(() => proxy.close());

let serial = 0;
const key = (what: string) => `${what}-${Date.now()}-${(serial += 1)}`;

function offlineBill(plate: string, exitAtMs: number, extra: Record<string, unknown> = {}) {
  return {
    key: key('bill'),
    stream: 'exit-1/fee',
    type: 'offline-bill',
    createdAt: exitAtMs,
    payload: { plate, enteredAtMs: exitAtMs - 2 * HOUR, exitAtMs, payableFen: 1000, discountFen: 0, paidFen: 0, amountFen: 1000, settlement: 'cash', note: '', staff: 'S07', ...extra },
  };
}

const passage = (type: 'arrive' | 'leave', stream: string, plate: string, atMs: number) => ({ key: key(type), stream, type, createdAt: atMs, payload: { plate, atMs } });

async function deliver(api: typeof exitApi, lane: string, events: unknown[]): Promise<string[]> {
  const { status, body } = await api(`/v1/lanes/${lane}/outbox`, { method: 'POST', json: { events } });
  assert.equal(status, 200, JSON.stringify(body));
  return body.results.map((r: { status: string; reason?: string }) => (r.reason ? `${r.status}: ${r.reason}` : r.status));
}

/** What Welink was told for this bill, and where the proxy learnt it (its log line for the event). */
function reported(event: ReturnType<typeof offlineBill>): { enterLaneId: string; source: unknown } {
  const bill = welink.offlineBills.findLast((b) => b.plate === event.payload.plate);
  assert.ok(bill, `no offline bill for ${event.payload.plate} at Welink`);
  const line = logged.find((l) => l.msg === 'offline bill reported' && l.key === event.key);
  assert.equal(line?.enterLaneId, bill.enterLaneId, 'the log says what Welink was sent');
  return { enterLaneId: bill.enterLaneId, source: line?.enterLaneSource };
}

test('Welink’s own record of the stay gives the entry lane (queryTmpRentBill enterLaneId)', async () => {
  const now = Date.now();
  welink.enter('沪W00001', now - 2 * HOUR);
  const bill = offlineBill('沪W00001', now);
  assert.deepEqual(await deliver(exitApi, 'exit-1', [bill]), ['accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: ENTRY_LANE, source: 'platform' });
  assert.equal(welink.cars.has('沪W00001'), false, 'the bill closed the stay at Welink');
});

test('an arrive through the lot’s entry lane gives it when Welink has no record', async () => {
  const now = Date.now();
  assert.deepEqual(await deliver(entryApi, 'entry-1', [passage('arrive', 'entry-1/passage', '沪W00002', now - 2 * HOUR)]), ['accepted']);
  const bill = offlineBill('沪W00002', now);
  assert.deepEqual(await deliver(exitApi, 'exit-1', [bill]), ['accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: ENTRY_LANE, source: 'register' });
});

test('the staff release’s own leave, applied before its bill (another outbox stream), keeps the entry lane', async () => {
  const now = Date.now();
  assert.deepEqual(await deliver(entryApi, 'entry-1', [passage('arrive', 'entry-1/passage', '沪W00003', now - 2 * HOUR)]), ['accepted']);
  const bill = offlineBill('沪W00003', now);
  assert.deepEqual(await deliver(exitApi, 'exit-1', [passage('leave', 'exit-1/passage', '沪W00003', now), bill]), ['accepted', 'accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: ENTRY_LANE, source: 'register' });
});

test('an arrive of an earlier stay, closed by its leave, says nothing about a later bill: "0"', async () => {
  const now = Date.now();
  assert.deepEqual(await deliver(entryApi, 'entry-1', [passage('arrive', 'entry-1/passage', '沪W00004', now - 5 * HOUR)]), ['accepted']);
  assert.deepEqual(await deliver(exitApi, 'exit-1', [passage('leave', 'exit-1/passage', '沪W00004', now - 4 * HOUR)]), ['accepted']);
  const bill = offlineBill('沪W00004', now);
  assert.deepEqual(await deliver(exitApi, 'exit-1', [bill]), ['accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: '0', source: 'unknown' });
});

test('an arrive reported by an exit lane is no entry lane', async () => {
  const now = Date.now();
  const bill = offlineBill('沪W00005', now);
  assert.deepEqual(await deliver(exitApi, 'exit-1', [passage('arrive', 'exit-1/passage', '沪W00005', now - 2 * HOUR), bill]), ['accepted', 'accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: '0', source: 'unknown' });
});

test('the entry ticket scanned at the exit names the lane, ahead of anything else', async () => {
  const issued = await entryApi('/v1/lanes/entry-1/tickets', { method: 'POST' });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const bill = offlineBill('沪W00006', Date.now(), { entryTicket: issued.body.payload });
  assert.deepEqual(await deliver(exitApi, 'exit-1', [bill]), ['accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: ENTRY_LANE, source: 'ticket' });
});

test('a forged ticket names nothing (warned), and the bill still goes, with "0"', async () => {
  const issued = await entryApi('/v1/lanes/entry-1/tickets', { method: 'POST' });
  const forged = `${issued.body.payload.slice(0, -3)}AAA`;
  const bill = offlineBill('沪W00007', Date.now(), { entryTicket: forged });
  assert.deepEqual(await deliver(exitApi, 'exit-1', [bill]), ['accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: '0', source: 'unknown' });
  assert.ok(logged.some((l) => l.level === 'warn' && /ticket that does not verify/.test(String(l.msg))));
});

test('nothing known: "0", which the simulated Welink accepts; an entryTicket that is not text is refused', async () => {
  const bill = offlineBill('沪W00008', Date.now());
  assert.deepEqual(await deliver(exitApi, 'exit-1', [bill]), ['accepted']);
  assert.deepEqual(reported(bill), { enterLaneId: '0', source: 'unknown' });
  const [refused] = await deliver(exitApi, 'exit-1', [offlineBill('沪W00009', Date.now(), { entryTicket: 42 })]);
  assert.match(refused!, /^rejected: entryTicket must be the scanned ticket text/);
});

test('Welink unreachable while its record is asked: the bill waits in the outbox (retry), it does not go out with "0"', async () => {
  const welinkLot = proxy.lots.get('welink-demo')!;
  const settings = welinkLot.settings.feeSource as WelinkCredentials;
  const unreachable = new WelinkFeeSource(new WelinkClient({ ...settings, baseUrl: `http://127.0.0.1:${await freePort()}` }));
  const processor = new LaneEventProcessor(new MemoryStateStore(), createLogger([], () => {}));
  const [result] = await processor.deliver({ ...welinkLot, feeSource: unreachable }, 'exit-1', [offlineBill('沪W00010', Date.now())]);
  assert.equal(result!.status, 'retry');
  assert.match((result as { reason: string }).reason, /^welink:/);
});
