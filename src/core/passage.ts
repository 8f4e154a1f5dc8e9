/**
 * The passages a lane queues for the platforms (the city platform's arrive and leave reports), built
 * from what the lane knows at that moment. Pure: the elements only hand the result to their outbox.
 */
import type { Fen } from './money.js';
import type { OfflineBillPayload, PassagePayload } from './lane-events.js';
import { checkPlate } from './plate.js';
import type { LaneState } from './lane-machine.js';
import type { Quote } from './quote.js';

/** The platforms' pay types; a payment channel they have no name for is reported as `unknown`. */
export type PayType = 'wechat' | 'alipay' | 'uppay' | 'cash' | 'unknown';

/** The proxy's payment channel (`quote.paid` events) as the platforms name it. */
export function payTypeOf(channel: string): PayType {
  if (channel === 'wechat' || channel === 'alipay' || channel === 'cash') return channel;
  if (channel === 'unionpay') return 'uppay';
  return 'unknown';
}

/**
 * A car leaving after its fee screen: paid through the pay QR, or owing nothing. Null for a car known
 * only by its entry ticket: it has no plate to report, and its lot counts it out on payment.
 */
export function leavePassage(quote: Quote, payFen: Fen, channel: string, atMs: number): PassagePayload | null {
  if (!checkPlate(quote.plate).ok) return null;
  return {
    plate: quote.plate,
    atMs,
    enteredAtMs: quote.enteredAt ? Date.parse(quote.enteredAt) : atMs,
    payFen,
    payType: payTypeOf(channel),
  };
}

/** A car staff released by hand: it leaves when the bill says, paid in cash or not at all. */
export function staffReleasePassage(bill: OfflineBillPayload): PassagePayload {
  return {
    plate: bill.plate,
    atMs: bill.exitAtMs,
    enteredAtMs: bill.enteredAtMs,
    payFen: bill.amountFen,
    payType: bill.settlement === 'cash' ? 'cash' : 'unknown',
  };
}

/** The hand-released bill, carrying the entry ticket the car was identified by (it names the entry lane). */
export function staffReleaseBill(bill: OfflineBillPayload, entryTicket: string | null): OfflineBillPayload {
  return entryTicket ? { ...bill, entryTicket } : bill;
}

/** A car admitted at the entry with a plate; one without a plate has nothing to report. */
export function arrivePassage(plate: string | null, enteredAtMs: number): PassagePayload | null {
  return plate ? { plate, atMs: enteredAtMs } : null;
}

/**
 * The car a staff release would be for, in the exit states that offer one (an error, a fee on screen,
 * a payment under way): its plate, and the entry ticket it was identified by, if any. Null elsewhere,
 * and for a ticket the platform failed on before a plate was known (staff have nothing to bill).
 */
export function staffReleaseCar(state: LaneState): { plate: string; ticket: string | null } | null {
  if (state.name === 'error') return state.plate ? { plate: state.plate, ticket: state.ticket ?? null } : null;
  if (state.name === 'quoted' || state.name === 'paying') return { plate: state.quote.plate, ticket: state.ticket ?? null };
  return null;
}

/** What the remote attendant's release says (see RemoteActionCommand). */
export interface RemoteRelease {
  /** The attendant's id. */
  by: string;
  reason: string;
  /** What the attendant confirmed was paid (e.g. a transfer they saw on the phone); 0 for a free pass. */
  amountFen: Fen;
  /** What the attendant saw on the board: the release is for that car, at that fee at most. */
  seen: { plate: string | null; dueFen: Fen | null };
}

/**
 * The bill for a car the remote attendant lets out: the same record a staff release at the lane
 * queues, built from the fee on screen (or the error screen's plate), so the platforms see one
 * kind of hand release whoever gave it. Null when the lane shows no car to release (the attendant
 * corrects the plate first, and the lane quotes it), another car than the attendant saw, or a fee
 * above the one they saw (an error screen that became a ¥200 quote is not a ¥0 release).
 */
export function remoteReleaseBill(state: LaneState, release: RemoteRelease, atMs: number): OfflineBillPayload | null {
  const car = staffReleaseCar(state);
  if (!car) return null;
  const quote = state.name === 'quoted' || state.name === 'paying' ? state.quote : null;
  if (release.seen.plate !== null && release.seen.plate !== car.plate) return null;
  if ((quote?.dueFen ?? 0) > (release.seen.dueFen ?? 0)) return null;
  const bill: OfflineBillPayload = {
    plate: car.plate,
    enteredAtMs: quote?.enteredAt ? Date.parse(quote.enteredAt) : atMs,
    exitAtMs: atMs,
    payableFen: quote?.payableFen ?? release.amountFen,
    discountFen: quote?.discountFen ?? 0,
    paidFen: quote?.paidFen ?? 0,
    amountFen: release.amountFen,
    settlement: release.amountFen > 0 ? 'cash' : 'free',
    note: `远程放行：${release.reason}`.slice(0, 200),
    staff: `remote:${release.by}`,
  };
  return staffReleaseBill(bill, car.ticket);
}
