/** The provider-neutral fee quote and lane events shared by the proxy, the client and the kiosk. */
import type { Fen } from './money.js';
import type { Tariff } from './tariff.js';
import type { Call } from './attendant/calls.js';
import type { RemoteActionCommand } from './attendant/staff-access.js';

/**
 * - `due`: money is owed; pay through `payUrl`.
 * - `nothing-to-pay`: inside the free period, already paid, or fully discounted; the car may leave.
 * - `no-entry-record`: the platform has no entry for this plate; staff must help.
 */
export type QuoteStatus = 'due' | 'nothing-to-pay' | 'no-entry-record';

/** A policy reduction the city platform granted this stay, with the platform's own code. */
export interface CityReduction {
  code: string;
  /** What it took off this quote (at most what was due). */
  fen: Fen;
}

export interface Quote {
  /** Opaque id the payment service quotes back when the driver has paid. */
  quoteId: string;
  lotId: string;
  laneId: string;
  /** The plate as the platform matched it (fuzzy matching may differ from what was typed). */
  plate: string;
  /** ISO 8601 with +08:00, or null when the platform has no entry record. */
  enteredAt: string | null;
  /** Billed parking duration in whole minutes. */
  minutes: number;
  payableFen: Fen;
  discountFen: Fen;
  paidFen: Fen;
  /** What the driver pays now: payable − discount − paid, never negative. */
  dueFen: Fen;
  /** The part of discountFen the city platform granted, when it granted one. */
  cityReduction?: CityReduction;
  status: QuoteStatus;
  issuedAt: string;
  /** After this instant the fee may have grown; the kiosk re-quotes. */
  expiresAt: string;
  /** What the pay QR encodes; null unless status is `due`. */
  payUrl: string | null;
}

export interface QuotePaidEvent {
  type: 'quote.paid';
  quoteId: string;
  plate: string;
  paidFen: Fen;
  channel: string;
  paidAt: string;
}

/** A quote's payment as confirmed: the paid event, and whether it had been confirmed before (nothing applied twice). */
export interface QuotePayment {
  event: QuotePaidEvent;
  duplicate: boolean;
}

/** A platform saw the car at the lot's exit (e.g. an ETCP exit push): the kiosk can identify it without typing. */
export interface CarExitEvent {
  type: 'car.exit';
  platform: string;
  plate: string;
  enteredAt: string | null;
  exitedAt: string;
  stayedSeconds: number;
  /** What the platform says the stay cost, in fen. */
  receivableFen: Fen;
}

/** The lane camera read a plate (POST /v1/lanes/{laneId}/plate-reads): the kiosk quotes it, admits it, or asks the driver to confirm it. */
export interface PlateReadEvent {
  type: 'plate.read';
  plate: string;
  /** The camera's confidence, 0 to 1. */
  confidence: number;
  /** When the camera read it, ISO 8601 +08:00. */
  readAt: string;
  imageUrl: string | null;
  /** Below the lane's threshold: shown as a suggestion for the driver to confirm. */
  confirm: boolean;
}

/** A call for help from this lane changed (rung, answered, ended, rang out). */
export interface CallEvent {
  type: 'call';
  call: Call;
}

/** WebRTC signaling from the attendant holding this lane's call. */
export interface CallSignalEvent {
  type: 'call-signal';
  callId: string;
  signal: { type: 'offer' | 'answer' | 'candidate' | 'bye'; body: unknown };
}

/** An attendant acts on this lane from the console (with the reason they gave). */
export interface RemoteActionEvent {
  type: 'remote-action';
  action: RemoteActionCommand;
}

/** What the proxy pushes to a lane over its SSE stream (proxy → kiosk); not the outbox's lane events (kiosk → proxy, core/lane-events.ts). */
export type LaneStreamEvent = QuotePaidEvent | CarExitEvent | PlateReadEvent | CallEvent | CallSignalEvent | RemoteActionEvent;

/** The lane's view of itself, as served by GET /v1/lanes/{laneId}/config; never holds secrets. */
export interface LaneConfig {
  laneId: string;
  laneName: string;
  direction: 'exit' | 'entry';
  lot: { lotId: string; name: string; feeSource: string };
  locale: 'zh-CN' | 'en';
  /** How long the farewell screen stays before the lane returns to idle. */
  farewellSeconds: number;
  /** Seconds without a touch before a half-finished flow returns to idle. */
  idleTimeoutSeconds: number;
  /** The lot's price list, for the offline fee estimate; null if the lot has none configured. */
  tariff: Tariff | null;
  /** PBKDF2-SHA256 of the staff PIN, so staff can release a car with no network; null if unset. */
  staffPin: StaffPinHash | null;
  /** The proxy's clock when it answered (epoch ms), so the kiosk can show its own clock skew. */
  serverTimeMs: number;
  /** What an unlicensed car's driver scans at this exit; null when the lane has none. */
  laneQrUrl: string | null;
  /** Hosts whose merchant coupon links the lot accepts (see `ScanRouterOptions.couponHosts`). */
  couponHosts: string[];
  /** The lot's remote attendant desk; null when the proxy has none. */
  attendant: LaneAttendantConfig | null;
  /** The lot's duty phone, shown when a driver asks for staff and no attendant can be reached; null when the lot has none. */
  servicePhone: string | null;
}

/** What a lane needs to call the remote attendant. */
export interface LaneAttendantConfig {
  /** Shown when nobody answers within a minute or the call cannot connect (the lot's servicePhone unless the desk has its own); null when the lot has none. */
  phone: string | null;
  /** STUN/TURN servers for the call's audio; empty on a lot LAN, where host candidates reach the console. */
  iceServers: Array<{ urls: string[]; username?: string; credential?: string }>;
}

export interface StaffPinHash {
  salt: string;
  iterations: number;
  /** Hex. */
  hash: string;
}
