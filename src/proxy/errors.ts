/**
 * Errors the proxy turns into HTTP answers. Upstream failures keep the platform's own code and
 * message so staff can quote them; `kind` is what the kiosk needs to choose its words.
 */

export type UpstreamErrorKind =
  | 'invalid-request'
  | 'auth'
  | 'not-authorised'
  | 'no-record'
  | 'upstream-failure'
  | 'unreachable'
  | 'timeout'
  | 'bad-response'
  /** The platform's fee changed under a payment (ETCP 20206); the payer must re-quote. */
  | 'amount-mismatch';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly platform: string,
    readonly kind: UpstreamErrorKind,
    /** The platform's own code, e.g. Welink "0003" or "NoEnterRecord". */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A request the proxy refuses: bad input, unknown lane, wrong key. Always a 4xx: the caller must change something. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    if (!Number.isInteger(status) || status < 400 || status > 499) throw new RangeError(`ApiError is for 4xx refusals, not ${status}: throw NotSupportedError or UnavailableError`);
    super(message);
  }
}

/** 501: the lot's platform (or this proxy's setup) has no such service; asking again will not help. */
export class NotSupportedError extends Error {
  override name = 'NotSupportedError';
  readonly status = 501;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 503: the proxy cannot serve this now (unconfigured, or at a limit); `retryAfterSeconds` when waiting helps. */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
  readonly status = 503;
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** An inbound platform call whose signature does not match: refused, and counted apart. */
export class SignatureError extends ApiError {
  override name = 'SignatureError';
  constructor(code: string, message: string) {
    super(401, code, message);
  }
}
