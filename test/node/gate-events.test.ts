/** The proxy's outbox endpoint over real HTTP on 127.0.0.1 takes gate openings: recorded once, sent to no platform. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
let proxy: DemoProxy;
const logLines: string[] = [];

before(async () => {
  const port = await freePort();
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(port) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, (line) => logLines.push(line)), staticRoot: null });
});
after(() => proxy.close());

async function deliver(events: unknown[]): Promise<Array<{ key: string; status: string; reason?: string }>> {
  const response = await fetch(`${proxy.url}/v1/lanes/exit-1/outbox`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { results: Array<{ key: string; status: string; reason?: string }> }).results;
}

const upstream = async () => ({
  passages: await (await fetch(`${proxy.url}/sims/shanghai/_admin/passages`)).json(),
  offlineBills: await (await fetch(`${proxy.url}/sims/welink/_admin/offline-bills`)).json(),
});

test('a gate opening is accepted and recorded once, and nothing reaches Welink or the city platform', async () => {
  const before = await upstream();
  const now = Date.now();
  const opened = {
    key: 'gate-paid-Q-gate-1',
    stream: 'exit-1/gate',
    type: 'gate-open',
    createdAt: now,
    payload: { reason: 'paid', plate: '沪A12345', ref: 'Q-gate-1', atMs: now, actuator: 'relay', result: 'opened' },
  };
  const failed = { ...opened, key: 'gate-staff-1', payload: { ...opened.payload, reason: 'staff-release', ref: null, result: 'failed', message: 'the relay board is unplugged' } };
  assert.deepEqual(await deliver([opened, failed]), [
    { key: opened.key, status: 'accepted' },
    { key: failed.key, status: 'accepted' },
  ]);
  assert.deepEqual(await deliver([opened]), [{ key: opened.key, status: 'duplicate' }], 'a redelivery is not recorded twice');
  assert.equal(proxy.laneEvents.appliedCount.get('gate-open'), 2);
  const recorded = logLines.filter((line) => line.includes('gate opening recorded')).map((line) => JSON.parse(line));
  assert.deepEqual(
    recorded.map(({ key, laneId, reason, result, actuator, ref }) => ({ key, laneId, reason, result, actuator, ref })),
    [
      { key: opened.key, laneId: 'exit-1', reason: 'paid', result: 'opened', actuator: 'relay', ref: 'Q-gate-1' },
      { key: failed.key, laneId: 'exit-1', reason: 'staff-release', result: 'failed', actuator: 'relay', ref: null },
    ],
    'each opening is in the proxy log once, with its reason and result',
  );
  assert.deepEqual(await upstream(), before, 'no passage report and no bill went upstream');
});

test('a gate opening with no reason the lane knows is refused, saying why', async () => {
  const now = Date.now();
  const [result] = await deliver([
    { key: 'gate-bad-0001', stream: 'exit-1/gate', type: 'gate-open', createdAt: now, payload: { reason: 'quote', plate: null, ref: null, atMs: now, actuator: 'relay', result: 'opened' } },
  ]);
  assert.equal(result!.status, 'rejected');
  assert.match(result!.reason!, /reason must be one of/);
});
