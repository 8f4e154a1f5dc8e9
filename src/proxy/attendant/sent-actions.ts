/**
 * The remote actions sent to lanes, kept long enough for each lane's word on them. The outcome a
 * lane reports is recorded against the action as the proxy sent it (its lot, lane, kind and
 * attendant), once: a lane cannot put words in an attendant's mouth, answer for another lane, or
 * fill the day's audit trail with outcomes of actions nobody sent.
 */
import type { RemoteActionKind } from '../../core/attendant/staff-access.js';
import type { StateStore } from '../state/store.js';

export interface SentAction {
  lotId: string;
  laneId: string;
  kind: RemoteActionKind;
  /** The attendant who sent it. */
  by: string;
}

/** Far past the 30 s a lane acts on an action within, and the longest print or barrier it then waits for. */
const SENT_ACTION_TTL_MS = 10 * 60_000;

export class SentActions {
  constructor(private readonly store: StateStore) {}

  remember(actionId: string, action: SentAction): Promise<void> {
    return this.store.put(`remote-action:${actionId}`, action, SENT_ACTION_TTL_MS);
  }

  /**
   * The action as sent, when it was sent to this lane: `first` is true for the lane's first word on
   * it, which is the one recorded (a lane retrying its report after a lost answer says it again).
   */
  async outcomeOf(actionId: string, lotId: string, laneId: string): Promise<{ sent: SentAction; first: boolean } | null> {
    const sent = await this.store.get<SentAction>(`remote-action:${actionId}`);
    if (!sent || sent.lotId !== lotId || sent.laneId !== laneId) return null;
    return { sent, first: await this.store.claim(`remote-action-outcome:${actionId}`, true, SENT_ACTION_TTL_MS) };
  }
}
