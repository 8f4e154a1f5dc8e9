import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialLaneState, isAbandonable, laneTransition, type LaneAction, type LaneState } from '../../src/core/lane-machine.js';
import type { Quote } from '../../src/core/quote.js';

const quote = (over: Partial<Quote> = {}): Quote => ({
  quoteId: 'Q1',
  lotId: 'lot',
  laneId: 'exit-1',
  plate: '沪A12345',
  enteredAt: '2026-11-23T08:00:00+08:00',
  minutes: 135,
  payableFen: 1500,
  discountFen: 0,
  paidFen: 0,
  dueFen: 1500,
  status: 'due',
  issuedAt: '2026-11-23T10:15:00+08:00',
  expiresAt: '2026-11-23T10:20:00+08:00',
  payUrl: 'https://pay.example/Q1',
  ...over,
});

function run(actions: LaneAction[], from: LaneState = initialLaneState): LaneState[] {
  const states: LaneState[] = [];
  let state = from;
  for (const action of actions) {
    state = laneTransition(state, action);
    states.push(state);
  }
  return states;
}

test('the happy path: idle → identifying → quoted → paying → paid → farewell → idle', () => {
  const names = run([
    { type: 'plate-submitted', plate: '沪A12345' },
    { type: 'quote-received', quote: quote() },
    { type: 'pay-requested' },
    { type: 'paid', quoteId: 'Q1', paidFen: 1500, channel: 'wechat' },
    { type: 'receipt-done' },
    { type: 'reset' },
  ]).map((s) => s.name);
  assert.deepEqual(names, ['identifying', 'quoted', 'paying', 'paid', 'farewell', 'idle']);
});

test('nothing to pay: quoted → leave → farewell, and paying is refused', () => {
  const states = run([
    { type: 'plate-submitted', plate: '京N8P8F8' },
    { type: 'quote-received', quote: quote({ status: 'nothing-to-pay', dueFen: 0, payUrl: null }) },
    { type: 'pay-requested' },
    { type: 'leave' },
  ]);
  assert.deepEqual(states.map((s) => s.name), ['identifying', 'quoted', 'quoted', 'farewell']);
  assert.equal(states[1], states[2], 'an action that does not apply returns the same state object');
});

test('leave is refused while money is due', () => {
  const quoted: LaneState = { name: 'quoted', quote: quote() };
  assert.equal(laneTransition(quoted, { type: 'leave' }), quoted);
});

test('a payment for another quote does not open this lane', () => {
  const paying: LaneState = { name: 'paying', quote: quote() };
  assert.equal(laneTransition(paying, { type: 'paid', quoteId: 'Q-other', paidFen: 1500, channel: 'wechat' }), paying);
  assert.equal(laneTransition(initialLaneState, { type: 'paid', quoteId: 'Q1', paidFen: 1500, channel: 'wechat' }), initialLaneState);
});

test('a payment that lands while the fee screen is still up is honoured', () => {
  const quoted: LaneState = { name: 'quoted', quote: quote() };
  assert.equal(laneTransition(quoted, { type: 'paid', quoteId: 'Q1', paidFen: 1500, channel: 'wechat' }).name, 'paid');
});

test('an expired quote re-quotes the same plate', () => {
  const next = laneTransition({ name: 'paying', quote: quote() }, { type: 'quote-expired' });
  assert.deepEqual(next, { name: 'identifying', plate: '沪A12345' });
});

test('errors always have a way out: retry re-identifies, reset goes idle', () => {
  const error = { kind: 'network' as const, code: 'network', message: 'down' };
  const [identifying, failed, retried] = run([
    { type: 'plate-submitted', plate: '沪A12345' },
    { type: 'quote-failed', error },
    { type: 'retry' },
  ]);
  assert.equal(identifying!.name, 'identifying');
  assert.deepEqual(failed, { name: 'error', error, plate: '沪A12345' });
  assert.deepEqual(retried, { name: 'identifying', plate: '沪A12345' });
  assert.equal(laneTransition(failed!, { type: 'reset' }).name, 'idle');
  assert.equal(laneTransition(failed!, { type: 'plate-submitted', plate: '沪B11111' }).name, 'identifying');
});

test('a rejected plate is an error that cannot be retried, only re-entered', () => {
  const rejected = laneTransition(initialLaneState, {
    type: 'plate-rejected',
    plate: '沪AI2345',
    error: { kind: 'invalid-plate', code: 'forbidden-letter', message: 'no I' },
  });
  assert.equal(rejected.name, 'error');
  assert.equal(laneTransition(rejected, { type: 'retry' }), rejected);
});

test('a new plate cannot interrupt a payment in progress', () => {
  const paying: LaneState = { name: 'paying', quote: quote() };
  assert.equal(laneTransition(paying, { type: 'plate-submitted', plate: '沪B11111' }), paying);
  const paid: LaneState = { name: 'paid', quote: quote(), paidFen: 1500, channel: 'wechat' };
  assert.equal(laneTransition(paid, { type: 'plate-submitted', plate: '沪B11111' }), paid);
});

test('only the fee and error screens time out for inactivity', () => {
  assert.deepEqual(
    (['idle', 'quoted', 'paying', 'error'] as const).map((name) =>
      isAbandonable(
        name === 'idle'
          ? initialLaneState
          : name === 'error'
            ? { name, error: { kind: 'network', code: 'x', message: 'x' }, plate: null }
            : { name, quote: quote() },
      ),
    ),
    [false, true, false, true],
  );
});

test('staff can release a car by hand from an error, the fee screen or the QR, never from idle', () => {
  const error: LaneState = { name: 'error', error: { kind: 'network', code: 'network', message: 'down' }, plate: '沪A12345' };
  assert.deepEqual(laneTransition(error, { type: 'staff-released', plate: '沪A12345' }), { name: 'farewell', plate: '沪A12345' });
  assert.equal(laneTransition({ name: 'paying', quote: quote() }, { type: 'staff-released', plate: '沪A12345' }).name, 'farewell');
  assert.equal(laneTransition(initialLaneState, { type: 'staff-released', plate: '沪A12345' }), initialLaneState);
});
