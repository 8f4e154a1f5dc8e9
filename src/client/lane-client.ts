/**
 * The kiosk's client of the proxy's /v1 API: lane config, quotes and the lane's event stream.
 * Built on ky with a short timeout, so a driver never waits on a dead network. Every failure comes
 * out as one of the proxy error classes (errors.ts): ky's afterResponse hook turns error answers
 * into them and its fetch reports no answer and a late one, so no call maps errors itself.
 */
import ky, { type AfterResponseHook, type KyInstance } from 'ky';
import type { DeliveryResult, LaneEventEnvelope } from '../core/lane-events.js';
import type { CouponScan, LaneAuthAnswer } from '../core/lane-machine.js';
import type { Call } from '../core/attendant/calls.js';
import type { RemoteActionCommand, RemoteActionOutcome } from '../core/attendant/staff-access.js';
import type { LaneConfig, LaneStreamEvent as LaneEvent, Quote } from '../core/quote.js';
import type { CallSignalMessage } from './call-peer.js';
import type { LaneCallTransport } from './lane-call.js';
import type { LaneBoardReport } from './lane-reporter.js';
import { errorFromResponse, fetchWithin, type ProxyAuthError } from './errors.js';
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
  /** What the remote attendants' board shows of the lane (LaneReporter); only lanes of a lot with a console send it. */
  board?: LaneBoardReport['board'];
}

/** An error answer (4xx, 5xx) as the proxy's error class, with the code and message from its body. */
const throwProxyError: AfterResponseHook = async (_request, _options, response) => {
  if (!response.ok) throw await errorFromResponse(response, `the proxy answered ${response.status}`);
};

/** Waits that suit slow work on the proxy's side: a batch written durably, a platform's lane decision. */
const OUTBOX_TIMEOUT_MS = 30_000;
const LANE_AUTH_TIMEOUT_MS = 20_000;

export class LaneClient {
  private readonly http: KyInstance;
  private outboxInstance: KyInstance | null = null;
  private laneAuthInstance: KyInstance | null = null;
  readonly laneId: string;
  private readonly options: LaneClientOptions;

  constructor(options: LaneClientOptions) {
    this.options = options;
    this.laneId = options.laneId;
    this.http = this.withTimeout(options.timeoutMs ?? 5000);
  }

  // The slow calls' instances are made on their first call: a lane screen's client is made while its first screen renders.
  private get outboxHttp(): KyInstance {
    return (this.outboxInstance ??= this.withTimeout(OUTBOX_TIMEOUT_MS));
  }

  private get laneAuthHttp(): KyInstance {
    return (this.laneAuthInstance ??= this.withTimeout(LANE_AUTH_TIMEOUT_MS));
  }

  // ky's own timeout throws outside its hooks; the fetch below keeps the deadline and the error classes together.
  private withTimeout(timeoutMs: number): KyInstance {
    return ky.create({
      prefixUrl: `${this.options.proxyUrl.replace(/\/$/, '')}/v1/lanes/${encodeURIComponent(this.options.laneId)}`,
      headers: { authorization: `Bearer ${this.options.laneKey}` },
      timeout: false,
      retry: 0,
      fetch: (input, init) => fetchWithin(timeoutMs, input, init),
      hooks: { afterResponse: [throwProxyError] },
    });
  }

  config(): Promise<LaneConfig> {
    return this.http.get('config').json<LaneConfig>();
  }

  quote(plate: string, signal?: AbortSignal): Promise<Quote> {
    return this.http.post('quotes', { json: { plate }, signal }).json<Quote>();
  }

  /** Delivers a batch of outbox events; the proxy answers per event. */
  async deliver(events: LaneEventEnvelope[]): Promise<DeliveryResult[]> {
    const body = await this.outboxHttp.post('outbox', { json: { events } }).json<{ results: DeliveryResult[] }>();
    return body.results;
  }

  /** Tells the proxy how the lane's outbox stands, for /healthz and the 01:00 reporting deadline. */
  async reportStatus(status: LaneStatusReport): Promise<void> {
    await this.http.put('status', { json: status });
  }

  /** Entry lanes: a signed paper ticket, for the plate the lane camera read when it read one. */
  issueTicket(plate: string | null = null): Promise<IssuedTicket> {
    return this.http.post('tickets', plate === null ? {} : { json: { plate } }).json<IssuedTicket>();
  }

  /** Exit lanes: checks a scanned ticket's signature; a forged one is a ProxyRequestError `forged-ticket`. */
  verifyTicket(payload: string): Promise<VerifiedTicket> {
    return this.http.post('tickets/verify', { json: { payload } }).json<VerifiedTicket>();
  }

  /**
   * Exit lanes of platforms with lane authentication: the platform decides about a ticket holder
   * (release, a fee to pay, or "ask again"). `refresh` asks for the fee once staff matched the record.
   */
  laneAuth(ticket: string, options: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<LaneAuthAnswer> {
    return this.laneAuthHttp.post(options.refresh ? 'lane-auth/refresh' : 'lane-auth', { json: { ticket }, signal: options.signal }).json<LaneAuthAnswer>();
  }

  /** Applies a merchant coupon to the car and answers the fresh quote; a refused coupon is `coupon-refused`. */
  async applyCoupon(plate: string, coupon: CouponScan, signal?: AbortSignal): Promise<Quote> {
    const body = await this.http.post('coupons', { json: { plate, ...coupon }, signal }).json<{ quote: Quote }>();
    return body.quote;
  }

  /** Free spaces for the idle screen. */
  spaces(): Promise<LaneSpaces> {
    return this.http.get('spaces').json<LaneSpaces>();
  }

  /** Entry lanes: whether this car may enter (a free space, or a reservation or stagger agreement when full). */
  admission(plate: string): Promise<Admission> {
    return this.http.post('admission', { json: { plate } }).json<Admission>();
  }

  /** The lane's side of a call to the remote attendant: ring, hang up, and the audio's signaling. */
  readonly calls: LaneCallTransport = {
    ring: () => this.http.post('calls').json<Call>(),
    end: (callId: string) => this.http.post(`calls/${encodeURIComponent(callId)}/end`).json<Call>(),
    signal: async (callId: string, signal: CallSignalMessage) => {
      await this.http.post(`calls/${encodeURIComponent(callId)}/signal`, { json: signal });
    },
  };

  /** Tells the proxy what the lane did with a remote action, for the audit trail. */
  async reportRemoteAction(action: RemoteActionCommand, outcome: RemoteActionOutcome): Promise<void> {
    await this.http.post(`remote-actions/${encodeURIComponent(action.actionId)}/outcome`, { json: { kind: action.kind, outcome, by: action.by } });
  }

  /**
   * Lane events pushed by the proxy (payments confirmed, cars announced); reconnects by itself
   * until the proxy refuses the lane key, which ends the stream with `onAuthError`.
   */
  subscribe(onEvent: (event: LaneEvent) => void, onStatus?: (status: StreamStatus) => void, onAuthError?: (error: ProxyAuthError) => void): Subscription {
    return subscribeSse({
      url: `${this.options.proxyUrl.replace(/\/$/, '')}/v1/lanes/${encodeURIComponent(this.laneId)}/events`,
      headers: { authorization: `Bearer ${this.options.laneKey}` },
      onStatus,
      onAuthError,
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
