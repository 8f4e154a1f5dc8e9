/**
 * Offline bills and leaves come only from exit lanes, over real HTTP on 127.0.0.1: an entry kiosk's
 * key (it lives in a browser) cannot post a free offline bill or a car's leave, and the platforms
 * never hear of it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { apiClient } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

let proxy: DemoProxy;
const entryLane = apiClient(() => proxy.url, 'demo-lane-key-entry-1');
const exitLane = apiClient(() => proxy.url, 'demo-lane-key-exit-1');

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
});
after(() => proxy.close());

const now = Date.now();
const freeBill = (key: string, plate: string) => ({
  key,
  stream: 'lane/offline',
  type: 'offline-bill',
  createdAt: now,
  payload: { plate, enteredAtMs: now - 3 * 3600_000, exitAtMs: now, payableFen: 1500, discountFen: 1500, paidFen: 0, amountFen: 0, settlement: 'free', note: '', staff: 'S1' },
});
const passage = (key: string, type: 'arrive' | 'leave', plate: string) => ({
  key,
  stream: 'lane/passage',
  type,
  createdAt: now,
  payload: type === 'arrive' ? { plate, atMs: now } : { plate, atMs: now, enteredAtMs: now - 3600_000, payFen: 0, payType: 'cash' },
});

async function deliver(lane: typeof entryLane, laneId: string, events: unknown[]) {
  const answer = await lane(`/v1/lanes/${laneId}/outbox`, { method: 'POST', json: { events } });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.results as Array<{ key: string; status: string; reason?: string }>;
}

test('an entry lane’s key cannot post a free offline bill or a leave: rejected, and neither Welink nor the city hears of it', async () => {
  const bills = proxy.simulators!.welink!.offlineBills.length;
  const passages = proxy.simulators!.shanghai!.passages.length;
  const results = await deliver(entryLane, 'entry-1', [freeBill('entry-free-bill-1', '沪E90001'), passage('entry-leave-0001', 'leave', '沪E90001')]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  assert.match(results[0]!.reason!, /offline-bill comes from exit lanes; lane entry-1 is not one/);
  assert.match(results[1]!.reason!, /leave comes from exit lanes/);
  assert.equal(proxy.simulators!.welink!.offlineBills.length, bills, 'Welink got no bill');
  assert.equal(proxy.simulators!.shanghai!.passages.length, passages, 'the city got no leave');
});

test('each lane’s own events still go through: an arrival at the entry, then the free bill at the exit', async () => {
  const [arrived] = await deliver(entryLane, 'entry-1', [passage('entry-arrive-0001', 'arrive', '沪E90003')]);
  assert.equal(arrived!.status, 'accepted');
  const bills = proxy.simulators!.welink!.offlineBills.length;
  const [billed] = await deliver(exitLane, 'exit-1', [freeBill('exit-free-bill-1', '沪E90003')]);
  assert.equal(billed!.status, 'accepted', JSON.stringify(billed));
  assert.equal(proxy.simulators!.welink!.offlineBills.length, bills + 1);
});
