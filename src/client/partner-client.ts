/**
 * The partner widget's client: read-only fee lookups for one lot, with a partner key that is
 * public by design (it sits in the partner's page) and is only honoured from allowed origins.
 * Plain fetch rather than ky: the widget ships inside other people's pages and counts its bytes.
 */
import type { Quote } from '../core/quote.js';
import { errorFromResponse, fetchWithin } from './errors.js';

export interface PartnerClientOptions {
  proxyUrl: string;
  lotId: string;
  partnerKey: string;
  timeoutMs?: number;
}

export class PartnerClient {
  private readonly base: string;

  constructor(private readonly options: PartnerClientOptions) {
    this.base = `${options.proxyUrl.replace(/\/$/, '')}/v1/lots/${encodeURIComponent(options.lotId)}`;
  }

  async lookUpFee(plate: string, signal?: AbortSignal): Promise<Quote> {
    const response = await fetchWithin(this.options.timeoutMs ?? 8000, `${this.base}/fee-lookups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.options.partnerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plate }),
      signal,
    });
    if (!response.ok) throw await errorFromResponse(response, `the proxy answered ${response.status}`);
    return (await response.json()) as Quote;
  }
}
