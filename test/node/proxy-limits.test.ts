/**
 * What one caller may take from the proxy, over real HTTP from distinct loopback addresses
 * (127.0.0.2 is another client than 127.0.0.1): rate limits per key and address with a cap on a
 * key's total, open connections in total and per address, and event streams per lane key. Every
 * refusal says what was exceeded and when to come back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { openLaneStream, type LaneStream } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';
import { openSocket, readResponse, requestFrom } from '../helpers/raw-http.js';

const PARTNER_KEY = 'demo-partner-key-mall';
const LANE_KEY = 'demo-lane-key-exit-1';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));

async function start(overrides: Record<string, unknown>): Promise<DemoProxy> {
  const config = resolveConfig({ ...demo, ...overrides }, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  return startDemoProxy(config, { logger: createLogger(config.secrets, () => undefined), staticRoot: null });
}

describe('rate limits: a public key cannot be used to starve its legitimate users', () => {
  let proxy: DemoProxy;
  // Refills of one a minute: within a test, only the bursts count.
  before(async () => {
    proxy = await start({ rateLimits: { perKey: { perMinute: 1, burst: 5 }, perKeyTotal: { perMinute: 1, burst: 12 }, perIp: { perMinute: 1e6, burst: 1e6 } } });
    proxy.simulators!.welink!.enter('沪A12345', Date.now() - 135 * 60_000);
  });
  after(() => proxy.close());

  const lookup = (from: string) =>
    requestFrom(proxy.url, from, {
      method: 'POST',
      path: '/v1/lots/welink-demo/fee-lookups',
      headers: { authorization: `Bearer ${PARTNER_KEY}`, origin: 'http://127.0.0.1:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ plate: '沪A12345' }),
    });

  test("pages on other origins sending the partner key are refused without spending the key's buckets", async () => {
    const evil = (from: string) =>
      requestFrom(proxy.url, from, {
        method: 'POST',
        path: '/v1/lots/welink-demo/fee-lookups',
        headers: { authorization: `Bearer ${PARTNER_KEY}`, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ plate: '沪A12345' }),
      });
    for (const from of ['127.0.0.2', '127.0.0.6', '127.0.0.7']) {
      for (let i = 0; i < 8; i += 1) assert.equal((await evil(from)).body.error.code, 'origin-not-allowed');
    }
    // The buckets are whole: the counts in the tests below are those of a fresh key.
  });

  test('one address hammering with the partner key is limited; the widget on another address is not', async () => {
    const abuser: number[] = [];
    for (let i = 0; i < 20; i += 1) abuser.push((await lookup('127.0.0.2')).status);
    assert.deepEqual(abuser, [...Array(5).fill(200), ...Array(15).fill(429)]);
    const refused = await lookup('127.0.0.2');
    assert.equal(refused.body.error.code, 'rate-limited');
    assert.match(refused.body.error.message, /this key from this address/);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal(refused.headers['access-control-allow-origin'], 'http://127.0.0.1:5173', 'the partner page can read the refusal');
    assert.match(String(refused.headers['access-control-expose-headers']), /retry-after/);

    const widget: number[] = [];
    for (let i = 0; i < 5; i += 1) widget.push((await lookup('127.0.0.1')).status);
    assert.deepEqual(widget, Array(5).fill(200), 'the legitimate widget was never rate-limited');
  });

  test("a key's total over all addresses is capped too, and said so", async () => {
    // 10 of the key's 12 went above; two more addresses share the last 2.
    assert.equal((await lookup('127.0.0.3')).status, 200);
    assert.equal((await lookup('127.0.0.4')).status, 200);
    const capped = await lookup('127.0.0.5');
    assert.equal(capped.status, 429);
    assert.match(capped.body.error.message, /this key from all addresses together/);
    const metrics = await (await fetch(`${proxy.url}/metrics`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } })).text();
    assert.match(metrics, /lk_rate_limited_total\{scope="key"\} 16/);
    assert.match(metrics, /lk_rate_limited_total\{scope="key-total"\} 1/);
  });
});

describe('open connections are capped in total and per address, with a clear refusal', () => {
  let proxy: DemoProxy;
  const held: Socket[] = [];
  // The proxy's own calls to its embedded simulators hold a few connections from 127.0.0.1 too.
  before(async () => {
    proxy = await start({ limits: { maxConnections: 20, maxConnectionsPerAddress: 3 } });
  });
  after(async () => {
    for (const socket of held) socket.destroy();
    await proxy.close(0);
  });

  /** A request on a fresh connection from `from`, over a raw socket so it is surely a new connection. */
  async function healthzFrom(from: string) {
    const socket = await openSocket(proxy.url, from);
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const answer = await readResponse(socket, 5000);
    socket.destroy();
    return answer;
  }

  test('past the per-address cap: 429 too-many-connections-from-address; other addresses still get in', async () => {
    // Accepted in order: these three are counted before the fourth connection opens.
    for (let i = 0; i < 3; i += 1) held.push(await openSocket(proxy.url, '127.0.0.7'));
    const refused = await healthzFrom('127.0.0.7');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'too-many-connections-from-address');
    assert.match(refused.headers, /^retry-after: \d+/im);
    assert.match(refused.headers, /^connection: close/im);
    await refused.closed;
    assert.equal((await healthzFrom('127.0.0.8')).status, 200);
  });

  test('past the total cap: 503 too-many-connections with Retry-After', async () => {
    // Twenty more, three per address, fill the cap whatever else is open.
    for (let i = 0; i < 20; i += 1) held.push(await openSocket(proxy.url, `127.0.1.${Math.floor(i / 3)}`));
    const refused = await healthzFrom('127.0.2.1');
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, 'too-many-connections');
    assert.match(refused.headers, /^retry-after: \d+/im);
  });
});

describe('event streams are capped per lane key', () => {
  let proxy: DemoProxy;
  const streams: LaneStream[] = [];
  before(async () => {
    proxy = await start({ limits: { maxEventStreamsPerKey: 2 } });
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await proxy.close(0);
  });

  test('a lane key holds at most its event streams: another address gets 429 too-many-streams', async () => {
    for (let i = 0; i < 2; i += 1) streams.push(await openLaneStream(proxy.url, 'exit-1', LANE_KEY));
    const refused = await requestFrom(proxy.url, '127.0.0.3', { path: '/v1/lanes/exit-1/events', headers: { authorization: `Bearer ${LANE_KEY}` } });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal(refused.body.error.code, 'too-many-streams');
  });

  test('the same address reconnecting at the limit replaces its oldest stream, which is told to reconnect', async () => {
    // A kiosk whose connection died without a word must not be locked out by its own dead streams.
    const oldest = streams[0]!;
    streams.push(await openLaneStream(proxy.url, 'exit-1', LANE_KEY));
    assert.deepEqual(await oldest.next('reconnect'), { reason: 'replaced' });
    // Another lane's streams are its own.
    streams.push(await openLaneStream(proxy.url, 'entry-1', 'demo-lane-key-entry-1'));
  });
});
