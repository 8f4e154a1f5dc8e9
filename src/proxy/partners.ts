/**
 * Partner access for the embeddable fee widget: read-only fee lookups for the partner's lots,
 * honoured only from the partner's own web origins.
 *
 * The proxy, not the browser's CORS, refuses a wrong key, lot or origin: every fee-lookup answer
 * carries CORS headers for the calling origin, so a refusal reaches the partner's page as a
 * readable code instead of an opaque network failure. A lookup's data still goes only to an
 * allowed origin, because the lookup itself is refused for any other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findKey } from './auth.js';
import { ApiError } from './errors.js';
import { bearerToken } from './http.js';

export interface PartnerSettings {
  id: string;
  /** Public by design: it sits in the partner's page. Its power is the lots and origins below. */
  /** SHA-256 of the partner key, hex. */
  keyHash: string;
  lots: string[];
  /** Exact origins, or with `*` for the port (`http://127.0.0.1:*`) for local development. */
  origins: string[];
}

/** The partner route: a CORS preflight (OPTIONS) and the lookup itself (POST). */
export const FEE_LOOKUP_PATH = '/v1/lots/:lotId/fee-lookups';
/** The same path, tested before routing: its CORS headers go on every answer, refusals included. */
export const FEE_LOOKUPS = /^\/v1\/lots\/[^/]+\/fee-lookups$/;

export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith(':*') ? new RegExp(`^${escapeRegExp(pattern.slice(0, -2))}:\\d{1,5}$`).test(origin) : pattern === origin,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Lets the calling page read whatever the fee lookup answers, refusals and rate limits included.
 * Called before anything can refuse the request.
 */
export function allowPartnerPageToRead(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('vary', 'Origin');
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', 'retry-after, x-request-id');
}

/**
 * False for a browser page whose origin the key's partner does not allow. Such lookups are refused
 * at once, so they must not spend the key's rate-limit buckets either: pages elsewhere, now that
 * they can send the public key, would otherwise use up the real partner's share.
 */
export function originMayUseKey(req: IncomingMessage, partners: readonly PartnerSettings[]): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return true;
  const partner = findKey(bearerToken(req), partners);
  return partner === undefined || originAllowed(origin, partner.origins);
}

/** The preflight carries no key, so it cannot be judged; the lookup that follows is. */
export function answerPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'POST',
    'access-control-max-age': '600',
  });
  res.end();
}

/** The partner whose key, lot and origin all match, or an ApiError whose code says which did not. */
export function authorisePartner(req: IncomingMessage, lotId: string, partners: readonly PartnerSettings[]): PartnerSettings {
  const key = bearerToken(req);
  if (key === null) throw new ApiError(401, 'partner-key-required', 'send the partner key as "Authorization: Bearer <key>" (the widget\'s partner-key attribute)');
  const partner = findKey(key, partners);
  if (!partner) {
    throw new ApiError(401, 'partner-key-unknown', 'this partner key is not one the car park issued: check the partner-key attribute against the key you were given');
  }
  if (!partner.lots.includes(lotId)) {
    throw new ApiError(403, 'lot-not-allowed', `this partner key may not look up lot ${lotId}: check the lot attribute, or ask the car park to add the lot to your key`);
  }
  const origin = req.headers.origin;
  if (typeof origin === 'string' && !originAllowed(origin, partner.origins)) {
    throw new ApiError(403, 'origin-not-allowed', `pages on ${origin} may not use this partner key: ask the car park to add the origin to your key`);
  }
  return partner;
}
