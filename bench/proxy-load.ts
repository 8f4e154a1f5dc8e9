/**
 * Proxy throughput and latency under load (autocannon, 127.0.0.1), each side in its own process:
 * - the Welink simulator called directly (requests signed by the load generator);
 * - the same signed requests through a bare Node pass-through proxy (the yardstick);
 * - the lane fee-quote route of lane-kiosk's proxy, which signs, encodes and decodes itself, run
 *   as deployed: the bundle from `npm run build:proxy` on plain Node;
 * - on shared cores, the floor under that route: a server doing only the protocol's work
 *   (bench/processes/essential-quote.ts), to show how much of the gap is the platform's protocol;
 * - two proxy instances side by side against the same simulator (scaling).
 *
 * Capacity is measured twice, each time in alternating rounds (bench/capacity.ts). With every
 * process sharing the machine's two cores, the proxy's CPU is taken from the simulator's, which
 * production never does: the platform and the lanes are other machines. So it is measured again
 * with the target alone on one core and the simulator and the load generator on the other
 * (taskset), where the ratio says whether the proxy keeps up with what the platform can answer.
 * Requests per CPU-second, the inverse of CPU per request, compares the two forwarders' own work
 * whatever limits the run.
 *
 * Two regimes, because a closed loop of a few connections measures latency, not capacity:
 * - capacity: enough connections to keep every target busy, requests per second;
 * - latency: one request at a time, the targets in turn (bench/latency-probe.ts), so no request
 *   queues behind another and each target sees the same machine: p50, p90, p99 and what the
 *   proxy adds to them with 95% intervals, beside what waiting for the disk would add
 *   (bench/store-commit.ts). The proxy is timed with each state store: embedded LMDB (a quote is
 *   answered first and written in the background, see src/proxy/quotes.ts), Redis with its
 *   append-only file flushed every second or every write, and the memory store, which writes
 *   nothing durable and so shows the proxy's own work.
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { buildProxyBundle, endProcess, freePort, freshStateDir, ROOT, spawnServer } from '../test/helpers/proxy-process.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { presignedQueries, QUOTE_REQUEST, quoteProxyEnv, signedWelinkQuery, startBundledProxy, writeQuoteBenchConfig } from './quote-bench.js';
import { addedLatency, probeLatency, type LatencySummary } from './latency-probe.js';
import { storeCommitLatency } from './store-commit.js';
import { alternatingRounds, canPin, load, median, pin, ratiosByRound, type CapacityTarget, type Run } from './capacity.js';

const DURATION_S = 6;
/** Alternating capacity rounds; each ratio is the median of its rounds' ratios. */
const CAPACITY_ROUNDS = Number(process.env.CAPACITY_ROUNDS) || 3;
/** Enough to saturate two cores shared by the simulator, the target and autocannon. */
const SATURATING_CONNECTIONS = 64;
/** More signed requests than the simulator answers in a capacity run (about 4,000/s here). */
const PRESIGNED_REQUESTS = DURATION_S * 8000;
/**
 * Latency rounds: each sends one request to every target; 3,000 puts 30 samples beyond p99. The
 * p99's 95% interval is then about ±2.5 ms wide on the 2-core machine; LATENCY_ROUNDS=20000
 * narrows it for a closer look, at about a minute and a half a probe.
 */
const LATENCY_ROUNDS = Number(process.env.LATENCY_ROUNDS) || 3000;

/** Processes under load log for minutes: their output is drained, not kept. */
const drained = { keepOutput: false };
/** The proxy as deployed: the bundle on plain Node (built at the start of the run). */
const startBenchProxy = (configPath: string, env: Record<string, string>) => startBundledProxy(ROOT, configPath, env);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const signed = (ms: number) => `${ms >= 0 ? '+' : ''}${fmt(ms, 2)}`;

