/** Shanghai city platform wire client: JSON POST with checkSum in the query and sign in the header. */
import { UpstreamError, type UpstreamErrorKind } from '../../errors.js';
import { randomHex } from '../../random-token.js';
import { callUpstream } from '../upstream.js';
import { shanghaiCheckSum, shanghaiSign } from './signing.js';

export interface ShanghaiCredentials {
  baseUrl: string;
  appId: string;
  password: string;
  parkingId: string;
  /** The spec says seconds; some deployments want milliseconds. */
  curTimeUnit: 's' | 'ms';
  timeoutMs: number;
}

/** Error codes (§6.2) grouped by what the caller can do about them. */
function kindFor(code: number): UpstreamErrorKind {
  if ([1001, 1002, 1003, 1004, 1005, 1009, 1010, 1012, 1013].includes(code)) return 'auth';
  if ([1006, 1007, 3000, 3001, 3002, 3003, 3004, 3005, 2005, 2006].includes(code)) return 'invalid-request';
  return 'upstream-failure';
}

export class ShanghaiError extends UpstreamError {
  override name = 'ShanghaiError';
  constructor(
    readonly numericCode: number,
    message: string,
  ) {
    super('shanghai', kindFor(numericCode), String(numericCode), message);
  }
}

export class ShanghaiClient {
  constructor(
    readonly credentials: ShanghaiCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  async post<T = unknown>(path: string, payload: unknown): Promise<T> {
    return (await this.call(path, payload)).data as T;
  }

  /** The whole answer of a code-0 call; /download/params puts its list in `message`, not `data`. */
  async call(path: string, payload: unknown): Promise<{ message: unknown; data: unknown }> {
    const c = this.credentials;
    const nonce = randomHex(12);
    const curTime = String(c.curTimeUnit === 's' ? Math.floor(this.now() / 1000) : this.now());
    const query = new URLSearchParams({ appId: c.appId, nonce, curTime, checkSum: shanghaiCheckSum(c.password, nonce, curTime) });
    // JSON.stringify never emits CR/LF outside strings, and the spec forbids them in the body.
    const body = JSON.stringify(payload);
    const url = `${c.baseUrl.replace(/\/$/, '')}/service${path.replace('{parkingId}', encodeURIComponent(c.parkingId))}?${query}`;
    const { json } = await callUpstream({
      platform: 'shanghai',
      what: `Shanghai ${path}`,
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', sign: shanghaiSign(c.password, body) },
      body,
      timeoutMs: c.timeoutMs,
    });
    const envelope = (json ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
    if (envelope.code !== 0) {
      throw new ShanghaiError(Number(envelope.code), typeof envelope.message === 'string' ? envelope.message : `code ${String(envelope.code)}`);
    }
    return { message: envelope.message, data: envelope.data };
  }
}
