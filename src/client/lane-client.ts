/**
 * The kiosk's client of the proxy's /v1 API: lane config, quotes and the lane's event stream.
 * Built on ky with a short timeout, so a driver never waits on a dead network.
 */
import ky, { type KyInstance } from 'ky';
import type { DeliveryResult, LaneEventEnvelope } from '../core/lane-events.js';
import type { CouponScan, LaneAuthAnswer } from '../core/lane-machine.js';
import type { LaneConfig, LaneStreamEvent as LaneEvent, Quote } from '../core/quote.js';
import { toProxyError } from './ky-errors.js';
import { subscribeSse, type StreamStatus, type Subscription } from './sse.js';

export interface LaneClientOptions {
  /** The proxy's base URL, e.g. "https://lot.example.com". */
  proxyUrl: string;
  laneId: string;
  /** The lane's API key; sent as a Bearer token. */
  laneKey: string;
  /** Per-request timeout in ms (default 5000). */
  timeoutMs?: number;
}

export interface VerifiedTicket {
  ticketNo: string;
  lotId: string;
  laneId: string;
  /** ISO 8601, +08:00. */
  enteredAt: string;
}

export interface IssuedTicket extends VerifiedTicket {
  /** What the ticket's QR encodes. */
  payload: string;
  /** The platform's temporary credential for the car (Welink lane auth), or null. */
  license: string | null;
}

export interface LaneSpaces {
  areas: Array<{ areaId: string; totalSpaces: number; freeSpaces: number | null }>;
  /** Free visitor spaces over all areas, or null when the platform has no valid count. */
  freeSpaces: number | null;
}

export interface Admission {
  plate: string;
  /** Null for a lot that counts no spaces. */
  freeSpaces: number | null;
  admitted: boolean;
  reason: 'space' | 'reservation' | 'stagger' | 'full';
  /** The reservation or stagger agreement that admits the car into a full lot. */
  reference?: string;
}

export interface LaneStatusReport {
  outbox: { depth: number; oldestCreatedAt: number | null; deadLetters: number; storageError: string | null };
}

export class LaneClient {
  private readonly http: KyInstance;
  readonly laneId: string;
  private readonly options: LaneClientOptions;

  constructor(options: LaneClientOptions) {
    this.options = options;
    this.laneId = options.laneId;
    this.http = ky.create({
      prefixUrl: `${options.proxyUrl.replace(/\/$/, '')}/v1/lanes/${encodeURIComponent(options.laneId)}`,
      headers: { authorization: `Bearer ${options.laneKey}` },
      timeout: options.timeoutMs ?? 5000,
      retry: 0,
    });
  }

  config(): Promise<LaneConfig> {
    return this.http.get('config').json<LaneConfig>().catch(toProxyError);
  }

  quote(plate: string, signal?: AbortSignal): Promise<Quote> {
    return this.http.post('quotes', { json: { plate }, signal }).json<Quote>().catch(toProxyError);
  }

  /** Delivers a batch of outbox events; the proxy answers per event. */
  async deliver(events: LaneEventEnvelope[]): Promise<DeliveryResult[]> {
    const body = await this.http.post('outbox', { json: { events }, timeout: 30_000 }).json<{ results: DeliveryResult[] }>().catch(toProxyError);
    return body.results;
  }

  /** Tells the proxy how the lane's outbox stands, for /healthz and the 01:00 reporting deadline. */
  async reportStatus(status: LaneStatusReport): Promise<void> {
    await this.http.put('status', { json: status }).catch(toProxyError);
  }

  /** Entry lanes: a signed paper ticket, for the plate the lane camera read when it read one. */
  issueTicket(plate: string | null = null): Promise<IssuedTicket> {
    return this.http.post('tickets', plate === null ? {} : { json: { plate } }).json<IssuedTicket>().catch(toProxyError);
  }

  /** Exit lanes: checks a scanned ticket's signature; a forged one is a ProxyRequestError `forged-ticket`. */
  verifyTicket(payload: string): Promise<VerifiedTicket> {
    return this.http.post('tickets/verify', { json: { payload } }).json<VerifiedTicket>().catch(toProxyError);
  }

  /**
   * Exit lanes of platforms with lane authentication: the platform decides about a ticket holder
   * (release, a fee to pay, or "ask again"). `refresh` asks for the fee once staff matched the record.
   */
  laneAuth(ticket: string, options: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<LaneAuthAnswer> {
    return this.http
      .post(options.refresh ? 'lane-auth/refresh' : 'lane-auth', { json: { ticket }, signal: options.signal, timeout: 20_000 })
      .json<LaneAuthAnswer>()
      .catch(toProxyError);
  }

  /** Applies a merchant coupon to the car and answers the fresh quote; a refused coupon is `coupon-refused`. */
  async applyCoupon(plate: string, coupon: CouponScan, signal?: AbortSignal): Promise<Quote> {
    const body = await this.http.post('coupons', { json: { plate, ...coupon }, signal }).json<{ quote: Quote }>().catch(toProxyError);
    return body.quote;
  }

  /** Free spaces for the idle screen. */
  spaces(): Promise<LaneSpaces> {
    return this.http.get('spaces').json<LaneSpaces>().catch(toProxyError);
  }

  /** Entry lanes: whether this car may enter (a free space, or a reservation or stagger agreement when full). */
  admission(plate: string): Promise<Admission> {
    return this.http.post('admission', { json: { plate } }).json<Admission>().catch(toProxyError);
  }

  /** Lane events pushed by the proxy (payments confirmed, cars announced); reconnects by itself. */
  subscribe(onEvent: (event: LaneEvent) => void, onStatus?: (status: StreamStatus) => void): Subscription {
    return subscribeSse({
      url: `${this.options.proxyUrl.replace(/\/$/, '')}/v1/lanes/${encodeURIComponent(this.laneId)}/events`,
      headers: { authorization: `Bearer ${this.options.laneKey}` },
      onStatus,
      onMessage: (message) => {
        try {
          onEvent(JSON.parse(message.data) as LaneEvent);
        } catch {
          // A frame that is not JSON is not ours to act on.
        }
      },
    });
  }
}
