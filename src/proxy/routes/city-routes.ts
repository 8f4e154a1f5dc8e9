/**
 * Lane and operator calls that lean on the city platform: whether a car may enter a full lot
 * (reservations, stagger agreements), asking whether a quote was paid when the notify is late, and
 * the reconciliation and bill downloads.
 */
import { checkCalendarDay } from '../../core/input-checks.js';
import { admissionFor } from '../providers/shanghai/admission.js';
import { ApiError, NotSupportedError } from '../errors.js';
import { requestUrl, requireValid, sendJson } from '../http.js';
import { route, type Route } from '../router.js';
import type { ProxyContext } from './context.js';
import { PLATE_BODY, readBody } from '../request-bodies.js';

/** A Beijing calendar day (YYYY-MM-DD) as the epoch ms of its midnight. */
function beijingDay(text: string | null): number {
  const { year, month, day } = requireValid(checkCalendarDay(text), 'invalid-date');
  return Date.UTC(year, month - 1, day) - 8 * 3600_000;
}

export function cityRoutes(ctx: ProxyContext): Route[] {
  const { quotes, lots, laneFor, operatorFor } = ctx;
  return [
    route('POST', '/v1/lanes/:laneId/admission', async (req, res, { laneId }) => {
      const { lot, lane } = laneFor(req, laneId);
      if (lane.direction !== 'entry') throw new ApiError(403, 'not-an-entry-lane', `lane ${lane.laneId} admits no cars`);
      const { plate } = await readBody(req, PLATE_BODY);
      const { free, source } = await lot.freeSpaces.refresh();
      // A lot that counts no spaces at all (no live count, no city platform's figure) has nothing saying it is full.
      if (source === 'configured' && !lot.city) {
        sendJson(res, 200, { plate, freeSpaces: null, admitted: true, reason: 'space' });
        return;
      }
      const admission = lot.unifiedPayment ? await lot.unifiedPayment.admission(plate, free) : admissionFor(plate, Date.now(), free, [], []);
      sendJson(res, 200, { plate, freeSpaces: free, ...admission });
    }),
    route('POST', '/v1/lanes/:laneId/quotes/:quoteId(^[A-Za-z0-9_-]{1,64}$)/payment-check', async (req, res, { laneId, quoteId }) => {
      const { lot } = laneFor(req, laneId);
      const quote = await quotes.find(quoteId);
      if (!quote || quote.lotId !== lot.settings.lotId) throw new ApiError(404, 'unknown-quote', `no payable quote ${quoteId} at this lot`);
      if (!lot.unifiedPayment) throw new NotSupportedError('not-supported', `lot ${lot.settings.lotId} has no city payment to ask`);
      const result = await lot.unifiedPayment.checkPaid(quote, quotes);
      sendJson(res, 200, result ? { paid: true, ...result.event, duplicate: result.duplicate } : { paid: false, quoteId: quote.quoteId });
    }),
    route('GET', '/v1/lots/:lotId/reconciliation/:ledger(^(?:payments|bills)$)', async (req, res, { lotId, ledger }) => {
      operatorFor(req, 'reconciliation');
      const lot = lots.get(lotId);
      if (!lot) throw new ApiError(404, 'unknown-lot', `no lot ${lotId}`);
      if (!lot.unifiedPayment) throw new NotSupportedError('not-supported', `lot ${lot.settings.lotId} has no city platform`);
      const day = beijingDay(requestUrl(req).searchParams.get('date'));
      if (day + 86_400_000 > Date.now()) throw new ApiError(400, 'day-not-closed', 'the platform publishes a day’s records only after it ends');
      const records = ledger === 'payments' ? await lot.unifiedPayment.reconcile(day) : await lot.unifiedPayment.payment.billInfos(day);
      sendJson(res, 200, { lotId: lot.settings.lotId, records });
    }),
  ];
}
