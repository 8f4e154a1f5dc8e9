/**
 * The partner widget's client: read-only fee lookups for one lot, with a partner key that is
 * public by design (it sits in the partner's page) and is only honoured from allowed origins.
 */
import ky, { type KyInstance } from 'ky';
import type { Quote } from '../core/quote.js';
import { toProxyError } from './errors.js';

export interface PartnerClientOptions {
  proxyUrl: string;
  lotId: string;
  partnerKey: string;
  timeoutMs?: number;
}

export class PartnerClient {
  private readonly http: KyInstance;

  constructor(options: PartnerClientOptions) {
    this.http = ky.create({
      prefixUrl: `${options.proxyUrl.replace(/\/$/, '')}/v1/lots/${encodeURIComponent(options.lotId)}`,
      headers: { authorization: `Bearer ${options.partnerKey}` },
      timeout: options.timeoutMs ?? 8000,
      retry: 0,
    });
  }

  lookUpFee(plate: string, signal?: AbortSignal): Promise<Quote> {
    return this.http.post('fee-lookups', { json: { plate }, signal }).json<Quote>().catch(toProxyError);
  }
}
