/** A part loaded on demand: retried, bounded, shared between callers, and able to start over after failing. */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { LazyPart, PartLoadTimeout, type PartStatus } from '../../src/components/shared/lazy-part.js';

const MODULE = { loaded: true };

/** A loader that answers from `script` in turn: a module, a failure, or a load that never ends. */
function loader(script: Array<'ok' | 'fail' | 'hang'>): { load: () => Promise<typeof MODULE>; calls: () => number } {
  let calls = 0;
  return {
    load: () => {
      const step = script[calls++] ?? 'ok';
      if (step === 'ok') return Promise.resolve(MODULE);
      if (step === 'fail') return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      return new Promise(() => {});
    },
    calls: () => calls,
  };
}

test('a failed attempt is tried again, and the part is ready after it', async () => {
  const statuses: PartStatus[] = [];
  const { load, calls } = loader(['fail', 'ok']);
  const part: LazyPart<typeof MODULE> = new LazyPart(load, () => statuses.push(part.status));
  assert.equal(await part.get(), MODULE);
  assert.equal(calls(), 2);
  assert.deepEqual(statuses, ['loading', 'ready']);
  assert.equal(await part.get(), MODULE);
  assert.equal(calls(), 2, 'a loaded part is not loaded again');
});

test('after every attempt failed the part is failed with the reason; asking again starts over', async () => {
  const { load, calls } = loader(['fail', 'fail', 'ok']);
  const part = new LazyPart(load, () => {});
  assert.equal(await part.get(), null);
  assert.equal(part.status, 'failed');
  assert.match(part.lastError?.message ?? '', /Failed to fetch/);
  assert.equal(await part.get(), MODULE);
  assert.equal(part.status, 'ready');
  assert.equal(calls(), 3);
});

test('callers at the same time share one load', async () => {
  const { load, calls } = loader(['ok']);
  const part = new LazyPart(load, () => {});
  const [a, b] = await Promise.all([part.get(), part.get()]);
  assert.equal(a, MODULE);
  assert.equal(b, MODULE);
  assert.equal(calls(), 1);
});

test('a load that never ends is given up after each attempt’s wait: the part fails instead of hanging', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const { load } = loader(['hang', 'hang']);
  const part = new LazyPart(load, () => {}, { attempts: 2, waitMs: 5000 });
  const result = part.get();
  for (let attempt = 0; attempt < 2; attempt++) {
    // Let the attempt reach its timer before the clock moves.
    await new Promise((resolve) => setImmediate(resolve));
    mock.timers.tick(5000);
  }
  assert.equal(await result, null);
  assert.equal(part.status, 'failed');
  assert.ok(part.lastError instanceof PartLoadTimeout);
});
