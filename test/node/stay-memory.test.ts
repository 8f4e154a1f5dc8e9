/** The figures of a stay the platform forgot (stay-memory.ts): pure rules, hand-computed cases. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UpstreamBill } from '../../src/proxy/providers/types.js';
import { coveredByCoupons, sameStay, stayFiguresOf, withRememberedFigures, type StayFigures } from '../../src/proxy/stay-memory.js';

const ENTERED = Date.UTC(2026, 11, 3, 1, 15);
/** Welink's NoBill as the fee source gives it: nothing to pay, no figures, the entry from the on-site record. */
const noBill: UpstreamBill = { status: 'nothing-to-pay', plate: '沪A12345', enteredAtMs: ENTERED, minutes: 135, payableFen: 0, discountFen: 0, paidFen: 0, dueFen: 0, settlement: {} };
const figures = (over: Partial<StayFigures>): StayFigures => ({ enteredAtMs: ENTERED, payableFen: 1500, discountFen: 0, paidFen: 0, ...over });
const shown = (bill: UpstreamBill) => [bill.status, bill.payableFen, bill.discountFen, bill.paidFen, bill.dueFen];

test('a coupon scanned at the lane left nothing to pay: ¥15 due a moment before → ¥15 payable, ¥15 off', () => {
  const before: UpstreamBill = { ...noBill, status: 'due', enteredAtMs: ENTERED + 60_000, payableFen: 1500, discountFen: 500, dueFen: 1000 };
  const covered = coveredByCoupons(noBill, before);
  assert.deepEqual(shown(covered), ['nothing-to-pay', 1500, 1500, 0, 0]);
  assert.equal(covered.enteredAtMs, ENTERED, "the on-site record's entry, which later answers carry");
  assert.deepEqual(shown(coveredByCoupons(noBill, { ...before, paidFen: 1000, discountFen: 0, dueFen: 500 })), ['nothing-to-pay', 1500, 500, 1000, 0], 'paid ¥10 of it: the coupon covered ¥5');
});

test('one stay: the billing starts at the entry or up to a day after it; a later stay entered after it', () => {
  assert.equal(sameStay(ENTERED, ENTERED), true);
  assert.equal(sameStay(ENTERED, ENTERED + 15 * 60_000), true, 'billing after 15 free minutes');
  assert.equal(sameStay(ENTERED + 60_000, ENTERED), false, 'entered after that stay began: a new stay');
  assert.equal(sameStay(ENTERED, ENTERED + 25 * 3600_000), false);
  assert.deepEqual(shown(withRememberedFigures(noBill, figures({ enteredAtMs: ENTERED + 15 * 60_000, paidFen: 1500 }))), ['nothing-to-pay', 1500, 0, 1500, 0]);
});

test('paid through the proxy within the grace time: ¥75 paid, nothing discounted', () => {
  assert.deepEqual(shown(withRememberedFigures(noBill, figures({ payableFen: 7500, paidFen: 7500 }))), ['nothing-to-pay', 7500, 0, 7500, 0]);
});

test('a ¥5 coupon and ¥10 paid for a ¥15 stay: both shown as they were', () => {
  assert.deepEqual(shown(withRememberedFigures(noBill, figures({ discountFen: 500, paidFen: 1000 }))), ['nothing-to-pay', 1500, 500, 1000, 0]);
});

test('a fee settled some way the proxy did not see (the platform\'s app, a booth) is not dressed up as a discount', () => {
  assert.equal(withRememberedFigures(noBill, figures({})), noBill);
  assert.equal(withRememberedFigures(noBill, figures({ discountFen: 500 })), noBill, '¥10 of ¥15 unaccounted for');
});

test('another stay of the same car, an unknown entry, or a bill with figures of its own are left as the platform said', () => {
  assert.equal(withRememberedFigures(noBill, figures({ enteredAtMs: ENTERED - 86_400_000, paidFen: 1500 })), noBill, "yesterday's stay");
  assert.equal(withRememberedFigures(noBill, figures({ enteredAtMs: ENTERED - 60_000, paidFen: 1500 })), noBill, 'a stay whose billing began before this car came in');
  const unknownEntry = { ...noBill, enteredAtMs: null };
  assert.equal(withRememberedFigures(unknownEntry, figures({ paidFen: 1500 })), unknownEntry);
  const due: UpstreamBill = { ...noBill, status: 'due', payableFen: 1800, dueFen: 300, paidFen: 1500 };
  assert.equal(withRememberedFigures(due, figures({ paidFen: 1500 })), due);
  assert.equal(withRememberedFigures(noBill, undefined), noBill);
});

test('only a stay with an entry and a fee has figures to keep', () => {
  assert.deepEqual(stayFiguresOf({ enteredAtMs: ENTERED, payableFen: 1500, discountFen: 500, paidFen: 0 }), figures({ discountFen: 500 }));
  assert.equal(stayFiguresOf({ enteredAtMs: null, payableFen: 1500, discountFen: 0, paidFen: 0 }), null);
  assert.equal(stayFiguresOf({ enteredAtMs: ENTERED, payableFen: 0, discountFen: 0, paidFen: 0 }), null, 'inside the free period');
});
