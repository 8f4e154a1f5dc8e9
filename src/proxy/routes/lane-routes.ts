/** Routes a lane (kiosk) calls with its lane key: config, quotes, events, tickets, outbox, status. */
import type { IncomingMessage } from 'node:http';
import type { LaneConfig } from '../../core/quote.js';
import { toBeijingIso } from '../../core/time.js';
import { ApiError, UnavailableError } from '../errors.js';
import { clientIp, sendJson } from '../http.js';
import { LANE_STATUS_BODY, OUTBOX_BODY, PLATE_BODY, readBody, TICKET_REQUEST_BODY, TICKET_VERIFY_BODY } from '../request-bodies.js';
import { annotateRequest } from '../log.js';
import { quoteLogFields } from '../quotes.js';
import { issueTicket, TicketError, verifyTicket } from '../tickets.js';
import { route, type Route } from '../router.js';
import type { ProxyContext } from './context.js';

const OUTBOX_BODY_LIMIT = 2 * 1024 * 1024;

export function laneRoutes(ctx: ProxyContext): Route[] {
  const { config, quotes, events, laneEvents, staffPins, laneQrs, laneStatus, laneFor, attendant } = ctx;
  const isJson = (req: IncomingMessage) => /^application\/json\b/i.test(req.headers['content-type'] ?? '');
  return [
    route('GET', '/v1/lanes/:laneId/config', async (req, res, { laneId }) => {
      const { lot, lane } = laneFor(req, laneId);
      const laneQrUrl = lane.direction === 'exit' ? await laneQrs.urlFor(lane) : null;
      const body: LaneConfig = {
        laneId: lane.laneId,
        laneName: lane.name,
        direction: lane.direction,
        lot: { lotId: lot.settings.lotId, name: lot.settings.name, feeSource: lot.feeSource.platform },
        locale: lane.locale,
        farewellSeconds: lane.farewellSeconds,
        idleTimeoutSeconds: lane.idleTimeoutSeconds,
        tariff: lot.settings.tariff,
        staffPin: staffPins.get(lane.laneId) ?? null,
        serverTimeMs: Date.now(),
        laneQrUrl,
        couponHosts: lot.settings.couponHosts,
        attendant: config.attendant
          ? { phone: config.attendant.lots.get(lot.settings.lotId)?.phone ?? lot.settings.servicePhone, iceServers: config.attendant.iceServers }
          : null,
        servicePhone: lot.settings.servicePhone,
      };
      sendJson(res, 200, body);
    }),
    route('POST', '/v1/lanes/:laneId/quotes', async (req, res, { laneId }, log) => {
      const { lot, lane } = laneFor(req, laneId);
      const quote = await quotes.quote(lot, lane.laneId, (await readBody(req, PLATE_BODY)).plate);
      annotateRequest(res, quoteLogFields(quote));
      sendJson(res, 200, quote);
      // A password-free car (Shanghai unified payment) is released through the lane's event stream.
      lot.unifiedPayment?.offerPasswordFree(quote, quotes).catch((error: unknown) => log.warn('password-free offer failed', { quoteId: quote.quoteId, err: error }));
    }),
    route('PUT', '/v1/lanes/:laneId/status', async (req, res, { laneId }) => {
      const { lot, lane } = laneFor(req, laneId);
      const { outbox, board } = await readBody(req, LANE_STATUS_BODY);
      const { depth, deadLetters, oldestCreatedAt } = outbox;
      laneStatus.set(lane.laneId, { depth, deadLetters, oldestCreatedAt, storageError: outbox.storageError?.slice(0, 200) ?? null, reportedAt: Date.now() });
      if (board && attendant) {
        const { screenAgeMs, clockSkewMs, ...shown } = board;
        // An age, not the kiosk's clock: the board counts on the proxy's.
        await attendant.board.report({ lotId: lot.settings.lotId, laneId: lane.laneId, lotName: lot.settings.name, laneName: lane.name, ...shown, screenSince: Date.now() - screenAgeMs, outbox: { depth, deadLetters }, clockSkewMs });
      }
      res.writeHead(204).end();
    }),
    route('POST', '/v1/lanes/:laneId/outbox', async (req, res, { laneId }) => {
      const { lot, lane } = laneFor(req, laneId);
      const { events: batch } = await readBody(req, OUTBOX_BODY, OUTBOX_BODY_LIMIT);
      sendJson(res, 200, { results: await laneEvents.deliver(lot, lane.laneId, batch) });
    }),
    route('POST', '/v1/lanes/:laneId/tickets', async (req, res, { laneId }, log) => {
      const { lot, lane } = laneFor(req, laneId);
      if (lane.direction !== 'entry') throw new ApiError(403, 'not-an-entry-lane', `lane ${lane.laneId} does not issue tickets`);
      if (!config.ticketKey) throw new UnavailableError('tickets-not-configured', 'the proxy has no ticketKey configured');
      // The plate the lane camera read, when it read one: the lot's own register admits the car by it.
      const plate = isJson(req) ? ((await readBody(req, TICKET_REQUEST_BODY)).plate ?? null) : null;
      const { claims, payload } = issueTicket(config.ticketKey, lot.settings.lotId, lane.laneId, Date.now());
      // Where the platform authenticates lanes, the ticket number is the user id it knows the car by (Welink /auth/enter).
      let license: string | null = null;
      if (lot.feeSource.laneAuth && lot.feeSource.capabilities.has('lane-auth') && lane.platformLaneId) {
        const auth = await lot.feeSource.laneAuth('entry', lane.platformLaneId, claims.ticketNo);
        if (auth.state !== 'released') throw new ApiError(409, `entry-${auth.state}`, auth.message || `the platform did not admit the car (state ${auth.platformState})`);
        license = auth.license;
      }
      if (lot.feeSource.recordTicketEntry && lot.feeSource.capabilities.has('entry-register')) {
        await lot.feeSource.recordTicketEntry({ ticketNo: claims.ticketNo, plate, atMs: claims.enteredAtMs });
      }
      log.info('ticket issued', { ticketNo: claims.ticketNo, laneId: lane.laneId, license, plate });
      sendJson(res, 201, { ticketNo: claims.ticketNo, lotId: claims.lotId, laneId: claims.laneId, enteredAt: toBeijingIso(claims.enteredAtMs), license, payload });
    }),
    route('POST', '/v1/lanes/:laneId/tickets/verify', async (req, res, { laneId }) => {
      const { lot } = laneFor(req, laneId);
      const body = await readBody(req, TICKET_VERIFY_BODY);
      if (!config.ticketKey) throw new UnavailableError('tickets-not-configured', 'the proxy has no ticketKey configured');
      let claims;
      try {
        claims = verifyTicket(config.ticketKey, body.payload);
      } catch (error) {
        if (error instanceof TicketError) throw new ApiError(400, 'forged-ticket', error.message);
        throw error;
      }
      if (claims.lotId !== lot.settings.lotId) throw new ApiError(403, 'wrong-lot', `ticket ${claims.ticketNo} belongs to another lot`);
      sendJson(res, 200, { ticketNo: claims.ticketNo, lotId: claims.lotId, laneId: claims.laneId, enteredAt: toBeijingIso(claims.enteredAtMs) });
    }),
    route('GET', '/v1/lanes/:laneId/events', async (req, res, { laneId }) => {
      const { lane } = laneFor(req, laneId);
      await events.subscribe(lane.laneId, clientIp(req, config.trustProxy), req, res);
    }),
  ];
}
