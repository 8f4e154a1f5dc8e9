/**
 * Welink nonces never repeat within one Timestamp in a process: Welink refuses a repeated
 * (Timestamp, Nonce) pair as a replay, and independent draws from 2^31 values do repeat at load.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UniqueNonces } from '../../src/proxy/providers/welink/nonces.js';
import { simWelinkClient } from '../helpers/welink-sim-server.js';

/** A draw function that hands out `values` in order. */
const scripted = (values: number[]) => () => {
  const next = values.shift();
  assert.ok(next !== undefined, 'drew more often than scripted');
  return next;
};

test('a nonce drawn again with the same stamp is drawn afresh; a new stamp starts over', () => {
  const nonces = new UniqueNonces(scripted([7, 7, 7, 9, 9, 7, 7]));
  assert.equal(nonces.next('1700000000'), '7');
  assert.equal(nonces.next('1700000000'), '9', 'two repeats of 7 skipped');
  assert.equal(nonces.next('1700000001'), '9', 'a new second may reuse it');
  assert.equal(nonces.next('1700000001'), '7');
  assert.equal(nonces.next('1700000000'), '7', 'only the latest stamp is remembered');
});

test('150,000 calls signed in one second carry 150,000 different nonces', () => {
  // Independent draws would repeat about 5 times here (n²/2³²), and pass this once in 200 runs.
  const client = simWelinkClient('http://127.0.0.1:9', {}, () => 1_700_000_000_500);
  const seen = new Set<string>();
  for (let i = 0; i < 150_000; i++) {
    const { Nonce, Timestamp } = client.signedParams(undefined);
    assert.equal(Timestamp, '1700000000');
    seen.add(Nonce!);
  }
  assert.equal(seen.size, 150_000);
  for (const nonce of seen) assert.ok(/^[1-9]\d*$/.test(nonce) && Number(nonce) < 2 ** 31, nonce);
});
