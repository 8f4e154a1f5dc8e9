import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MoneyError, assertFen, formatYuan, parseYuan, toYuanString } from '../../src/core/money.js';

test('parseYuan reads yuan strings and numbers exactly into fen', () => {
  const cases: Array<[string | number, number]> = [
    ['8.0', 800],
    ['10.34', 1034],
    [10, 1000],
    ['0.1', 10],
    [0.1, 10],
    [10.34, 1034],
    [0.29, 29], // 0.29 * 100 is 28.999999999999996 in floating point
    [1.005e2, 10050],
    ['  12.5 ', 1250],
    ['0', 0],
    ['-3.07', -307],
    ['999999999999.99', 99999999999999],
  ];
  for (const [input, fen] of cases) assert.equal(parseYuan(input), fen, `parseYuan(${JSON.stringify(input)})`);
});

test('parseYuan rejects what it cannot read exactly', () => {
  for (const bad of ['1.005', '1e3', '', ' ', '12,50', '¥12', '1.2.3', '.5', 'NaN', NaN, Infinity, 1.005, 1e21, '0x10']) {
    assert.throws(() => parseYuan(bad as string | number), MoneyError, `parseYuan(${String(bad)})`);
  }
  assert.throws(() => parseYuan(null as unknown as string), /yuan string or number/);
});

test('formatting for people and for wires', () => {
  assert.equal(formatYuan(1250), '¥12.50');
  assert.equal(formatYuan(1250, { symbol: '￥' }), '￥12.50');
  assert.equal(formatYuan(1200, { trimWhole: true }), '¥12');
  assert.equal(formatYuan(5), '¥0.05');
  assert.equal(formatYuan(-5), '-¥0.05');
  assert.equal(toYuanString(100000), '1000.00');
  assert.equal(toYuanString(7), '0.07');
  assert.throws(() => toYuanString(1.5), MoneyError);
});

test('every fen amount survives a round trip through yuan text', () => {
  for (let fen = -250; fen <= 100_000; fen += 7) assert.equal(parseYuan(toYuanString(fen)), fen);
});

test('assertFen accepts only safe integers', () => {
  assert.equal(assertFen(12), 12);
  for (const bad of [1.5, '12', null, Number.MAX_SAFE_INTEGER + 1, NaN]) assert.throws(() => assertFen(bad), MoneyError);
});
