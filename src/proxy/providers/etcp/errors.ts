import { UpstreamError, type UpstreamErrorKind } from '../../errors.js';

/** ETCP answer codes (seeds/001 §11). */
const CODE_KINDS: Record<number, [UpstreamErrorKind, string]> = {
  1: ['upstream-failure', '失败: ETCP refused the call'],
  2: ['upstream-failure', '服务器异常: ETCP server error'],
  3: ['auth', '时间戳超时: time_stamp expired; check the clock'],
  4: ['auth', '签名校验非法: sign rejected'],
  5: ['auth', '没有找到商户密钥: merchant not registered'],
  6: ['invalid-request', '参数错误: bad parameter'],
  7: ['upstream-failure', '更新订单失败: order update failed'],
  8: ['upstream-failure', '生产订单失败: order creation failed'],
  20100: ['upstream-failure', '操作失败: operation failed'],
  20101: ['auth', '无效 token: the login token is no longer valid'],
  20102: ['invalid-request', '缺少必要参数: a required parameter is missing'],
  20201: ['invalid-request', '手机号错误: bad mobile phone number'],
  20206: ['amount-mismatch', '支付金额与应付金额不匹配: payment differs from the fee due'],
};

export const ETCP_INVALID_TOKEN = 20101;
export const ETCP_AMOUNT_MISMATCH = 20206;

export class EtcpError extends UpstreamError {
  override name = 'EtcpError';
  constructor(
    kind: UpstreamErrorKind,
    readonly etcpCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('etcp', kind, String(etcpCode), message, options);
  }
}

export function etcpErrorFromAnswer(code: number, message: unknown): EtcpError {
  const [kind, meaning] = CODE_KINDS[code] ?? (['upstream-failure', `unknown ETCP code ${code}`] as const);
  return new EtcpError(kind, code, typeof message === 'string' && message !== '' ? `${meaning}: ${message}` : meaning);
}
