import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addedLatency, type LatencySummary } from '../../bench/latency-probe.js';

/** A probe result made of given per-round latencies; the summary fields are not read. */
const probe = (byRound: number[]): LatencySummary => ({ name: 'synthetic', p50: NaN, p90: NaN, p99: NaN, failures: 0, byRound });

test('a constant extra millisecond is added at every quantile, with no spread to its interval', () => {
  const bare = Array.from({ length: 500 }, (_, round) => 1 + (round % 37) / 10);
  const ours = bare.map((ms) => ms + 1);
  const quantiles = [0.5, 0.9, 0.99];
  for (const [k, { added, low, high }] of addedLatency(probe(bare), probe(ours), quantiles, 200).entries()) {
    const q = quantiles[k];
    assert.ok(Math.abs(added - 1) < 1e-9 && Math.abs(low - 1) < 1e-9 && Math.abs(high - 1) < 1e-9, `q ${q}: ${added} (${low}..${high})`);
  }
});

test('a tail made of a few slow rounds gives a p99 interval that spans whether they are drawn', () => {
  const bare = Array.from({ length: 1000 }, () => 1);
  // Thirteen of a thousand rounds at 9 ms, the rest 0.5 ms slower than the baseline: the p99 (the
  // 991st sample) is one of the slow ones only when a resample draws at least ten of them, so the
  // interval must reach from 0.5 to 8 ms added.
  const ours = bare.map((ms, round) => (round % 83 === 0 ? 9 : ms + 0.5));
  const { added, low, high } = addedLatency(probe(bare), probe(ours), [0.99])[0]!;
  assert.equal(added, 8);
  assert.equal(low, 0.5);
  assert.equal(high, 8);
  assert.deepEqual(addedLatency(probe(bare), probe(ours), [0.99]), [{ added, low, high }], 'resampling is seeded, so a rerun agrees');
});

test('failed rounds (NaN) are left out rather than read as fast or slow', () => {
  const bare = Array.from({ length: 200 }, () => 2);
  const ours = bare.map((ms, round) => (round % 10 === 0 ? NaN : ms + 3));
  assert.equal(addedLatency(probe(bare), probe(ours), [0.5], 50)[0]!.added, 3);
});
