/**
 * Token buckets per caller (an API key, or an IP address). Pure: time comes in as an argument.
 * A bucket holds `burst` tokens and refills at `perMinute`; an empty bucket says how long until
 * the next token, which the proxy sends as Retry-After.
 */

export interface RateLimit {
  perMinute: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    /** Callers remembered at most; the least recently seen are forgotten first (a full bucket anyway). */
    private readonly maxCallers = 100_000,
  ) {}

  take(caller: string, nowMs: number): RateDecision {
    const perMs = this.limit.perMinute / 60_000;
    const previous = this.buckets.get(caller);
    const tokens = previous ? Math.min(this.limit.burst, previous.tokens + (nowMs - previous.at) * perMs) : this.limit.burst;
    // Re-inserting keeps the map in least-recently-seen order for eviction.
    this.buckets.delete(caller);
    if (tokens < 1) {
      this.buckets.set(caller, { tokens, at: nowMs });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    }
    this.buckets.set(caller, { tokens: tokens - 1, at: nowMs });
    if (this.buckets.size > this.maxCallers) this.buckets.delete(this.buckets.keys().next().value!);
    return { allowed: true };
  }
}
