/** Run under several TZ values by the test script: Beijing time must not depend on the host zone. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockSkewMs, formatBeijing, formatBeijingCompact, minutesBetween, parseBeijing, TimeFormatError, toBeijingIso } from '../../src/core/time.js';

const HOST_TZ = process.env.TZ ?? '(unset)';

test(`Beijing formatting is host-independent (TZ=${HOST_TZ})`, () => {
  const instant = Date.UTC(2026, 10, 22, 17, 5, 9); // 2026-11-22 17:05:09 UTC = 2026-11-23 01:05:09 Beijing
  assert.equal(formatBeijingCompact(instant), '20261123010509');
  assert.equal(formatBeijing(instant), '2026-11-23 01:05:09');
  assert.equal(toBeijingIso(instant), '2026-11-23T01:05:09+08:00');
  // The ETCP spec's example time_stamp: 2017-07-20 16:01:02 Beijing.
  assert.equal(formatBeijingCompact(Date.UTC(2017, 6, 20, 8, 1, 2)), '20170720160102');
  // New York's DST switch must not move Beijing time.
  assert.equal(formatBeijing(Date.UTC(2026, 2, 8, 7, 30, 0)), '2026-03-08 15:30:00');
});

test(`parseBeijing inverts formatting and rejects impossible times (TZ=${HOST_TZ})`, () => {
  assert.equal(parseBeijing('2026-11-23 01:05:09'), Date.UTC(2026, 10, 22, 17, 5, 9));
  assert.equal(parseBeijing('20261123010509'), Date.UTC(2026, 10, 22, 17, 5, 9));
  for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 7 * 3600_000 + 13_000) {
    assert.equal(parseBeijing(formatBeijing(ms)), ms - (ms % 1000));
  }
  for (const bad of ['2026-02-30 10:00:00', '2026-13-01 00:00:00', '2026-11-23 24:00:00', '2026/11/23 10:00:00', '']) {
    assert.throws(() => parseBeijing(bad), TimeFormatError, bad);
  }
});

test('minutesBetween floors and never goes negative', () => {
  assert.equal(minutesBetween(0, 59_999), 0);
  assert.equal(minutesBetween(0, 60_000), 1);
  assert.equal(minutesBetween(120_000, 0), 0);
});

test('clockSkewMs: the server read its clock halfway through the request', () => {
  // Sent at 10.000 s, answered at 10.400 s; the server said 10.150 s, so this machine is 50 ms fast.
  assert.equal(clockSkewMs(10_000, 10_400, 10_150), 50);
  assert.equal(clockSkewMs(10_000, 10_400, 22_200), -12_000);
});
