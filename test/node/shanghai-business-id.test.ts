/**
 * Shanghai business ids (seeds/003 §4.3): one per stay, never one for two stays. The platform
 * silently drops the reports of a second stay under an id it has seen, so ids come from a durable
 * per-lot sequence in the state store: unique over 100,000 arrivals, kept across a restart of the
 * embedded store, and shared by two proxy instances on one Redis. Arrive, leave and the fee query
 * of one stay agree on its id.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { ShanghaiLedger } from '../../src/proxy/providers/shanghai/ledger.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';
import { apiClient } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

const PARKING_ID = 'qp31022900183';
const ID_SHAPE = /^\d{8}QP31022900183\d{7}$/;
const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
/** One Beijing morning, in the past: every stay of these tests enters on the same date. */
const MORNING = Date.parse('2026-12-01T09:30:00+08:00');

test('100,000 arrivals on one day get 100,000 distinct business ids, and each leave its arrival’s', async () => {
  const ledger = new ShanghaiLedger(new MemoryStateStore(), PARKING_ID);
  const stays = Array.from({ length: 100_000 }, (_, i) => ({ plate: `沪A${String(i % 50_000).padStart(5, '0')}`, enteredAtMs: MORNING + (i < 50_000 ? 0 : 3_600_000) }));
  const arrivals: string[] = [];
  for (const s of stays) arrivals.push(await ledger.businessIdOf(s.plate, s.enteredAtMs));
  assert.equal(new Set(arrivals).size, 100_000);
  assert.ok(arrivals.every((id) => ID_SHAPE.test(id) && id.startsWith('20261201')));
  // The leave reads the entry time with milliseconds the arrival lacked, and the plate as a lane
  // may type it: still the same stay.
  for (const [i, s] of stays.entries()) assert.equal(await ledger.businessIdOf(s.plate.toLowerCase().replace('a', 'a '), s.enteredAtMs + 999), arrivals[i]);
});

/** Lane passages through the proxy's outbox, as a kiosk delivers them. */
function passages(proxy: DemoProxy) {
  const deliver = async (lane: 'entry-1' | 'exit-1', type: 'arrive' | 'leave', stays: Array<{ plate: string; enteredAtMs: number }>, tag: string) => {
    const events = stays.map((s, i) => ({
      key: `${tag}-${type}-${i}`,
      stream: `${lane}/passage`,
      type,
      createdAt: Date.now(),
      payload: type === 'arrive' ? { plate: s.plate, atMs: s.enteredAtMs } : { plate: s.plate, atMs: s.enteredAtMs + 3_600_000, enteredAtMs: s.enteredAtMs, payFen: 500, payType: 'wechat' },
    }));
    const answer = await apiClient(() => proxy.url, `demo-lane-key-${lane}`)(`/v1/lanes/${lane}/outbox`, { method: 'POST', json: { events } });
    assert.equal(answer.status, 200);
    assert.ok(
      answer.body.results.every((r: { status: string }) => r.status === 'accepted'),
      JSON.stringify(answer.body.results.find((r: { status: string }) => r.status !== 'accepted')),
    );
  };
  /** The business id the city received for each stay's arrive (or leave), by plate. */
  const received = (kind: 'arrive' | 'leave') => new Map(proxy.simulators!.shanghai!.passages.filter((p) => p.kind === kind).map((p) => [p.record.plateId as string, p.record.seq as string]));
  return { deliver, received };
}

const carsFrom = (first: number, count: number, enteredAtMs = MORNING) => Array.from({ length: count }, (_, i) => ({ plate: `沪B${String(first + i).padStart(5, '0')}`, enteredAtMs }));

