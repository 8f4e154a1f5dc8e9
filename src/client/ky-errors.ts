/** Maps what ky throws to lane-kiosk's error classes (the kiosk client is built on ky). */
import { HTTPError, TimeoutError } from 'ky';
import { errorFromResponse, ProxyTimeoutError, ProxyUnreachableError } from './errors.js';

export async function toProxyError(error: unknown): Promise<never> {
  if (error instanceof HTTPError) throw await errorFromResponse(error.response, error.message);
  if (error instanceof TimeoutError) throw new ProxyTimeoutError('the proxy did not answer in time');
  throw new ProxyUnreachableError(`cannot reach the proxy: ${(error as Error).message}`);
}
