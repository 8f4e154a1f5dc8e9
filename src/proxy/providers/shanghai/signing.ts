/**
 * Shanghai city platform signing (seeds/003 §4, §4.2, §6.3):
 * - query `checkSum` = lowercase hex SHA1(password + nonce + curTime);
 * - header `sign` = lowercase hex MD5(password + "|" + body), over the exact body bytes sent.
 */
import { createHash } from 'node:crypto';

export function shanghaiCheckSum(password: string, nonce: string, curTime: string): string {
  return createHash('sha1').update(`${password}${nonce}${curTime}`, 'utf8').digest('hex');
}

export function shanghaiSign(password: string, body: string): string {
  return createHash('md5').update(`${password}|${body}`, 'utf8').digest('hex');
}

/**
 * Business id (§4.3): 8-digit Beijing date + parking id upper-cased and left-padded with 0 to 13
 * + a 7-digit sequence = 28 characters.
 */
export function businessId(beijingDate: string, parkingId: string, sequence: number): string {
  if (!/^\d{8}$/.test(beijingDate)) throw new Error(`not a yyyyMMdd date: ${beijingDate}`);
  const id = parkingId.toUpperCase();
  if (id.length > 13) throw new Error(`parking id longer than 13 characters: ${parkingId}`);
  return `${beijingDate}${id.padStart(13, '0')}${String(sequence % 10_000_000).padStart(7, '0')}`;
}
