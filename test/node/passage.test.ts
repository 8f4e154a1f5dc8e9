/** The passages a lane queues (leave and arrive reports), built purely from the quote or the staff's bill. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OfflineBillPayload } from '../../src/core/lane-events.js';
import { arrivePassage, leavePassage, payTypeOf, remoteReleaseBill, staffReleaseBill, staffReleaseCar, staffReleasePassage } from '../../src/core/passage.js';
import { validateLaneEvent } from '../../src/core/lane-events.js';
import type { Quote } from '../../src/core/quote.js';

const AT = Date.parse('2026-12-03T18:05:00+08:00');

function quote(plate: string, enteredAt: string | null): Quote {
  return {
    quoteId: 'q1',
    lotId: 'lot-1',
    laneId: 'exit-1',
    plate,
    enteredAt,
    minutes: 95,
    payableFen: 1500,
    discountFen: 0,
    paidFen: 0,
    dueFen: 1500,
    status: 'due',
    issuedAt: '2026-12-03T18:04:00+08:00',
    expiresAt: '2026-12-03T18:09:00+08:00',
    payUrl: 'https://pay.example/q1',
  };
}

const bill: OfflineBillPayload = {
  plate: '沪A12345',
  enteredAtMs: AT - 3_600_000,
  exitAtMs: AT,
  payableFen: 1000,
  discountFen: 0,
  paidFen: 0,
  amountFen: 1000,
  settlement: 'cash',
  note: '',
  staff: '007',
};

test('payment channels become the platforms’ pay types; unionpay is uppay, anything else unknown', () => {
  assert.deepEqual(
    ['wechat', 'alipay', 'cash', 'unionpay', 'tcard', 'unknown', ''].map(payTypeOf),
    ['wechat', 'alipay', 'cash', 'uppay', 'unknown', 'unknown', 'unknown'],
  );
});

test('a leave carries the plate, the entry time (the exit time when the platform has none), the amount and pay type', () => {
  assert.deepEqual(leavePassage(quote('沪A12345', '2026-12-03T16:30:00+08:00'), 1500, 'unionpay', AT), {
    plate: '沪A12345',
    atMs: AT,
    enteredAtMs: Date.parse('2026-12-03T16:30:00+08:00'),
    payFen: 1500,
    payType: 'uppay',
  });
  assert.equal(leavePassage(quote('沪A12345', null), 0, 'unknown', AT)?.enteredAtMs, AT);
});

test('a car known only by its entry ticket has no plate to report: no leave', () => {
  assert.equal(leavePassage(quote('', '2026-12-03T16:30:00+08:00'), 1500, 'wechat', AT), null);
  assert.equal(leavePassage(quote('TICKET-0042', null), 1500, 'wechat', AT), null);
});

test('a staff release leaves at the bill’s exit time; cash is cash, a free pass or an IOU is unknown', () => {
  assert.deepEqual(staffReleasePassage(bill), { plate: '沪A12345', atMs: AT, enteredAtMs: AT - 3_600_000, payFen: 1000, payType: 'cash' });
  assert.equal(staffReleasePassage({ ...bill, settlement: 'free', amountFen: 0 }).payType, 'unknown');
  assert.equal(staffReleasePassage({ ...bill, settlement: 'iou', amountFen: 0 }).payType, 'unknown');
});

test('the hand-released bill takes the car’s entry ticket along, and is unchanged without one', () => {
  assert.equal(staffReleaseBill(bill, 'LKT1.abc').entryTicket, 'LKT1.abc');
  assert.equal(staffReleaseBill(bill, null), bill);
});

test('an arrival is reported for a car with a plate only', () => {
  assert.deepEqual(arrivePassage('沪B67890', AT), { plate: '沪B67890', atMs: AT });
  assert.equal(arrivePassage(null, AT), null);
});

test('staff can release the car of an error, a fee on screen or a payment under way, with the ticket it came by', () => {
  const q = quote('沪A12345', null);
  const error = { kind: 'upstream', code: 'welink:9999', message: 'down' } as const;
  assert.deepEqual(staffReleaseCar({ name: 'quoted', quote: q, ticket: 'LKT1.t' }), { plate: '沪A12345', ticket: 'LKT1.t' });
  assert.deepEqual(staffReleaseCar({ name: 'paying', quote: q }), { plate: '沪A12345', ticket: null });
  assert.deepEqual(staffReleaseCar({ name: 'error', error, plate: '沪B1', ticket: 'LKT1.u' }), { plate: '沪B1', ticket: 'LKT1.u' });
  assert.equal(staffReleaseCar({ name: 'error', error, plate: null, ticket: 'LKT1.u' }), null, 'no plate known: nothing to bill');
  assert.equal(staffReleaseCar({ name: 'idle' }), null);
});

test('a remote release bills the fee on screen as the lane’s own staff release does, under the attendant’s name and reason', () => {
  const paying = { name: 'paying', quote: { ...quote('沪A12345', '2026-12-03T16:30:00+08:00'), paidFen: 500, dueFen: 1000 }, ticket: 'T1' } as const;
  const collected = remoteReleaseBill(paying, { by: 'zhang', reason: '扫码失败，已电话转账', amountFen: 1000, seen: { plate: '沪A12345', dueFen: 1000 } }, AT);
  assert.deepEqual(collected, {
    plate: '沪A12345',
    enteredAtMs: Date.parse('2026-12-03T16:30:00+08:00'),
    exitAtMs: AT,
    payableFen: 1500,
    discountFen: 0,
    paidFen: 500,
    amountFen: 1000,
    settlement: 'cash',
    note: '远程放行：扫码失败，已电话转账',
    staff: 'remote:zhang',
    entryTicket: 'T1',
  });
  // The proxy accepts it as it accepts the lane's own hand releases.
  validateLaneEvent({ key: 'remote-release-1', type: 'offline-bill', stream: 'exit-1/fee', createdAt: AT, payload: collected });
  const free = remoteReleaseBill({ name: 'quoted', quote: quote('沪A12345', null) }, { by: 'wang', reason: '设备故障', amountFen: 0, seen: { plate: '沪A12345', dueFen: 1500 } }, AT)!;
  assert.equal(free.settlement, 'free');
  assert.equal(free.enteredAtMs, AT, 'no entry time from the platform: the stay is counted from the exit');
  assert.equal(free.entryTicket, undefined);
});

test('a remote release of an error screen bills the plate it shows; with no car on screen there is nothing to release', () => {
  const error = { name: 'error', plate: '沪B67890', error: { kind: 'platform', code: 'welink:9999', message: 'down' } } as const;
  const bill = remoteReleaseBill(error as never, { by: 'zhang', reason: '平台故障', amountFen: 800, seen: { plate: '沪B67890', dueFen: null } }, AT)!;
  assert.equal(bill.plate, '沪B67890');
  assert.equal(bill.payableFen, 800, 'no fee known: what was collected is the fee');
  assert.equal(remoteReleaseBill({ name: 'idle' }, { by: 'zhang', reason: '设备故障', amountFen: 0, seen: { plate: null, dueFen: null } }, AT), null);
  assert.equal(remoteReleaseBill({ name: 'farewell', plate: '沪A12345' }, { by: 'zhang', reason: '设备故障', amountFen: 0, seen: { plate: null, dueFen: null } }, AT), null);
});

test('a remote release is for the car the attendant saw, at the fee they saw at most: another car, or a fee that grew since, is not released', () => {
  const paying = { name: 'paying', quote: quote('沪A12345', '2026-12-03T16:30:00+08:00') } as const;
  const release = (seen: { plate: string | null; dueFen: number | null }) => remoteReleaseBill(paying, { by: 'zhang', reason: '设备故障', amountFen: 0, seen }, AT);
  assert.notEqual(release({ plate: '沪A12345', dueFen: 1500 }), null);
  assert.equal(release({ plate: '沪B00001', dueFen: 1500 }), null, 'the board showed another car');
  assert.equal(release({ plate: '沪A12345', dueFen: 1000 }), null, 'the fee grew after the attendant looked');
  assert.equal(release({ plate: null, dueFen: null }), null, 'an error screen with no fee, that is now a ¥15 quote, is not a ¥0 release');
});
