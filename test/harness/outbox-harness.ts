/**
 * A page for Playwright to reload at random moments (e2e chaos) and to time (bench). It enqueues
 * events 0…n−1 under deterministic keys, remembering progress in localStorage, while this tab leads
 * the flush. State is published on `window.harness` for the driver to read.
 *
 * Query: `n` (events), `mode` = `chaos` (offline bills, one per event) or `bench` (printer-failure
 * events, cheap to apply), `batch` (batch size), `baseline=1` (one request per event, as
 * workbox-background-sync replays).
 */
import { LaneClient } from '../../src/client/lane-client.js';
import { Outbox } from '../../src/offline/outbox.js';

declare global {
  interface Window {
    harness: { enqueued: number; depth: number; done: boolean; requests: number; enqueueMs?: number; flushMs?: number; error?: string };
  }
}

const params = new URLSearchParams(location.search);
const n = Number(params.get('n') ?? 100);
const mode = params.get('mode') ?? 'chaos';
const progressKey = `harness-progress-${mode}-${n}`;
const client = new LaneClient({ proxyUrl: location.origin, laneId: 'exit-1', laneKey: 'demo-lane-key-exit-1' });
window.harness = { enqueued: 0, depth: -1, done: false, requests: 0 };

function payloadFor(i: number) {
  const now = Date.now();
  return mode === 'chaos'
    ? { plate: `沪J${String(i).padStart(5, '0')}`, enteredAtMs: now - 3_600_000, exitAtMs: now, payableFen: 500, discountFen: 0, paidFen: 0, amountFen: 500, settlement: 'cash', note: '', staff: 'S01' }
    : { reason: 'paper-out', message: `event ${i}`, atMs: now };
}

async function main(): Promise<void> {
  const baseline = params.get('baseline') === '1';
  const outbox = await Outbox.open({
    dbName: `harness-${mode}`,
    lockName: `harness-${mode}`,
    batchSize: baseline ? 1 : Number(params.get('batch') ?? 500),
    backoff: { baseMs: 20, maxMs: 200 },
    probeIntervalMs: 100,
    send: (batch) => {
      window.harness.requests += 1;
      return client.deliver(batch);
    },
  });
  const type = mode === 'chaos' ? 'offline-bill' : 'printer-failure';
  if (mode === 'chaos') outbox.lead();
  let i = Number(localStorage.getItem(progressKey) ?? 0);
  const started = performance.now();
  for (; i < n; i++) {
    await outbox.enqueue(type, i % 3 === 0 ? 'exit-1/a' : 'exit-1/b', payloadFor(i), `${mode}-${n}-${i}`);
    localStorage.setItem(progressKey, String(i + 1));
    window.harness.enqueued = i + 1;
  }
  window.harness.enqueueMs = performance.now() - started;
  if (mode !== 'chaos') {
    const flushStarted = performance.now();
    await outbox.flush();
    window.harness.flushMs = performance.now() - flushStarted;
  }
  for (;;) {
    // Listening before reading, so a change between the read and the wait is not missed.
    const changed = new Promise((resolve) => outbox.addEventListener('change', resolve, { once: true }));
    const state = await outbox.state();
    window.harness.depth = state.depth;
    if (state.depth === 0) break;
    await changed;
  }
  window.harness.done = true;
}

main().catch((error: unknown) => (window.harness.error = String(error)));
