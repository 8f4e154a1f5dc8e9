/**
 * The kiosk and widget bundles over real HTTP: compressed as the browser accepts (checked by
 * decompressing with zlib, an oracle independent of the server's cache), immutable caching for
 * content-hashed names and revalidation for everything else.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { negotiateEncoding } from '../../src/proxy/static-compression.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

let proxy: DemoProxy;
let shell: string;

/** Text that compresses as a real bundle does: repetitive, but not one byte repeated. */
const bundleText = (label: string, kb: number) =>
  Array.from({ length: kb * 16 }, (_, i) => `export const ${label}${i} = customElements.get('lane-${i % 97}');\n`).join('').slice(0, kb * 1024);

const files = {
  '/index.html': `<!doctype html><html lang="zh-CN"><title>kiosk</title>${'<link rel="modulepreload" href="./assets/index-Bb3Wai_U.js">'.repeat(30)}</html>`,
  '/sw.js': bundleText('sw', 4),
  '/assets/index-Bb3Wai_U.js': bundleText('kiosk', 200),
  '/assets/plain.js': bundleText('plain', 2),
  '/assets/tiny-Ab_c-123.js': 'export {};',
};

before(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'lane-kiosk-dist-'));
  shell = join(dist, 'kiosk-shell');
  mkdirSync(join(shell, 'assets'), { recursive: true });
  mkdirSync(join(dist, 'widget'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(shell, path), text);
  writeFileSync(join(dist, 'widget', 'lane-fee-widget.js'), bundleText('widget', 40));
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => undefined), staticRoot: dist });
});
after(() => proxy.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire, still encoded. */
  wire: Buffer;
}

/** One GET with exactly these headers (fetch would add its own Accept-Encoding and decode). */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${proxy.url}${path}`, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, wire: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`no whole answer to GET ${path} within 10 s`)));
    outgoing.end();
  });
}

const CHROME_ACCEPT = 'gzip, deflate, br, zstd';

test('the kiosk bundle goes out brotli-compressed to a browser, and decompresses to the file byte for byte', async () => {
  const original = readFileSync(join(shell, 'assets/index-Bb3Wai_U.js'));
  const answer = await get('/assets/index-Bb3Wai_U.js', { 'accept-encoding': CHROME_ACCEPT });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['content-encoding'], 'br');
  assert.equal(answer.headers['vary'], 'accept-encoding');
  assert.equal(Number(answer.headers['content-length']), answer.wire.length);
  assert.ok(answer.wire.length < original.length / 3, `${answer.wire.length} bytes for a ${original.length}-byte file`);
  assert.deepEqual(brotliDecompressSync(answer.wire), original);
  // The second answer comes from the cache and is the same bytes.
  assert.deepEqual((await get('/assets/index-Bb3Wai_U.js', { 'accept-encoding': CHROME_ACCEPT })).wire, answer.wire);
});

test('gzip where brotli is not accepted or weighted lower; the page, the service worker and the widget too', async () => {
  for (const [path, file] of [
    ['/', join(shell, 'index.html')],
    ['/sw.js', join(shell, 'sw.js')],
    ['/assets/index-Bb3Wai_U.js', join(shell, 'assets/index-Bb3Wai_U.js')],
    ['/widget/lane-fee-widget.js', join(shell, '../widget/lane-fee-widget.js')],
  ] as const) {
    for (const accept of ['gzip', 'br;q=0.5, gzip']) {
      const answer = await get(path, { 'accept-encoding': accept });
      assert.equal(answer.headers['content-encoding'], 'gzip', `${path} for ${accept}`);
      assert.deepEqual(gunzipSync(answer.wire), readFileSync(file), `${path} for ${accept}`);
    }
  }
});

test('identity when the browser accepts no compression, and for files too small to gain from it', async () => {
  const original = readFileSync(join(shell, 'assets/index-Bb3Wai_U.js'));
  for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }, { 'accept-encoding': '*;q=0' }] as Array<Record<string, string>>) {
    const answer = await get('/assets/index-Bb3Wai_U.js', headers);
    assert.equal(answer.headers['content-encoding'], undefined, JSON.stringify(headers));
    assert.equal(Number(answer.headers['content-length']), original.length);
    assert.deepEqual(answer.wire, original);
  }
  const tiny = await get('/assets/tiny-Ab_c-123.js', { 'accept-encoding': CHROME_ACCEPT });
  assert.equal(tiny.headers['content-encoding'], undefined);
  assert.equal(tiny.wire.toString(), 'export {};');
});

test('content-hashed names are immutable for a year; the page, the service worker, the widget and unhashed names are revalidated', async () => {
  for (const path of ['/assets/index-Bb3Wai_U.js', '/assets/tiny-Ab_c-123.js']) {
    assert.equal((await get(path)).headers['cache-control'], 'public, max-age=31536000, immutable', path);
  }
  for (const path of ['/', '/index.html', '/sw.js', '/widget/lane-fee-widget.js', '/assets/plain.js']) {
    assert.equal((await get(path)).headers['cache-control'], 'no-cache', path);
  }
  assert.equal((await get('/widget/lane-fee-widget.js')).headers['access-control-allow-origin'], '*');
});

test('revalidating an unchanged file costs a 304 without a body', async () => {
  const first = await get('/', { 'accept-encoding': CHROME_ACCEPT });
  const etag = first.headers['etag'] as string;
  assert.match(etag, /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
  const again = await get('/', { 'accept-encoding': CHROME_ACCEPT, 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.wire.length, 0);
  assert.equal(again.headers['cache-control'], 'no-cache');
  assert.equal((await get('/', { 'if-none-match': 'W/"0-0"' })).status, 200);
});

test('a rebuilt file is compressed afresh, never served from the old copy', async () => {
  const path = join(shell, 'sw.js');
  const before = await get('/sw.js', { 'accept-encoding': 'br' });
  assert.deepEqual(brotliDecompressSync(before.wire), readFileSync(path));
  const rebuilt = bundleText('sw2', 5);
  writeFileSync(path, rebuilt);
  const later = new Date(Date.now() + 60_000);
  utimesSync(path, later, later);
  const after = await get('/sw.js', { 'accept-encoding': 'br' });
  assert.equal(brotliDecompressSync(after.wire).toString(), rebuilt);
  assert.notEqual(after.headers['etag'], before.headers['etag']);
});

test('Accept-Encoding is read with its weights', () => {
  assert.equal(negotiateEncoding(undefined), null);
  assert.equal(negotiateEncoding(''), null);
  assert.equal(negotiateEncoding(CHROME_ACCEPT), 'br');
  assert.equal(negotiateEncoding('gzip, deflate'), 'gzip');
  assert.equal(negotiateEncoding('BR;Q=1, GZIP;q=0.9'), 'br');
  assert.equal(negotiateEncoding('br;q=0.1, gzip;q=0.8'), 'gzip');
  assert.equal(negotiateEncoding('br;q=0, gzip;q=0'), null);
  assert.equal(negotiateEncoding('br;q=0, *'), 'gzip');
  assert.equal(negotiateEncoding('*'), 'br');
  assert.equal(negotiateEncoding('*;q=0'), null);
  assert.equal(negotiateEncoding('identity, deflate'), null);
  assert.equal(negotiateEncoding('br;q=nonsense, gzip'), 'gzip');
});
