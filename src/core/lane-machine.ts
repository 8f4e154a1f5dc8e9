/**
 * The exit lane as a pure state machine: idle → identifying → quoted → paying → paid → farewell → idle,
 * with an error state that always has a way out. A car holding an entry ticket goes through the
 * platform's lane authentication instead (authenticating ⇄ auth-waiting → quoted or farewell).
 * The kiosk element runs the side effects (quote requests, timers, printing) by watching which
 * state it is in.
 */
import type { Quote } from './quote.js';

export type LaneErrorKind = 'invalid-plate' | 'network' | 'timeout' | 'upstream' | 'rejected';

export interface LaneError {
  kind: LaneErrorKind;
  /** Platform or proxy code, kept for staff ("welink:0006"). */
  code: string;
  message: string;
}

/** A merchant coupon read from its QR. */
export interface CouponScan {
  mchId: string;
  ruleId: string;
}

/**
 * Why the platform has not decided yet, in the driver's terms:
 * - `capture`: the exit camera has not caught the car (Welink state 7);
 * - `staff`: the entry record is being matched by staff (Welink state 3);
 * - `confirming`: the platform is confirming (Welink state 2).
 */
export type AuthWait = 'capture' | 'staff' | 'confirming';

/** What the proxy's lane-auth answered, as far as the lane cares. */
export interface LaneAuthAnswer {
  state: 'released' | 'pay' | 'refused' | 'error' | 'gate-failed' | 'confirming' | 'awaiting-staff' | 'awaiting-capture';
  platformState: number;
  message: string;
  license: string | null;
  quote: Quote | null;
}

/** Undecided answers are asked again this many times (about 2 s apart) before staff are needed. */
export const MAX_AUTH_ATTEMPTS = 6;

/** `ticket` is set when the car is identified by its entry ticket rather than its plate. */
export type LaneState =
  | { name: 'idle' }
  /** With a coupon, `before` is the fee it is applied to: the screen goes back to it if the coupon is refused. */
  | { name: 'identifying'; plate: string; coupon?: CouponScan; before?: Quote }
  | { name: 'authenticating'; ticket: string; attempt: number; refresh: boolean }
  | { name: 'auth-waiting'; ticket: string; attempt: number; wait: AuthWait; message: string }
  /** `notice` is a proxy code about a coupon that did not apply (e.g. `coupon-already-applied`), for the driver to read. */
  | { name: 'quoted'; quote: Quote; ticket?: string; notice?: string }
  | { name: 'paying'; quote: Quote; ticket?: string }
  | { name: 'paid'; quote: Quote; paidFen: number; channel: string }
  | { name: 'farewell'; plate: string }
  | { name: 'error'; error: LaneError; plate: string | null; ticket?: string };

/** A hand release as the records name it: the bill staff wrote at the lane (its outbox key), or the remote attendant's action. */
export type HandRelease = { billKey: string } | { attendantId: string; actionId: string };

export type LaneAction =
  | { type: 'plate-submitted'; plate: string }
  | { type: 'plate-rejected'; plate: string; error: LaneError }
  | { type: 'quote-received'; quote: Quote }
  | { type: 'quote-failed'; error: LaneError }
  /** An entry ticket was scanned; the platform decides through lane authentication. */
  | { type: 'ticket-scanned'; ticket: string }
  | { type: 'auth-answered'; answer: LaneAuthAnswer }
  /** The wait between two lane-auth questions is over. */
  | { type: 'auth-retry' }
  /** A merchant coupon was scanned while the fee is shown; the fee is quoted again with it. */
  | { type: 'coupon-scanned'; coupon: CouponScan }
  | { type: 'pay-requested' }
  | { type: 'quote-expired' }
  | { type: 'paid'; quoteId: string; paidFen: number; channel: string }
  | { type: 'leave' }
  | { type: 'receipt-done' }
  | { type: 'retry' }
  /** Staff released the car by hand (offline cash, free pass or IOU), already recorded as `release`. */
  | { type: 'staff-released'; plate: string; release: HandRelease }
  | { type: 'reset' };

export type LaneStateName = LaneState['name'];

export const initialLaneState: LaneState = { name: 'idle' };