export async function proxyLoad(): Promise<void> {
  console.log('\n## Fee-quote throughput and latency under load (127.0.0.1)');
  const children: ChildProcess[] = [];
  try {
    await buildProxyBundle();
    const sim = await spawnServer('bench/processes/welink-sim.ts', [], {}, drained);
    children.push(sim.child);
    const passThrough = await spawnServer('bench/processes/pass-through.ts', [], { UPSTREAM_URL: sim.url }, drained);
    children.push(passThrough.child);
    const essential = await spawnServer('bench/processes/essential-quote.ts', [], { UPSTREAM_URL: sim.url }, drained);
    children.push(essential.child);
    const configPath = await writeQuoteBenchConfig(ROOT);
    const proxyEnv = (port: number, redisUrl?: string) => quoteProxyEnv(sim.url, port, redisUrl);
    const proxyA = await startBenchProxy(configPath, proxyEnv(await freePort()));
    children.push(proxyA.child);
    const signedQuery = signedWelinkQuery(sim.url);
    const quoteRequest = QUOTE_REQUEST;
    const presigned = (url: string) => presignedQueries(url, signedQuery, PRESIGNED_REQUESTS);
    const targets: CapacityTarget[] = [
      { name: 'simulator direct', options: () => presigned(sim.url), measured: sim.child },
      { name: 'bare pass-through proxy (baseline)', options: () => presigned(passThrough.url), measured: passThrough.child },
      { name: 'lane-kiosk proxy, fee-quote route', options: () => ({ url: proxyA.url, requests: [quoteRequest] }), measured: proxyA.child },
    ];
    const [, bareTarget, ourTarget] = targets as [CapacityTarget, CapacityTarget, CapacityTarget];
    const floorTarget: CapacityTarget = { name: 'essential work alone (floor)', options: () => ({ url: essential.url, requests: [quoteRequest] }), measured: essential.child };
    const capacitySettings = { duration: DURATION_S, connections: SATURATING_CONNECTIONS };
    const rounds = `${CAPACITY_ROUNDS} alternating rounds of ${DURATION_S} s, ${SATURATING_CONNECTIONS} connections`;
    const spread = (values: readonly number[], digits: number, unit = '') =>
      `${fmt(median(values), digits)}${unit} (${values.map((v) => fmt(v, digits)).join(', ')})`;
    /** One line per target: medians over the rounds, each round in brackets; `busy` adds each round's share of a core. */
    const report = (names: readonly CapacityTarget[], runs: readonly Run[][], busy?: (run: Run) => number) =>
      runs.forEach((perRound, i) => {
        const of = (figure: (run: Run) => number) => perRound.map(figure);
        const shares = busy ? `, its core ${perRound.map((run) => `${fmt(busy(run))}%`).join('/')} busy` : '';
        console.log(
          `  ${names[i]!.name.padEnd(36)} ${spread(of((run) => run.perSecond), 0, ' req/s')}  p99 ${fmt(median(of((run) => run.p99)), 1)} ms  CPU ${spread(of((run) => run.cpuPerRequest), 0, ' µs/req')}${shares}  non-2xx/errors ${Math.max(...of((run) => run.non2xx))}`,
        );
      });
    /** Throughput over the pass-through's, and requests per CPU-second over its, round by round. */
    const reportRatios = (ours: readonly Run[], bare: readonly Run[]) => {
      console.log(`  ratio to the pass-through: throughput ${spread(ratiosByRound(ours, bare, (run) => run.perSecond), 2)}`);
      console.log(`    requests per CPU-second of the forwarder: ${spread(ratiosByRound(ours, bare, (run) => 1 / run.cpuPerRequest), 2)}`);
    };

    // Latency first, while every process is fresh: the capacity runs leave garbage and caches behind.
    // Each probe sends the same two baselines' requests in the same rounds as the proxies it times.
    // LMDB's proxy shares its rounds with one on the memory store (tests only: it writes nothing
    // durable), so their difference, round by round, is what the background write costs, and the
    // memory store's own difference from the pass-through is the proxy's own work.
    const probeBeside = async (proxies: Array<{ name: string; url: string }>) => {
      const [direct, bare, ...ours] = await probeLatency(
        [
          { name: targets[0]!.name, url: sim.url, next: signedQuery },
          { name: bareTarget.name, url: passThrough.url, next: signedQuery },
          ...proxies.map(({ name, url }) => ({ name, url, next: () => quoteRequest })),
        ],
        { rounds: LATENCY_ROUNDS },
      );
      for (const row of [direct!, bare!, ...ours]) console.log(`  ${row.name.padEnd(40)} p50 ${fmt(row.p50, 2)} ms  p90 ${fmt(row.p90, 2)} ms  p99 ${fmt(row.p99, 2)} ms  non-2xx ${row.failures}`);
      for (const row of ours) printAdded(`${row.name} over the pass-through`, bare!, row);
      return ours;
    };
    const printAdded = (what: string, base: LatencySummary, row: LatencySummary) => {
      const quantiles = [0.5, 0.9, 0.99];
      const added = addedLatency(base, row, quantiles).map(
        ({ added, low, high }, k) => `p${Math.round(quantiles[k]! * 100)} ${signed(added)} (${signed(low)} to ${signed(high)})`,
      );
      console.log(`    ${what}: ${added.join(', ')} ms`);
    };
    console.log(`latency: one request at a time, the simulator, the pass-through and the proxies in turn, ${fmt(LATENCY_ROUNDS)} rounds each; added latency with its 95% interval`);
    const memoryConfig = await writeQuoteBenchConfig(ROOT, { state: { store: 'memory' } });
    const onMemory = await startBenchProxy(memoryConfig, proxyEnv(await freePort()));
    try {
      const [onLmdb, withoutWrites] = await probeBeside([
        { name: 'lane-kiosk proxy, LMDB (as shipped)', url: proxyA.url },
        { name: 'lane-kiosk proxy, memory store', url: onMemory.url },
      ]);
      printAdded('the background write (LMDB over memory, same rounds)', withoutWrites!, onLmdb!);
    } finally {
      await endProcess(onMemory.child);
    }
    const commit = await storeCommitLatency();
    console.log(`  what waiting for the quote's commit would add (timed alone, same disk): p50 ${fmt(commit.p50, 2)} ms, p99 ${fmt(commit.p99, 2)} ms`);

    const sharedTargets = [...targets, floorTarget];
    const shared = await alternatingRounds(sharedTargets, CAPACITY_ROUNDS, capacitySettings);
    console.log(`capacity, every process on both cores: ${rounds}; medians, then each round`);
    report(sharedTargets, shared);
    const [, sharedBare, sharedOurs, sharedFloor] = shared as [Run[], Run[], Run[], Run[]];
    reportRatios(sharedOurs, sharedBare);
    console.log(`    the essential work alone, for scale: throughput ${spread(ratiosByRound(sharedFloor, sharedBare, (run) => run.perSecond), 2)}`);

    if (canPin()) {
      const everyCore = `0-${availableParallelism() - 1}`;
      const forwarders = [bareTarget, ourTarget];
      try {
        pin(process.pid, '0');
        pin(sim.child.pid!, '0');
        for (const { measured } of forwarders) pin(measured.pid!, '1');
        const alone = await alternatingRounds(forwarders, CAPACITY_ROUNDS, capacitySettings);
        console.log(`capacity with the target alone on core 1, the simulator and autocannon on core 0: ${rounds}`);
        // CPU per request times requests per second: how much of its core the target kept busy.
        report(forwarders, alone, (run) => (run.cpuPerRequest * run.perSecond) / 10_000);
        const [aloneBare, aloneOurs] = alone as [Run[], Run[]];
        reportRatios(aloneOurs, aloneBare);
      } finally {
        for (const pid of [process.pid, sim.child.pid!, ...forwarders.map(({ measured }) => measured.pid!)]) pin(pid, everyCore);
      }
    } else {
      console.log('capacity with the target on a core of its own: skipped (needs taskset and two cores)');
    }

    const proxyB = await startBenchProxy(configPath, proxyEnv(await freePort()));
    children.push(proxyB.child);
    const half = { ...capacitySettings, requests: [quoteRequest], connections: SATURATING_CONNECTIONS / 2 };
    const one: Run[] = [];
    const two: Run[] = [];
    for (let round = 0; round < CAPACITY_ROUNDS; round++) {
      one.push(await load({ ...capacitySettings, ...ourTarget.options() }, proxyA.child));
      const [a, b] = await Promise.all([load({ ...half, url: proxyA.url }, proxyA.child), load({ ...half, url: proxyB.url }, proxyB.child)]);
      const perSecond = a.perSecond + b.perSecond;
      // Both ran for the same time, so requests per second weigh each one's CPU per request.
      const cpuPerRequest = (a.cpuPerRequest * a.perSecond + b.cpuPerRequest * b.perSecond) / perSecond;
      two.push({ perSecond, p99: Math.max(a.p99, b.p99), non2xx: a.non2xx + b.non2xx, cpuPerRequest });
    }
    const scaling = two.map((both, round) => both.perSecond / one[round]!.perSecond);
    console.log(
      `two instances side by side (${SATURATING_CONNECTIONS / 2} connections each), alternating with one: ${spread(two.map((both) => both.perSecond), 0, ' req/s')}, ${spread(scaling, 2, '×')} one instance; p99 ${fmt(median(two.map((both) => both.p99)), 1)} ms`,
    );
    // On two cores the simulator and autocannon already share, a second instance has no core to
    // add, so throughput cannot show scale-out here; CPU per request shows what each quote costs
    // split over two instances against one.
    console.log(
      `  CPU per request, both instances together: ${spread(two.map((both) => both.cpuPerRequest), 0, ' µs')}, one alone: ${spread(one.map((alone) => alone.cpuPerRequest), 0, ' µs')}; non-2xx/errors ${two.reduce((sum, both) => sum + both.non2xx, 0)}`,
    );

    // The scale-out deployment, last so Redis's disk traffic cannot slow the runs above: Redis with
    // the append-only file docs/deploy.md asks for, flushed every second (a write is acknowledged
    // before its flush) or on every write (after it).
    for (const appendfsync of ['everysec', 'always'] as const) {
      const redis = await startRedis({ appendfsync, dir: freshStateDir() });
      const onRedis = await startBenchProxy(configPath, proxyEnv(await freePort(), redis.url));
      try {
        await probeBeside([{ name: `lane-kiosk proxy, Redis AOF ${appendfsync}`, url: onRedis.url }]);
      } finally {
        await endProcess(onRedis.child);
        await redis.stop();
      }
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
}
