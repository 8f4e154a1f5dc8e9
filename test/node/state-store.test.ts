/**
 * The state store contract, run against every backend: the embedded LMDB store, Redis (a real
 * redis-server) and memory. Claims must be exclusive, lists bounded, counters monotonic, and
 * records must expire; the embedded store must keep all of it across a reopen.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IdempotencyBusyError, IdempotencyStore } from '../../src/proxy/idempotency.js';
import { LmdbStateStore } from '../../src/proxy/state/lmdb-store.js';
import { openState, type SharedState } from '../../src/proxy/state/open.js';
import { MemoryStateStore, StateStoreError, type StateStore } from '../../src/proxy/state/store.js';
import { freshStateDir, ROOT } from '../helpers/proxy-process.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

let redis: RedisServer;
before(async () => {
  redis = await startRedis();
});
after(() => redis.stop());

const backends: Array<[string, () => Promise<{ store: StateStore; close(): Promise<void> }>]> = [
  ['memory', () => openState({ store: 'memory' })],
  ['embedded (LMDB)', () => openState({ store: 'embedded', path: freshStateDir() })],
  ['redis', () => openState({ store: 'redis', url: redis.url })],
];

for (const [name, open] of backends) {
  describe(`state store: ${name}`, () => {
    let store: StateStore;
    let close: () => Promise<void>;
    before(async () => {
      ({ store, close } = await open());
    });
    after(() => close());

    test('put, get and delete JSON values', async () => {
      await store.put('a', { plate: '沪A12345', fen: 1500, nested: [1, null] }, 60_000);
      assert.deepEqual(await store.get('a'), { plate: '沪A12345', fen: 1500, nested: [1, null] });
      await store.delete('a');
      assert.equal(await store.get('a'), undefined);
    });

    test('background puts made together are all readable once they resolve', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.put(`bg:${i}`, { i }, 60_000, { background: true })));
      for (let i = 0; i < 30; i++) assert.deepEqual(await store.get(`bg:${i}`), { i });
    });

    test('a value put with an infinite ttl is kept until the next put replaces it', async () => {
      await store.put('kept', { qrUrl: 'https://lot.example.com/a' }, Infinity);
      assert.deepEqual(await store.get('kept'), { qrUrl: 'https://lot.example.com/a' });
      await store.put('kept', { qrUrl: 'https://lot.example.com/b' }, Infinity);
      assert.deepEqual(await store.get('kept'), { qrUrl: 'https://lot.example.com/b' });
    });

    test('of 20 concurrent claims exactly one wins', async () => {
      const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claim('claim-1', i, 60_000)));
      assert.equal(wins.filter(Boolean).length, 1);
      assert.equal(await store.get('claim-1'), wins.indexOf(true));
    });

    test('a claim carries other writes into its commit, whether it wins or not', async () => {
      assert.equal(await store.claim('claim-2', 'mine', 60_000, [{ key: 'along-1', value: { done: 1 }, ttlMs: 60_000 }]), true);
      assert.equal(await store.claim('claim-2', 'theirs', 60_000, [{ key: 'along-2', value: { done: 2 }, ttlMs: 60_000 }]), false);
      assert.deepEqual([await store.get('claim-2'), await store.get('along-1'), await store.get('along-2')], ['mine', { done: 1 }, { done: 2 }]);
    });

    test('records expire, and an expired claim can be taken again', async () => {
      assert.equal(await store.claim('short', 1, 30), true);
      assert.equal(await store.claim('short', 2, 30), false);
      await new Promise((resolve) => setTimeout(resolve, 60)); // expiry is the behaviour under test
      assert.equal(await store.get('short'), undefined);
      assert.equal(await store.claim('short', 3, 60_000), true);
    });

    test('lists keep their newest items in order', async () => {
      for (let i = 1; i <= 7; i++) await store.append('list', { i }, 5, 60_000);
      assert.deepEqual(await store.list('list'), [3, 4, 5, 6, 7].map((i) => ({ i })));
      assert.deepEqual(await store.list('missing'), []);
    });

    test('counters only grow, also under concurrency', async () => {
      const ids = await Promise.all(Array.from({ length: 50 }, () => store.nextId('c')));
      assert.equal(new Set(ids).size, 50);
      assert.ok((await store.nextId('c')) > Math.max(...ids));
    });

    test('counterValue reads where a counter stands without moving it; 0 before its first number', async () => {
      assert.equal(await store.counterValue('untouched'), 0);
      await store.numberFor('arrival:1', 'arrivals', 60_000);
      await store.numberFor('arrival:2', 'arrivals', 60_000);
      await store.numberFor('arrival:1', 'arrivals', 60_000);
      assert.equal(await store.counterValue('arrivals'), 2);
      assert.equal(await store.counterValue('arrivals'), 2, 'reading counts nothing');
      assert.equal(await store.nextId('arrivals'), 3);
    });

    test('numberFor: one number per key, even under concurrency, and never one number for two keys', async () => {
      const keys = Array.from({ length: 40 }, (_, i) => `stay:${i % 20}`);
      const numbers = await Promise.all(keys.map((key) => store.numberFor(key, 'seq', 60_000)));
      for (let i = 0; i < 20; i++) assert.equal(numbers[i], numbers[i + 20], `both calls for stay:${i} got one number`);
      assert.equal(new Set(numbers).size, 20);
      assert.equal(await store.numberFor('stay:3', 'seq', 60_000), numbers[3]);
      assert.equal(await store.get('stay:3'), numbers[3], 'the key holds its number as a plain record');
      assert.ok((await store.nextId('seq')) > Math.max(...numbers), 'the counter moved past every number given');
    });

    test('idempotency: concurrent and later calls apply once and get the first result', async () => {
      const idem = new IdempotencyStore<{ n: number }>(store, 'test');
      let applied = 0;
      const apply = async () => ({ n: ++applied });
      const results = await Promise.all(Array.from({ length: 5 }, () => idem.once('k', apply, () => true)));
      assert.equal(applied, 1);
      assert.deepEqual(results.map((r) => r.result.n), [1, 1, 1, 1, 1]);
      assert.equal(results.filter((r) => !r.replayed).length, 1);
      assert.deepEqual(await idem.once('k', apply, () => true), { result: { n: 1 }, replayed: true });
    });

    test('idempotency: a failure or a non-final result leaves the key free for a retry', async () => {
      const idem = new IdempotencyStore<string>(store, 'test');
      await assert.rejects(idem.once('f', async () => Promise.reject(new Error('upstream down')), () => true), /upstream down/);
      assert.deepEqual(await idem.once('f', async () => 'retry', (r) => r !== 'retry'), { result: 'retry', replayed: false });
      assert.deepEqual(await idem.once('f', async () => 'done', (r) => r !== 'retry'), { result: 'done', replayed: false });
      assert.deepEqual(await idem.once('f', async () => 'again', () => true), { result: 'done', replayed: true });
    });
  });
}

test('embedded: what was acknowledged survives closing and reopening the store', async () => {
  const dir = freshStateDir();
  const first = new LmdbStateStore(dir);
  const idem = new IdempotencyStore<string>(first, 'payment');
  await idem.once('Q1', async () => 'confirmed', () => true);
  await idem.settled();
  await first.append('history', 'e1', 10, 60_000);
  const id = await first.nextId('events');
  const stay = await first.numberFor('stay:A', 'seq', 60_000);
  await first.close();

  const second = new LmdbStateStore(dir);
  let appliedAgain = false;
  const replay = await new IdempotencyStore<string>(second, 'payment').once('Q1', async () => ((appliedAgain = true), 'twice'), () => true);
  assert.deepEqual(replay, { result: 'confirmed', replayed: true });
  assert.equal(appliedAgain, false);
  assert.deepEqual(await second.list('history'), ['e1']);
  assert.ok((await second.nextId('events')) > id, 'event ids keep growing after a restart');
  assert.equal(await second.numberFor('stay:A', 'seq', 60_000), stay, 'a key keeps its number across a restart');
  assert.equal(await second.numberFor('stay:B', 'seq', 60_000), stay + 1, 'and the counter continues');
  await second.close();
});

test('embedded: closing the store waits for the background puts still in flight', async () => {
  const dir = freshStateDir();
  const first = new LmdbStateStore(dir);
  const pending = Promise.all(Array.from({ length: 10 }, (_, i) => first.put(`quote:Q${i}`, i, 60_000, { background: true })));
  await first.close();
  await pending;
  const reopened = new LmdbStateStore(dir);
  for (let i = 0; i < 10; i++) assert.equal(await reopened.get(`quote:Q${i}`), i);
  await reopened.close();
});

test('embedded: a folder whose name has a dot in it is a folder, not a database file', async () => {
  // LMDB takes a path with an extension for a file of its own; STATE_DIR=/var/lib/lane-kiosk.d is a folder.
  const dir = join(freshStateDir(), 'state.v2');
  const store = new LmdbStateStore(dir);
  await store.put('kept', 'yes', 60_000);
  await store.close();
  assert.ok(statSync(dir).isDirectory());
  assert.ok(existsSync(join(dir, 'data.mdb')), 'the database lives inside the folder');
  const reopened = new LmdbStateStore(dir);
  assert.equal(await reopened.get('kept'), 'yes');
  await reopened.close();
});

test('embedded: a put is committed once it resolves, alone or in a burst, so a process killed right after keeps it', async () => {
  const dir = freshStateDir();
  const writer = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/store-writer.ts', dir], { cwd: ROOT, stdio: 'inherit' });
  const [, signal] = await once(writer, 'exit');
  assert.equal(signal, 'SIGKILL', 'the writer killed itself after its last put resolved');

  const reopened = new LmdbStateStore(dir);
  assert.equal(await reopened.get('alone:first'), 1);
  for (let i = 0; i < 50; i++) assert.equal(await reopened.get(`burst:${i}`), i, `burst:${i}`);
  assert.equal(await reopened.get('alone:second'), 2);
  await reopened.close();
});

test('idempotency: a claim held elsewhere makes a caller wait, then give up with IdempotencyBusyError', async () => {
  const store = new MemoryStateStore();
  await store.claim('idem:test:held', { state: 'pending', since: Date.now() }, 60_000);
  const idem = new IdempotencyStore<string>(store, 'test', { waitMs: 100 });
  await assert.rejects(idem.once('held', async () => 'x', () => true), IdempotencyBusyError);
});

test('an unreachable Redis is a StateStoreError at startup, with the password hidden', async () => {
  await assert.rejects(openState({ store: 'redis', url: 'redis://user:hunter2-secret@127.0.0.1:1' }), (error: unknown) => {
    assert.ok(error instanceof StateStoreError);
    assert.doesNotMatch(error.message, /hunter2/);
    return true;
  });
});

test('redis: an event published by one instance reaches the subscribers of another', async () => {
  const a: SharedState = await openState({ store: 'redis', url: redis.url });
  const b: SharedState = await openState({ store: 'redis', url: redis.url });
  const received = new Promise((resolve) => b.bus.subscribe(resolve));
  await a.bus.publish({ laneId: 'exit-1', id: 1, event: { type: 'quote.paid' } });
  assert.deepEqual(await received, { laneId: 'exit-1', id: 1, event: { type: 'quote.paid' } });
  await a.close();
  await b.close();
});
