/** The entry of a stay Welink bills nothing for, read from its on-site records (spec 5.4.3). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stayEntryFromRecords } from '../../src/proxy/providers/welink/bill.js';
import { parseBeijing } from '../../src/core/time.js';

const NOW = parseBeijing('2026-12-03 18:00:00');

test('the earliest pass of the exact plate is the stay entry', () => {
  const records = [
    { plateNumber: '沪A12345X', time: '2026-12-03 09:00:00' }, // the keyword matched loosely: another car
    { plateNumber: '沪A12345', time: '2026-12-03 17:40:00', laneName: '地下二层闸' },
    { plateNumber: '沪A 12345', time: '2026-12-03 17:30:00', laneName: '地面入口' },
  ];
  assert.equal(stayEntryFromRecords(records, '沪A12345', NOW), parseBeijing('2026-12-03 17:30:00'));
});

test('no record, an unreadable answer or a time in the future gives no entry', () => {
  assert.equal(stayEntryFromRecords([], '沪A12345', NOW), null);
  assert.equal(stayEntryFromRecords(null, '沪A12345', NOW), null);
  assert.equal(stayEntryFromRecords({ plateNumber: '沪A12345' }, '沪A12345', NOW), null);
  assert.equal(stayEntryFromRecords([{ plateNumber: '沪A12345', time: 'yesterday' }, { plateNumber: '沪A12345' }], '沪A12345', NOW), null);
  assert.equal(stayEntryFromRecords([{ plateNumber: '沪A12345', time: '2026-12-03 19:00:00' }], '沪A12345', NOW), null);
});
