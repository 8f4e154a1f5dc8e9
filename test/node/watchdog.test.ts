import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_WATCHDOG_LIMITS, watchdogVerdict } from '../../src/core/watchdog.js';

const now = 1_800_000_000_000;

test('idle is never rescued; a request state is reset after a minute, any other state after ten', () => {
  assert.equal(watchdogVerdict({ state: 'idle', since: now - 86_400_000, errors: [], now }), 'ok');
  assert.equal(watchdogVerdict({ state: 'identifying', since: now - 59_000, errors: [], now }), 'ok');
  assert.equal(watchdogVerdict({ state: 'identifying', since: now - 61_000, errors: [], now }), 'reset');
  assert.equal(watchdogVerdict({ state: 'checking', since: now - 61_000, errors: [], now }), 'reset');
  assert.equal(watchdogVerdict({ state: 'paying', since: now - 9 * 60_000, errors: [], now }), 'ok');
  assert.equal(watchdogVerdict({ state: 'paying', since: now - 10 * 60_000 - 1, errors: [], now }), 'reset');
});

test('five uncaught errors within a minute reload the page; old errors are forgotten', () => {
  const burst = [1, 2, 3, 4, 5].map((s) => now - s * 1000);
  assert.equal(watchdogVerdict({ state: 'idle', since: now, errors: burst, now }), 'reload');
  assert.equal(watchdogVerdict({ state: 'idle', since: now, errors: burst.slice(1), now }), 'ok');
  const old = burst.map((at) => at - DEFAULT_WATCHDOG_LIMITS.errorWindowMs);
  assert.equal(watchdogVerdict({ state: 'idle', since: now, errors: old, now }), 'ok');
});
