/**
 * Lane events that must reach the platforms even when the lane was offline: what the kiosk puts
 * in its outbox and the proxy's outbox endpoint accepts. Validation is pure and shared, so the
 * kiosk never queues what the proxy would refuse.
 */
import type { Fen } from './money.js';
import { checkPlate } from './plate.js';

export type LaneEventType = 'leave' | 'arrive' | 'offline-bill' | 'coupon-use' | 'payment-confirmation' | 'printer-failure' | 'gate-open';

export const LANE_EVENT_TYPES: readonly LaneEventType[] = ['leave', 'arrive', 'offline-bill', 'coupon-use', 'payment-confirmation', 'printer-failure', 'gate-open'];

/** A bill settled at the lane without the platform (cash, free pass, IOU), reported afterwards. */
export interface OfflineBillPayload {
  plate: string;
  enteredAtMs: number;
  exitAtMs: number;
  payableFen: Fen;
  discountFen: Fen;
  paidFen: Fen;
  /** Collected at the lane: cash received, 0 for a free pass or an IOU. */
  amountFen: Fen;
  settlement: 'cash' | 'free' | 'iou';
  /** Why a free pass was given, or the phone number an IOU is owed under. */
  note: string;
  /** Staff member who unlocked the exit. */
  staff: string;
  /** The entry ticket scanned for this car, when it had one: it names the lane the car came in by. */
  entryTicket?: string;
}

export interface PassagePayload {
  plate: string;
  /** When the car passed the barrier. */
  atMs: number;
  /** For a leave: when the stay began (parking time, business id). Defaults to atMs. */
  enteredAtMs?: number;
  /** For a leave: what was paid for the stay, and how (wechat, alipay, uppay, cash, tcard, unknown). */
  payFen?: Fen;
  payType?: string;
  vehicleClass?: 'small' | 'large';
}

export interface PrinterFailurePayload {
  reason: string;
  message: string;
  atMs: number;
}

/**
 * Why the lane let a car through its barrier:
 * - `paid`: the driver paid the fee on screen;
 * - `already-paid`: nothing due, paid before (partner widget, app, an earlier visit to the kiosk);
 * - `free`: nothing due, inside the free minutes or a free pass from the platform's tariff;
 * - `platform-release`: the platform's lane authentication answered "released" for a scanned ticket;
 * - `staff-release`: staff released the car by hand (cash, free pass or IOU, also offline);
 * - `entry-ticket`: an entry lane issued the car its ticket;
 * - `staff-test`: staff tested the barrier from the kiosk settings (behind the PIN).
 */
export type GateOpenReason = 'paid' | 'already-paid' | 'free' | 'platform-release' | 'staff-release' | 'entry-ticket' | 'staff-test' | 'remote-attendant';

export const GATE_OPEN_REASONS: readonly GateOpenReason[] = ['paid', 'already-paid', 'free', 'platform-release', 'staff-release', 'entry-ticket', 'staff-test', 'remote-attendant'];

/** Who lifts the barrier: the kiosk's relay, or the platform's own lane equipment. */
export type GateActuator = 'relay' | 'platform';

/**
 * One opening of the barrier, recorded for the operator's audit (never sent to a platform):
 * `opened` the relay pulsed, `failed` it did not (message says why), `delegated` the platform lifts it.
 */
export interface GateOpenPayload {
  reason: GateOpenReason;
  /** The plate or the platform's temporary credential; null when the lane never learned it. */
  plate: string | null;
  /** What the decision rests on: the quote id of a payment, the ticket number at an entry. */
  ref: string | null;
  atMs: number;
  actuator: GateActuator;
  result: 'opened' | 'failed' | 'delegated';
  message?: string;
}

/** One event as delivered: the idempotency key makes redelivery harmless. */
export interface LaneEventEnvelope {
  key: string;
  /** FIFO scope, e.g. "exit-1/welink". */
  stream: string;
  type: LaneEventType;
  createdAt: number;
  payload: unknown;
}

export class LaneEventError extends Error {
  override name = 'LaneEventError';
}

const isFen = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
/** 2001-09-09 to 2100-01-01: any instant a lane can mean; past that a platform's date fields overflow. */
const LAST_INSTANT_MS = Date.UTC(2100, 0, 1);
const isInstant = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 1_000_000_000_000 && value < LAST_INSTANT_MS;

/** The plate as the platforms know it (normalised: upper case, no spaces, half-width), or a LaneEventError. */
function requirePlate(value: unknown): string {
  const check = typeof value === 'string' ? checkPlate(value) : null;
  if (!check?.ok) throw new LaneEventError(`plate ${JSON.stringify(value)} is not a valid plate`);
  return check.plate;
}

