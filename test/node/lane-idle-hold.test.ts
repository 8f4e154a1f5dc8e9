/**
 * A driver on a call with the remote attendant keeps the screen they are talking about: the lane's
 * inactivity timeout waits until the call is over, then runs again in full. Mock timers, no waiting.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EntryLaneController } from '../../src/components/lane-entry-kiosk/entry-lane-controller.js';
import { ExitLaneController } from '../../src/components/lane-exit-kiosk/exit-lane-controller.js';

/** Enough of a Lit host for a controller that is never connected to a page. */
const host = () => ({ addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) }) as never;

test('the exit lane does not time out to idle while a call is live, and does once it is over', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const lane = new ExitLaneController(host(), { paidDisplayMs: 10, farewellMs: 10, idleTimeoutMs: 90_000, authRetryMs: 10 });
  lane.send({ type: 'plate-rejected', plate: '沪A1', error: { kind: 'invalid-plate', code: 'too-short', message: 'too short' } });
  assert.equal(lane.state.name, 'error');
  lane.holdIdle(true);
  t.mock.timers.tick(5 * 60_000);
  assert.equal(lane.state.name, 'error', 'five minutes on the phone: the screen stays');
  lane.holdIdle(false);
  t.mock.timers.tick(89_000);
  assert.equal(lane.state.name, 'error', 'the full timeout again after the call');
  t.mock.timers.tick(1_000);
  assert.equal(lane.state.name, 'idle');
});

test('the entry lane keeps its fault screen while the driver talks to the attendant', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const lane = new EntryLaneController(host(), { devices: () => ({ lane: 'entry-1', printer: null, gate: null, outbox: null }) });
  // No proxy to ask: the ticket request fails at once, and the fault screen would go after 30 s.
  lane.send({ type: 'ticket-requested', plate: '沪E24680' });
  assert.equal(lane.state.name, 'error');
  lane.holdIdle(true);
  t.mock.timers.tick(10 * 60_000);
  assert.equal(lane.state.name, 'error');
  lane.holdIdle(false);
  t.mock.timers.tick(29_000);
  assert.equal(lane.state.name, 'error');
  t.mock.timers.tick(1_000);
  assert.equal(lane.state.name, 'idle');
});
