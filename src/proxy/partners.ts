/**
 * Partner access for the embeddable fee widget: read-only fee lookups for the partner's lots,
 * honoured only from the partner's own web origins (enforced through CORS and on every request).
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

export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith(':*') ? new RegExp(`^${escapeRegExp(pattern.slice(0, -2))}:\\d{1,5}$`).test(origin) : pattern === origin,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'POST',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

/**
 * Answers a CORS preflight for a lot's fee lookups. The preflight carries no key, so any partner
 * of that lot allowing the origin is enough; the real request is checked against its own key.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, lotId: string, partners: readonly PartnerSettings[]): void {
  const origin = req.headers.origin;
  const allowed = typeof origin === 'string' && partners.some((p) => p.lots.includes(lotId) && originAllowed(origin, p.origins));
  if (!allowed) throw new ApiError(403, 'origin-not-allowed', `origin ${origin ?? '(none)'} may not look up fees for lot ${lotId}`);
  res.writeHead(204, corsHeaders(origin));
  res.end();
}

/** Checks the partner key, lot and origin of a fee lookup, and sets the CORS answer headers. */
export function authorisePartner(req: IncomingMessage, res: ServerResponse, lotId: string, partners: readonly PartnerSettings[]): PartnerSettings {
  const origin = req.headers.origin;
  // Errors must be readable by the widget too, so the allowed origin is echoed before any check fails.
  const partner = findKey(bearerToken(req), partners);
  if (typeof origin === 'string' && partner && originAllowed(origin, partner.origins)) {
    for (const [name, value] of Object.entries(corsHeaders(origin))) res.setHeader(name, value);
  }
  if (!partner) throw new ApiError(401, 'partner-key-required', 'send the partner key as "Authorization: Bearer <key>"');
  if (!partner.lots.includes(lotId)) throw new ApiError(403, 'forbidden', `this partner key may not look up lot ${lotId}`);
  if (typeof origin === 'string' && !originAllowed(origin, partner.origins)) {
    throw new ApiError(403, 'origin-not-allowed', `origin ${origin} is not allowed for this partner key`);
  }
  return partner;
}
