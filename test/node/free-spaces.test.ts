/**
 * The free spaces the Shanghai city platform is told (heartbeat, arrive, leave) and entry lanes
 * are admitted by: the fee source's live count (Welink /info/space, ETCP parkpoiavailable, the
 * local entry register), cached briefly, the configured `freeBerth` only when the live count fails
 * or takes too long. Over real HTTP on 127.0.0.1 against the embedded simulators.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { LiveFreeSpaces } from '../../src/proxy/free-spaces.js';
import { createLogger, type Logger } from '../../src/proxy/log.js';
import { EtcpClient, type EtcpCredentials } from '../../src/proxy/providers/etcp/client.js';
import { EtcpFeeSource } from '../../src/proxy/providers/etcp/fee-source.js';
import { apiClient } from '../helpers/api.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const CONFIGURED_FREE_BERTH = 120;
const warnings: string[] = [];
let proxy: DemoProxy;
let logger: Logger;

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  // The ETCP lot reports to the city platform too, so its count can be seen arriving there.
  const etcpLot = demo.lots.find((lot: { lotId: string }) => lot.lotId === 'etcp-demo');
  etcpLot.cityPlatform = demo.lots.find((lot: { lotId: string }) => lot.lotId === 'welink-demo').cityPlatform;
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  logger = createLogger(config.secrets, (line) => {
    const entry = JSON.parse(line);
    if (entry.level === 'warn' && String(entry.msg).startsWith('free spaces')) warnings.push(entry.msg);
  });
  proxy = await startDemoProxy(config, { logger, staticRoot: null });
});
after(async () => {
  await fetch(`${proxy.url}/sims/welink/_admin/spaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ free: null }) });
  await proxy.close();
});

const lot = (lotId: string) => proxy.lots.get(lotId)!;
const shanghai = () => proxy.simulators!.shanghai!;
const welinkSpaceCalls = () => proxy.simulators!.welink!.received.filter((r) => r.method === '/info/space').length;

test('Welink: the heartbeat and the passages report /info/space’s visitor spaces, not the configured freeBerth; one upstream call serves them all', async () => {
  const answer = await fetch(`${proxy.url}/sims/welink/_admin/spaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ free: 7 }) });
  assert.equal(answer.status, 200);
  // The startup heartbeat cached the simulator's default count; start from a fresh reading that
  // stays cached for the whole test, whatever the machine's speed.
  const welink = lot('welink-demo');
  welink.freeSpaces = new LiveFreeSpaces(welink.feeSource, CONFIGURED_FREE_BERTH, logger, 'welink-demo', { cacheMs: 600_000, timeoutMs: 4000 });
  const callsBefore = welinkSpaceCalls();
  await welink.city!.heartbeat();
  assert.equal(shanghai().heartbeats.at(-1)!.freeBerth, 7);
  const entryApi = apiClient(() => proxy.url, 'demo-lane-key-entry-1');
  const now = Date.now();
  const delivered = await entryApi('/v1/lanes/entry-1/outbox', {
    method: 'POST',
    json: { events: [{ key: `free-spaces-arrive-${now}`, stream: 'entry-1/passage', type: 'arrive', createdAt: now, payload: { plate: '沪F70001', atMs: now } }] },
  });
  assert.equal(delivered.body.results[0].status, 'accepted', JSON.stringify(delivered.body));
  const arrive = shanghai().passages.findLast((p) => p.record.plateId === '沪F70001')!;
  assert.equal(arrive.record.freeBerth, 7);
  await welink.city!.heartbeat();
  assert.equal(welinkSpaceCalls() - callsBefore, 1, 'two heartbeats and an arrive within the cache time ask Welink once');
});

test('Welink: admission at the entry lane reads the same live count', async () => {
  const { body } = await apiClient(() => proxy.url, 'demo-lane-key-entry-1')('/v1/lanes/entry-1/admission', { method: 'POST', json: { plate: '沪F70002' } });
  assert.equal(body.freeSpaces, 7);
});

test('ETCP: parkpoiavailable’s availableLotsTotal for the lot’s parkId reaches the city heartbeat', async () => {
  const sim = proxy.simulators!.etcp!;
  const parked = [...sim.cars.values()].filter((car) => car.exitedAtMs === undefined).length;
  await lot('etcp-demo').city!.heartbeat();
  assert.equal(shanghai().heartbeats.at(-1)!.freeBerth, 300 - parked);
  const call = sim.received.findLast((r) => r.api === 'common/parkpoiavailable')!;
  assert.equal(call.code, 0);
  assert.deepEqual(call.data, { parkId: ['3126'] });
});

test('ETCP: when parkpoiavailable fails, the configured value is reported, with a warning, and a later success is live again', async () => {
  const sim = proxy.simulators!.etcp!;
  const spaces = new LiveFreeSpaces(lot('etcp-demo').feeSource, CONFIGURED_FREE_BERTH, logger, 'etcp-demo', { cacheMs: 0, timeoutMs: 4000 });
  sim.failNext('common/parkpoiavailable', 2);
  assert.deepEqual(await spaces.read(), { free: CONFIGURED_FREE_BERTH, source: 'configured' });
  assert.ok(warnings.some((w) => /live count failed/.test(w)), warnings.join('\n'));
  assert.equal((await spaces.read()).source, 'live');
});

test('a platform that does not answer: the configured value within the bound, though the client would wait 30 s', async () => {
  const stalled = createServer(() => {
    // Never answers.
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  try {
    const credentials: EtcpCredentials = {
      baseUrl: `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`,
      merchantNo: 'M1',
      merchantKey: 'K1',
      appId: 'A1',
      mobilePhone: '13800000001',
      version: '1.0.0',
      timeoutMs: 30_000,
      pushVersion: 2,
      parkId: '3126',
    };
    const spaces = new LiveFreeSpaces(new EtcpFeeSource(new EtcpClient(credentials)), CONFIGURED_FREE_BERTH, logger, 'stalled', { cacheMs: 60_000, timeoutMs: 200 });
    assert.deepEqual(await spaces.read(), { free: CONFIGURED_FREE_BERTH, source: 'configured' });
    // The fallback is cached too: a platform that hangs is not asked again at every passage.
    assert.deepEqual(await spaces.read(), { free: CONFIGURED_FREE_BERTH, source: 'configured' });
  } finally {
    stalled.closeAllConnections();
    stalled.close();
  }
});

test('ETCP does not list the lot’s parkId: no valid count, so the configured value, with a warning', async () => {
  const etcp = lot('etcp-demo').settings.feeSource as EtcpCredentials;
  const source = new EtcpFeeSource(new EtcpClient({ ...etcp, parkId: '9999' }));
  assert.deepEqual(await new LiveFreeSpaces(source, 42, logger, 'etcp-unlisted').read(), { free: 42, source: 'configured' });
  assert.ok(warnings.some((w) => /no valid count/.test(w)), warnings.join('\n'));
});

test('an ETCP lot without parkId has no live count and reports the configured value', async () => {
  const etcp = lot('etcp-demo').settings.feeSource as EtcpCredentials;
  const source = new EtcpFeeSource(new EtcpClient({ ...etcp, parkId: null }));
  assert.equal(source.capabilities.has('free-spaces'), false);
  assert.deepEqual(await new LiveFreeSpaces(source, 42, logger, 'etcp-no-park').read(), { free: 42, source: 'configured' });
});

test('local: the lot’s own count, configured spaces less the cars its entry register holds', async () => {
  const entryApi = apiClient(() => proxy.url, 'demo-lane-key-local-entry-1');
  const now = Date.now();
  const arrivals = ['沪L70001', '沪L70002', '沪L70003'].map((plate, i) => ({ key: `free-spaces-local-${now}-${i}`, stream: 'local-entry-1/passage', type: 'arrive', createdAt: now, payload: { plate, atMs: now } }));
  const delivered = await entryApi('/v1/lanes/local-entry-1/outbox', { method: 'POST', json: { events: arrivals } });
  assert.deepEqual(delivered.body.results.map((r: { status: string }) => r.status), ['accepted', 'accepted', 'accepted']);
  const { body } = await entryApi('/v1/lanes/local-entry-1/admission', { method: 'POST', json: { plate: '沪L70004' } });
  assert.equal(body.freeSpaces, 80 - 3);
});
