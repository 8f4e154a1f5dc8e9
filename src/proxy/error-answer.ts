/**
 * The one place an error thrown while handling a request becomes its answer: a status and a JSON
 * error body `{error: {code, message}}` that says what happened and what to do.
 */
import type { ServerResponse } from 'node:http';
import { ApiError, NotSupportedError, UnavailableError, UpstreamError } from './errors.js';
import { ClientAbortError, sendError } from './http.js';
import type { Logger } from './log.js';
import type { ProxyMetrics } from './metrics.js';
import { BodyError } from './request-bodies.js';

/** What upstream failures become for our callers: the platform's code kept, a status that says whose fault. */
const UPSTREAM_STATUS: Record<UpstreamError['kind'], number> = {
  'invalid-request': 502,
  auth: 502,
  'not-authorised': 502,
  'no-record': 404,
  'upstream-failure': 502,
  unreachable: 503,
  timeout: 504,
  'bad-response': 502,
  'amount-mismatch': 409,
};

/** `log` is the request's own logger: its lines carry the request id. */
export function answerError(res: ServerResponse, error: unknown, log: Logger, metrics: ProxyMetrics, path: string): void {
  if (error instanceof ApiError) {
    // A body that stopped short leaves the connection mid-request: it cannot carry another one.
    if (error.status === 408) res.setHeader('connection', 'close');
    sendError(res, error.status, error.code, error.message, error instanceof BodyError ? { field: error.field } : {});
  } else if (error instanceof NotSupportedError || error instanceof UnavailableError) {
    if (error instanceof UnavailableError && error.retryAfterSeconds !== null) res.setHeader('retry-after', String(error.retryAfterSeconds));
    sendError(res, error.status, error.code, error.message);
  } else if (error instanceof ClientAbortError) {
    // Nothing can be answered; 499 (nginx's "client closed request") keeps it apart in metrics.
    res.statusCode = 499;
    log.info('caller went away mid-request', { path, reason: error.message });
  } else if (error instanceof UpstreamError) {
    if (error.kind === 'bad-response') metrics.upstreamFailed(error.platform);
    log.warn('upstream error', { platform: error.platform, code: error.code, kind: error.kind, err: error });
    sendError(res, UPSTREAM_STATUS[error.kind], `${error.platform}:${error.code}`, error.message, { kind: error.kind, platform: error.platform });
  } else {
    log.error('unhandled error', { path, err: error });
    if (!res.headersSent) sendError(res, 500, 'internal', 'the proxy failed; the request id is in x-request-id');
    else res.end();
  }
}
