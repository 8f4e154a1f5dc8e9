/**
 * ETCP wire client (seeds/001 §3–§8): every call carries merchant_no, time_stamp (Beijing),
 * data (JSON) and sign; GET puts them in the query string, POST in a urlencoded form.
 */
import { UpstreamError } from '../../errors.js';
import { callUpstream, formRequest } from '../upstream.js';
import { etcpErrorFromAnswer } from './errors.js';
import { etcpSign, etcpTimeStamp } from './signing.js';

export interface EtcpCredentials {
  baseUrl: string;
  merchantNo: string;
  merchantKey: string;
  /** 渠道号 sent with logins and fee calls. */
  appId: string;
  /** The lot's own ETCP account, used for the union login (usersigin). */
  mobilePhone: string;
  /** The `{version}` path segment; the spec fixes it at 1.0.0. */
  version: string;
  timeoutMs: number;
  /** Exit pushes carry receivableFee in fen (v1, seeds/000) or yuan (v2, seeds/001). */
  pushVersion: 1 | 2;
  /** The lot's ETCP car park id, for its free spaces (parkpoiavailable); null when not configured. */
  parkId: string | null;
}

interface EtcpAnswer {
  code?: unknown;
  message?: unknown;
  data?: unknown;
}

export class EtcpClient {
  constructor(
    readonly credentials: EtcpCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** The four common parameters for one call; exposed for tests and benchmarks. */
  signedParams(data: unknown): Record<string, string> {
    const { merchantNo, merchantKey } = this.credentials;
    const text = JSON.stringify(data);
    const timeStamp = etcpTimeStamp(this.now());
    return { merchant_no: merchantNo, time_stamp: timeStamp, data: text, sign: etcpSign(text, merchantKey, timeStamp) };
  }

  /** Calls `<group>/<name>` (`openapi`, or `common` for lot data) and returns `data` of a code-0 answer. */
  async call<T = unknown>(name: string, data: unknown, httpMethod: 'GET' | 'POST', group: 'openapi' | 'common' = 'openapi'): Promise<T> {
    const { baseUrl, version, timeoutMs } = this.credentials;
    const url = `${baseUrl.replace(/\/$/, '')}/merchant/open/${version}/${group}/${name}`;
    const form = new URLSearchParams(this.signedParams(data)).toString();
    const { status, json } = await callUpstream({
      platform: 'etcp',
      what: `ETCP ${name}`,
      timeoutMs,
      ...formRequest(httpMethod, url, form),
    });
    const answer = json as EtcpAnswer;
    if (typeof answer?.code !== 'number') throw new UpstreamError('etcp', 'bad-response', `http-${status}`, `ETCP ${name} answer has no numeric code`);
    if (answer.code !== 0) throw etcpErrorFromAnswer(answer.code, answer.message);
    return answer.data as T;
  }
}
