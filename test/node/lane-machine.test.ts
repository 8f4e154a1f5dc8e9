import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canRetry, initialLaneState, quoteAfterCoupon, isAbandonable, laneTransition, MAX_AUTH_ATTEMPTS, type LaneAction, type LaneAuthAnswer, type LaneState } from '../../src/core/lane-machine.js';
import { quote } from '../helpers/fixtures.js';


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
  assert.deepEqual(laneTransition(error, { type: 'staff-released', plate: '沪A12345', release: { billKey: 'b-1' } }), { name: 'farewell', plate: '沪A12345' });
  assert.equal(laneTransition({ name: 'paying', quote: quote() }, { type: 'staff-released', plate: '沪A12345', release: { billKey: 'b-1' } }).name, 'farewell');
  assert.equal(laneTransition(initialLaneState, { type: 'staff-released', plate: '沪A12345', release: { billKey: 'b-1' } }), initialLaneState);
});

const answer = (over: Partial<LaneAuthAnswer>): LaneAuthAnswer => ({ state: 'pay', platformState: 4, message: '', license: 'QB02110239', quote: null, ...over });
const TICKET = 'LKT1.ticket.signature';

test('a ticket holder: state 7 (camera) waits and asks again, then the fee is quoted and re-asked by ticket on expiry', () => {
  const states = run([
    { type: 'ticket-scanned', ticket: TICKET },
    { type: 'auth-answered', answer: answer({ state: 'awaiting-capture', platformState: 7, quote: null, message: '请稍候，正在抓拍' }) },
    { type: 'auth-retry' },
    { type: 'auth-answered', answer: answer({ quote: quote({ plate: 'QB02110239' }) }) },
    { type: 'quote-expired' },
  ]);
  assert.deepEqual(states.map((s) => s.name), ['authenticating', 'auth-waiting', 'authenticating', 'quoted', 'authenticating']);
  assert.deepEqual(states[1], { name: 'auth-waiting', ticket: TICKET, attempt: 1, wait: 'capture', message: '请稍候，正在抓拍' });
  assert.deepEqual(states[2], { name: 'authenticating', ticket: TICKET, attempt: 1, refresh: false });
  assert.equal((states[3] as Extract<LaneState, { name: 'quoted' }>).ticket, TICKET);
  assert.deepEqual(states[4], { name: 'authenticating', ticket: TICKET, attempt: 0, refresh: false });
});

test('state 3 (staff matching the record) asks for a refreshed fee; a released car says goodbye by its credential', () => {
  const states = run([
    { type: 'ticket-scanned', ticket: TICKET },
    { type: 'auth-answered', answer: answer({ state: 'awaiting-staff', platformState: 3 }) },
    { type: 'auth-retry' },
    { type: 'auth-answered', answer: answer({ state: 'released', platformState: 0 }) },
  ]);
  assert.deepEqual(states[2], { name: 'authenticating', ticket: TICKET, attempt: 1, refresh: true });
  assert.deepEqual(states[3], { name: 'farewell', plate: 'QB02110239' });
});

test('an undecided platform becomes a timeout error after the last attempt, retried by ticket; a refusal is an error with the platform state and no retry', () => {
  let state: LaneState = laneTransition(initialLaneState, { type: 'ticket-scanned', ticket: TICKET });
  for (let i = 0; i < MAX_AUTH_ATTEMPTS - 1; i++) {
    state = laneTransition(state, { type: 'auth-answered', answer: answer({ state: 'confirming', platformState: 2 }) });
    assert.equal(state.name, 'auth-waiting');
    state = laneTransition(state, { type: 'auth-retry' });
  }
  state = laneTransition(state, { type: 'auth-answered', answer: answer({ state: 'confirming', platformState: 2 }) });
  assert.equal(state.name, 'error');
  const timedOut = state as Extract<LaneState, { name: 'error' }>;
  assert.equal(timedOut.error.kind, 'timeout');
  assert.equal(timedOut.error.code, 'platform-state-2');
  assert.ok(canRetry(timedOut));
  assert.deepEqual(laneTransition(timedOut, { type: 'retry' }), { name: 'authenticating', ticket: TICKET, attempt: 0, refresh: false });

  const refused = laneTransition({ name: 'authenticating', ticket: TICKET, attempt: 0, refresh: false }, { type: 'auth-answered', answer: answer({ state: 'refused', platformState: 1, message: '黑名单车辆' }) });
  assert.deepEqual(refused, { name: 'error', error: { kind: 'rejected', code: 'platform-state-1', message: '黑名单车辆' }, plate: 'QB02110239', ticket: TICKET });
  assert.equal(canRetry(refused as Extract<LaneState, { name: 'error' }>), false, 'asking again gets the same refusal');
  const failed = laneTransition({ name: 'authenticating', ticket: TICKET, attempt: 0, refresh: false }, { type: 'quote-failed', error: { kind: 'network', code: 'network', message: 'down' } });
  assert.deepEqual(failed, { name: 'error', error: { kind: 'network', code: 'network', message: 'down' }, plate: null, ticket: TICKET });
});

