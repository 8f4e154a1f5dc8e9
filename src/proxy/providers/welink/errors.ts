import { UpstreamError, type UpstreamErrorKind } from '../../errors.js';

/** Welink response codes (spec 6 "返回码说明"); 0007 and 0008 are unassigned there. */
const CODE_KINDS: Record<string, [UpstreamErrorKind, string]> = {
  '0001': ['invalid-request', '无效参数 invalid or missing parameter'],
  '0002': ['auth', '无效 AppId: AppId not registered'],
  '0003': ['auth', '鉴权失败: signature rejected or key disabled'],
  '0004': ['not-authorised', '商户未授权: park not granted to this AppId'],
  '0005': ['not-authorised', '请求的接口未授权: method not granted'],
  '0006': ['upstream-failure', '系统错误: Welink system error'],
  '0009': ['no-record', '没有记录: no record found'],
};

/** Business errCodes seen on bill calls. NoBill and NoEnterRecord are answers, not failures, for a quote. */
export const WELINK_NO_BILL = 'NoBill';
export const WELINK_NO_ENTER_RECORD = 'NoEnterRecord';
/** /coupon/add for a rule already given to this stay (the simulator's errCode; the spec names none). */
export const WELINK_COUPON_USED = 'CouponUsed';

export class WelinkError extends UpstreamError {
  override name = 'WelinkError';
  constructor(
    kind: UpstreamErrorKind,
    code: string,
    message: string,
    /** Detailed business code from `responseStatus.errCode`, when present. */
    readonly errCode: string | undefined,
    options?: { cause?: unknown },
  ) {
    super('welink', kind, code, message, options);
  }
}

export function welinkErrorFromStatus(status: { code: string; message?: string; errCode?: string }): WelinkError {
  const [kind, meaning] = CODE_KINDS[status.code] ?? (['upstream-failure', `unknown Welink code ${status.code}`] as const);
  const detail = status.message && status.message !== 'failure' ? `${meaning}: ${status.message}` : meaning;
  return new WelinkError(kind, status.code, detail, status.errCode);
}
