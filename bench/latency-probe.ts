/**
 * Latency one request at a time, to several targets in turn, timed with the high-resolution clock.
 *
 * autocannon reports whole milliseconds, too coarse to tell whether a proxy adds 1 ms or 3. And on
 * a small shared machine the noise moves from second to second: timing the targets one after
 * another lets a busy moment land on one of them. Here every round sends one request to each
 * target, in a rotating order, so each sees the same machine.
 */
import { Agent, request } from 'node:http';
import { quantile } from './quantile.js';

export interface ProbeTarget {
  name: string;
  url: string;
  /**
   * Builds one request. All are built before the first is sent: signing is the load generator's
   * work, and garbage it leaves would be collected while some later request is in flight.
   */
  next: () => { method: string; path: string; headers?: Record<string, string>; body?: string };
}

export interface LatencySummary {
  name: string;
  p50: number;
  p90: number;
  p99: number;
  /** Requests answered with a status other than 2xx. */
  failures: number;
  /** Latency of every timed round in order (ms), NaN where the request failed. */
  byRound: number[];
}

function send(agent: Agent, url: URL, prepared: ReturnType<ProbeTarget['next']>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const outgoing = request(
      { host: url.hostname, port: url.port, method: prepared.method, path: prepared.path, headers: prepared.headers, agent },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode! >= 200 && answer.statusCode! < 300 ? Number(process.hrtime.bigint() - started) / 1e6 : -1));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(prepared.body);
  });
}

/** Sends `rounds` requests to every target (after `warmup` untimed rounds); latencies in ms. */
export async function probeLatency(targets: ProbeTarget[], { rounds, warmup = 200 }: { rounds: number; warmup?: number }): Promise<LatencySummary[]> {
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const byRound = targets.map(() => [] as number[]);
  const urls = targets.map((target) => new URL(target.url));
  const prepared = targets.map((target) => Array.from({ length: warmup + rounds }, target.next));
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      for (let k = 0; k < targets.length; k++) {
        const i = (round + k) % targets.length;
        const ms = await send(agents[i]!, urls[i]!, prepared[i]![round]!);
        if (round >= warmup) byRound[i]!.push(ms < 0 ? NaN : ms);
      }
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return targets.map((target, i) => {
    const rounds = byRound[i]!;
    const sorted = answeredAscending(rounds);
    return { name: target.name, p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), failures: rounds.length - sorted.length, byRound: rounds };
  });
}

/** The latencies of the rounds that were answered, ascending. */
const answeredAscending = (rounds: readonly number[]) => rounds.filter((ms) => !Number.isNaN(ms)).sort((a, b) => a - b);

/** A deterministic generator (mulberry32), so a rerun of the bench resamples alike. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface AddedLatency {
  added: number;
  /** Bounds of the 95% bootstrap interval of `added`. */
  low: number;
  high: number;
}

/**
 * What `ours` adds over `bare` at each quantile of `quantiles`, with a 95% interval. A p99 rests
 * on the few slowest samples, so one run's difference can be luck; the interval says how far it
 * could move. Rounds are resampled whole, both targets' samples together, because a round's two
 * requests met the same moment of the machine. Each resample serves every quantile.
 */
export function addedLatency(bare: LatencySummary, ours: LatencySummary, quantiles: readonly number[], resamples = 1000): AddedLatency[] {
  const differencesAt = (picks: readonly number[]) => {
    const oursSorted = answeredAscending(picks.map((round) => ours.byRound[round]!));
    const bareSorted = answeredAscending(picks.map((round) => bare.byRound[round]!));
    return quantiles.map((q) => quantile(oursSorted, q) - quantile(bareSorted, q));
  };
  const everyRound = bare.byRound.map((_, round) => round);
  const random = seededRandom(0x1a4e);
  const resampled = quantiles.map(() => [] as number[]);
  for (let r = 0; r < resamples; r++) {
    const picks = everyRound.map(() => Math.floor(random() * everyRound.length));
    differencesAt(picks).forEach((difference, k) => resampled[k]!.push(difference));
  }
  const observed = differencesAt(everyRound);
  return resampled.map((differences, k) => {
    differences.sort((a, b) => a - b);
    return { added: observed[k]!, low: quantile(differences, 0.025), high: quantile(differences, 0.975) };
  });
}
