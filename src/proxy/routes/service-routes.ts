/** Routes for everyone else: health, the operator's payment service and partner pages. */
import { deadlineStatus } from '../../core/report-deadline.js';
import { sendJson } from '../http.js';
import { PAYMENT_BODY, PLATE_BODY, readBody } from '../request-bodies.js';
import { answerPreflight, authorisePartner, FEE_LOOKUP_PATH } from '../partners.js';
import { route, type Route } from '../router.js';
import type { ProxyContext } from './context.js';

export function serviceRoutes(ctx: ProxyContext): Route[] {
  const { config, quotes, events, lots, lanes, laneStatus, operatorFor, metrics, stateKind } = ctx;
  return [
    route('GET', '/healthz', (_req, res) => {
      const cities = [...lots.values()].filter((lot) => lot.city).map((lot) => ({ lotId: lot.settings.lotId, platform: 'shanghai', ...lot.city!.health }));
      const now = Date.now();
      const backlogs = [...laneStatus].map(([laneId, s]) => ({ laneId, ...s, reportDeadline: deadlineStatus(s.oldestCreatedAt, now) }));
      const upstreams = metrics.upstreamHealth();
      const degraded =
        upstreams.some((u) => !u.reachable) ||
        cities.some((c) => c.skewAlarm) ||
        backlogs.some((b) => b.reportDeadline !== 'ok' || b.deadLetters > 0 || b.storageError !== null);
      sendJson(res, 200, { status: degraded ? 'degraded' : 'ok', lanes: lanes.size, sseClients: events.clientCount, state: stateKind, upstreams, cityPlatforms: cities, laneBacklogs: backlogs });
    }),
    route('OPTIONS', FEE_LOOKUP_PATH, (_req, res) => answerPreflight(res)),
    route('POST', FEE_LOOKUP_PATH, async (req, res, { lotId }) => {
      const partner = authorisePartner(req, lotId, config.partners);
      const lot = lots.get(lotId)!;
      sendJson(res, 200, await quotes.quote(lot, `partner-${partner.id}`, (await readBody(req, PLATE_BODY)).plate));
    }),
    route('POST', '/v1/payments/:quoteId(^[A-Za-z0-9_-]{1,64}$)/paid', async (req, res, { quoteId }) => {
      const operator = operatorFor(req, 'payment confirmation');
      const { amountFen, channel, paymentRef } = await readBody(req, PAYMENT_BODY);
      const result = await quotes.confirmPayment(quoteId, { amountFen, channel, paymentRef });
      sendJson(res, 200, { ...result.event, duplicate: result.duplicate, operator });
    }),
  ];
}
