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
  ) {
    super(message);
  }
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
