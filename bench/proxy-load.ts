/**
 * Proxy throughput and latency under load (autocannon, 127.0.0.1), each side in its own process:
 * - the Welink simulator called directly (requests signed by the load generator);
 * - the same signed requests through a bare Node pass-through proxy (the yardstick);
 * - the lane fee-quote route of lane-kiosk's proxy, which signs, encodes and decodes itself, run
 *   as deployed: the bundle from `npm run build:proxy` on plain Node;
 * - two proxy instances side by side against the same simulator (scaling).
 *
 * Capacity is measured twice. With every process sharing the machine's two cores, the proxy's
 * CPU is taken from the simulator's, which production never does: the platform and the lanes are
 * other machines. So it is measured again with the target alone on one core and the simulator and
 * the load generator on the other (taskset), where the ratio says whether the proxy keeps up with
 * what the platform can answer.
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
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { WelinkClient } from '../src/proxy/providers/welink/client.js';
import { buildProxyBundle, endProcess, freePort, freshStateDir, PROXY_BUNDLE, ROOT, spawnServer } from '../test/helpers/proxy-process.js';
import { SIM_CREDENTIALS } from '../test/helpers/welink-sim-server.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { unthrottled } from './unthrottled.js';
import { addedLatency, probeLatency, type LatencySummary } from './latency-probe.js';
import { storeCommitLatency } from './store-commit.js';

const DURATION_S = 6;
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

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** CPU time the measured process spent per answered request (µs), from /proc. */
  cpuPerRequest: number;
}

/** User plus system CPU time of a process so far, in ms (Linux clock ticks are 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Moves every thread of a running process onto `cpus` (taskset's list syntax, e.g. "0" or "0-1"). */
function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(pid)], { stdio: 'ignore' });
}

function canPin(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
}

/** Processes under load log for minutes: their output is drained, not kept. */
const drained = { keepOutput: false };
/** The proxy as deployed: the bundle on plain Node (built at the start of the run). */
const startBenchProxy = (configPath: string, env: Record<string, string>) => spawnServer(PROXY_BUNDLE, ['--config', configPath], env, drained);

