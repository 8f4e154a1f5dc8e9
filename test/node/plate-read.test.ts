/** The camera plate read's checks and its freshness at the kiosk: pure, with the clock as an argument. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPlateRead, isCurrentPlateRead, PLATE_READ_MAX_AGE_MS } from '../../src/core/plate-read.js';

const NOW = Date.parse('2026-12-03T18:05:00+08:00');

test('time is taken as epoch ms or ISO 8601 with an offset, and the read is dated in Beijing time', () => {
  for (const time of [NOW - 5000, '2026-12-03T18:04:55+08:00', '2026-12-03T10:04:55Z', '2026-12-03T10:04:55.250Z']) {
    const check = checkPlateRead({ plate: '沪a 12345', confidence: 0.9, time }, NOW, 0.8);
    assert.ok(check.ok, JSON.stringify(time));
    assert.equal(check.value.readAt, '2026-12-03T18:04:55+08:00');
    assert.equal(check.value.plate, '沪A12345');
  }
  for (const time of ['2026-12-03 18:04:55', '2026-12-03T18:04:55', 1.5, null]) {
    assert.equal(checkPlateRead({ plate: '沪A12345', confidence: 0.9, time }, NOW, 0.8).ok, false, JSON.stringify(time));
  }
});

test('the threshold splits reads to act on from reads to confirm; at the threshold is sure enough', () => {
  const confirm = (confidence: number) => {
    const check = checkPlateRead({ plate: '沪A12345', confidence, time: NOW }, NOW, 0.8);
    assert.ok(check.ok);
    return check.value.confirm;
  };
  assert.deepEqual([confirm(0), confirm(0.79), confirm(0.8), confirm(1)], [true, true, false, false]);
});

test('a read older than a minute, or more than 10 s ahead of the proxy, is refused', () => {
  assert.equal(checkPlateRead({ plate: '沪A12345', confidence: 0.9, time: NOW - PLATE_READ_MAX_AGE_MS }, NOW, 0.8).ok, true);
  assert.equal(checkPlateRead({ plate: '沪A12345', confidence: 0.9, time: NOW - PLATE_READ_MAX_AGE_MS - 1 }, NOW, 0.8).ok, false);
  assert.equal(checkPlateRead({ plate: '沪A12345', confidence: 0.9, time: NOW + 10_000 }, NOW, 0.8).ok, true);
  const ahead = checkPlateRead({ plate: '沪A12345', confidence: 0.9, time: NOW + 10_001 }, NOW, 0.8);
  assert.ok(!ahead.ok);
  assert.match(ahead.message, /ahead of the proxy clock/);
});

test('the kiosk acts only on a read of the car at the lane now, its own clock corrected by its skew', () => {
  const check = checkPlateRead({ plate: '沪A12345', confidence: 0.9, time: NOW }, NOW, 0.8);
  assert.ok(check.ok);
  const read = check.value;
  assert.equal(isCurrentPlateRead(read, NOW + 30_000, null), true);
  assert.equal(isCurrentPlateRead(read, NOW + 61_000, null), false, 'replayed from the history after a reconnect');
  assert.equal(isCurrentPlateRead(read, NOW + 61_000, 30_000), true, 'the kiosk clock runs 30 s ahead of the proxy');
});
