/**
 * ETCP open platform signing (seeds/001 §3.2, §6, §10):
 * - requests: sign = uppercase hex MD5(data + merchant_key + time_stamp), over the exact `data`
 *   string sent, time_stamp = yyyyMMddHHmmss in Beijing time whatever the host's zone;
 * - pushes to the merchant: signment = uppercase hex MD5(merchant_no + data + merchant_key).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { formatBeijingCompact } from '../../../core/time.js';

const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

export function etcpTimeStamp(atMs: number): string {
  return formatBeijingCompact(atMs);
}

export function etcpSign(data: string, merchantKey: string, timeStamp: string): string {
  return md5Upper(`${data}${merchantKey}${timeStamp}`);
}

export function etcpSignment(merchantNo: string, data: string, merchantKey: string): string {
  return md5Upper(`${merchantNo}${data}${merchantKey}`);
}

/** Checks a push's signment in constant time; case-insensitive, as hex is. */
export function etcpSignmentMatches(given: unknown, merchantNo: string, data: string, merchantKey: string): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(etcpSignment(merchantNo, data, merchantKey));
  const actual = Buffer.from(given.toUpperCase());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
