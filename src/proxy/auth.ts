/** API keys compared in constant time, through fixed-length digests so lengths leak nothing either. */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function keyMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

export function findKey<T extends { key: string }>(given: string | null, candidates: readonly T[]): T | undefined {
  let found: T | undefined;
  // Check every candidate so the time taken does not reveal which one matched.
  for (const candidate of candidates) if (keyMatches(given, candidate.key) && !found) found = candidate;
  return found;
}
