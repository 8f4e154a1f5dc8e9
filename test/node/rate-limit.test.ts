/** Token buckets, by hand-computed cases. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../src/proxy/rate-limit.js';

test('a burst is allowed, then the caller waits for refills, with the exact Retry-After', () => {
  const limiter = new RateLimiter({ perMinute: 60, burst: 3 });
  assert.deepEqual([0, 0, 0].map(() => limiter.take('k', 0).allowed), [true, true, true]);
  assert.deepEqual(limiter.take('k', 0), { allowed: false, retryAfterSeconds: 1 });
  assert.deepEqual(limiter.take('k', 999), { allowed: false, retryAfterSeconds: 1 }, '0.999 tokens is not one');
  assert.deepEqual(limiter.take('k', 1000), { allowed: true });
  assert.deepEqual(limiter.take('other', 1000), { allowed: true }, 'callers have their own buckets');
});

test('slow refills give Retry-After in whole seconds, rounded up', () => {
  const limiter = new RateLimiter({ perMinute: 2, burst: 1 });
  assert.equal(limiter.take('k', 0).allowed, true);
  assert.deepEqual(limiter.take('k', 0), { allowed: false, retryAfterSeconds: 30 });
  assert.deepEqual(limiter.take('k', 10_500), { allowed: false, retryAfterSeconds: 20 });
});

test('the least recently seen callers are forgotten first', () => {
  const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, 2);
  limiter.take('a', 0);
  limiter.take('b', 0);
  limiter.take('c', 0);
  assert.equal(limiter.take('a', 0).allowed, true, 'a was forgotten, so it starts full');
  assert.equal(limiter.take('c', 0).allowed, false);
});
