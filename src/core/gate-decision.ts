/**
 * When the exit lane lifts its barrier: only on a decision that lets the car go — paid, nothing
 * due, released by the platform's lane authentication, or released by staff. A quote, an error,
 * a refused or forged ticket, a coupon or a timeout never opens it. Pure: it reads the machine's
 * step (the state before, the action, the state after), so every case is a unit test.
 */
import type { GateOpenReason } from './lane-events.js';
import type { LaneAction, LaneState } from './lane-machine.js';

export interface GateOpening {
  reason: GateOpenReason;
  plate: string | null;
  /** What the decision rests on (the paid quote's id, a hand release's bill), for the record; null when there is none. */
  ref: string | null;
}

/** The opening this step of the exit lane calls for, or null when the barrier stays down. */
export function exitGateOpening(previous: LaneState, action: LaneAction, next: LaneState): GateOpening | null {
  if (next === previous) return null;
  switch (action.type) {
    case 'paid':
      return next.name === 'paid' ? { reason: 'paid', plate: next.quote.plate, ref: next.quote.quoteId } : null;
    case 'leave':
      if (previous.name !== 'quoted' || next.name !== 'farewell') return null;
      return { reason: previous.quote.paidFen > 0 ? 'already-paid' : 'free', plate: previous.quote.plate, ref: previous.quote.quoteId };
    case 'auth-answered':
      return next.name === 'farewell' && action.answer.state === 'released' ? { reason: 'platform-release', plate: action.answer.license, ref: null } : null;
    case 'staff-released':
      if (next.name !== 'farewell') return null;
      // Each release its own record, tied to the bill that says who released the car, or to the attendant's action.
      return 'actionId' in action.release
        ? remoteGateOpening(action.release.attendantId, action.release.actionId, action.plate)
        : { reason: 'staff-release', plate: action.plate, ref: `bill:${action.release.billKey}` };
    default:
      return null;
  }
}

/**
 * The opening a remote attendant asked for, on the record under the action's id and theirs (each
 * opening its own record). The action's id comes first: the outbox key cut from the ref keeps it
 * whole whatever the length of the staff id.
 */
export function remoteGateOpening(attendantId: string, actionId: string, plate: string | null): GateOpening {
  return { reason: 'remote-attendant', plate, ref: `action:${actionId}:by:${attendantId}` };
}
