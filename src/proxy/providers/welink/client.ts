/**
 * Welink wire client: signs, encodes and sends one API call, then decodes and checks the answer.
 * Queries go as GET with every value URL-encoded, changes as form POST (spec 4.1.1).
 */
import { UpstreamError } from '../../errors.js';
import { callUpstream, formRequest } from '../upstream.js';
import { decodeWelinkContent, encodeWelinkContent } from './content.js';
import { welinkErrorFromStatus } from './errors.js';
import { processNonces } from './nonces.js';
import { welinkSignature } from './signing.js';

export interface WelinkCredentials {
  baseUrl: string;
  appId: string;
  secretKey: string;
  parkId: string;
  /** encryptCode=1: 3DES the content. */
  encrypt: boolean;
  /** zipCode=1: gzip the content. */
  gzip: boolean;
  /** The spec's example is in seconds; some deployments want milliseconds. */
  timestampUnit: 's' | 'ms';
  timeoutMs: number;
}

interface WelinkEnvelope {
  responseStatus?: { code?: unknown; message?: unknown; errCode?: unknown };
  responseData?: { encryptCode?: unknown; zipCode?: unknown; content?: unknown };
}

export type WelinkHttpMethod = 'GET' | 'POST';

export class WelinkClient {
  constructor(
    private readonly credentials: WelinkCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** Builds the signed parameter set for one call; exposed for tests and benchmarks. */
  signedParams(payload: unknown): Record<string, string> {
    const c = this.credentials;
    const nowMs = this.now();
    const timestamp = String(c.timestampUnit === 's' ? Math.floor(nowMs / 1000) : nowMs);
    const params: Record<string, string> = {
      AppId: c.appId,
      Timestamp: timestamp,
      Nonce: processNonces.next(timestamp),
      ParkId: c.parkId,
      encryptCode: c.encrypt ? '1' : '0',
      zipCode: c.gzip ? '1' : '0',
      content: payload === undefined ? '' : encodeWelinkContent(payload, c.secretKey, c),
    };
    params.Signature = welinkSignature(c.secretKey, params);
    return params;
  }

  /** Calls `method` (e.g. "/pay/queryTmpRentBill") and returns the decoded business data. */
  async call<T = unknown>(method: string, payload: unknown, httpMethod: WelinkHttpMethod): Promise<T> {
    const url = `${this.credentials.baseUrl.replace(/\/$/, '')}/api${method}`;
    const form = new URLSearchParams(this.signedParams(payload)).toString();
    const { status: httpStatus, json } = await callUpstream({
      platform: 'welink',
      what: `Welink ${method}`,
      timeoutMs: this.credentials.timeoutMs,
      ...formRequest(httpMethod, url, form),
    });
    return this.decodeResponse<T>(method, httpStatus, json as WelinkEnvelope);
  }

  private decodeResponse<T>(method: string, httpStatus: number, envelope: WelinkEnvelope): T {
    const status = envelope?.responseStatus;
    if (!status || typeof status.code !== 'string') {
      throw new UpstreamError('welink', 'bad-response', `http-${httpStatus}`, `Welink ${method} answer has no responseStatus.code`);
    }
    if (status.code !== '0000') {
      throw welinkErrorFromStatus({
        code: status.code,
        message: typeof status.message === 'string' ? status.message : undefined,
        errCode: typeof status.errCode === 'string' ? status.errCode : undefined,
      });
    }
    const data = envelope.responseData;
    if (!data || typeof data.content !== 'string') return null as T;
    try {
      return decodeWelinkContent(data.content, this.credentials.secretKey, {
        encrypt: Number(data.encryptCode) === 1,
        gzip: Number(data.zipCode) === 1,
      }) as T;
    } catch (cause) {
      throw new UpstreamError('welink', 'bad-response', 'content', `Welink ${method} content undecodable`, { cause });
    }
  }
}
