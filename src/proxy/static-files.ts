/**
 * Serves the built kiosk shell and widget. Paths are confined to each root, by what they really
 * resolve to: a symlink is followed only when its target lies inside the root too (so a build that
 * links its own files still works), never out of it. Unknown paths fall through.
 *
 * Text files go out brotli- or gzip-compressed as the browser accepts. Content-hashed names
 * (vite's `name-[hash].js` under assets/) are cached for a year as immutable; everything else
 * (index.html, the service worker, the partner widget's fixed name) is revalidated on each use,
 * cheaply, by its ETag.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { basename, extname, join, normalize, sep } from 'node:path';
import { CompressedCopies, negotiateEncoding } from './static-compression.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** Worth compressing: text a browser loads. Source maps are left alone (only devtools fetch them). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.webmanifest', '.svg']);
/** Below this, compression saves less than a packet and costs a round of work. */
const MIN_COMPRESSED_SIZE = 1024;
/** Vite's content hash in a file name: eight base64url characters before the extension. */
const HASHED_NAME = /-[A-Za-z0-9_-]{8}\.[a-z]+$/;

const compressedCopies = new CompressedCopies();

export interface StaticMount {
  /** URL prefix ending in "/". */
  prefix: string;
  root: string;
  /** Public bundles that other sites load as module scripts need CORS. */
  crossOrigin?: boolean;
}

export async function serveStatic(root: string, urlPath: string, req: IncomingMessage, res: ServerResponse, crossOrigin = false): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (relative.endsWith('/')) relative += 'index.html';
  const requested = normalize(join(root, relative));
  if (!inside(root, requested)) return false;
  let file: string;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(requested)]);
    if (!inside(realRoot, real)) return false;
    file = real;
    info = await stat(file);
    if (!info.isFile()) return false;
  } catch {
    return false;
  }
  const type = extname(requested);
  const compressible = COMPRESSIBLE.has(type) && info.size >= MIN_COMPRESSED_SIZE;
  const etag = `W/"${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`;
  const headers: OutgoingHttpHeaders = {
    'content-type': TYPES[type] ?? 'application/octet-stream',
    'cache-control': relative.startsWith('/assets/') && HASHED_NAME.test(basename(relative)) ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
    ...(compressible ? { vary: 'accept-encoding' } : {}),
    ...(crossOrigin ? { 'access-control-allow-origin': '*' } : {}),
  };
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    res.writeHead(304, headers).end();
    return true;
  }
  const encoding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : null;
  if (encoding) {
    const body = await compressedCopies.get(file, info.size, info.mtimeMs, encoding).catch(() => null);
    if (body) {
      res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length }).end(body);
      return true;
    }
  }
  res.writeHead(200, { ...headers, 'content-length': info.size });
  createReadStream(file).pipe(res);
  return true;
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Tries each mount in order; the first that has the file serves it. */
export async function serveFromMounts(mounts: readonly StaticMount[], urlPath: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  for (const { prefix, root, crossOrigin } of mounts) {
    if (urlPath.startsWith(prefix) && (await serveStatic(root, urlPath.slice(prefix.length - 1), req, res, crossOrigin))) return true;
  }
  return false;
}
