/**
 * Capacity runs: autocannon against a target process, with that process's CPU per answered request.
 *
 * One 6 s run of each target in turn read anywhere from 0.77 to 1.01 for the same ratio on this
 * 2-core machine: a busy moment of the host lands on whichever target happens to be running. So
 * targets are loaded in alternating rounds and a ratio is taken within each round, between runs
 * seconds apart, and reported as the median of the rounds with their range.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';

export interface Run {
  perSecond: number;
  p99: number;
  non2xx: number;
  /** CPU time the measured process spent per answered request (µs), from /proc. */
  cpuPerRequest: number;
}

export interface CapacityTarget {
  name: string;
  /** Fresh options for each run (presigned request queues are used up). */
  options: () => autocannon.Options;
  /** The process whose CPU the run is charged to. */
  measured: ChildProcess;
}

/** User plus system CPU time of a process so far, in ms (Linux clock ticks are 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Loads `target` and charges the CPU of `measured` (the process under test) to its requests. */
export async function load(target: autocannon.Options, measured: ChildProcess): Promise<Run> {
  const cpuBefore = cpuMs(measured.pid!);
  const result = await autocannon(target);
  const cpuPerRequest = ((cpuMs(measured.pid!) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
  return { perSecond: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors, cpuPerRequest };
}

/** Every target once per round, rounds one after another; the runs come back per target. */
export async function alternatingRounds(targets: readonly CapacityTarget[], rounds: number, settings: Omit<autocannon.Options, 'url'>): Promise<Run[][]> {
  const runs: Run[][] = targets.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, target] of targets.entries()) runs[i]!.push(await load({ ...settings, ...target.options() }, target.measured));
  }
  return runs;
}

/** The middle value, or the mean of the middle two: quantile's nearest rank would favour the upper one. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The ratio of two targets' figures within each round, e.g. throughput over the baseline's. */
export const ratiosByRound = (runs: readonly Run[], baseline: readonly Run[], figure: (run: Run) => number): number[] =>
  runs.map((run, round) => figure(run) / figure(baseline[round]!));

/** Moves every thread of a running process onto `cpus` (taskset's list syntax, e.g. "0" or "0-1"). */
export function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(pid)], { stdio: 'ignore' });
}

export function canPin(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
}
