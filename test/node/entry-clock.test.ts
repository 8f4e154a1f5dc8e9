import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockText, dayText, entryAtMs, entryClockOf } from '../../src/core/entry-clock.js';

// 2026-12-03 00:30 in Beijing: just after midnight, where "yesterday" matters most.
const NOW = Date.UTC(2026, 11, 2, 16, 30);

test('no entry time until all four digits are typed', () => {
  for (const digits of ['', '2', '23', '231']) assert.equal(entryAtMs(NOW, { daysBack: 1, digits }), null, digits);
  assert.equal(entryAtMs(NOW, { daysBack: 1, digits: '2315' }), Date.UTC(2026, 11, 2, 15, 15));
});

test('the day counts back in Beijing time, not the host zone', () => {
  assert.equal(entryAtMs(NOW, { daysBack: 0, digits: '0005' }), Date.UTC(2026, 11, 2, 16, 5), 'today is 12-03 in Beijing although UTC still says 12-02');
  assert.equal(entryAtMs(NOW, { daysBack: 2, digits: '1200' }), Date.UTC(2026, 11, 1, 4, 0));
  assert.equal(dayText(NOW, 0), '12-03');
  assert.equal(dayText(NOW, 3), '11-30');
});

test('a time that is no time of day is refused', () => {
  assert.equal(entryAtMs(NOW, { daysBack: 0, digits: '2400' }), null);
  assert.equal(entryAtMs(NOW, { daysBack: 0, digits: '0960' }), null);
  assert.equal(entryAtMs(NOW, { daysBack: -1, digits: '1000' }), null);
});

test('the display shows what is still missing', () => {
  assert.deepEqual(['', '1', '14', '143', '1430'].map(clockText), ['--:--', '1-:--', '14:--', '14:3-', '14:30']);
});

test('a known entry instant becomes the day and digits staff would have typed', () => {
  const at = Date.UTC(2026, 11, 1, 15, 45); // 2026-12-01 23:45 Beijing
  assert.deepEqual(entryClockOf(NOW, at), { daysBack: 2, digits: '2345' });
  assert.equal(entryAtMs(NOW, entryClockOf(NOW, at)), at);
});
