/**
 * What a scan at the lane means: our signed entry ticket, a merchant coupon, a plate (from a
 * plate QR or a typed-in scanner), a customer's WeChat/Alipay/UnionPay payment code (付款码), a
 * coupon link we refuse, or nothing we know. Pure; the ticket's signature is checked by the proxy,
 * which holds the key.
 */
import { checkPlate } from './plate.js';

/** Prefix of lane-kiosk entry-ticket QR payloads: `LKT1.<base64url body>.<base64url signature>`. */
export const TICKET_PREFIX = 'LKT1.';
const TICKET_PATTERN = /^LKT1\.[A-Za-z0-9_-]{8,400}\.[A-Za-z0-9_-]{16,86}$/;
/** Merchant coupon QR: `LKC1:<mchId>:<ruleId>` or a link carrying `mchId` and `ruleId`. */
const COUPON_PATTERN = /^LKC1:(\d{1,20}):(\d{1,20})$/;

export type PaymentWallet = 'wechat' | 'alipay' | 'unionpay';

/**
 * The customer-presented payment codes (付款码): WeChat Pay micropay "18 digits starting 10–15",
 * Alipay "16–24 digits starting 25–30" (WeChat Pay and Alipay developer docs for barcode payment);
 * UnionPay QR "19 digits starting 62" (the UnionPay C2B code as acquirers document it).
 */
const PAYMENT_CODES: readonly [PaymentWallet, RegExp][] = [
  ['wechat', /^1[0-5]\d{16}$/],
  ['alipay', /^(?:2[5-9]|30)\d{14,22}$/],
  ['unionpay', /^62\d{17}$/],
];

export type ScanMeaning =
  | { kind: 'ticket'; payload: string }
  | { kind: 'coupon'; mchId: string; ruleId: string }
  | { kind: 'plate'; plate: string }
  /** The digits are a bearer credential for a minute: they are not kept, only which wallet it was. */
  | { kind: 'payment-code'; wallet: PaymentWallet }
  | { kind: 'refused'; reason: 'coupon-host'; host: string; message: string }
  | { kind: 'unknown'; text: string };

export interface ScanRouterOptions {
  /**
   * Hosts whose coupon links this lot accepts: `mall.example.com`, or `*.example.com` for its
   * subdomains. A coupon link from any other host is refused; `LKC1:` codes carry no host.
   */
  couponHosts?: readonly string[];
}

export function classifyScan(raw: string, options: ScanRouterOptions = {}): ScanMeaning {
  const text = raw.trim();
  if (TICKET_PATTERN.test(text)) return { kind: 'ticket', payload: text };
  const coupon = COUPON_PATTERN.exec(text);
  if (coupon) return { kind: 'coupon', mchId: coupon[1]!, ruleId: coupon[2]! };
  const wallet = PAYMENT_CODES.find(([, pattern]) => pattern.test(text))?.[0];
  if (wallet) return { kind: 'payment-code', wallet };
  if (/^https?:\/\//i.test(text)) return classifyLink(text, options.couponHosts ?? []);
  const plate = checkPlate(text);
  if (plate.ok && plate.kind !== 'temporary') return { kind: 'plate', plate: plate.plate };
  return { kind: 'unknown', text };
}

function classifyLink(text: string, couponHosts: readonly string[]): ScanMeaning {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'unknown', text };
  }
  const mchId = url.searchParams.get('mchId');
  const ruleId = url.searchParams.get('ruleId');
  if (!mchId || !ruleId || !/^\d{1,20}$/.test(mchId) || !/^\d{1,20}$/.test(ruleId)) return { kind: 'unknown', text };
  if (!couponHosts.some((allowed) => hostMatches(url.hostname, allowed))) {
    return { kind: 'refused', reason: 'coupon-host', host: url.hostname, message: `coupon links from ${url.hostname} are not accepted at this lot (add it to the lot's couponHosts to accept them)` };
  }
  return { kind: 'coupon', mchId, ruleId };
}

function hostMatches(host: string, allowed: string): boolean {
  const pattern = allowed.trim().toLowerCase();
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return host === pattern;
}
