/**
 * Unguessable tokens (quote ids, nonces) from the system CSPRNG, cut from a pooled buffer. A
 * randomBytes call per token costs a native job each time (12 µs of the fee-quote route's CPU
 * under load, profiled; see BENCHMARKS.md); the pool makes one such call per few hundred tokens.
 * Every byte is handed out once.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

function take(bytes: number): [start: number, end: number] {
  if (bytes > POOL_BYTES) throw new RangeError(`a token of at most ${POOL_BYTES} bytes, not ${bytes}`);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const start = used;
  used += bytes;
  return [start, used];
}

/** `bytes` random bytes as base64url text. */
export function randomBase64Url(bytes: number): string {
  return pool.toString('base64url', ...take(bytes));
}

/** `bytes` random bytes as lower-case hex text. */
export function randomHex(bytes: number): string {
  return pool.toString('hex', ...take(bytes));
}
