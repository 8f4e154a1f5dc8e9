/** Request reading and JSON answers for the proxy's own API. */
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/**
 * The exact body text of a JSON request (signatures are computed over these bytes), or of another
 * media type the caller names. Read with stream events rather than `for await`: the async
 * iterator's set-up costs more than the read.
 */
export async function readTextBody(req: IncomingMessage, limit = MAX_BODY_BYTES, mediaTypes: readonly string[] = ['application/json']): Promise<string> {
  const type = req.headers['content-type'] ?? '';
  // The media type, then its parameters (`; charset=utf-8`) if any.
  if (!mediaTypes.some((media) => type.slice(0, media.length).toLowerCase() === media && !/\w/.test(type.charAt(media.length)))) {
    throw new ApiError(415, 'unsupported-media-type', `send the body as ${mediaTypes.join(' or ')}`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new ApiError(413, 'body-too-large', `body exceeds ${limit} bytes`);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // A body past the limit without a declared length: stop it at once rather than read on.
      settle(() => reject(new ApiError(413, 'body-too-large', `body exceeds ${limit} bytes`)));
      req.destroy();
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size).toString('utf8')));
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(new Error('the request was closed before its body ended')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
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

export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid-body', 'body must be a JSON object');
  return body as Record<string, unknown>;
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
