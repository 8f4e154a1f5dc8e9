/**
 * Console sign-in sessions. The cookie holds a random token; the state store holds only its
 * SHA-256, so a leaked store cannot be replayed as cookies. Sessions live in the shared store, so
 * signing out (or an expiry) ends the session on every proxy instance at once.
 */
import { createHash } from 'node:crypto';
import type { StateStore } from '../state/store.js';
import { randomBase64Url } from '../random-token.js';

/** A console session lasts a shift at most; a signed-in attendant renews it while working. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;
export const SESSION_COOKIE = 'lk_console';

export interface ConsoleSession {
  staffId: string;
  createdAt: number;
  expiresAt: number;
}

const keyOf = (token: string) => `console-session:${createHash('sha256').update(token).digest('base64url')}`;

export class ConsoleSessions {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  /** Starts a session for `staffId`; the token goes into the cookie and nowhere else. */
  async start(staffId: string): Promise<{ token: string; session: ConsoleSession }> {
    const token = randomBase64Url(32);
    const createdAt = this.now();
    const session = { staffId, createdAt, expiresAt: createdAt + this.ttlMs };
    await this.store.put(keyOf(token), session, this.ttlMs);
    return { token, session };
  }

  /** The live session a cookie token names, or null (unknown, signed out, or expired). */
  async find(token: string | null): Promise<ConsoleSession | null> {
    if (!token || token.length > 100) return null;
    const session = await this.store.get<ConsoleSession>(keyOf(token));
    return session && session.expiresAt > this.now() ? session : null;
  }

  async end(token: string): Promise<void> {
    await this.store.delete(keyOf(token));
  }
}

/** The session cookie: HttpOnly and SameSite=Strict always, Secure when the console is served over TLS. */
export function sessionCookie(token: string, options: { secure: boolean; maxAgeMs: number }): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.floor(options.maxAgeMs / 1000)}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The cookie that ends the session in the browser. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeMs: 0 });
}

/** The session token from a Cookie header, or null. */
export function sessionTokenFrom(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
