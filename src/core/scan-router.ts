/**
 * What a scan at the lane means: our signed entry ticket, a merchant coupon, a plate (from a
 * plate QR or a typed-in scanner), or nothing we know. Pure; the signature itself is checked by
 * the proxy, which holds the key.
 */
import { checkPlate } from './plate.js';

/** Prefix of lane-kiosk entry-ticket QR payloads: `LKT1.<base64url body>.<base64url signature>`. */
export const TICKET_PREFIX = 'LKT1.';
const TICKET_PATTERN = /^LKT1\.[A-Za-z0-9_-]{8,400}\.[A-Za-z0-9_-]{16,86}$/;
/** Merchant coupon QR: `LKC1:<mchId>:<ruleId>` or a link carrying `mchId` and `ruleId`. */
const COUPON_PATTERN = /^LKC1:(\d{1,20}):(\d{1,20})$/;

export type ScanMeaning =
  | { kind: 'ticket'; payload: string }
  | { kind: 'coupon'; mchId: string; ruleId: string }
  | { kind: 'plate'; plate: string }
  | { kind: 'unknown'; text: string };

export function classifyScan(raw: string): ScanMeaning {
  const text = raw.trim();
  if (TICKET_PATTERN.test(text)) return { kind: 'ticket', payload: text };
  const coupon = COUPON_PATTERN.exec(text);
  if (coupon) return { kind: 'coupon', mchId: coupon[1]!, ruleId: coupon[2]! };
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      const mchId = url.searchParams.get('mchId');
      const ruleId = url.searchParams.get('ruleId');
      if (mchId && ruleId && /^\d{1,20}$/.test(mchId) && /^\d{1,20}$/.test(ruleId)) return { kind: 'coupon', mchId, ruleId };
    } catch {
      // Not a URL after all.
    }
    return { kind: 'unknown', text };
  }
  const plate = checkPlate(text);
  if (plate.ok && plate.kind !== 'temporary') return { kind: 'plate', plate: plate.plate };
  return { kind: 'unknown', text };
}