describe('embedded store', () => {
  const stateDir = freshStateDir();
  const start = async () => {
    const config = resolveConfig(demo, { STATE_DIR: stateDir, PORT: String(await freePort()) });
    return startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  };

  test('two stays whose old hashed ids collided are told apart', async () => {
    // Under the old sha256-mod-10^7 sequence these two stays shared 20261201QP310229001832462762.
    const proxy = await start();
    try {
      const { deliver, received } = passages(proxy);
      await deliver('entry-1', 'arrive', [{ plate: '沪A00235', enteredAtMs: MORNING }, { plate: '沪A03052', enteredAtMs: MORNING }], 'collide');
      const ids = received('arrive');
      assert.notEqual(ids.get('沪A00235'), ids.get('沪A03052'));
    } finally {
      await proxy.close();
    }
  });

  test('ids survive a restart: leaves after it carry their arrivals’ ids, new arrivals get new ones', async () => {
    const before = await start();
    const cars = carsFrom(0, 200);
    let arrived: Map<string, string>;
    let feeQueryId: string;
    try {
      const { deliver, received } = passages(before);
      await deliver('entry-1', 'arrive', cars, 'before');
      arrived = received('arrive');
      assert.equal(new Set(arrived.values()).size, 200);
      // The fee query of a stay the platform's record dates to the same second names the same stay.
      const enteredAtMs = Date.now() - 40 * 60_000;
      await deliver('entry-1', 'arrive', [{ plate: '沪B99999', enteredAtMs }], 'fee');
      before.simulators!.welink!.enter('沪B99999', enteredAtMs);
      const answer = await before.simulators!.shanghai!.callLot(`${before.url}/callbacks/shanghai/welink-demo/fee-query`, { parkingId: PARKING_ID, plateId: '沪B99999', vehicleType: 1, dateTime: Date.now() });
      feeQueryId = (answer.body.data as { businessId: string }).businessId;
      assert.equal(feeQueryId, received('arrive').get('沪B99999'));
    } finally {
      await before.close();
    }
    const after = await start();
    try {
      const { deliver, received } = passages(after);
      await deliver('exit-1', 'leave', cars, 'after');
      assert.deepEqual(received('leave'), arrived);
      const newcomers = carsFrom(200, 200);
      await deliver('entry-1', 'arrive', newcomers, 'after');
      const all = new Set([...arrived.values(), feeQueryId, ...newcomers.map((c) => received('arrive').get(c.plate)!)]);
      assert.equal(all.size, 401, 'no id given before the restart is given again');
    } finally {
      await after.close();
    }
  });
});

test('a car inside the free period (Welink NoBill, its entry from the on-site record) is named by its reported arrival', async () => {
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  const proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  try {
    const enteredAtMs = Date.now() - 5 * 60_000;
    proxy.simulators!.welink!.enter('沪B88888', enteredAtMs);
    const { deliver, received } = passages(proxy);
    await deliver('entry-1', 'arrive', [{ plate: '沪B88888', enteredAtMs }], 'free');
    const feeQuery = () => proxy.simulators!.shanghai!.callLot(`${proxy.url}/callbacks/shanghai/welink-demo/fee-query`, { parkingId: PARKING_ID, plateId: '沪B88888', vehicleType: 1, dateTime: Date.now() });
    const [first, second] = [await feeQuery(), await feeQuery()];
    for (const answer of [first, second]) {
      const data = answer.body.data as { businessId: string; arrivedTime: number; dueMoney: number };
      // Welink keeps whole seconds: the stay's entry as the platform records it.
      assert.deepEqual([data.businessId, data.arrivedTime, data.dueMoney], [received('arrive').get('沪B88888'), Math.floor(enteredAtMs / 1000) * 1000, 0]);
    }
  } finally {
    await proxy.close();
  }
});

describe('two instances on one Redis', () => {
  let redis: RedisServer;
  let a: DemoProxy;
  let b: DemoProxy;
  const instance = async () => {
    const config = resolveConfig(demo, { PORT: String(await freePort()), REDIS_URL: redis.url });
    return startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  };
  before(async () => {
    redis = await startRedis();
    a = await instance();
    b = await instance();
  });
  after(async () => {
    await b.close();
    await a.close();
    await redis.stop();
  });

  test('arrivals at both at once get distinct ids; a stay arriving at one and leaving at the other keeps its id', async () => {
    assert.equal(a.state.store.kind, 'redis');
    const atA = carsFrom(1000, 300);
    const atB = carsFrom(2000, 300);
    await Promise.all([passages(a).deliver('entry-1', 'arrive', atA, 'a'), passages(b).deliver('entry-1', 'arrive', atB, 'b')]);
    const fromA = passages(a).received('arrive');
    const fromB = passages(b).received('arrive');
    assert.equal(new Set([...fromA.values(), ...fromB.values()]).size, 600);
    await passages(b).deliver('exit-1', 'leave', atA, 'b');
    assert.deepEqual(passages(b).received('leave'), fromA);
  });
});
