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

/**
 * The proxy refused the key (401) or what the key asked for (403). Asking again cannot help: the
 * lane key (kiosk settings) or the proxy's config has to be put right first.
 */
export class ProxyAuthError extends ProxyRequestError {
  override name = 'ProxyAuthError';
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

/**
 * fetch with a deadline for the answer's headers, failing with the classes above: no answer is a
 * ProxyUnreachableError, a late one a ProxyTimeoutError. The caller's own abort passes through as is.
 */
export async function fetchWithin(timeoutMs: number, input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const callerSignal = init.signal ?? (input instanceof Request ? input.signal : undefined);
  try {
    return await fetch(input, { ...init, signal: callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline });
  } catch (error) {
    if (callerSignal?.aborted) throw error;
    if (deadline.aborted) throw new ProxyTimeoutError(`the proxy did not answer within ${timeoutMs / 1000} s`);
    throw new ProxyUnreachableError(`cannot reach the proxy: ${(error as Error).message}`);
  }
}

/** The proxy's error answer as a ProxyRequestError (a ProxyAuthError for 401 and 403), keeping its code, message and platform. */
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
  const ErrorClass = response.status === 401 || response.status === 403 ? ProxyAuthError : ProxyRequestError;
  return new ErrorClass(response.status, code, message, platform, parseRetryAfter(response.headers.get('retry-after')));
}