test('a coupon scanned on a fee to pay quotes again with it; nowhere else, not on a stay that owes nothing', () => {
  const coupon = { mchId: '11151314366657101', ruleId: '12151107620265701' };
  const quoted: LaneState = { name: 'quoted', quote: quote() };
  assert.deepEqual(laneTransition(quoted, { type: 'coupon-scanned', coupon }), { name: 'identifying', plate: '沪A12345', coupon, before: quote() });
  assert.equal(laneTransition(initialLaneState, { type: 'coupon-scanned', coupon }), initialLaneState);
  const paying: LaneState = { name: 'paying', quote: quote() };
  assert.equal(laneTransition(paying, { type: 'coupon-scanned', coupon }), paying);
  const unknownCar: LaneState = { name: 'quoted', quote: quote({ status: 'no-entry-record' }) };
  assert.equal(laneTransition(unknownCar, { type: 'coupon-scanned', coupon }), unknownCar);
  const free: LaneState = { name: 'quoted', quote: quote({ status: 'nothing-to-pay', dueFen: 0, payUrl: null }) };
  assert.equal(laneTransition(free, { type: 'coupon-scanned', coupon }), free, 'nothing to pay: the coupon is not spent');
});

test('a refused coupon goes back to the fee it was scanned on, with the reason; a failed network is still an error', () => {
  const coupon = { mchId: '11151314366657101', ruleId: '12151107620265701' };
  const applying = laneTransition({ name: 'quoted', quote: quote() }, { type: 'coupon-scanned', coupon });
  const refused = laneTransition(applying, { type: 'quote-failed', error: { kind: 'rejected', code: 'coupon-already-applied', message: 'used' } });
  assert.deepEqual(refused, { name: 'quoted', quote: quote(), notice: 'coupon-already-applied' });
  assert.equal(laneTransition(refused, { type: 'pay-requested' }).name, 'paying', 'the fee can still be paid');
  const down = laneTransition(applying, { type: 'quote-failed', error: { kind: 'network', code: 'network', message: 'down' } });
  assert.equal(down.name, 'error');
});

test('a coupon that covers the whole fee keeps the amounts of the fee before it, and the stay', () => {
  const before = quote({ payableFen: 1500, paidFen: 500, discountFen: 0, dueFen: 1000 });
  const noBill = quote({ quoteId: 'Q2', status: 'nothing-to-pay', enteredAt: null, minutes: 0, payableFen: 0, discountFen: 0, paidFen: 0, dueFen: 0, payUrl: null });
  const after = laneTransition({ name: 'identifying', plate: '沪A12345', coupon: { mchId: '1', ruleId: '2' }, before }, { type: 'quote-received', quote: noBill });
  assert.deepEqual(after, { name: 'quoted', quote: { ...noBill, enteredAt: before.enteredAt, minutes: 135, payableFen: 1500, paidFen: 500, discountFen: 1000 } });
  const itemised = quote({ quoteId: 'Q3', payableFen: 1500, discountFen: 500, dueFen: 1000 });
  assert.deepEqual(quoteAfterCoupon(before, itemised), itemised, 'a platform that itemises the discount is shown as it answered');
});

test('an error with neither plate nor ticket, or a typing mistake, offers no retry', () => {
  const error = (over: Partial<Extract<LaneState, { name: 'error' }>>): Extract<LaneState, { name: 'error' }> => ({ name: 'error', error: { kind: 'network', code: 'x', message: 'x' }, plate: null, ...over });
  assert.equal(canRetry(error({})), false);
  assert.equal(canRetry(error({ plate: '沪A1', error: { kind: 'invalid-plate', code: 'x', message: 'x' } })), false);
  assert.equal(canRetry(error({ plate: '沪A12345' })), true);
  assert.equal(canRetry(error({ ticket: 'T', error: { kind: 'rejected', code: 'forged-ticket', message: 'x' } })), false);
});
