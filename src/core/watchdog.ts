/**
 * When a lane screen needs rescuing. Pure: the kiosk shell feeds it what it observes (the state
 * and since when, the errors lately) and acts on the verdict: return the lane to idle, or reload
 * the page. A hung main thread cannot judge itself; the launch script restarts a dead browser.
 */

export interface WatchdogLimits {
  /** Longest a request state (identifying, checking…) may last; requests time out well before. */
  busyMs: number;
  /** Longest any state but idle may last before the lane goes back to idle. */
  stuckMs: number;
  /** Uncaught errors within `errorWindowMs` that mean the page itself is broken. */
  maxErrors: number;
  errorWindowMs: number;
}

export const DEFAULT_WATCHDOG_LIMITS: WatchdogLimits = { busyMs: 60_000, stuckMs: 10 * 60_000, maxErrors: 5, errorWindowMs: 60_000 };

/** States in which the lane waits on a request or a device, not on the driver. */
const BUSY_STATES = new Set(['identifying', 'authenticating', 'checking', 'issuing']);

export interface WatchdogObservation {
  state: string;
  /** When the lane entered `state` (epoch ms). */
  since: number;
  /** Epoch ms of recent uncaught errors. */
  errors: readonly number[];
  now: number;
}

export type WatchdogVerdict = 'ok' | 'reset' | 'reload';

export function watchdogVerdict(seen: WatchdogObservation, limits: WatchdogLimits = DEFAULT_WATCHDOG_LIMITS): WatchdogVerdict {
  const recentErrors = seen.errors.filter((at) => seen.now - at <= limits.errorWindowMs).length;
  if (recentErrors >= limits.maxErrors) return 'reload';
  if (seen.state === 'idle') return 'ok';
  const age = seen.now - seen.since;
  if (BUSY_STATES.has(seen.state) ? age > limits.busyMs : age > limits.stuckMs) return 'reset';
  return 'ok';
}
