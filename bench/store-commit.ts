/**
 * What a quote would wait for if it were answered after its write: the embedded store's durable
 * commit of one quote-sized record, timed alone on the same disk in the same run as the load
 * bench. The proxy answers first and writes in the background (src/proxy/quotes.ts); this is the
 * figure that choice keeps out of the fee-quote route's p50 and p99.
 */
import { LmdbStateStore } from '../src/proxy/state/lmdb-store.js';
import { freshStateDir } from '../test/helpers/proxy-process.js';
import { quantile } from './quantile.js';

/** What the proxy holds for a payable quote (quote and upstream bill), at its usual size. */
const HELD_QUOTE = {
  quote: {
    quoteId: 'Q0123456789abcdefghijklm',
    lotId: 'welink-demo',
    laneId: 'exit-1',
    plate: '沪A12345',
    enteredAt: '2026-11-23T08:00:00+08:00',
    minutes: 125,
    payableFen: 1500,
    discountFen: 0,
    paidFen: 0,
    dueFen: 1500,
    status: 'due',
    issuedAt: '2026-11-23T10:05:00+08:00',
    expiresAt: '2026-11-23T10:10:00+08:00',
    payUrl: 'https://lot.example.com/sims/pay?quote=Q0123456789abcdefghijklm',
  },
  bill: { status: 'due', plate: '沪A12345', enteredAtMs: 1_795_392_000_000, minutes: 125, payableFen: 1500, discountFen: 0, paidFen: 0, dueFen: 1500, settlement: { tradeNo: '98000123', payToken: 'x'.repeat(78) } },
};

/** Commits `count` quotes one at a time, a few ms apart as quotes from lanes arrive; latencies in ms. */
export async function storeCommitLatency(count = 2000): Promise<{ p50: number; p99: number }> {
  const store = new LmdbStateStore(freshStateDir());
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = process.hrtime.bigint();
      await store.put(`quote:Q${i}`, HELD_QUOTE, 60_000);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  } finally {
    await store.close();
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}
