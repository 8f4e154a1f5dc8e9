/**
 * The one HTTP exchange every platform adapter makes (src/proxy/providers/upstream.ts), over real
 * HTTP on 127.0.0.1: answers parsed whatever their status, bodies sent as given, and each way an
 * exchange fails mapped to its UpstreamError kind, with what the diagnostics channel reports.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { UpstreamError } from '../../src/proxy/errors.js';
import { callUpstream, UPSTREAM_CHANNEL, type UpstreamExchange, type UpstreamRequest } from '../../src/proxy/providers/upstream.js';
import { freePort } from '../helpers/proxy-process.js';

type Behaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const behaviours = new Map<string, Behaviour>();
let server: Server;
let base: string;
const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      behaviours.get(new URL(req.url!, 'http://x').pathname)!(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const call = (path: string, extra: Partial<UpstreamRequest> = {}): Promise<unknown> =>
  callUpstream({ platform: 'testplat', what: `Test ${path}`, url: `${base}${path}`, method: 'GET', timeoutMs: 400, ...extra });

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => assert.fail('the exchange should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UpstreamError, `an UpstreamError, not ${String(error)}`);
  return error;
}

test('a JSON answer is parsed and returned with its status, even an error status', async () => {
  behaviours.set('/json', (_req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"code":"9999","长":"值"}');
  });
  assert.deepEqual(await call('/json?a=1&b=%E6%B2%AA'), { status: 500, json: { code: '9999', 长: '值' } });
  const last = received.at(-1)!;
  assert.equal(last.url, '/json?a=1&b=%E6%B2%AA', 'the query goes unchanged');
  assert.equal(last.headers.accept, 'application/json');
});

test('a POST body goes out whole, with its length and the caller’s headers', async () => {
  behaviours.set('/post', (_req, res, body) => res.end(JSON.stringify({ echoed: body })));
  const body = 'plate=%E6%B2%AAA12345&fee=1500&note=' + '停'.repeat(3000);
  const answer = await call('/post', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', sign: 'abc' } });
  assert.deepEqual(answer, { status: 200, json: { echoed: body } });
  const last = received.at(-1)!;
  assert.equal(last.method, 'POST');
  assert.equal(last.headers['content-length'], String(Buffer.byteLength(body)));
  assert.equal(last.headers.sign, 'abc');
  assert.equal(last.headers['content-type'], 'application/x-www-form-urlencoded;charset=UTF-8');
});

test('a platform that never answers fails as a timeout once the deadline passes', async () => {
  behaviours.set('/hang', () => undefined);
  const started = performance.now();
  const error = await failure(call('/hang', { timeoutMs: 300 }));
  assert.equal(error.kind, 'timeout');
  assert.match(error.message, /no answer within 300 ms/);
  assert.ok(performance.now() - started >= 290, 'not before the deadline');
});

test('the deadline covers the whole answer, not only its headers', async () => {
  behaviours.set('/slow-body', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
  });
  const error = await failure(call('/slow-body', { timeoutMs: 300 }));
  assert.equal(error.kind, 'timeout');
});

test('a refused connection fails as unreachable', async () => {
  const port = await freePort();
  const error = await failure(callUpstream({ platform: 'testplat', what: 'Test refused', url: `http://127.0.0.1:${port}/x`, method: 'GET', timeoutMs: 2000 }));
  assert.equal(error.kind, 'unreachable');
  assert.equal(error.platform, 'testplat');
});

test('an answer cut off mid-body fails as unreachable', async () => {
  behaviours.set('/cut', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"a":', () => res.destroy());
  });
  const error = await failure(call('/cut', { timeoutMs: 2000 }));
  assert.equal(error.kind, 'unreachable');
  assert.match(error.message, /broke off/);
});

test('an answer that is not JSON fails as a bad response naming the status', async () => {
  behaviours.set('/html', (_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html>Bad Gateway</html>');
  });
  const error = await failure(call('/html'));
  assert.equal(error.kind, 'bad-response');
  assert.equal(error.code, 'http-502');
});

test('an answer beyond 2 MiB is refused as a bad response, not buffered', async () => {
  let sent = 0;
  behaviours.set('/huge', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < 16 * 1024 * 1024 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = Infinity));
    pump();
  });
  const error = await failure(call('/huge', { timeoutMs: 5000 }));
  assert.equal(error.kind, 'bad-response');
  assert.match(error.message, /more than 2097152 bytes/);
});

test('each exchange is reported on the diagnostics channel, answered or failed', async () => {
  const seen: UpstreamExchange[] = [];
  const listener = (message: unknown) => seen.push(message as UpstreamExchange);
  diagnostics.subscribe(UPSTREAM_CHANNEL, listener);
  try {
    behaviours.set('/ok', (_req, res) => res.end('{}'));
    await call('/ok');
    await failure(call('/hang', { timeoutMs: 100 }));
  } finally {
    diagnostics.unsubscribe(UPSTREAM_CHANNEL, listener);
  }
  assert.deepEqual(
    seen.map(({ platform, url, outcome }) => ({ platform, url, outcome })),
    [
      { platform: 'testplat', url: `${base}/ok`, outcome: 'answered' },
      { platform: 'testplat', url: `${base}/hang`, outcome: 'failed' },
    ],
  );
  assert.ok(seen[1]!.seconds >= 0.09, 'the failed exchange is timed to its deadline');
});

test('many exchanges at once share the pooled connections and each gets its own answer', async () => {
  behaviours.set('/n', (req, res) => res.end(JSON.stringify({ n: Number(new URL(req.url!, 'http://x').searchParams.get('n')) })));
  const answers = await Promise.all(Array.from({ length: 200 }, (_, n) => call(`/n?n=${n}`, { timeoutMs: 5000 })));
  assert.deepEqual(
    answers.map((a) => (a as { json: { n: number } }).json.n),
    Array.from({ length: 200 }, (_, n) => n),
  );
});
