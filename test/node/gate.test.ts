/** The barrier gate's pure parts: relay frames, when the exit lane opens, and the gate-open lane event's rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitGateOpening, remoteGateOpening } from '../../src/core/gate-decision.js';
import { gateOpenKey } from '../../src/hardware/gate.js';
import { LaneEventError, validateLaneEvent } from '../../src/core/lane-events.js';
import { initialLaneState, laneTransition, type LaneAction, type LaneAuthAnswer, type LaneState } from '../../src/core/lane-machine.js';
import { quote } from '../helpers/fixtures.js';
import { MAX_RELAY, RelayFrameError, relayFrame } from '../../src/hardware/relay-frames.js';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

test('relay frames are A0, relay, state, sum of the three mod 256, as the LCUS board manuals print them', () => {
  // Written out by hand from PLATFORM-NOTES and the LCUS-1/LCUS-4 manuals, not computed.
  assert.equal(hex(relayFrame(1, true)), 'A0 01 01 A2');
  assert.equal(hex(relayFrame(1, false)), 'A0 01 00 A1');
  assert.equal(hex(relayFrame(2, true)), 'A0 02 01 A3');
  assert.equal(hex(relayFrame(2, false)), 'A0 02 00 A2');
  assert.equal(hex(relayFrame(4, true)), 'A0 04 01 A5');
  assert.equal(hex(relayFrame(8, false)), 'A0 08 00 A8');
});

test('a relay the board cannot have is refused with what to use instead', () => {
  for (const bad of [0, MAX_RELAY + 1, 1.5, -1, Number.NaN]) {
    assert.throws(() => relayFrame(bad, true), (error: unknown) => error instanceof RelayFrameError && /use 1 to 8/.test(error.message), String(bad));
  }
});


const answer = (state: LaneAuthAnswer['state'], over: Partial<LaneAuthAnswer> = {}): LaneAuthAnswer => ({ state, platformState: 0, message: '', license: 'QB02110239', quote: null, ...over });

/** Every opening along a run of actions through the real state machine. */
function openings(actions: LaneAction[], from: LaneState = initialLaneState) {
  const found = [];
  let state = from;
  for (const action of actions) {
    const next = laneTransition(state, action);
    const opening = exitGateOpening(state, action, next);
    if (opening) found.push(opening);
    state = next;
  }
  return found;
}

test('the gate opens once when the car has paid, with the quote it paid', () => {
  const q = quote();
  const found = openings([{ type: 'plate-submitted', plate: q.plate }, { type: 'quote-received', quote: q }, { type: 'pay-requested' }, { type: 'paid', quoteId: 'Q1', paidFen: 1500, channel: 'wechat' }, { type: 'receipt-done' }, { type: 'reset' }]);
  assert.deepEqual(found, [{ reason: 'paid', plate: '沪A12345', ref: 'Q1' }]);
});

test('nothing due: free inside the free minutes, already-paid when it was paid before', () => {
  const free = quote({ status: 'nothing-to-pay', dueFen: 0, payableFen: 0, payUrl: null });
  assert.deepEqual(openings([{ type: 'leave' }], { name: 'quoted', quote: free }), [{ reason: 'free', plate: '沪A12345', ref: 'Q1' }]);
  const prepaid = quote({ status: 'nothing-to-pay', dueFen: 0, paidFen: 1500, payUrl: null });
  assert.deepEqual(openings([{ type: 'leave' }], { name: 'quoted', quote: prepaid }), [{ reason: 'already-paid', plate: '沪A12345', ref: 'Q1' }]);
});

test('a ticket the platform releases opens; staff releasing a car opens, on the record as theirs', () => {
  assert.deepEqual(openings([{ type: 'ticket-scanned', ticket: 'T' }, { type: 'auth-answered', answer: answer('released') }]), [
    { reason: 'platform-release', plate: 'QB02110239', ref: null },
  ]);
  const offline: LaneState = { name: 'error', error: { kind: 'network', code: 'network', message: 'down' }, plate: '沪A12345' };
  assert.deepEqual(openings([{ type: 'staff-released', plate: '沪A12345', release: { billKey: 'b-1' } }], offline), [{ reason: 'staff-release', plate: '沪A12345', ref: 'bill:b-1' }]);
  // The remote attendant's release is on the record as theirs, under the action that did it.
  assert.deepEqual(openings([{ type: 'staff-released', plate: '沪A12345', release: { attendantId: 'zhang', actionId: 'a-7' } }], offline), [
    { reason: 'remote-attendant', plate: '沪A12345', ref: 'action:a-7:by:zhang' },
  ]);
  // Two openings by an attendant with a long id stay two records: the outbox key keeps the action whole.
  const longId = 'x'.repeat(64);
  const [one, two] = [crypto.randomUUID(), crypto.randomUUID()].map((actionId) => gateOpenKey({ ...remoteGateOpening(longId, actionId, null), atMs: 0, actuator: 'relay', result: 'opened' }));
  assert.notEqual(one, two);
});

