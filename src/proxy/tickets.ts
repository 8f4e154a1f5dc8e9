/**
 * Entry tickets for cars without a recognised plate. The QR payload is signed with the proxy's
 * ticket key (HMAC-SHA256, truncated to 128 bits), so a forged or altered ticket is refused at the
 * exit without any lookup. Pure functions of the key and clock.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { TICKET_PREFIX } from '../core/scan-router.js';
import { formatBeijingCompact } from '../core/time.js';

export interface TicketClaims {
  /** Ticket number printed on the paper: T + Beijing time + 4 digits. */
  ticketNo: string;
  lotId: string;
  laneId: string;
  enteredAtMs: number;
}

export class TicketError extends Error {
  override name = 'TicketError';
}

function sign(key: string, body: string): string {
  return createHmac('sha256', key).update(`${TICKET_PREFIX}${body}`).digest().subarray(0, 16).toString('base64url');
}

export function issueTicket(key: string, lotId: string, laneId: string, nowMs: number): { claims: TicketClaims; payload: string } {
  const claims: TicketClaims = {
    ticketNo: `T${formatBeijingCompact(nowMs)}${String(randomInt(0, 10_000)).padStart(4, '0')}`,
    lotId,
    laneId,
    enteredAtMs: nowMs,
  };
  const body = Buffer.from(JSON.stringify({ n: claims.ticketNo, l: lotId, g: laneId, e: nowMs })).toString('base64url');
  return { claims, payload: `${TICKET_PREFIX}${body}.${sign(key, body)}` };
}

export function verifyTicket(key: string, payload: string): TicketClaims {
  const match = /^LKT1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(payload);
  if (!match) throw new TicketError('not a lane-kiosk ticket');
  const [, body, signature] = match;
  const expected = Buffer.from(sign(key, body!));
  const given = Buffer.from(signature!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TicketError('ticket signature does not match: forged or altered');
  let data: { n?: unknown; l?: unknown; g?: unknown; e?: unknown };
  try {
    data = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
  } catch {
    throw new TicketError('ticket body unreadable');
  }
  if (typeof data.n !== 'string' || typeof data.l !== 'string' || typeof data.g !== 'string' || typeof data.e !== 'number') {
    throw new TicketError('ticket body incomplete');
  }
  return { ticketNo: data.n, lotId: data.l, laneId: data.g, enteredAtMs: data.e };
}
