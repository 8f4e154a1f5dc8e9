/**
 * The remote attendant console's services in one proxy instance: the board, the call desk, the
 * audit log, sessions and the console API, built from the config's `attendant` section. Calls and
 * board changes cross instances on the event bus; what a lane must hear goes out on its own stream.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AttendantSettings } from '../config.js';
import type { LaneStreamHub } from '../lane-stream.js';
import type { EventBus } from '../state/event-bus.js';
import type { StateStore } from '../state/store.js';
import { clientIp } from '../http.js';
import { AuditLog } from './audit-log.js';
import { CallDesk } from './call-desk.js';
import { ConsoleApi } from './console-api.js';
import { LaneBoardHub } from './lane-board-hub.js';
import { SentActions } from './sent-actions.js';
import { ConsoleSessions } from './sessions.js';
import { SignInGuard } from './sign-in-guard.js';

export interface AttendantRuntime {
  settings: AttendantSettings;
  board: LaneBoardHub;
  calls: CallDesk;
  api: ConsoleApi;
  audit: AuditLog;
  /** The remote actions sent, for the lanes' word on them. */
  sentActions: SentActions;
  /**
   * Stops in order, before the lane streams close: the calls rung through this instance end as
   * `proxy-restarted` on both sides, the consoles' streams end (they reconnect to a live instance).
   */
  close(): Promise<void>;
}

export async function startAttendant(
  settings: AttendantSettings,
  deps: { store: StateStore; bus: EventBus; events: LaneStreamHub; lanes: ReadonlyMap<string, { lotId: string }>; trustProxy: boolean },
): Promise<AttendantRuntime> {
  const { store, bus, events } = deps;
  const audit = new AuditLog(store);
  const sentActions = new SentActions(store);
  const board = new LaneBoardHub(bus);
  const calls = await CallDesk.open(store, bus, audit, (_lotId, laneId, message) => events.publish(laneId, message));
  const api = new ConsoleApi({
    staff: new Map(settings.staff.map((person) => [person.id, person])),
    sessions: new ConsoleSessions(store),
    signInGuard: new SignInGuard(store),
    board,
    calls,
    audit,
    sentActions,
    supervisorLimitFen: (lotId) => settings.lots.get(lotId)?.supervisorLimitFen ?? null,
    laneExists: (lotId, laneId) => deps.lanes.get(laneId)?.lotId === lotId,
    sendToLane: (_lotId, laneId, action) => events.publish(laneId, { type: 'remote-action', action }),
    isSecure: (req: IncomingMessage) => (req.socket as TLSSocket).encrypted === true || (deps.trustProxy && req.headers['x-forwarded-proto'] === 'https'),
    clientAddress: (req) => clientIp(req, deps.trustProxy),
  });
  return {
    settings,
    board,
    calls,
    api,
    audit,
    sentActions,
    close: async () => {
      board.close();
      await calls.shutdown();
      api.close();
    },
  };
}
