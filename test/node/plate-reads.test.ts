/**
 * Camera plate reads over real HTTP on 127.0.0.1: POST /v1/lanes/{laneId}/plate-reads reaches the
 * lane's kiosk as a `plate.read` event on its stream, with the lane's confidence threshold applied;
 * who may report, and what is refused.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { apiClient, openLaneStream, type LaneStream } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
// The local entry lane asks for more certainty than the default 0.8.
demo.lots.find((l: { lotId: string }) => l.lotId === 'local-demo').lanes.find((l: { laneId: string }) => l.laneId === 'local-entry-1').plateReadConfidence = 0.95;

let proxy: DemoProxy;
let exitStream: LaneStream;
const camera = apiClient(() => proxy.url, 'demo-lane-key-local-exit-1');

before(async () => {
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  exitStream = await openLaneStream(proxy.url, 'local-exit-1', 'demo-lane-key-local-exit-1');
});
after(async () => {
  exitStream.close();
  await proxy.close();
});

const read = (laneId: string, body: Record<string, unknown>, key?: string | null) => camera(`/v1/lanes/${laneId}/plate-reads`, { method: 'POST', json: body, key });

test('a confident read reaches the lane’s kiosk as plate.read, normalised, to act on', async () => {
  const time = new Date().toISOString();
  const answer = await read('local-exit-1', { plate: '沪l 12345', confidence: 0.93, time, imageUrl: 'http://camera.lot.example/snap/1.jpg' });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  const event = await exitStream.next('plate.read');
  assert.deepEqual(
    { ...event, readAt: Date.parse(event.readAt) },
    { type: 'plate.read', plate: '沪L12345', confidence: 0.93, readAt: Math.floor(Date.parse(time) / 1000) * 1000, imageUrl: 'http://camera.lot.example/snap/1.jpg', confirm: false },
  );
});

test('a read below the lane’s threshold is only offered for the driver to confirm; the threshold is per lane', async () => {
  assert.equal((await read('local-exit-1', { plate: '沪L12346', confidence: 0.5, time: Date.now() })).status, 202);
  assert.deepEqual([(await exitStream.next('plate.read')).plate], ['沪L12346']);
  const entryStream = await openLaneStream(proxy.url, 'local-entry-1', 'demo-lane-key-local-entry-1');
  try {
    const answer = await read('local-entry-1', { plate: '沪L12347', confidence: 0.93, time: Date.now() }, 'demo-lane-key-local-entry-1');
    assert.equal(answer.body.confirm, true, '0.93 is below the entry lane’s 0.95');
    assert.equal((await entryStream.next('plate.read')).confirm, true);
  } finally {
    entryStream.close();
  }
  const low = await read('local-exit-1', { plate: '沪L12348', confidence: 0.79, time: Date.now() });
  assert.equal(low.body.confirm, true, 'the default threshold is 0.8');
  assert.equal((await exitStream.next('plate.read')).confirm, true);
});

test('an operator key may report for any lane; another lane’s key may not, and no key is 401', async () => {
  const byOperator = await read('exit-1', { plate: '沪A12345', confidence: 0.99, time: Date.now() }, 'demo-operator-key-7c1e');
  assert.deepEqual([byOperator.status, byOperator.body.laneId], [202, 'exit-1']);
  assert.equal((await read('exit-1', { plate: '沪A12345', confidence: 0.99, time: Date.now() })).status, 403);
  assert.equal((await read('exit-1', { plate: '沪A12345', confidence: 0.99, time: Date.now() }, null)).status, 401);
  assert.equal((await read('no-such-lane', { plate: '沪A12345', confidence: 0.99, time: Date.now() }, 'demo-operator-key-7c1e')).status, 404);
});

test('nonsense is refused with a reason before any kiosk sees it', async () => {
  const refusals: Array<[Record<string, unknown>, RegExp]> = [
    [{ plate: '沪A', confidence: 0.9, time: Date.now() }, /plate/],
    [{ plate: '沪A12345', confidence: 1.5, time: Date.now() }, /confidence must be a number from 0 to 1/],
    [{ plate: '沪A12345', confidence: '0.9', time: Date.now() }, /confidence/],
    [{ plate: '沪A12345', confidence: 0.9, time: '2026-12-03 18:00' }, /ISO 8601/],
    [{ plate: '沪A12345', confidence: 0.9, time: Date.now() - 120_000 }, /120 s old.*camera's clock/],
    [{ plate: '沪A12345', confidence: 0.9, time: Date.now(), imageUrl: 'javascript:alert(1)' }, /imageUrl must be an http\(s\) URL/],
  ];
  for (const [body, reason] of refusals) {
    const answer = await read('local-exit-1', body);
    assert.deepEqual([answer.status, answer.body.error.code], [400, 'invalid-plate-read'], JSON.stringify(body));
    assert.match(answer.body.error.message, reason);
  }
  await read('local-exit-1', { plate: '沪L12349', confidence: 0.9, time: Date.now() });
  assert.equal((await exitStream.next('plate.read')).plate, '沪L12349', 'the refused reads never reached the stream');
});
