/**
 * The exit lane as a pure state machine: idle → identifying → quoted → paying → paid → farewell → idle,
 * with an error state that always has a way out. The kiosk element runs the side effects
 * (quote requests, timers, printing) by watching which state it is in.
 */
import type { Quote } from './quote.js';

export type LaneErrorKind = 'invalid-plate' | 'network' | 'timeout' | 'upstream' | 'rejected';

export interface LaneError {
  kind: LaneErrorKind;
  /** Platform or proxy code, kept for staff ("welink:0006"). */
  code: string;
  message: string;
}

export type LaneState =
  | { name: 'idle' }
  | { name: 'identifying'; plate: string }
  | { name: 'quoted'; quote: Quote }
  | { name: 'paying'; quote: Quote }
  | { name: 'paid'; quote: Quote; paidFen: number; channel: string }
  | { name: 'farewell'; plate: string }
  | { name: 'error'; error: LaneError; plate: string | null };

export type LaneAction =
  | { type: 'plate-submitted'; plate: string }
  | { type: 'plate-rejected'; plate: string; error: LaneError }
  | { type: 'quote-received'; quote: Quote }
  | { type: 'quote-failed'; error: LaneError }
  | { type: 'pay-requested' }
  | { type: 'quote-expired' }
  | { type: 'paid'; quoteId: string; paidFen: number; channel: string }
  | { type: 'leave' }
  | { type: 'receipt-done' }
  | { type: 'retry' }
  /** Staff released the car by hand (offline cash, free pass or IOU), already recorded. */
  | { type: 'staff-released'; plate: string }
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
      return state.name === 'identifying' ? { name: 'quoted', quote: event.quote } : state;
    case 'quote-failed':
      return state.name === 'identifying' ? { name: 'error', error: event.error, plate: state.plate } : state;
    case 'pay-requested':
      return state.name === 'quoted' && state.quote.status === 'due' ? { name: 'paying', quote: state.quote } : state;
    case 'quote-expired':
      return state.name === 'quoted' || state.name === 'paying' ? { name: 'identifying', plate: state.quote.plate } : state;
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
      return state.name === 'error' && state.plate !== null && state.error.kind !== 'invalid-plate'
        ? { name: 'identifying', plate: state.plate }
        : state;
  }
}

/**
 * States a driver can abandon; the inactivity timer only runs in these. Paying is left out: a driver
 * mid-payment on a phone is not touching the screen, and quote expiry already re-quotes.
 */
export function isAbandonable(state: LaneState): boolean {
  return state.name === 'quoted' || state.name === 'error';
}
