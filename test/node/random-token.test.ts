import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { randomBase64Url, randomHex } from '../../src/proxy/random-token.js';

test('tokens have the asked length and alphabet, and do not repeat across pool refills', () => {
  const seen = new Set<string>();
  // 3,000 draws of 12 bytes run through the 4 KB pool nine times, refills included.
  for (let i = 0; i < 3000; i++) {
    const token = randomBase64Url(12);
    assert.match(token, /^[A-Za-z0-9_-]{16}$/);
    seen.add(token);
  }
  assert.equal(seen.size, 3000);
  assert.match(randomHex(12), /^[0-9a-f]{24}$/);
});

test('a draw that does not fit what is left of the pool comes whole from a fresh pool', () => {
  // Odd sizes leave remainders at the pool's end; every token must still be full length.
  for (let i = 0; i < 500; i++) assert.equal(randomHex(37).length, 74);
});

test('the bytes look uniform: each of 16 hex digits near 1/16 of 96,000', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 4000; i++) for (const digit of randomHex(12)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
  assert.equal(counts.size, 16);
  // 6,000 expected per digit, standard deviation about 75: 6 sigma either way.
  for (const [digit, count] of counts) assert.ok(Math.abs(count - 6000) < 450, `${digit} appeared ${count} times`);
});

test('a token bigger than the pool is refused', () => {
  assert.throws(() => randomHex(5000), RangeError);
});
