/**
 * The remote attendant's actions at the exit lane report what really happened: a release whose bill
 * cannot be stored, or a barrier that does not lift, is `failed`, never `done`.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneExitKiosk, LaneStateEvent } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneRemoteActionEvent } from '../../src/components/shared/kiosk-events.js';
import type { RemoteActionCommand, RemoteActionKind } from '../../src/core/attendant/staff-access.js';
import { GateError, type LaneGate } from '../../src/hardware/gate.js';
import { LANE, mount, nextEvent, unmountAll } from './support.js';

function kiosk(): LaneExitKiosk {
  return Object.assign(document.createElement('lane-exit-kiosk'), { proxyUrl: LANE.proxyUrl, lane: LANE.laneId, laneKey: LANE.laneKey });
}

/** A car of its own on the fee screen, as the attendant sees it. */
async function quotedCar(element: LaneExitKiosk): Promise<string> {
  const plate = `沪R${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
  await fetch('/sims/welink/_admin/park', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plate, minutesAgo: 135 }) });
  const quoted = nextEvent<LaneStateEvent>(element, 'lane-state', (e) => e.detail.state.name === 'quoted');
  element.controller.submitPlate(plate);
  await quoted;
  return plate;
}

/** Sends `kind` as the attendant would and resolves with what the lane said it did. */
async function remote(element: LaneExitKiosk, kind: RemoteActionKind, plate: string): Promise<string> {
  const action: RemoteActionCommand = { kind, reason: '测试', by: 'zhang', amountFen: 0, at: Date.now(), actionId: crypto.randomUUID(), seen: { plate, dueFen: 1500 } };
  // A release waits up to 10 s for the outbox of a lane that has just started.
  const done = nextEvent<LaneRemoteActionEvent>(element, 'lane-remote-action', () => true, 15_000);
  element.attendant.onEvent({ type: 'remote-action', action });
  return (await done).detail.outcome;
}

const failingGate: LaneGate = Object.assign(new EventTarget(), {
  mode: 'relay' as const,
  status: null,
  open: () => Promise.reject(new GateError('offline', 'the relay board is unplugged')),
});

describe('<lane-exit-kiosk> remote actions', () => {
  afterEach(unmountAll);

  it('a release whose bill cannot be stored (no outbox on this lane) is reported failed, and the car is not let go', async function () {
    this.timeout(40_000); // the release waits its 10 s for an outbox first
    const element = await mount(kiosk());
    const plate = await quotedCar(element);
    expect(await remote(element, 'release', plate)).to.equal('failed');
    expect(element.controller.state.name).to.not.equal('farewell', 'the car was not let go');
  });

  it('a barrier that does not lift is reported failed; without a gate the lane says it has none', async () => {
    const element = await mount(kiosk());
    const plate = await quotedCar(element);
    expect(await remote(element, 'open-gate', plate)).to.equal('no-device');
    element.gate = failingGate;
    await element.updateComplete;
    expect(await remote(element, 'open-gate', plate)).to.equal('failed');
  });
});
