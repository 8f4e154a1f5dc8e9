/**
 * The union-login token (usersigin, seeds/001 §9.3). A token lives one day and the last one issued
 * wins, so logins are single-flight: two concurrent logins would invalidate each other's token.
 */
import { ETCP_INVALID_TOKEN, EtcpError } from './errors.js';
import type { EtcpClient } from './client.js';

const TOKEN_LIFETIME_MS = 24 * 3600_000;
/** Renew early rather than race the platform's own expiry. */
const RENEW_MARGIN_MS = 10 * 60_000;

export class EtcpSession {
  private current: { token: string; renewAtMs: number } | null = null;
  private pending: Promise<string> | null = null;
  /** Logins so far; tests and health read it. */
  logins = 0;

  constructor(
    private readonly client: EtcpClient,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.current && this.now() < this.current.renewAtMs) return this.current.token;
    this.pending ??= this.login().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Runs `call` with a token; when ETCP says the token is invalid (issued elsewhere since), logs in again once. */
  async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.token();
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof EtcpError) || error.etcpCode !== ETCP_INVALID_TOKEN) throw error;
      if (this.current?.token === token) this.current = null;
      return call(await this.token());
    }
  }

  private async login(): Promise<string> {
    const { appId, mobilePhone } = this.client.credentials;
    const issuedAtMs = this.now();
    const data = await this.client.call<{ token?: unknown } | null>('usersigin', { appId, mobilePhone }, 'POST');
    if (typeof data?.token !== 'string' || data.token === '') throw new EtcpError('bad-response', 0, 'ETCP login answered without a token');
    this.logins += 1;
    this.current = { token: data.token, renewAtMs: issuedAtMs + TOKEN_LIFETIME_MS - RENEW_MARGIN_MS };
    return data.token;
  }
}
