/**
 * Attendant passwords are kept only as scrypt hashes (node:crypto), written in the config as
 * `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>`; `npm run hash-password` makes one.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** N = 2^15, r = 8, p = 1: about 32 MiB and 50–100 ms per check on a lot server (OWASP's scrypt floor is 2^17 with r = 8 at p = 1 for 128 MiB; this is its 32 MiB row). */
const DEFAULT_COST = { log2N: 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43})$/;

export class PasswordHashError extends Error {
  override name = 'PasswordHashError';
}

interface Parsed {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed {
  const m = FORMAT.exec(stored);
  if (!m) throw new PasswordHashError('not a scrypt password hash (scrypt$<log2 N>$<r>$<p>$<salt>$<hash>; make one with npm run hash-password)');
  const [log2N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (log2N < 14 || log2N > 20 || r < 8 || r > 32 || p < 1 || p > 4) throw new PasswordHashError(`scrypt cost out of range (log2 N ${log2N}, r ${r}, p ${p})`);
  return { log2N, r, p, salt: Buffer.from(m[4]!, 'base64url'), hash: Buffer.from(m[5]!, 'base64url') };
}

function derive(password: string, salt: Buffer, cost: { log2N: number; r: number; p: number }): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost);
  return `scrypt$${cost.log2N}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Checks the hash's form without deriving anything: for the config check at startup. */
export function checkPasswordHash(stored: string): void {
  parse(stored);
}

/**
 * A hash of a random password at the cost most of `configured` use: checking a sign-in for an
 * unknown staff id against it takes as long as checking a real account's, so the answer's timing
 * does not tell which ids exist. Made once, before the first sign-in, so no attempt pays for it.
 */
export function decoyPasswordHash(configured: Iterable<string>): Promise<string> {
  const counts = new Map<string, { cost: typeof DEFAULT_COST; n: number }>();
  for (const stored of configured) {
    const { log2N, r, p } = parse(stored);
    const key = `${log2N}/${r}/${p}`;
    counts.set(key, { cost: { log2N, r, p }, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  const usual = [...counts.values()].sort((a, b) => b.n - a.n)[0]?.cost ?? DEFAULT_COST;
  return hashPassword(randomBytes(16).toString('base64url'), usual);
}

/** The scrypt cost a stored hash was made with. */
export function passwordCost(stored: string): { log2N: number; r: number; p: number } {
  const { log2N, r, p } = parse(stored);
  return { log2N, r, p };
}

/** Whether `password` is the one `stored` was made from; compared in constant time. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  const parsed = parse(stored);
  const candidate = await derive(password, parsed.salt, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}
