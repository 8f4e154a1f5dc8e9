/**
 * The entry lane as a pure state machine: idle → checking → issuing → printed → idle, or → full
 * when the lot has no space and the car has no reservation or stagger agreement. Every state but
 * idle returns there by itself or by a button; the element runs the requests and the printer.
 */
import type { LaneError } from './lane-machine.js';

/** Why the car may enter: a free space, or its reservation or stagger agreement when the lot is full. */
export type AdmissionReason = 'space' | 'reservation' | 'stagger';

export interface IssuedEntry {
  ticketNo: string;
  /** What the ticket's QR encodes; shown on screen when the paper did not come out. */
  payload: string;
  enteredAt: string;
  /** The plate, or the platform's temporary credential for an unlicensed car; null when neither is known. */
  plate: string | null;
}

export type EntryState =
  | { name: 'idle' }
  | { name: 'checking'; plate: string | null }
  | { name: 'full'; plate: string | null }
  | { name: 'issuing'; plate: string | null; reason: AdmissionReason }
  | { name: 'printed'; entry: IssuedEntry; reason: AdmissionReason; printed: boolean }
  | { name: 'error'; error: LaneError };

export type EntryAction =
  /** The driver pressed for a ticket; `plate` is what the lane camera read, if anything. */
  | { type: 'ticket-requested'; plate: string | null }
  | { type: 'admitted'; reason: AdmissionReason }
  | { type: 'lot-full' }
  | { type: 'ticket-issued'; entry: IssuedEntry; printed: boolean }
  | { type: 'failed'; error: LaneError }
  | { type: 'reset' };

export const initialEntryState: EntryState = { name: 'idle' };

/** The next state, or the same object when the action does not apply. */
export function entryTransition(state: EntryState, action: EntryAction): EntryState {
  switch (action.type) {
    case 'reset':
      return state.name === 'idle' ? state : initialEntryState;
    case 'ticket-requested':
      return state.name === 'idle' || state.name === 'error' || state.name === 'full' ? { name: 'checking', plate: action.plate } : state;
    case 'admitted':
      return state.name === 'checking' ? { name: 'issuing', plate: state.plate, reason: action.reason } : state;
    case 'lot-full':
      return state.name === 'checking' ? { name: 'full', plate: state.plate } : state;
    case 'ticket-issued':
      return state.name === 'issuing' ? { name: 'printed', entry: action.entry, reason: state.reason, printed: action.printed } : state;
    case 'failed':
      return state.name === 'checking' || state.name === 'issuing' ? { name: 'error', error: action.error } : state;
  }
}
