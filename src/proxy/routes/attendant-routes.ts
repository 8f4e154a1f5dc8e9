/**
 * The remote attendant's routes: the console's API (staff sessions, see attendant/console-api.ts)
 * and the lane's side of a call (the lane key): ring, hang up, and relay the audio's signaling.
 */
import { CallError } from '../../core/attendant/calls.js';
import type { AttendantRuntime } from '../attendant/attendant-runtime.js';
import { ACTION_OUTCOME_BODY, SIGNAL_BODY } from '../attendant/console-bodies.js';
import { consoleRoutes } from '../attendant/console-routes.js';
import { ApiError } from '../errors.js';
import { sendJson } from '../http.js';
import { readBody } from '../request-bodies.js';
import { route, type Route } from '../router.js';
import type { ProxyContext } from './context.js';

export function attendantRoutes(ctx: ProxyContext, attendant: AttendantRuntime): Route[] {
  const { laneFor } = ctx;
  /** The lane's own call, or 404: a lane key never reaches another lane's call. */
  const laneCall = async (laneId: string, callId: string) => {
    const call = await attendant.calls.get(callId);
    if (!call || call.laneId !== laneId) throw new ApiError(404, 'no-such-call', `lane ${laneId} has no call ${callId}`);
    return call;
  };
  return [
    ...consoleRoutes(attendant.api),
    route('POST', '/v1/lanes/:laneId/calls', async (req, res, { laneId }) => {
      const { lot, lane } = laneFor(req, laneId);
      sendJson(res, 201, await attendant.calls.ring(lot.settings.lotId, lane.laneId));
    }),
    route('POST', '/v1/lanes/:laneId/calls/:callId/end', async (req, res, { laneId, callId }) => {
      const { lane } = laneFor(req, laneId);
      await laneCall(lane.laneId, callId);
      sendJson(res, 200, await attendant.calls.end(callId, 'hung-up-by-lane', null));
    }),
    // The lane's word on a remote action, for the audit trail beside the attendant's and for the
    // consoles at once: done, or why not.
    route('POST', '/v1/lanes/:laneId/remote-actions/:actionId/outcome', async (req, res, { laneId, actionId }) => {
      const { lot, lane } = laneFor(req, laneId);
      if (!/^[\w-]{1,64}$/.test(actionId)) throw new ApiError(400, 'invalid-action-id', 'the action id is the one the remote action carried');
      const { outcome } = await readBody(req, ACTION_OUTCOME_BODY, 1024);
      // Recorded against the action as it was sent, once: not what the lane says it was, nor by whom.
      const known = await attendant.sentActions.outcomeOf(actionId, lot.settings.lotId, lane.laneId);
      if (!known) throw new ApiError(404, 'no-such-action', `no remote action ${actionId} was sent to lane ${lane.laneId}`);
      if (known.first) {
        const { kind, by } = known.sent;
        await attendant.audit.record({ kind: 'remote-action-outcome', staffId: by, lotId: lot.settings.lotId, laneId: lane.laneId, subject: kind, reason: outcome, detail: { actionId } });
        await attendant.board.reportOutcome({ lotId: lot.settings.lotId, laneId: lane.laneId, actionId, kind, outcome, by });
      }
      res.writeHead(204).end();
    }),
    route('POST', '/v1/lanes/:laneId/calls/:callId/signal', async (req, res, { laneId, callId }) => {
      const { lot, lane } = laneFor(req, laneId);
      const call = await laneCall(lane.laneId, callId);
      const { type, body } = await readBody(req, SIGNAL_BODY, 16 * 1024);
      try {
        await attendant.calls.signal({ side: 'lane', lotId: lot.settings.lotId, laneId: lane.laneId }, call.callId, { type, body: body ?? null });
      } catch (error) {
        if (error instanceof CallError) throw new ApiError(409, error.code, error.message);
        throw error;
      }
      res.writeHead(204).end();
    }),
  ];
}
