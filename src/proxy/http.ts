/** Request reading and JSON answers for the proxy's own API. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InputCheck } from '../core/input-checks.js';
import { ApiError } from './errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readTextBody(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed-json', 'body is not valid JSON');
  }
}

/** A body must arrive whole within this long of the route asking for it, unless the proxy sets another. */
const BODY_TIMEOUT_MS = 8_000;
/** Past the limit, a body is still read (and dropped) this far, so a modest overshoot gets a clean 413 on a live connection. */
const DISCARD_LIMIT_BYTES = 1024 * 1024;

const bodyTimeouts = new WeakMap<IncomingMessage, number>();

/** The deadline for this request's body, from the proxy's config. */
export function setBodyTimeout(req: IncomingMessage, ms: number): void {
  bodyTimeouts.set(req, ms);
}

/** The caller went away before its request was whole: nothing to answer, and nothing wrong with the proxy. */
export class ClientAbortError extends Error {
  override name = 'ClientAbortError';
}

/**
 * The exact body text of a JSON request (signatures are computed over these bytes), or of another
 * media type the caller names. Read with stream events rather than `for await`: the async
 * iterator's set-up costs more than the read.
 *
 * Every outcome is bounded: a body that stops short of its Content-Length is 408 once the body
 * deadline passes, a body past `limit` is 413 however it is framed, and a caller that hangs up is
 * a ClientAbortError rather than an error of the proxy.
 */
export async function readTextBody(req: IncomingMessage, limit = MAX_BODY_BYTES, mediaTypes: readonly string[] = ['application/json']): Promise<string> {
  const type = req.headers['content-type'] ?? '';
  // The media type, then its parameters (`; charset=utf-8`) if any.
  if (!mediaTypes.some((media) => type.slice(0, media.length).toLowerCase() === media && !/\w/.test(type.charAt(media.length)))) {
    throw new ApiError(415, 'unsupported-media-type', `send the body as ${mediaTypes.join(' or ')}`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () => new ApiError(413, 'body-too-large', `body exceeds ${limit} bytes; send at most ${limit}`);
  if (declared > limit) {
    discardRest(req);
    throw tooLarge();
  }
  const timeoutMs = bodyTimeouts.get(req) ?? BODY_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      clearTimeout(deadline);
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      outcome();
    };
    const deadline = setTimeout(() => {
      settle(() =>
        reject(new ApiError(408, 'body-timeout', `the body did not arrive within ${timeoutMs / 1000} s (${size} bytes came${declared ? ` of the ${declared} Content-Length declared` : ''}); send the whole body at once`)),
      );
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Chunked bodies declare no length: refuse as soon as the limit is passed, without buffering more.
      settle(() => reject(tooLarge()));
      discardRest(req);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size).toString('utf8')));
    const onAbort = () => settle(() => reject(new ClientAbortError(`the caller closed the connection after ${size} bytes of its body`)));
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

/**
 * Reads and drops what is left of a refused body, so the refusal reaches a caller that is still
 * sending instead of a connection reset. Bounded: past DISCARD_LIMIT_BYTES the connection is cut.
 */
function discardRest(req: IncomingMessage): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT_BYTES) req.destroy();
  });
  // A dropped body's errors (the caller hanging up) are expected and no one else listens.
  req.on('error', () => undefined);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  sendJson(res, status, { error: { code, message, ...extra } });
}

/** The checked value, or 400 with `code` and the check's reason. */
export function requireValid<T>(check: InputCheck<T>, code: string): T {
  if (!check.ok) throw new ApiError(400, code, check.message);
  return check.value;
}

/**
 * The caller's address. Behind a reverse proxy (`trustProxy`), the last X-Forwarded-For entry is
 * the one the proxy itself saw; earlier entries are whatever the client claimed.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)!.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The request's URL. Resolving `req.url` against a base would read a path like `//x/y` as a host
 * name (and throw on a malformed one); the path is always appended to a fixed origin instead.
 */
export function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  return new URL(`http://proxy${target.startsWith('/') ? target : `/${target}`}`);
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}
