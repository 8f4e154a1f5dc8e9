/** What a failed proxy request means for a lane screen: the words and next action are chosen from the kind. */
import { ProxyRequestError, ProxyTimeoutError } from '../../client/errors.js';
import type { LaneError } from '../../core/lane-machine.js';

export function laneErrorFrom(error: unknown): LaneError {
  if (error instanceof ProxyRequestError) {
    if (error.code === 'invalid-plate') return { kind: 'invalid-plate', code: error.code, message: error.message };
    if (error.status === 501) return { kind: 'rejected', code: error.code, message: error.message };
    if (error.platform) return { kind: error.status === 504 ? 'timeout' : 'upstream', code: error.code, message: error.message };
    // Busy or failing for a moment (a 5xx, a rate limit): asking again can work. Any other 4xx is a refusal.
    if (error.status >= 500 || error.status === 429 || error.status === 408) return { kind: 'upstream', code: error.code, message: error.message };
    return { kind: 'rejected', code: error.code, message: error.message };
  }
  if (error instanceof ProxyTimeoutError) return { kind: 'timeout', code: 'timeout', message: error.message };
  return { kind: 'network', code: 'network', message: (error as Error).message };
}

/** The proxy itself did not answer (as opposed to answering with a refusal or a platform's failure). */
export function isUnreachable(error: LaneError): boolean {
  return error.kind === 'network' || error.kind === 'timeout';
}

/** A lane with no proxy configured cannot ask anything. */
export const NO_PROXY: LaneError = { kind: 'network', code: 'no-proxy', message: 'no proxy configured for this lane' };
