/**
 * What the partner widget says when a lookup fails, and why, as a closed set of kinds a partner
 * page can switch on. Pure: the kinds come from the error classes of the partner client.
 */
import { ProxyRequestError, ProxyTimeoutError, ProxyUnreachableError } from '../../client/errors.js';
import type { Locale } from '../shared/fee-messages.js';

/**
 * - `invalid-plate`: the driver typed something that is not a plate;
 * - `partner-key`, `lot-not-allowed`, `origin-not-allowed`: the page's setup is wrong (the developer's to fix);
 * - `rate-limited`: too many lookups, try again later;
 * - `platform-down`: the car park's fee platform failed or did not answer;
 * - `unreachable`, `timeout`: the proxy could not be reached, or did not answer in time;
 * - `refused`: any other refusal by the proxy.
 */
export type LaneFeeErrorKind =
  | 'invalid-plate'
  | 'partner-key'
  | 'lot-not-allowed'
  | 'origin-not-allowed'
  | 'rate-limited'
  | 'platform-down'
  | 'unreachable'
  | 'timeout'
  | 'refused';

export interface LaneFeeError {
  kind: LaneFeeErrorKind;
  /** The precise code: the proxy's (`partner-key-unknown`, `etcp:unreachable`), the plate check's, or `network`/`timeout`. */
  code: string;
  /** For developers, in English: the proxy's own explanation. */
  message: string;
  /** From a 429's Retry-After. */
  retryAfterSeconds?: number;
}

/** Kinds whose cause is in the partner page's setup, not with the driver or the car park. */
export const SETUP_KINDS: ReadonlySet<LaneFeeErrorKind> = new Set(['partner-key', 'lot-not-allowed', 'origin-not-allowed']);

const KIND_OF_CODE: Record<string, LaneFeeErrorKind> = {
  'partner-key-required': 'partner-key',
  'partner-key-unknown': 'partner-key',
  'lot-not-allowed': 'lot-not-allowed',
  'origin-not-allowed': 'origin-not-allowed',
  'rate-limited': 'rate-limited',
  'invalid-plate': 'invalid-plate',
};

export function classifyLookupError(error: unknown): LaneFeeError {
  if (error instanceof ProxyTimeoutError) return { kind: 'timeout', code: 'timeout', message: error.message };
  if (error instanceof ProxyRequestError) {
    const kind = error.platform && error.status >= 500 ? 'platform-down' : (KIND_OF_CODE[error.code] ?? 'refused');
    const retryAfterSeconds = error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return { kind, code: error.code, message: error.message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }
  const message = error instanceof ProxyUnreachableError ? error.message : `cannot reach the proxy: ${String(error)}`;
  return { kind: 'unreachable', code: 'network', message };
}

const SETUP_TAIL_ZH = '请告知网站，或在出口缴费。';
const SETUP_TAIL_EN = 'Please tell the site, or pay at the exit.';

const zhCN: Record<LaneFeeErrorKind, (error: LaneFeeError) => string> = {
  'invalid-plate': () => '车牌号格式不正确，请重新输入。',
  'partner-key': () => `本页暂不能查询停车费：网站的缴费密钥无效。${SETUP_TAIL_ZH}`,
  'lot-not-allowed': () => `本页暂不能查询停车费：网站未获准查询这个停车场。${SETUP_TAIL_ZH}`,
  'origin-not-allowed': () => `本页暂不能查询停车费：这个网址未获准查询停车费。${SETUP_TAIL_ZH}`,
  'rate-limited': (e) => `查询太频繁，请 ${e.retryAfterSeconds ?? 60} 秒后再试。`,
  'platform-down': () => '停车场的收费系统暂时没有应答，请稍后重试，或在出口缴费。',
  unreachable: () => '连接不上停车缴费服务，请检查网络后重试。',
  timeout: () => '停车缴费服务响应超时，请重试。',
  refused: () => '查询没有被受理，请稍后重试，或在出口缴费。',
};

const en: Record<LaneFeeErrorKind, (error: LaneFeeError) => string> = {
  'invalid-plate': () => 'That plate number is not valid. Please re-enter it.',
  'partner-key': () => `Fees cannot be looked up on this page: the site's payment key is not valid. ${SETUP_TAIL_EN}`,
  'lot-not-allowed': () => `Fees cannot be looked up on this page: the site may not look up this car park. ${SETUP_TAIL_EN}`,
  'origin-not-allowed': () => `Fees cannot be looked up on this page: this web address may not look up parking fees. ${SETUP_TAIL_EN}`,
  'rate-limited': (e) => `Too many lookups. Please try again in ${e.retryAfterSeconds ?? 60} s.`,
  'platform-down': () => "The car park's payment system is not answering. Try again later, or pay at the exit.",
  unreachable: () => 'Cannot reach the parking payment service. Check your connection and try again.',
  timeout: () => 'The parking payment service took too long to answer. Please try again.',
  refused: () => 'The lookup was not accepted. Try again later, or pay at the exit.',
};

/** The driver's words for a failed lookup. */
export function lookupErrorText(error: LaneFeeError, locale: Locale): string {
  return (locale === 'en' ? en : zhCN)[error.kind](error);
}
