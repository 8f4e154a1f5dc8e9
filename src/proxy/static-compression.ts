/**
 * Compressed copies of the static bundles: brotli or gzip as the browser accepts, made on the first
 * request for a file (in zlib's thread pool, off the event loop) and reused while the file on disk
 * keeps its size and modification time. Whatever builds dist/ (vite, a partner's CI, a hand copy),
 * the kiosk's 200 KB bundle goes out at about a third of that.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type ContentEncoding = 'br' | 'gzip';

/**
 * The encoding to answer an Accept-Encoding header with: brotli (smaller) unless gzip is weighted
 * higher, neither where both are refused (q=0) or not named, nor a `*` covers them.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...parameters] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = parameters.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: ContentEncoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : null;
}

const compressors: Record<ContentEncoding, (bytes: Buffer) => Promise<Buffer>> = {
  // Maximum quality: each file is compressed once per build, then served many times.
  br: (bytes) =>
    promisify(brotliCompress)(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  gzip: (bytes) => promisify(gzip)(bytes, { level: constants.Z_BEST_COMPRESSION }),
};

interface CachedFile {
  size: number;
  mtimeMs: number;
  copies: Partial<Record<ContentEncoding, Promise<Buffer>>>;
}

/**
 * One entry per file served from the mounted roots (a fixed set: the build), replaced when the file
 * changes, so the cache is bounded by the size of dist/ compressed.
 */
export class CompressedCopies {
  private readonly files = new Map<string, CachedFile>();

  /** The file at `path` (as of `size` and `mtimeMs`, from the caller's stat) encoded with `encoding`. */
  get(path: string, size: number, mtimeMs: number, encoding: ContentEncoding): Promise<Buffer> {
    let file = this.files.get(path);
    if (!file || file.size !== size || file.mtimeMs !== mtimeMs) {
      file = { size, mtimeMs, copies: {} };
      this.files.set(path, file);
    }
    const cached = file.copies[encoding];
    if (cached) return cached;
    const copy = readFile(path).then(compressors[encoding]);
    file.copies[encoding] = copy;
    // A failed compression is not remembered: the next request tries again.
    copy.catch(() => {
      if (file.copies[encoding] === copy) delete file.copies[encoding];
    });
    return copy;
  }
}