/** Returns the next state, or the same object when the event does not apply, so callers can compare by identity. */
export function laneTransition(state: LaneState, event: LaneAction): LaneState {
  switch (event.type) {
    case 'reset':
      return state.name === 'idle' ? state : initialLaneState;
    case 'plate-submitted':
      return state.name === 'idle' || state.name === 'quoted' || state.name === 'error'
        ? { name: 'identifying', plate: event.plate }
        : state;
    case 'plate-rejected':
      return state.name === 'idle' || state.name === 'quoted' || state.name === 'error'
        ? { name: 'error', error: event.error, plate: event.plate }
        : state;
    case 'quote-received':
      if (state.name !== 'identifying') return state;
      return { name: 'quoted', quote: state.before ? quoteAfterCoupon(state.before, event.quote) : event.quote };
    case 'quote-failed':
      // A refused coupon is no dead end: the fee it was scanned on is still owed, and shown again with the reason.
      if (state.name === 'identifying' && state.before && event.error.kind === 'rejected') return { name: 'quoted', quote: state.before, notice: event.error.code };
      if (state.name === 'identifying') return { name: 'error', error: event.error, plate: state.plate };
      return state.name === 'authenticating' ? { name: 'error', error: event.error, plate: null, ticket: state.ticket } : state;
    case 'ticket-scanned':
      return state.name === 'idle' || state.name === 'quoted' || state.name === 'error'
        ? { name: 'authenticating', ticket: event.ticket, attempt: 0, refresh: false }
        : state;
    case 'auth-answered':
      return state.name === 'authenticating' ? afterLaneAuth(state.ticket, state.attempt, event.answer) : state;
    case 'auth-retry':
      return state.name === 'auth-waiting'
        ? { name: 'authenticating', ticket: state.ticket, attempt: state.attempt, refresh: state.wait === 'staff' }
        : state;
    case 'coupon-scanned':
      // Only a fee to pay takes a coupon: on a stay that owes nothing it would be spent for nothing.
      return state.name === 'quoted' && state.quote.status === 'due'
        ? { name: 'identifying', plate: state.quote.plate, coupon: event.coupon, before: state.quote }
        : state;
    case 'pay-requested':
      return state.name === 'quoted' && state.quote.status === 'due' ? { ...state, name: 'paying' } : state;
    case 'quote-expired':
      if (state.name !== 'quoted' && state.name !== 'paying') return state;
      // The fee may have grown: ask again the same way the car was identified.
      return state.ticket ? { name: 'authenticating', ticket: state.ticket, attempt: 0, refresh: false } : { name: 'identifying', plate: state.quote.plate };
    case 'paid':
      return (state.name === 'quoted' || state.name === 'paying') && state.quote.quoteId === event.quoteId
        ? { name: 'paid', quote: state.quote, paidFen: event.paidFen, channel: event.channel }
        : state;
    case 'leave':
      return state.name === 'quoted' && state.quote.status === 'nothing-to-pay'
        ? { name: 'farewell', plate: state.quote.plate }
        : state;
    case 'receipt-done':
      return state.name === 'paid' ? { name: 'farewell', plate: state.quote.plate } : state;
    case 'staff-released':
      return state.name === 'error' || state.name === 'quoted' || state.name === 'paying' ? { name: 'farewell', plate: event.plate } : state;
    case 'retry':
      if (state.name !== 'error' || !canRetry(state)) return state;
      return state.ticket ? { name: 'authenticating', ticket: state.ticket, attempt: 0, refresh: false } : { name: 'identifying', plate: state.plate! };
  }
}

const AUTH_WAITS: Partial<Record<LaneAuthAnswer['state'], AuthWait>> = {
  'awaiting-capture': 'capture',
  'awaiting-staff': 'staff',
  confirming: 'confirming',
};

function afterLaneAuth(ticket: string, attempt: number, answer: LaneAuthAnswer): LaneState {
  if (answer.state === 'released') return { name: 'farewell', plate: answer.license ?? '' };
  if (answer.state === 'pay' && answer.quote) return { name: 'quoted', quote: answer.quote, ticket };
  const wait = AUTH_WAITS[answer.state];
  if (wait && attempt + 1 < MAX_AUTH_ATTEMPTS) return { name: 'auth-waiting', ticket, attempt: attempt + 1, wait, message: answer.message };
  const error: LaneError = wait
    ? { kind: 'timeout', code: `platform-state-${answer.platformState}`, message: answer.message || 'the platform did not decide in time' }
    : { kind: 'rejected', code: `platform-state-${answer.platformState}`, message: answer.message || `the platform answered state ${answer.platformState}` };
  return { name: 'error', error, plate: answer.license, ticket };
}

/**
 * Whether the error state offers "retry": a plate or ticket to ask about again, and a failure that
 * asking again can mend (not a typing mistake, not a refusal such as a forged ticket).
 */
export function canRetry(state: Extract<LaneState, { name: 'error' }>): boolean {
  return state.error.kind !== 'invalid-plate' && state.error.kind !== 'rejected' && (state.plate !== null || state.ticket !== undefined);
}

/**
 * The fee after a coupon, as the driver should read it. A platform that answers "nothing to pay"
 * once a coupon covers everything (Welink's NoBill) sends no amounts: the fee before the coupon
 * still says what was payable and paid, and the coupon took the rest. The stay's entry is kept
 * from it too when the new answer lacks one.
 */
export function quoteAfterCoupon(before: Quote, after: Quote): Quote {
  const stay = after.enteredAt === null && before.enteredAt !== null ? { enteredAt: before.enteredAt, minutes: before.minutes } : {};
  if (after.status !== 'nothing-to-pay' || after.payableFen > 0 || before.payableFen === 0) return { ...after, ...stay };
  return { ...after, ...stay, payableFen: before.payableFen, paidFen: before.paidFen, discountFen: before.payableFen - before.paidFen };
}

/**
 * States a driver can abandon; the inactivity timer only runs in these. Paying is left out: a driver
 * mid-payment on a phone is not touching the screen, and quote expiry already re-quotes.
 */
export function isAbandonable(state: LaneState): boolean {
  return state.name === 'quoted' || state.name === 'error';
}
