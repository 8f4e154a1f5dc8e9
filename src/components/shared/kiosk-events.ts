/** The events both lane screens (exit and entry) fire, declared once for the page's listeners. */
import type { StreamStatus } from '../../client/sse.js';
import type { RemoteActionCommand, RemoteActionOutcome } from '../../core/attendant/staff-access.js';
import type { EntryState } from '../../core/entry-machine.js';
import type { GateOpenPayload } from '../../core/lane-events.js';
import type { LaneState } from '../../core/lane-machine.js';
import type { Locale } from './messages.js';

export type LaneLocaleEvent = CustomEvent<{ locale: Locale }>;
export type LaneStreamStatusEvent = CustomEvent<{ status: StreamStatus }>;
export type LaneGateOpenEvent = CustomEvent<{ record: GateOpenPayload }>;
/** The driver asked for help; `state` is the screen's state (the exit lane's, or the entry lane's). */
export type LaneCallStaffEvent = CustomEvent<{ state: LaneState | EntryState }>;
/** A remote attendant acted on the lane; `outcome` is what the lane did (the proxy's audit trail gets it too). */
export type LaneRemoteActionEvent = CustomEvent<{ action: RemoteActionCommand; outcome: RemoteActionOutcome }>;

declare global {
  interface HTMLElementEventMap {
    'lane-locale': LaneLocaleEvent;
    'lane-stream': LaneStreamStatusEvent;
    'lane-gate-open': LaneGateOpenEvent;
    'lane-call-staff': LaneCallStaffEvent;
    'lane-remote-action': LaneRemoteActionEvent;
  }
}