test('never on a quote, an error, a refused or forged ticket, a payment for another quote, or a reset', () => {
  const q = quote();
  const quoted: LaneState = { name: 'quoted', quote: q };
  assert.deepEqual(openings([{ type: 'plate-submitted', plate: q.plate }, { type: 'quote-received', quote: q }, { type: 'pay-requested' }, { type: 'quote-expired' }]), []);
  assert.deepEqual(openings([{ type: 'plate-submitted', plate: q.plate }, { type: 'quote-failed', error: { kind: 'upstream', code: 'x', message: 'x' } }, { type: 'retry' }]), []);
  for (const refused of ['refused', 'error', 'gate-failed'] as const) {
    assert.deepEqual(openings([{ type: 'ticket-scanned', ticket: 'forged' }, { type: 'auth-answered', answer: answer(refused, { platformState: 1 }) }]), [], refused);
  }
  assert.deepEqual(openings([{ type: 'ticket-scanned', ticket: 'forged' }, { type: 'quote-failed', error: { kind: 'rejected', code: 'invalid-ticket', message: 'forged' } }]), []);
  assert.deepEqual(openings([{ type: 'paid', quoteId: 'OTHER', paidFen: 1500, channel: 'wechat' }], quoted), []);
  assert.deepEqual(openings([{ type: 'leave' }], quoted), [], 'leave is only for nothing due');
  assert.deepEqual(openings([{ type: 'staff-released', plate: q.plate, release: { billKey: 'b-1' } }], initialLaneState), [], 'no release from idle');
  assert.deepEqual(openings([{ type: 'reset' }], quoted), []);
});

const gateEvent = (payload: Record<string, unknown>) => ({
  key: 'gate-paid-Q1',
  stream: 'exit-1/gate',
  type: 'gate-open',
  createdAt: Date.now(),
  payload: { reason: 'paid', plate: '沪A12345', ref: 'Q1', atMs: Date.now(), actuator: 'relay', result: 'opened', ...payload },
});

test('gate-open events: every reason, actuator and result passes; anything else is refused with what is wrong', () => {
  for (const reason of ['paid', 'already-paid', 'free', 'platform-release', 'staff-release', 'entry-ticket', 'staff-test']) validateLaneEvent(gateEvent({ reason }));
  validateLaneEvent(gateEvent({ actuator: 'platform', result: 'delegated', plate: null, ref: null }));
  validateLaneEvent(gateEvent({ result: 'failed', message: 'the relay board is unplugged' }));
  const refused = (payload: Record<string, unknown>, pattern: RegExp) =>
    assert.throws(() => validateLaneEvent(gateEvent(payload)), (error: unknown) => error instanceof LaneEventError && pattern.test(error.message), JSON.stringify(payload));
  refused({ reason: 'quote' }, /reason must be one of paid/);
  refused({ actuator: 'camera' }, /actuator must be relay or platform/);
  refused({ result: 'maybe' }, /result must be opened, failed or delegated/);
  refused({ atMs: 12 }, /atMs/);
  refused({ plate: 7 }, /plate/);
  refused({ message: 'x'.repeat(501) }, /message/);
});

test('gate settings read back what was stored, and anything missing or out of range keeps its default', async () => {
  const { DEFAULT_GATE, gateSettingsFrom } = await import('../../kiosk-shell/gate-settings.js');
  assert.deepEqual(gateSettingsFrom(undefined), DEFAULT_GATE);
  assert.deepEqual(gateSettingsFrom({ mode: 'none', relay: 8, pulseMs: 1000, baudRate: 115200 }), { mode: 'none', relay: 8, pulseMs: 1000, baudRate: 115200 });
  assert.deepEqual(gateSettingsFrom({ mode: 'platform', relay: '2', pulseMs: '250', baudRate: '19200' }), { mode: 'platform', relay: 2, pulseMs: 250, baudRate: 19200 }, 'form fields arrive as text');
  assert.deepEqual(gateSettingsFrom({ mode: 'open-always', relay: 9, pulseMs: 50, baudRate: 12345 }), DEFAULT_GATE);
});
