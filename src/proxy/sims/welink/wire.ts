/**
 * The simulator's own reading of the Welink wire rules (spec 4.1–4.3). Written apart from the
 * adapter on purpose: two copies of one misunderstanding would pass each other.
 */
import { createDecipheriv, createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

export const COMMON_PARAMS = ['AppId', 'Timestamp', 'Nonce', 'ParkId', 'Signature', 'encryptCode', 'zipCode'] as const;

/** Spec 4.2.2: the string to sign, from the parameters exactly as received. */
export function stringToSign(params: Map<string, string>): string {
  const pairs: string[] = [];
  for (const [name, value] of params) {
    if (name === 'Signature' || value.length === 0) continue;
    pairs.push(`${name.split('_').join('.')}=${value}`);
  }
  // Default sort compares UTF-16 code units, which is the spec's "dictionary order" for ASCII names.
  return pairs.sort().join('&');
}

export function signatureMatches(secretKey: string, params: Map<string, string>): boolean {
  const expected = createHmac('sha1', secretKey).update(stringToSign(params)).digest();
  const given = Buffer.from(params.get('Signature') ?? '', 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function desKey(secretKey: string): Buffer {
  return Buffer.from(secretKey, 'utf8').subarray(0, 24);
}

/** base64 → gunzip (zipCode 1) → 3DES-ECB decrypt (encryptCode 1) → UTF-8 JSON. */
export function openContent(content: string, secretKey: string, encrypted: boolean, zipped: boolean): unknown {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw new Error('content is not base64');
  let data = Buffer.from(content, 'base64');
  if (zipped) data = gunzipSync(data);
  if (encrypted) {
    const d = createDecipheriv('des-ede3', desKey(secretKey), null);
    data = Buffer.concat([d.update(data), d.final()]);
  }
  // Java longs above 2^53 (merchant and rule ids) must survive: read any 16+ digit integer as its digits.
  return JSON.parse(data.toString('utf8').replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

/** A long id the simulator writes as a bare JSON number. */
export const long = (digits: string) => ({ $long: digits });

export function sealContent(value: unknown, secretKey: string, encrypted: boolean, zipped: boolean): string {
  const text = JSON.stringify(value).replace(/\{"\$long":"(-?\d+)"\}/g, '$1');
  let data = Buffer.from(text, 'utf8');
  if (encrypted) {
    const c = createCipheriv('des-ede3', desKey(secretKey), null);
    data = Buffer.concat([c.update(data), c.final()]);
  }
  if (zipped) data = gzipSync(data);
  return data.toString('base64');
}

/**
 * Swedish dates are ISO-shaped (`2026-11-23 10:05:00`). Built once: `toLocaleString` with options
 * builds a formatter per call (50 µs, three per bill), which made the simulator, the baseline of
 * every proxy benchmark, spend a fifth of its CPU here.
 */
const BEIJING_WALL_CLOCK = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Beijing wall-clock time through Intl, a different route from the proxy's offset arithmetic. */
export function beijingText(ms: number): string {
  return BEIJING_WALL_CLOCK.format(ms);
}
