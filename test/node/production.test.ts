/**
 * The proxy as it runs in production, over real HTTP: keys held as digests, rate limits with
 * Retry-After, Prometheus metrics, and a graceful shutdown that lets in-flight requests finish and
 * tells SSE clients to reconnect.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { shanghaiSign } from '../../src/proxy/providers/shanghai/signing.js';
import { apiClient, openLaneStream } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';
import { SIM_CREDENTIALS, startWelinkSim } from '../helpers/welink-sim-server.js';

const LANE_KEY = 'demo-lane-key-exit-1';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));

async function start(overrides: Record<string, unknown> = {}, env: Record<string, string> = {}, writeLog: (line: string) => void = () => {}): Promise<DemoProxy> {
  const config = resolveConfig({ ...demo, ...overrides }, { STATE_DIR: freshStateDir(), PORT: String(await freePort()), ...env });
  return startDemoProxy(config, { logger: createLogger(config.secrets, writeLog), staticRoot: null });
}

let proxy: DemoProxy;
before(async () => {
  proxy = await start({ rateLimits: { perKey: { perMinute: 60, burst: 5 }, perIp: { perMinute: 6000, burst: 1000 } } });
});
after(() => proxy.close());

test('a key given only as its SHA-256 digest works; the plain key never has to be configured', async () => {
  const digest = createHash('sha256').update('a-lane-key-only-its-owner-knows').digest('hex');
  const hashed = await start({}, { LANE_KEY_EXIT_1: `sha256:${digest}` });
  try {
    const configured = JSON.stringify(demo.lots[0].lanes[0].key);
    assert.match(configured, /LANE_KEY_EXIT_1/, 'the demo lane key comes from this variable');
    const ok = await apiClient(() => hashed.url, 'a-lane-key-only-its-owner-knows')('/v1/lanes/exit-1/config');
    assert.equal(ok.status, 200);
    const digestAsKey = await apiClient(() => hashed.url, digest)('/v1/lanes/exit-1/config');
    assert.equal(digestAsKey.status, 403, 'knowing the digest is not knowing the key');
  } finally {
    await hashed.close();
  }
});

test('one JSON log line per request, under the id the caller got in x-request-id, carrying the quote it issued', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const logged = await start({}, {}, (line) => lines.push(JSON.parse(line)));
  try {
    const answer = await fetch(`${logged.url}/v1/lanes/exit-1/quotes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LANE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plate: '沪A12345' }),
    });
    const quote = (await answer.json()) as { quoteId: string; status: string };
    const requestId = answer.headers.get('x-request-id');
    assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);
    const mine = lines.filter((line) => line.requestId === requestId);
    assert.equal(mine.length, 1, 'one line for the request');
    assert.deepEqual(
      { msg: mine[0]!.msg, path: mine[0]!.path, status: mine[0]!.status, quoteId: mine[0]!.quoteId, quoteStatus: mine[0]!.quoteStatus, laneId: mine[0]!.laneId },
      { msg: 'request', path: '/v1/lanes/exit-1/quotes', status: 200, quoteId: quote.quoteId, quoteStatus: quote.status, laneId: 'exit-1' },
    );
    assert.ok(!lines.some((line) => line.quoteId === quote.quoteId && line.requestId !== requestId), 'the quote is not logged apart from its request');
  } finally {
    await logged.close();
  }
});

test('per-key rate limit: 429 with Retry-After past the burst; other keys are not affected', async () => {
  const lane = apiClient(() => proxy.url, LANE_KEY);
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 7; i++) {
    const response = await fetch(`${proxy.url}/v1/lanes/exit-1/config`, { headers: { authorization: `Bearer ${LANE_KEY}` } });
    statuses.push(response.status);
    retryAfter ??= response.headers.get('retry-after');
    await response.arrayBuffer();
  }
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
  assert.equal(retryAfter, '1');
  assert.equal((await lane('/v1/lanes/exit-1/config')).body.error.code, 'rate-limited');
  assert.equal((await apiClient(() => proxy.url, 'demo-lane-key-entry-1')('/v1/lanes/entry-1/config')).status, 200);
  assert.equal((await fetch(`${proxy.url}/healthz`)).status, 200, 'health is never limited');
});

test('per-IP rate limit applies to callers without keys too', async () => {
  const strict = await start({ rateLimits: { perIp: { perMinute: 1, burst: 2 } } });
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${strict.url}/v1/lanes/exit-1/config`)).status);
    assert.deepEqual(statuses, [401, 401, 429]);
  } finally {
    await strict.close();
  }
});

test('/metrics: operator only, Prometheus text with routes, upstream latency, signature failures and SSE clients', async () => {
  assert.equal((await fetch(`${proxy.url}/metrics`, { headers: { authorization: `Bearer ${'demo-lane-key-entry-1'}` } })).status, 401);
  proxy.simulators!.welink!.enter('沪K20001', Date.now() - 50 * 60_000);
  const exitLane = apiClient(() => proxy.url, 'demo-lane-key-local-exit-1');
  assert.equal((await exitLane('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪K20001' } })).status, 200);
  const etcpQuote = await apiClient(() => proxy.url, 'demo-lane-key-etcp-exit-1')('/v1/lanes/etcp-exit-1/quotes', { method: 'POST', json: { plate: '渝DE3787' } });
  assert.equal(etcpQuote.status, 200);
  const payload = JSON.stringify({ parkingId: 'qp31022900183', plateId: '沪K20001', vehicleType: 1, dateTime: Date.now() });
  const forged = await fetch(`${proxy.url}/callbacks/shanghai/welink-demo/fee-query`, { method: 'POST', headers: { 'content-type': 'application/json', sign: shanghaiSign('not-the-password', payload) }, body: payload });
  assert.equal(forged.status, 401);
  const stream = await openLaneStream(proxy.url, 'entry-1', 'demo-lane-key-entry-1');
  try {
    const response = await fetch(`${proxy.url}/metrics`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/plain/);
    const text = await response.text();
    assert.match(text, /lk_http_requests_total\{route="\/v1\/lanes\/:param\/quotes",method="POST",status="200"\} \d+/);
    assert.match(text, /lk_upstream_request_duration_seconds_count\{platform="etcp",outcome="answered"\} [1-9]/);
    assert.match(text, /lk_signature_failures_total\{platform="shanghai"\} 1/);
    assert.match(text, /lk_callback_rejects_total\{platform="shanghai",code="1007"\} 1/);
    assert.match(text, /lk_sse_clients 1/);
    assert.doesNotMatch(text, /exit-1"|沪K20001/, 'labels are routes, never lanes or plates');
  } finally {
    stream.close();
  }
});

test('graceful shutdown: an in-flight request finishes, SSE clients are told to reconnect, new connections are refused', async () => {
  const welink = await startWelinkSim();
  // Holds the quote's Welink call until released, so a quote is surely in flight when shutdown
  // starts; other calls (the startup heartbeat's /info/space) pass.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const inFlightAtWelink = new Promise<void>((resolve) => (arrived = resolve));
  const gate = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url?.startsWith('/api/pay/queryTmpRentBill')) {
      arrived();
      await released;
    }
    const upstream = await fetch(`${welink.baseUrl}${req.url}`, { method: req.method, headers: { 'content-type': String(req.headers['content-type']) }, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  const dying = await start({}, {
    WELINK_BASE_URL: `http://127.0.0.1:${(gate.address() as AddressInfo).port}`,
    WELINK_APP_ID: SIM_CREDENTIALS.appId,
    WELINK_SECRET: SIM_CREDENTIALS.secretKey,
    WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
  });
  try {
    welink.sim.enter('沪K20002', Date.now() - 30 * 60_000);
    const stream = await fetch(`${dying.url}/v1/lanes/exit-1/events`, { headers: { authorization: `Bearer ${LANE_KEY}` } });
    const streamText = stream.text();
    const inFlight = apiClient(() => dying.url, LANE_KEY)('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪K20002' } });
    await inFlightAtWelink;
    const closed = dying.close();
    assert.match(await streamText, /event: reconnect\ndata: \{"reason":"shutdown"\}/);
    await assert.rejects(fetch(`${dying.url}/healthz`), 'no new connections once shutdown began');
    release();
    const answer = await inFlight;
    assert.equal(answer.status, 200, 'the request that was in flight got its answer');
    assert.equal(answer.body.plate, '沪K20002');
    await closed;
  } finally {
    release();
    gate.close();
    await welink.close();
  }
});

test('/healthz reports each platform’s reachability and turns degraded when one stops answering', async () => {
  const cut = await start({}, { ETCP_BASE_URL: 'http://127.0.0.1:1' });
  try {
    const etcpLane = apiClient(() => cut.url, 'demo-lane-key-etcp-exit-1');
    assert.equal((await etcpLane('/v1/lanes/etcp-exit-1/quotes', { method: 'POST', json: { plate: '渝DE3787' } })).status, 503);
    const healthy = (await (await fetch(`${proxy.url}/healthz`)).json()) as { upstreams: Array<{ platform: string; reachable: boolean }> };
    assert.ok(healthy.upstreams.length > 0 && healthy.upstreams.every((u) => u.reachable), 'the healthy proxy reaches its platforms');
    const health = (await (await fetch(`${cut.url}/healthz`)).json()) as { status: string; state: string; upstreams: Array<{ platform: string; reachable: boolean; lastFailureAt: number | null }> };
    assert.equal(health.status, 'degraded');
    assert.equal(health.state, 'embedded');
    const etcp = health.upstreams.find((u) => u.platform === 'etcp')!;
    assert.equal(etcp.reachable, false);
    assert.ok(etcp.lastFailureAt! > 0);
  } finally {
    await cut.close();
  }
});
