/**
 * Lane services beyond fees, where the lot's platform offers them: lane auth for ticket holders and
 * unlicensed cars, merchant coupons, free spaces, and (for operators) the platform's lanes and the
 * lane QR. A lot whose platform lacks one answers 501 with what is missing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Quote } from '../../core/quote.js';
import { ApiError, NotSupportedError, UnavailableError, UpstreamError } from '../errors.js';
import { sendJson } from '../http.js';
import { COUPON_BODY, LANE_AUTH_BODY, LANE_QR_BODY, readBody } from '../request-bodies.js';
import { sumFreeSpaces, type FeeSourceCapability, type LaneAuthResult, type LaneServices } from '../providers/types.js';
import { annotateRequest } from '../log.js';
import type { LotRuntime } from '../lot-runtime.js';
import { quoteLogFields } from '../quotes.js';
import { TicketError, verifyTicket } from '../tickets.js';
import { route, type Route } from '../router.js';
import type { LaneRuntime, ProxyContext } from './context.js';

/** The service, or 501 when the lot's platform does not have it. */
function service<K extends keyof LaneServices>(lot: LotRuntime, capability: FeeSourceCapability, name: K): NonNullable<LaneServices[K]> {
  const fn = lot.feeSource[name];
  if (!lot.feeSource.capabilities.has(capability) || !fn) {
    throw new NotSupportedError('not-supported', `${lot.feeSource.platform} (lot ${lot.settings.lotId}) has no ${capability}`);
  }
  return (fn as (...args: never[]) => unknown).bind(lot.feeSource) as NonNullable<LaneServices[K]>;
}

/** The lane as the fee source knows it: the platform's id, or the lane's own in a lot without a platform. */
function platformLaneOf({ lot, lane }: LaneRuntime): string {
  if (!lane.platformLaneId && lot.feeSource.platform === 'local') return lane.laneId;
  if (!lane.platformLaneId) throw new ApiError(409, 'lane-not-mapped', `lane ${lane.laneId} has no platformLaneId in the config`);
  return lane.platformLaneId;
}

export function platformRoutes(ctx: ProxyContext): Route[] {
  const { config, quotes, lots, laneQrs, laneFor, operatorFor } = ctx;

  /** A ticket payload (verified, its number is the user id) or a phone user id. */
  const readUserId = async (req: IncomingMessage, lot: LotRuntime): Promise<string> => {
    const body = await readBody(req, LANE_AUTH_BODY);
    if (body.ticket !== undefined) {
      if (!config.ticketKey) throw new UnavailableError('tickets-not-configured', 'the proxy has no ticketKey configured');
      try {
        const claims = verifyTicket(config.ticketKey, body.ticket);
        if (claims.lotId !== lot.settings.lotId) throw new ApiError(403, 'wrong-lot', `ticket ${claims.ticketNo} belongs to another lot`);
        return claims.ticketNo;
      } catch (error) {
        if (error instanceof TicketError) throw new ApiError(400, 'forged-ticket', error.message);
        throw error;
      }
    }
    return body.userId!;
  };

  const answer = async (
    res: ServerResponse,
    lot: LotRuntime,
    laneId: string,
    result: LaneAuthResult,
  ): Promise<{ state: string; platformState: number; message: string; license: string | null; quote: Quote | null }> => {
    const quote = result.bill ? await quotes.issue(lot, laneId, result.bill) : null;
    if (quote) annotateRequest(res, quoteLogFields(quote));
    return { state: result.state, platformState: result.platformState, message: result.message, license: result.license, quote };
  };

  return [
    route('POST', '/v1/lanes/:laneId/lane-auth', async (req, res, { laneId }) => {
      const runtime = laneFor(req, laneId);
      const auth = service(runtime.lot, 'lane-auth', 'laneAuth');
      const userId = await readUserId(req, runtime.lot);
      const result = await auth(runtime.lane.direction, platformLaneOf(runtime), userId);
      sendJson(res, 200, await answer(res, runtime.lot, runtime.lane.laneId, result));
    }),
    route('POST', '/v1/lanes/:laneId/lane-auth/refresh', async (req, res, { laneId }) => {
      const runtime = laneFor(req, laneId);
      const refresh = service(runtime.lot, 'lane-auth', 'refreshLaneFee');
      const result = await refresh(platformLaneOf(runtime), await readUserId(req, runtime.lot));
      sendJson(res, 200, await answer(res, runtime.lot, runtime.lane.laneId, result));
    }),
    route('POST', '/v1/lanes/:laneId/coupons', async (req, res, { laneId }) => {
      const { lot, lane } = laneFor(req, laneId);
      const apply = service(lot, 'coupons', 'applyCoupon');
      const { mchId, ruleId, plate } = await readBody(req, COUPON_BODY);
      const applied = await quotes.applyCoupon(lot, lane.laneId, plate, async () => {
        try {
          return await apply(mchId, ruleId, plate);
        } catch (error) {
          // The platform said no to this coupon (unknown rule, already used, car not here): the driver's problem, in words.
          if (error instanceof UpstreamError && (error.kind === 'invalid-request' || error.kind === 'no-record')) {
            throw new ApiError(422, 'coupon-refused', error.message);
          }
          throw error;
        }
      });
      sendJson(res, 200, applied);
    }),
    route('GET', '/v1/lanes/:laneId/spaces', async (req, res, { laneId }) => {
      const { lot } = laneFor(req, laneId);
      // A lot that keeps its own entry register has no areas, only its count (none without totalSpaces).
      const { capabilities } = lot.feeSource;
      if (!capabilities.has('lot-info') && capabilities.has('entry-register')) {
        const reading = capabilities.has('free-spaces') ? await lot.freeSpaces.refresh() : null;
        sendJson(res, 200, { areas: [], freeSpaces: reading?.source === 'live' ? reading.free : null });
        return;
      }
      const areas = await service(lot, 'lot-info', 'spaces')();
      sendJson(res, 200, { areas, freeSpaces: sumFreeSpaces(areas) });
    }),
    route('GET', '/v1/lots/:lotId/platform-lanes', async (req, res, { lotId }) => {
      operatorFor(req, 'lane setup');
      const lot = lots.get(lotId);
      if (!lot) throw new ApiError(404, 'unknown-lot', `no lot ${lotId}`);
      sendJson(res, 200, { lanes: await service(lot, 'lot-info', 'platformLanes')() });
    }),
    route('PUT', '/v1/lots/:lotId/lanes/:laneId/qr', async (req, res, { lotId, laneId }) => {
      operatorFor(req, 'lane setup');
      const lot = lots.get(lotId);
      const lane = lot?.settings.lanes.find((l) => l.laneId === laneId);
      if (!lot || !lane) throw new ApiError(404, 'unknown-lane', `no lane ${laneId} in lot ${lotId}`);
      const { qrUrl } = await readBody(req, LANE_QR_BODY);
      const register = service(lot, 'lot-info', 'registerLaneQr');
      const qrCode = await register(platformLaneOf({ lot, lane }), qrUrl);
      // Kept once the platform took it: the lane's kiosk shows it from its next config.
      await laneQrs.register(lane, { qrUrl, qrCode });
      sendJson(res, 200, { laneId: lane.laneId, qrUrl, qrCode });
    }),
  ];
}
