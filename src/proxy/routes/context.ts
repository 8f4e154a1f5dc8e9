/** What the proxy's route handlers share: its configuration, services and lookups. */
import type { IncomingMessage } from 'node:http';
import type { StaffPinHash } from '../../core/quote.js';
import type { EtcpPushReceiver } from '../callbacks/etcp.js';
import type { ShanghaiCallbacks } from '../callbacks/shanghai.js';
import type { LaneSettings, ProxyConfig } from '../config.js';
import type { AttendantRuntime } from '../attendant/attendant-runtime.js';
import type { LaneEventProcessor } from '../lane-event-processor.js';
import type { LaneStreamHub } from '../lane-stream.js';
import type { LaneQrRegistry } from '../lane-qr.js';
import type { Logger } from '../log.js';
import type { ProxyMetrics } from '../metrics.js';
import type { StateStoreKind } from '../state/store.js';
import type { LotRuntime } from '../lot-runtime.js';
import type { QuoteService } from '../quotes.js';

export interface LaneRuntime {
  lot: LotRuntime;
  lane: LaneSettings;
}

/** What a lane last said about its outbox. */
export interface LaneStatus {
  depth: number;
  oldestCreatedAt: number | null;
  deadLetters: number;
  storageError: string | null;
  reportedAt: number;
}

export interface ProxyContext {
  config: ProxyConfig;
  /** The remote attendant console's services; null when the config has no attendant section. */
  attendant: AttendantRuntime | null;
  log: Logger;
  metrics: ProxyMetrics;
  /** Which state store backs this instance: embedded, redis or memory. */
  stateKind: StateStoreKind;
  quotes: QuoteService;
  events: LaneStreamHub;
  laneEvents: LaneEventProcessor;
  shanghai: ShanghaiCallbacks;
  etcpPushes: EtcpPushReceiver;
  lots: Map<string, LotRuntime>;
  lanes: Map<string, LaneRuntime>;
  staffPins: Map<string, StaffPinHash>;
  laneQrs: LaneQrRegistry;
  laneStatus: Map<string, LaneStatus>;
  /** The lane a request may act for, from its Bearer key; 401 or 403 otherwise. */
  laneFor(req: IncomingMessage, laneId: string): LaneRuntime;
  /** The operator key's id; 401 for any other caller. `purpose` words the refusal. */
  operatorFor(req: IncomingMessage, purpose: string): string;
}