/** Throws a LaneEventError saying what is wrong; returns the envelope typed, its plate normalised, when it is right. */
export function validateLaneEvent(input: unknown): LaneEventEnvelope {
  if (typeof input !== 'object' || input === null) throw new LaneEventError('event must be an object');
  const event = input as Record<string, unknown>;
  if (typeof event.key !== 'string' || !/^[\w.:-]{8,80}$/.test(event.key)) throw new LaneEventError('key must be 8–80 characters of letters, digits, _ . : -');
  if (typeof event.stream !== 'string' || !/^[\w./:-]{1,80}$/.test(event.stream)) throw new LaneEventError('stream must be 1–80 characters');
  if (!LANE_EVENT_TYPES.includes(event.type as LaneEventType)) throw new LaneEventError(`unknown event type ${JSON.stringify(event.type)}`);
  if (!isInstant(event.createdAt)) throw new LaneEventError('createdAt must be epoch milliseconds');
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  let plate: string | null = null;
  switch (event.type as LaneEventType) {
    case 'offline-bill': {
      plate = requirePlate(payload.plate);
      if (!isInstant(payload.enteredAtMs) || !isInstant(payload.exitAtMs) || payload.exitAtMs < payload.enteredAtMs) {
        throw new LaneEventError('offline-bill needs enteredAtMs ≤ exitAtMs, in epoch milliseconds');
      }
      for (const field of ['payableFen', 'discountFen', 'paidFen', 'amountFen']) {
        if (!isFen(payload[field])) throw new LaneEventError(`offline-bill ${field} must be a non-negative integer of fen`);
      }
      if (!['cash', 'free', 'iou'].includes(payload.settlement as string)) throw new LaneEventError('settlement must be cash, free or iou');
      if (typeof payload.note !== 'string' || payload.note.length > 200) throw new LaneEventError('note must be a string of at most 200 characters');
      if (typeof payload.staff !== 'string' || payload.staff.length === 0 || payload.staff.length > 40) throw new LaneEventError('staff must name who unlocked the exit');
      if (payload.entryTicket !== undefined && (typeof payload.entryTicket !== 'string' || payload.entryTicket.length > 600)) {
        throw new LaneEventError('entryTicket must be the scanned ticket text (at most 600 characters)');
      }
      break;
    }
    case 'leave':
    case 'arrive':
      plate = requirePlate(payload.plate);
      if (!isInstant(payload.atMs)) throw new LaneEventError(`${event.type} needs atMs in epoch milliseconds`);
      if (payload.enteredAtMs !== undefined && (!isInstant(payload.enteredAtMs) || payload.enteredAtMs > payload.atMs)) {
        throw new LaneEventError('enteredAtMs must be epoch milliseconds, no later than atMs');
      }
      if (payload.payFen !== undefined && !isFen(payload.payFen)) throw new LaneEventError('payFen must be a non-negative integer of fen');
      break;
    case 'printer-failure':
      if (typeof payload.reason !== 'string' || typeof payload.message !== 'string') throw new LaneEventError('printer-failure needs reason and message');
      break;
    case 'gate-open':
      if (!GATE_OPEN_REASONS.includes(payload.reason as GateOpenReason)) throw new LaneEventError(`gate-open reason must be one of ${GATE_OPEN_REASONS.join(', ')}`);
      if (payload.plate !== null && (typeof payload.plate !== 'string' || payload.plate.length > 20)) throw new LaneEventError('gate-open plate must be a string of at most 20 characters, or null');
      if (payload.ref !== null && (typeof payload.ref !== 'string' || payload.ref.length > 200)) throw new LaneEventError('gate-open ref must be a string of at most 200 characters, or null');
      if (!isInstant(payload.atMs)) throw new LaneEventError('gate-open needs atMs in epoch milliseconds');
      if (payload.actuator !== 'relay' && payload.actuator !== 'platform') throw new LaneEventError('gate-open actuator must be relay or platform');
      if (!['opened', 'failed', 'delegated'].includes(payload.result as string)) throw new LaneEventError('gate-open result must be opened, failed or delegated');
      if (payload.message !== undefined && (typeof payload.message !== 'string' || payload.message.length > 500)) throw new LaneEventError('gate-open message must be a string of at most 500 characters');
      break;
    case 'coupon-use':
    case 'payment-confirmation':
      break;
  }
  return { ...event, payload: plate === null ? event.payload : { ...payload, plate } } as unknown as LaneEventEnvelope;
}

/** What the proxy answers for each event of a batch. `retry`: not applied, try again later. */
export type DeliveryResult =
  | { key: string; status: 'accepted' | 'duplicate' }
  | { key: string; status: 'rejected' | 'retry'; reason: string };
