/**
 * The fee-quote route of this checkout's proxy against another commit's (`--against REF`), in one
 * run: each commit's own bundle (`npm run build:proxy`) on plain Node with its own demo config,
 * both against the same Welink simulator, loaded in alternating rounds with the bare pass-through
 * between them. A figure from another day's run does not compare on this machine (the load of a
 * shared host moves CPU per request by a third); one taken seconds apart does.
 *
 * With taskset and two cores, the measured process runs alone on core 1 and the simulator and the
 * load generator on core 0, as in production, where the platform is another machine.
 */
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { buildProxyBundle, endProcess, freePort, ROOT, spawnServer } from '../test/helpers/proxy-process.js';
import { alternatingRounds, canPin, median, pin, ratiosByRound, type CapacityTarget, type Run } from './capacity.js';
import { checkoutBuilt } from './checkout.js';
import { presignedQueries, QUOTE_REQUEST, quoteProxyEnv, signedWelinkQuery, startBundledProxy, writeQuoteBenchConfig } from './quote-bench.js';

const DURATION_S = 6;
const CONNECTIONS = 64;
/** More signed requests than the simulator answers in a run. */
const PRESIGNED_REQUESTS = DURATION_S * 8000;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const spread = (values: readonly number[], digits: number) => `${fmt(median(values), digits)} (${values.map((v) => fmt(v, digits)).join(', ')})`;

export async function proxyAgainst(against = 'main', rounds = 5): Promise<void> {
  console.log(`\n## Fee-quote capacity against ${against}'s proxy in the same run (${rounds} alternating rounds of ${DURATION_S} s, ${CONNECTIONS} connections)`);
  await buildProxyBundle();
  const baseline = checkoutBuilt(against, 'build:proxy', ['--log-level=warning']);
  const children: ChildProcess[] = [];
  const pinned: number[] = [];
  try {
    const sim = await spawnServer('bench/processes/welink-sim.ts', [], {}, { keepOutput: false });
    const passThrough = await spawnServer('bench/processes/pass-through.ts', [], { UPSTREAM_URL: sim.url }, { keepOutput: false });
    const start = async (root: string) => startBundledProxy(root, await writeQuoteBenchConfig(root), quoteProxyEnv(sim.url, await freePort()));
    const current = await start(ROOT);
    const previous = await start(baseline.root);
    children.push(sim.child, passThrough.child, current.child, previous.child);
    const signedQuery = signedWelinkQuery(sim.url);
    const targets: CapacityTarget[] = [
      { name: 'bare pass-through proxy', options: () => presignedQueries(passThrough.url, signedQuery, PRESIGNED_REQUESTS), measured: passThrough.child },
      { name: `proxy at ${against} (${baseline.commit.slice(0, 8)})`, options: () => ({ url: previous.url, requests: [QUOTE_REQUEST] }), measured: previous.child },
      { name: 'proxy, this checkout', options: () => ({ url: current.url, requests: [QUOTE_REQUEST] }), measured: current.child },
    ];
    if (canPin()) {
      pin(process.pid, '0');
      pin(sim.child.pid!, '0');
      for (const { measured } of targets) pin(measured.pid!, '1');
      pinned.push(process.pid, sim.child.pid!, ...targets.map(({ measured }) => measured.pid!));
      console.log('each target alone on core 1, the simulator and autocannon on core 0; medians, then each round');
    } else {
      console.log('every process on every core (taskset or a second core missing); medians, then each round');
    }
    const runs = await alternatingRounds(targets, rounds, { duration: DURATION_S, connections: CONNECTIONS });
    for (const [i, target] of targets.entries()) {
      const of = (figure: (run: Run) => number) => runs[i]!.map(figure);
      const failures = Math.max(...of((run) => run.non2xx));
      console.log(`  ${target.name.padEnd(34)} ${spread(of((run) => run.perSecond), 0)} req/s  CPU ${spread(of((run) => run.cpuPerRequest), 0)} µs/req  non-2xx/errors ${failures}`);
    }
    const [bare, before, now] = runs as [Run[], Run[], Run[]];
    const perCpuSecond = (run: Run) => 1 / run.cpuPerRequest;
    console.log(`  this checkout over ${against}: throughput ${spread(ratiosByRound(now, before, (run) => run.perSecond), 2)}, requests per CPU-second ${spread(ratiosByRound(now, before, perCpuSecond), 2)}`);
    for (const [name, ours] of [[against, before], ['this checkout', now]] as const) {
      console.log(`  ${name} over the pass-through: throughput ${spread(ratiosByRound(ours, bare, (run) => run.perSecond), 2)}, requests per CPU-second ${spread(ratiosByRound(ours, bare, perCpuSecond), 2)}`);
    }
  } finally {
    const everyCore = `0-${availableParallelism() - 1}`;
    for (const pid of pinned) pin(pid, everyCore);
    await Promise.all(children.map((child) => endProcess(child)));
    baseline.remove();
  }
}
