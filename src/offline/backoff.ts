/** Retry delays: exponential with full jitter and a cap, and the server's Retry-After when it gives one. */

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 };

/** Delay before attempt `failures` + 1; `random` is injectable for tests. */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxMs, Math.max(0, retryAfterMs));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, failures - 1), 30));
  // Equal jitter: a floor of half the ceiling, the rest random, so a fleet of kiosks that lost the
  // network together does not retry together.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
