/**
 * Calls the platforms make to the lot: the Shanghai unified-payment callbacks and ETCP's pushes
 * (JSON or a URL-encoded form).
 * Refusals answer in each platform's own shape, {code, message}, and change nothing.
 */
import { ApiError, SignatureError } from '../errors.js';
import { MAX_BODY_BYTES, readTextBody, requestUrl, sendJson } from '../http.js';
import { PUSH_MEDIA_TYPES, pushMediaType, readPushBody } from '../callbacks/etcp-push-body.js';
import { route, type Route } from '../router.js';
import type { ProxyContext } from './context.js';
import type { ShanghaiCallbackKind } from '../callbacks/schemas.js';
import type { CityLot } from '../callbacks/shanghai.js';
import type { EtcpPushKind } from '../callbacks/etcp.js';

export function callbackRoutes(ctx: ProxyContext): Route[] {
  const { metrics, shanghai, etcpPushes, events, lots } = ctx;
  const refused = (platform: 'shanghai' | 'etcp', error: ApiError) => {
    metrics.callbackRejects.inc({ platform, code: error.code });
    if (error instanceof SignatureError) metrics.signatureFailures.inc({ platform });
  };
  return [
    route('POST', '/callbacks/shanghai/:lotId/:kind(^(?:fee-query|payment-notify|invoice|find-car)$)', async (req, res, { lotId, kind }, log) => {
      const lot = lots.get(lotId);
      if (!lot?.settings.cityPlatform || !lot.city || !lot.unifiedPayment) throw new ApiError(404, '2005', `lot ${lotId} takes no Shanghai callbacks`);
      let answer;
      try {
        answer = await shanghai.answer(lot as CityLot, kind as ShanghaiCallbackKind, req, await readTextBody(req), requestUrl(req));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        refused('shanghai', error);
        log.warn('shanghai callback refused', { lotId: lot.settings.lotId, kind, code: error.code, reason: error.message });
        sendJson(res, error.status, { code: Number(error.code) || 3000, message: error.message });
        return;
      }
      sendJson(res, 200, answer);
    }),
    route('POST', '/callbacks/etcp/:lotId/:kind(^(?:entry|exit|unbind|auth-invalid)$)', async (req, res, { lotId, kind }, log) => {
      const lot = lots.get(lotId);
      const fee = lot?.settings.feeSource;
      if (!lot || fee?.type !== 'etcp') throw new ApiError(404, 'not-an-etcp-lot', `lot ${lotId} takes no ETCP pushes`);
      let accepted;
      try {
        const text = await readTextBody(req, MAX_BODY_BYTES, PUSH_MEDIA_TYPES);
        const { fields, signedAs } = readPushBody(pushMediaType(req.headers['content-type']), text, fee.pushVersion);
        accepted = await etcpPushes.receive(kind as EtcpPushKind, fee, fields, signedAs);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        refused('etcp', error);
        log.warn('etcp push refused', { lotId: lot.settings.lotId, kind, code: error.code, reason: error.message });
        sendJson(res, error.status, { code: Number(error.code) || 6, message: error.message });
        return;
      }
      const { exitEvent } = accepted;
      // Stored and sent before ETCP hears "ok", so an acknowledged exit is never lost to the lanes.
      if (exitEvent) await Promise.all(lot.settings.lanes.filter((lane) => lane.direction === 'exit').map((lane) => events.publish(lane.laneId, exitEvent)));
      log.info('etcp push', { lotId: lot.settings.lotId, kind, plate: accepted.plate, duplicate: accepted.duplicate });
      sendJson(res, 200, { code: 0, message: 'ok' });
    }),
  ];
}
