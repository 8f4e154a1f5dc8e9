/** The pure checks of operator, partner and lane inputs, by hand-computed cases. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCalendarDay, checkHttpUrl, checkLongId } from '../../src/core/input-checks.js';
import { validateLaneEvent } from '../../src/core/lane-events.js';

test('calendar days: only real days of 2000–2099, written YYYY-MM-DD', () => {
  assert.deepEqual(checkCalendarDay('2026-02-28'), { ok: true, value: { year: 2026, month: 2, day: 28 } });
  assert.deepEqual(checkCalendarDay('2024-02-29'), { ok: true, value: { year: 2024, month: 2, day: 29 } }, 'a leap day');
  assert.deepEqual(checkCalendarDay('2000-02-29'), { ok: true, value: { year: 2000, month: 2, day: 29 } }, 'divisible by 400: leap');
  assert.deepEqual(checkCalendarDay('2099-12-31'), { ok: true, value: { year: 2099, month: 12, day: 31 } });
  const refused: Array<[unknown, RegExp]> = [
    ['0000-00-00', /outside the years 2000–2099/],
    ['1999-12-31', /outside the years/],
    ['2100-01-01', /outside the years/],
    ['2026-02-30', /not a day: 2026-02 has days 01 to 28/],
    ['2025-02-29', /not a day: 2025-02 has days 01 to 28/],
    ['2026-04-31', /has days 01 to 30/],
    ['2026-13-01', /has no month 13/],
    ['2026-00-10', /has no month 00/],
    ['2026-01-00', /not a day/],
    ['2026-1-5', /YYYY-MM-DD/],
    ['20260105', /YYYY-MM-DD/],
    ['2026-01-05T00:00', /YYYY-MM-DD/],
    ['２０２６-01-05', /YYYY-MM-DD/],
    [null, /YYYY-MM-DD/],
    [20260105, /YYYY-MM-DD/],
  ];
  for (const [input, reason] of refused) {
    const check = checkCalendarDay(input);
    assert.equal(check.ok, false, `${JSON.stringify(input)} was accepted`);
    assert.match((check as { message: string }).message, reason);
  }
});

test('long ids: strings of digits only, never a number that may have been rounded', () => {
  assert.deepEqual(checkLongId('11151314366657101', 'mchId'), { ok: true, value: '11151314366657101' });
  assert.deepEqual(checkLongId('9223372036854775807', 'ruleId'), { ok: true, value: '9223372036854775807' }, 'the largest long');
  assert.deepEqual(checkLongId('0', 'ruleId'), { ok: true, value: '0' });
  // 11151314366657101 is not a double: JSON.parse already made it ...100.
  assert.match((checkLongId(JSON.parse('11151314366657101'), 'mchId') as { message: string }).message, /must be sent as a string of digits: a JSON number loses digits past 2\^53/);
  assert.match((checkLongId(12, 'mchId') as { message: string }).message, /must be sent as a string/, 'even a small number: the kind is wrong');
  for (const input of [['11151314366657101'], { id: '1' }, '', ' 1', '1.0', '-1', '1e5', '０１', '12345678901234567890', null, undefined, true]) {
    assert.equal(checkLongId(input, 'couponId').ok, false, `${JSON.stringify(input)} was accepted`);
  }
  assert.match((checkLongId('9223372036854775808', 'ruleId') as { message: string }).message, /larger than any platform id/);
});

test('http URLs: printable ASCII with a host, within the length a platform stores', () => {
  assert.deepEqual(checkHttpUrl('https://pay.example.com/lane?id=7', 'qrUrl', 100), { ok: true, value: 'https://pay.example.com/lane?id=7' });
  for (const input of ['ftp://x.example', 'https://', 'https://exa mple.com', 'https://例子.中国/x', 'https://x.example/\u0000', `https://x.example/${'a'.repeat(90)}`, 'javascript:alert(1)', 42, null]) {
    assert.equal(checkHttpUrl(input, 'qrUrl', 100).ok, false, `${JSON.stringify(input)} was accepted`);
  }
});

test('lane events: an instant past 2099 is refused before any platform date field overflows', () => {
  const leave = (atMs: number) => ({ key: 'k-00000001', stream: 'exit-1/welink', type: 'leave', createdAt: Date.UTC(2026, 0, 1), payload: { plate: '沪A12345', atMs } });
  assert.equal(validateLaneEvent(leave(Date.UTC(2026, 0, 1))).type, 'leave');
  assert.throws(() => validateLaneEvent(leave(Date.UTC(2100, 0, 1))), /atMs in epoch milliseconds/);
  assert.throws(() => validateLaneEvent(leave(9e15)), /atMs in epoch milliseconds/);
});

test('lane events: the plate goes upstream as the platforms know it, not as typed', () => {
  const arrive = { key: 'k-00000002', stream: 'entry-1/welink', type: 'arrive', createdAt: Date.UTC(2026, 0, 1), payload: { plate: '沪 ａ12345', atMs: Date.UTC(2026, 0, 1) } };
  assert.deepEqual(validateLaneEvent(arrive).payload, { plate: '沪A12345', atMs: Date.UTC(2026, 0, 1) });
  assert.equal(arrive.payload.plate, '沪 ａ12345', 'the caller’s object is left as it was');
});
