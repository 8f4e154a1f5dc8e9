/**
 * Callers that lie about their bodies, send too much, or hang up, over real sockets on 127.0.0.1:
 * each gets a bounded, clear answer (or none, when it is gone), and none of them is an error of
 * the proxy in its logs or its metrics.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';
import { openSocket, readResponse } from '../helpers/raw-http.js';

const LANE_KEY = 'demo-lane-key-exit-1';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const QUOTES = '/v1/lanes/exit-1/quotes';

let proxy: DemoProxy;
const lines: Array<Record<string, unknown>> = [];
const lineWaiters: Array<{ match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];

/** Resolves with the first log line (already written or still to come) that `match` accepts; rejects after 5 s. */
function logLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const seen = lines.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no such log line within 5 s; error lines: ${JSON.stringify(lines.filter((l) => l.level === 'error'))}`)), 5000);
    lineWaiters.push({ match, resolve: (line) => (clearTimeout(timer), resolve(line)) });
  });
}

before(async () => {
  // The default limits, as a real lot runs them: the 408 must come within 10 s of them.
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  const logger = createLogger(config.secrets, (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const waiter of lineWaiters.filter((w) => w.match(line))) {
      lineWaiters.splice(lineWaiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  proxy = await startDemoProxy(config, { logger, staticRoot: null });
});
after(() => proxy.close());

function head(path: string, headers: Record<string, string | number>): string {
  return [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n');
}

test('a body shorter than its Content-Length is answered 408 body-timeout within 10 s, and the connection closed', async () => {
  const socket = await openSocket(proxy.url);
  const started = performance.now();
  socket.write(head(QUOTES, { authorization: `Bearer ${LANE_KEY}`, 'content-type': 'application/json', 'content-length': 100 }));
  socket.write('{"plate":');
  // The bound is the requirement itself; the client gives up at 12 s so a hang fails rather than stalls.
  const answer = await readResponse(socket, 12_000);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(answer.status, 408);
  assert.equal(answer.body.error.code, 'body-timeout');
  assert.match(answer.body.error.message, /9 bytes came of the 100 Content-Length declared/);
  assert.ok(seconds < 10, `answered after ${seconds.toFixed(1)} s`);
  assert.match(answer.headers, /^connection: close/im);
  await answer.closed;
});

/** Sends a chunked body of `total` bytes in 16 KiB chunks; resolves with the answer and whether the upload was cut. */
function sendChunked(total: number): Promise<{ status: number; body: any; uploadError: string | null }> {
  return new Promise((resolve, reject) => {
    let uploadError: string | null = null;
    let answered = false;
    const req = request(`${proxy.url}${QUOTES}`, { method: 'POST', headers: { authorization: `Bearer ${LANE_KEY}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), uploadError }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered) return reject(new Error(`no answer: the connection failed with ${error.code ?? error.message}`));
      uploadError = error.code ?? error.message;
    });
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

test('an oversized chunked body gets 413 body-too-large, not a reset', async () => {
  const answer = await sendChunked(256 * 1024);
  assert.equal(answer.status, 413);
  assert.equal(answer.body.error.code, 'body-too-large');
  assert.equal(answer.uploadError, null, 'the rest of the upload was taken, not cut');
});

test('a far oversized chunked body still gets its 413 before the connection is cut', async () => {
  const answer = await sendChunked(8 * 1024 * 1024);
  assert.equal(answer.status, 413);
  assert.equal(answer.body.error.code, 'body-too-large');
});

test('a caller that hangs up mid-body is an info line and a 499 in /metrics, never an error or a 500', async () => {
  const socket = await openSocket(proxy.url);
  socket.write(head(QUOTES, { authorization: `Bearer ${LANE_KEY}`, 'content-type': 'application/json', 'content-length': 100 }));
  socket.write('{"plate":"沪A', () => socket.destroy());
  const line = await logLine((l) => l.msg === 'caller went away mid-request');
  assert.equal(line.level, 'info');
  assert.equal(line.path, QUOTES);
  const request = await logLine((l) => l.msg === 'request' && l.status === 499);
  assert.equal(request.path, QUOTES);
  assert.deepEqual(lines.filter((l) => l.level === 'error'), []);
  const metrics = await (await fetch(`${proxy.url}/metrics`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } })).text();
  assert.match(metrics, /lk_http_requests_total\{route="\/v1\/lanes\/:param\/quotes",method="POST",status="499"\} 1/);
  assert.doesNotMatch(metrics, /status="5\d\d"/);
});
