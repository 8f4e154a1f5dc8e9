/** The events both lane screens (exit and entry) fire, declared once for the page's listeners. */
import type { StreamStatus } from '../../client/sse.js';
import type { GateOpenPayload } from '../../core/lane-events.js';
import type { Locale } from './messages.js';

export type LaneLocaleEvent = CustomEvent<{ locale: Locale }>;
export type LaneStreamStatusEvent = CustomEvent<{ status: StreamStatus }>;
export type LaneGateOpenEvent = CustomEvent<{ record: GateOpenPayload }>;

declare global {
  interface HTMLElementEventMap {
    'lane-locale': LaneLocaleEvent;
    'lane-stream': LaneStreamStatusEvent;
    'lane-gate-open': LaneGateOpenEvent;
  }
}
