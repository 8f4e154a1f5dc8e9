/**
 * Serves the built kiosk shell and widget. Paths are confined to each root, by what they really
 * resolve to: a symlink is followed only when its target lies inside the root too (so a build that
 * links its own files still works), never out of it. Unknown paths fall through.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

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

export interface StaticMount {
  /** URL prefix ending in "/". */
  prefix: string;
  root: string;
  /** Public bundles that other sites load as module scripts need CORS. */
  crossOrigin?: boolean;
}

export async function serveStatic(root: string, urlPath: string, res: ServerResponse, crossOrigin = false): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  if (relative.endsWith('/')) relative += 'index.html';
  const requested = normalize(join(root, relative));
  if (!inside(root, requested)) return false;
  try {
    const [realRoot, file] = await Promise.all([realpath(root), realpath(requested)]);
    if (!inside(realRoot, file)) return false;
    const info = await stat(file);
    if (!info.isFile()) return false;
    // Hashed assets never change; the page itself must always be fresh.
    const immutable = relative.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': TYPES[extname(requested)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(crossOrigin ? { 'access-control-allow-origin': '*' } : {}),
    });
    createReadStream(file).pipe(res);
    return true;
  } catch {
    return false;
  }
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Tries each mount in order; the first that has the file serves it. */
export async function serveFromMounts(mounts: readonly StaticMount[], urlPath: string, res: ServerResponse): Promise<boolean> {
  for (const { prefix, root, crossOrigin } of mounts) {
    if (urlPath.startsWith(prefix) && (await serveStatic(root, urlPath.slice(prefix.length - 1), res, crossOrigin))) return true;
  }
  return false;
}
