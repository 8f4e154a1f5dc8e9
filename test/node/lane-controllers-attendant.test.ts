/**
 * The lane controllers under a remote attendant: a driver on a call keeps the screen they are
 * talking about (the inactivity timeout waits until the call is over, then runs again in full), and
 * an entry lane takes the attendant's corrected plate over the camera's. Mock timers, no waiting.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EntryLaneController } from '../../src/components/lane-entry-kiosk/entry-lane-controller.js';
import { ExitLaneController } from '../../src/components/lane-exit-kiosk/exit-lane-controller.js';
import type { LaneConnectionHooks } from '../../src/components/shared/lane-connection-controller.js';
import type { LaneClient } from '../../src/client/lane-client.js';

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

test('an attendant’s corrected plate replaces the camera’s misread at the entry, and the misread car’s late answer does not admit the corrected one', async () => {
  const admissions: string[] = [];
  const answers: Array<(admitted: boolean) => void> = [];
  const client = {
    laneId: 'entry-1',
    spaces: async () => ({ areas: [], freeSpaces: 0 }),
    admission: (plate: string) =>
      new Promise((resolve) => {
        admissions.push(plate);
        answers.push((admitted) => resolve({ plate, freeSpaces: 0, admitted, reason: admitted ? 'reservation' : 'full' }));
      }),
  } as unknown as LaneClient;
  const lane = new EntryLaneController(host(), { devices: () => ({ lane: 'entry-1', printer: null, gate: null, outbox: null }) });
  lane.setClient(client);
  // The camera read the car at the barrier as 沪A11111, unsure: it waits for the driver's press.
  const camera = (lane.connection as unknown as { hooks: LaneConnectionHooks }).hooks;
  camera.onEvent!({ type: 'plate.read', plate: '沪A11111', confidence: 0.6, readAt: new Date().toISOString(), imageUrl: null, confirm: true });
  assert.equal(lane.cameraPlate, '沪A11111');
  lane.requestTicket(null);
  assert.deepEqual(admissions, ['沪A11111']);

  lane.requestTicketFor('沪B22222');
  assert.deepEqual(admissions, ['沪A11111', '沪B22222'], 'checked again by the corrected plate');
  assert.equal(lane.cameraPlate, null);
  answers[0]!(true); // the misread plate's reservation answers late
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(lane.state.name, 'checking', 'not admitted on the other car’s answer');
  answers[1]!(false);
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(lane.state.name, 'full');
});
