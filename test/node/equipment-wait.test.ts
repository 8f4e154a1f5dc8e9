/** The bounded wait for equipment a kiosk page hands its lane after the first screen. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { EQUIPMENT_WAIT_MS, untilEquipped } from '../../src/components/shared/equipment.js';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

/** Whether `promise` has settled once pending reactions have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  return done;
}

test('a page that gave its equipment from the start is not waited for', async () => {
  assert.equal(await settled(untilEquipped(null)), true);
});

test('the wait ends when the equipment comes, and also when setting it up failed', async () => {
  let give!: () => void;
  const waiting = untilEquipped(new Promise<void>((resolve) => (give = resolve)));
  assert.equal(await settled(waiting), false);
  give();
  assert.equal(await settled(waiting), true);
  assert.equal(await settled(untilEquipped(Promise.reject(new Error('no outbox')))), true);
});

test('equipment that never comes holds the lane for EQUIPMENT_WAIT_MS and no longer', async () => {
  const waiting = untilEquipped(new Promise(() => {}));
  mock.timers.tick(EQUIPMENT_WAIT_MS - 1);
  assert.equal(await settled(waiting), false);
  mock.timers.tick(1);
  assert.equal(await settled(waiting), true);
});
