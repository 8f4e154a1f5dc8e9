/**
 * The lane camera's plate reads: `POST /v1/lanes/{laneId}/plate-reads` from the camera's
 * integration (with the lane's key) or the operator's (an operator key, for any lane). The read
 * goes to the lane's kiosk over its event stream, where the exit quotes the plate and the entry
 * issues its ticket, without typing; a read below the lane's confidence threshold is only offered
 * to the driver to confirm.
 */
import type { IncomingMessage } from 'node:http';
import { checkPlateRead } from '../../core/plate-read.js';
import { findKey } from '../auth.js';
import { ApiError } from '../errors.js';
import { bearerToken, requireValid, sendJson } from '../http.js';
import { PLATE_READ_BODY, readBody } from '../request-bodies.js';
import { route, type Route } from '../router.js';
import type { LaneRuntime, ProxyContext } from './context.js';

export function plateReadRoutes(ctx: ProxyContext): Route[] {
  const { config, events, lanes, laneFor } = ctx;

  /** An operator key may report for any lane; otherwise the lane's own key is needed. */
  const reporterFor = (req: IncomingMessage, laneId: string): { runtime: LaneRuntime; by: string } => {
    const operator = findKey(bearerToken(req), config.operatorKeys);
    if (!operator) return { runtime: laneFor(req, laneId), by: 'lane' };
    const runtime = lanes.get(laneId);
    if (!runtime) throw new ApiError(404, 'unknown-lane', `no lane ${laneId}`);
    return { runtime, by: `operator:${operator.id}` };
  };

  return [
    route('POST', '/v1/lanes/:laneId/plate-reads', async (req, res, { laneId }, log) => {
      const { runtime, by } = reporterFor(req, laneId);
      const { lane } = runtime;
      const read = requireValid(checkPlateRead(await readBody(req, PLATE_READ_BODY), Date.now(), lane.plateReadConfidence), 'invalid-plate-read');
      await events.publish(lane.laneId, read);
      log.info('plate read', { laneId: lane.laneId, plate: read.plate, confidence: read.confidence, confirm: read.confirm, by });
      sendJson(res, 202, { laneId: lane.laneId, ...read });
    }),
  ];
}
