/** What can go wrong talking to the proxy, as precise classes the kiosk can switch on. */
/** The proxy answered with an error body: `code` is the proxy's or the platform's ("welink:0006"). */
export class ProxyRequestError extends Error {
  override name = 'ProxyRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Set when the failure came from an upstream platform. */
    readonly platform?: string,
    /** From a 429 or 503's Retry-After header. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** No answer at all: network down, proxy stopped, DNS, CORS. */
export class ProxyUnreachableError extends Error {
  override name = 'ProxyUnreachableError';
}

/** The proxy did not answer within the client's timeout. */
export class ProxyTimeoutError extends Error {
  override name = 'ProxyTimeoutError';
}

export type ProxyError = ProxyRequestError | ProxyUnreachableError | ProxyTimeoutError;

/** The proxy's error answer as a ProxyRequestError, keeping its code, message and platform. */
export async function errorFromResponse(response: Response, fallbackMessage: string): Promise<ProxyRequestError> {
  let code = `http-${response.status}`;
  let message = fallbackMessage;
  let platform: string | undefined;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; platform?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
    platform = body.error?.platform;
  } catch {
    // Not our JSON error shape (a reverse proxy's page); the status code says enough.
  }
  return new ProxyRequestError(response.status, code, message, platform, parseRetryAfter(response.headers.get('retry-after')));
}