/** Loads `target` and charges the CPU of `measured` (the process under test) to its requests. */
async function load(target: autocannon.Options, measured: ChildProcess): Promise<Run> {
  const cpuBefore = cpuMs(measured.pid!);
  const result = await autocannon({ duration: DURATION_S, ...target });
  const cpuPerRequest = ((cpuMs(measured.pid!) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx + result.errors, cpuPerRequest };
}

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
    const configPath = join(freshStateDir(), 'bench-config.json');
    const demo = JSON.parse(readFileSync(join(ROOT, 'config/demo.json'), 'utf8')) as { lots: Array<Record<string, unknown>> };
    // The fee-quote route alone: the Welink lot without its city platform (whose password-free
    // offer would add a second upstream call per quote). Load from one key and one address is the
    // point here, not something to throttle.
    const welinkLot = { ...demo.lots[0], cityPlatform: undefined };
    const benchConfig = unthrottled({ ...demo, lots: [welinkLot, ...demo.lots.slice(1)] });
    writeFileSync(configPath, JSON.stringify(benchConfig));
    const proxyEnv = (port: number, redisUrl?: string) => ({
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      PORT: String(port),
      STATE_DIR: freshStateDir(),
      WELINK_BASE_URL: sim.url,
      WELINK_APP_ID: SIM_CREDENTIALS.appId,
      WELINK_SECRET: SIM_CREDENTIALS.secretKey,
      WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
    });
    const proxyA = await startBenchProxy(configPath, proxyEnv(await freePort()));
    children.push(proxyA.child);

    // The same request the proxy makes, signed afresh each time (the simulator refuses reused nonces).
    // Encoded as the demo lot encodes (3DES and gzip), so both sides carry the same bytes.
    const client = new WelinkClient({ ...SIM_CREDENTIALS, baseUrl: sim.url, encrypt: true, gzip: true, timestampUnit: 's', timeoutMs: 5000 } as ConstructorParameters<typeof WelinkClient>[0]);
    const signedQuery = () => ({ method: 'GET' as const, path: `/api/pay/queryTmpRentBill?${new URLSearchParams(client.signedParams({ plateNumber: '沪A12345', userId: 'lane-exit-1' }))}` });
    const quoteRequest = { method: 'POST' as const, path: '/v1/lanes/exit-1/quotes', headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' }, body: JSON.stringify({ plate: '沪A12345' }) };

    // Signed before the run: signed during it, the load generator's 3DES, gzip and HMAC would
    // compete with the simulator for CPU, and slow the yardstick but not the proxy.
    const presigned = (url: string): autocannon.Options => {
      const queue = Array.from({ length: PRESIGNED_REQUESTS }, signedQuery);
      return { url, requests: [{ setupRequest: (req) => ({ ...req, ...(queue.pop() ?? signedQuery()) }) }] };
    };
    const targets: Array<[string, () => autocannon.Options, ChildProcess]> = [
      ['simulator direct', () => presigned(sim.url), sim.child],
      ['bare pass-through proxy (baseline)', () => presigned(passThrough.url), passThrough.child],
      ['lane-kiosk proxy, fee-quote route', () => ({ url: proxyA.url, requests: [quoteRequest] }), proxyA.child],
    ];
    const report = (heading: string, runs: Run[]) => {
      console.log(heading);
      runs.forEach((run, i) => {
        console.log(`  ${targets[i]![0].padEnd(36)} ${fmt(run.perSecond).padStart(7)} req/s  p50 ${fmt(run.p50, 1)} ms  p99 ${fmt(run.p99, 1)} ms  CPU ${fmt(run.cpuPerRequest).padStart(4)} µs/req  non-2xx/errors ${run.non2xx}`);
      });
    };

    // Latency first, while every process is fresh: the capacity runs leave garbage and caches behind.
    // Each probe sends the same two baselines' requests in the same rounds as the proxies it times.
    // LMDB's proxy shares its rounds with one on the memory store (tests only: it writes nothing
    // durable), so their difference, round by round, is what the background write costs, and the
    // memory store's own difference from the pass-through is the proxy's own work.
    const probeBeside = async (proxies: Array<{ name: string; url: string }>) => {
      const [direct, bare, ...ours] = await probeLatency(
        [
          { name: targets[0]![0], url: sim.url, next: signedQuery },
          { name: targets[1]![0], url: passThrough.url, next: signedQuery },
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
    const memoryConfig = join(freshStateDir(), 'bench-config-memory.json');
    writeFileSync(memoryConfig, JSON.stringify({ ...benchConfig, state: { store: 'memory' } }));
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

    const capacity: Run[] = [];
    for (const [, target, measured] of targets) capacity.push(await load({ ...target(), connections: SATURATING_CONNECTIONS }, measured));
    report(`capacity: ${SATURATING_CONNECTIONS} connections, ${DURATION_S} s each`, capacity);
    const [, bare, ours] = capacity as [Run, Run, Run];
    console.log(`  ratio to the pass-through: ${fmt(ours.perSecond / bare.perSecond, 2)} throughput, ${fmt(ours.cpuPerRequest / bare.cpuPerRequest, 1)}× its CPU per request`);

    if (canPin()) {
      const everyCore = `0-${availableParallelism() - 1}`;
      const [, ...forwarders] = targets;
      try {
        pin(process.pid, '0');
        pin(sim.child.pid!, '0');
        for (const [, , measured] of forwarders) pin(measured.pid!, '1');
        const alone: Run[] = [];
        for (const [, target, measured] of forwarders) alone.push(await load({ ...target(), connections: SATURATING_CONNECTIONS }, measured));
        console.log(`capacity with the target alone on core 1, the simulator and autocannon on core 0: ${SATURATING_CONNECTIONS} connections, ${DURATION_S} s each`);
        alone.forEach((run, i) => {
          // CPU per request times requests per second: how much of its core the target kept busy.
          const busy = (run.cpuPerRequest * run.perSecond) / 10_000;
          console.log(`  ${forwarders[i]![0].padEnd(36)} ${fmt(run.perSecond).padStart(7)} req/s  p99 ${fmt(run.p99, 1)} ms  CPU ${fmt(run.cpuPerRequest).padStart(4)} µs/req, ${fmt(busy)}% of its core  non-2xx/errors ${run.non2xx}`);
        });
        console.log(`  ratio to the pass-through: ${fmt(alone[1]!.perSecond / alone[0]!.perSecond, 2)} throughput`);
      } finally {
        for (const pid of [process.pid, sim.child.pid!, ...forwarders.map(([, , measured]) => measured.pid!)]) pin(pid, everyCore);
      }
    } else {
      console.log('capacity with the target on a core of its own: skipped (needs taskset and two cores)');
    }

    const proxyB = await startBenchProxy(configPath, proxyEnv(await freePort()));
    children.push(proxyB.child);
    const both = { requests: [quoteRequest], connections: SATURATING_CONNECTIONS / 2 };
    const [a, b] = await Promise.all([load({ url: proxyA.url, ...both }, proxyA.child), load({ url: proxyB.url, ...both }, proxyB.child)]);
    console.log(`two instances side by side (${SATURATING_CONNECTIONS / 2} connections each): ${fmt(a.perSecond + b.perSecond)} req/s (${fmt((a.perSecond + b.perSecond) / ours.perSecond, 2)}× one instance; p99 ${fmt(Math.max(a.p99, b.p99), 1)} ms)`);

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
