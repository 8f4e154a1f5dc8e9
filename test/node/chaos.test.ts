/**
 * Chaos: the proxy killed with SIGKILL in the middle of an outbox batch and started again on the
 * same embedded store, and platforms that hang, refuse connections or answer garbage.
 *
 * The platforms live in this test process, so they outlive the proxy and keep count of what they
 * were sent: nothing may be lost and nothing applied twice.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DeliveryResult, LaneEventEnvelope } from '../../src/core/lane-events.js';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { INTERRUPTED_BILL_REASON } from '../../src/proxy/lane-event-processor.js';
import { createLogger } from '../../src/proxy/log.js';
import { ShanghaiSimulator } from '../../src/proxy/sims/shanghai/simulator.js';
import { WelinkSimulator } from '../../src/proxy/sims/welink/simulator.js';
import { apiClient } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT, startProxyProcess, type ProxyProcess } from '../helpers/proxy-process.js';
import { SIM_CREDENTIALS } from '../helpers/welink-sim-server.js';

const LANE_KEY = 'demo-lane-key-exit-1';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const SHANGHAI = { appId: 'demo-sh-app', password: 'demo-shanghai-password-31', parkingId: 'qp31022900183' };
const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));

/** Welink and Shanghai on one server; `beforeWelink` may hold or divert a Welink call. */
async function platforms(beforeWelink: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> = async () => false) {
  const welink = new WelinkSimulator(SIM_CREDENTIALS);
  const shanghai = new ShanghaiSimulator(SHANGHAI);
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/welink/')) {
      if (!(await beforeWelink(req, res, path.slice('/welink'.length)))) await welink.handle(req, res, path.slice('/welink'.length));
    } else await shanghai.handle(req, res, path.slice('/shanghai'.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    welink,
    shanghai,
    env: {
      WELINK_BASE_URL: `${url}/welink`,
      WELINK_APP_ID: SIM_CREDENTIALS.appId,
      WELINK_SECRET: SIM_CREDENTIALS.secretKey,
      WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
      SHANGHAI_BASE_URL: `${url}/shanghai`,
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The demo config on an embedded store in a fresh folder, so a restarted proxy finds what the last one left. */
function onDisk(platformEnv: Record<string, string>, state: Record<string, unknown> = {}) {
  const stateDir = freshStateDir();
  const configPath = join(stateDir, 'chaos-config.json');
  writeFileSync(configPath, JSON.stringify({ ...demo, state: { store: 'embedded', ...state } }));
  return { configPath, env: { ...platformEnv, STATE_DIR: join(stateDir, 'store') } };
}

test('SIGKILL mid-batch, restart, resend: every event applied once, the one cut short goes to staff', async () => {
  const BILLS = 40;
  const KILL_AT = 12;
  let proxy!: ProxyProcess;
  let killed!: () => void;
  const killedMidBatch = new Promise<void>((resolve) => (killed = resolve));
  let billsSeen = 0;
  const world = await platforms(async (_req, res, path) => {
    if (path !== '/api/pay/addTmpRentBill' || ++billsSeen !== KILL_AT) return false;
    // Welink takes this bill; just before its answer leaves, the proxy is killed. The worst
    // case: the platform has the bill, the proxy never heard.
    const answer = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      void proxy.kill().then(() => (killed(), answer(...args)));
      return res;
    }) as typeof res.end;
    return false;
  });
  const { configPath, env } = onDisk(world.env, { interruptedAfterSeconds: 1 });
  try {
    const now = Date.now();
    // One lane's outbox after a long offline spell: bills of cars let out for cash, and passages.
    const events: LaneEventEnvelope[] = [];
    for (let i = 0; i < BILLS; i++) {
      const plate = `沪K${String(30000 + i)}`;
      const atMs = now - (BILLS - i) * 60_000;
      events.push({ key: `bill-${String(i).padStart(4, '0')}`, stream: 'exit-1', type: 'offline-bill', createdAt: atMs, payload: { plate, enteredAtMs: atMs - 90 * 60_000, exitAtMs: atMs, payableFen: 1000, discountFen: 0, paidFen: 0, amountFen: 1000, settlement: 'cash', note: '', staff: 'S1' } });
      events.push({ key: `leave-${String(i).padStart(4, '0')}`, stream: 'exit-1', type: 'leave', createdAt: atMs, payload: { plate, atMs, enteredAtMs: atMs - 90 * 60_000, payFen: 1000, payType: 'cash' } });
    }
    proxy = await startProxyProcess(configPath, env);
    const firstTry = apiClient(() => proxy.url, LANE_KEY)('/v1/lanes/exit-1/outbox', { method: 'POST', json: { events } });
    await assert.rejects(firstTry, 'the batch never got its answer');
    await killedMidBatch;
    assert.equal(world.welink.offlineBills.length, KILL_AT, 'the kill came mid-batch, with the cut bill at Welink');

    proxy = await startProxyProcess(configPath, env);
    // What the kiosk outbox does: send everything unacknowledged again until nothing is `retry`.
    let results: DeliveryResult[] = [];
    for (let round = 0; round < 5; round++) {
      const answer = await apiClient(() => proxy.url, LANE_KEY)('/v1/lanes/exit-1/outbox', { method: 'POST', json: { events } });
      assert.equal(answer.status, 200);
      results = answer.body.results as DeliveryResult[];
      if (!results.some((r) => r.status === 'retry')) break;
    }
    const byKey = new Map(results.map((r) => [r.key, r]));
    const cut = `bill-${String(KILL_AT - 1).padStart(4, '0')}`;
    assert.deepEqual(byKey.get(cut), { key: cut, status: 'rejected', reason: INTERRUPTED_BILL_REASON }, 'the bill cut short is parked for staff');
    for (const event of events) {
      if (event.key === cut) continue;
      const expected = event.key.startsWith('bill-') && Number(event.key.slice(5)) < KILL_AT - 1 ? 'duplicate' : undefined;
      const status = byKey.get(event.key)?.status;
      assert.ok(status === 'accepted' || status === 'duplicate', `${event.key}: ${status}`);
      if (expected) assert.equal(status, expected, `${event.key} was applied before the kill`);
    }

    const billPlates = world.welink.offlineBills.map((b) => b.plate);
    assert.equal(billPlates.length, BILLS, 'every bill reached Welink');
    assert.equal(new Set(billPlates).size, BILLS, 'and none twice');
    const leaves = world.shanghai.passages.filter((p) => p.kind === 'leave').map((p) => JSON.stringify(p.record));
    assert.equal(leaves.length, BILLS, 'every passage reached the city platform once');
    assert.equal(new Set(leaves).size, BILLS);
  } finally {
    await proxy?.stop();
    await world.close();
  }
});

test('quotes answered the moment before a restart (SIGTERM) are payable after it, each paid once', async () => {
  const world = await platforms();
  const { configPath, env } = onDisk(world.env);
  let proxy = await startProxyProcess(configPath, env);
  try {
    const plates = Array.from({ length: 12 }, (_, i) => `沪C${52000 + i}`);
    for (const plate of plates) world.welink.enter(plate, Date.now() - 95 * 60_000);
    const lane = apiClient(() => proxy.url, LANE_KEY);
    const quotes = await Promise.all(plates.map(async (plate) => (await lane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate } })).body));
    assert.ok(quotes.every((quote) => quote.status === 'due'));
    // Quotes are answered before their writes settle; a graceful stop waits for every one.
    await proxy.stop();

    proxy = await startProxyProcess(configPath, env);
    const operator = apiClient(() => proxy.url, OPERATOR_KEY);
    const pay = (quote: { quoteId: string; dueFen: number }) =>
      operator(`/v1/payments/${quote.quoteId}/paid`, { method: 'POST', json: { amountFen: quote.dueFen, channel: 'wechat', paymentRef: `WX-${quote.quoteId}` } });
    for (const quote of quotes) {
      const paid = await pay(quote);
      assert.equal(paid.status, 200, JSON.stringify(paid.body));
      assert.equal(paid.body.duplicate, false);
    }
    assert.equal((await pay(quotes[0])).body.duplicate, true);
    assert.equal(world.welink.payments.length, plates.length, 'Welink heard each payment once');
  } finally {
    await proxy.stop();
    await world.close();
  }
});

/** Platforms that hang past the timeout, refuse connections or answer garbage; one proxy, switched between modes. */
describe('platform chaos', () => {
  type Mode = 'pass' | 'hang' | 'refuse' | 'html' | 'huge' | 'wrong-shape' | 'bad-content' | 'truncated';
  let mode: Mode = 'pass';
  let world: Awaited<ReturnType<typeof platforms>>;
  let proxy: DemoProxy;
  const held: ServerResponse[] = [];

  before(async () => {
    world = await platforms(async (_req, res) => {
      switch (mode) {
        case 'pass':
          return false;
        case 'hang':
          held.push(res);
          return true;
        case 'refuse':
          res.socket?.destroy();
          return true;
        case 'html':
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
          return true;
        case 'huge':
          res.writeHead(200, { 'content-type': 'application/json' }).end(`{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`);
          return true;
        case 'wrong-shape':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"responseStatus":{"code":0},"responseData":[1,2,3]}');
          return true;
        case 'bad-content':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"responseStatus":{"code":"0000"},"responseData":{"encryptCode":1,"zipCode":1,"content":"bm90IDNERVM="}}');
          return true;
        case 'truncated':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' }).write('{"responseStatus":{"code":"00');
          res.socket?.destroy();
          return true;
      }
    });
    const config = resolveConfig({ ...demo, state: { store: 'memory' } }, { ...world.env, PORT: String(await freePort()) });
    // Short platform deadlines keep the hanging cases quick; the 2 s promise is the fee query's own.
    for (const lot of config.lots) if (lot.feeSource.type === 'welink') lot.feeSource.timeoutMs = 800;
    proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  });

  after(async () => {
    for (const res of held) res.socket?.destroy();
    await proxy.close(0);
    await world.close();
  });

  const cases: Array<[Mode, number, string]> = [
    ['hang', 504, 'timeout'],
    ['refuse', 503, 'unreachable'],
    ['html', 502, 'bad-response'],
    ['huge', 502, 'bad-response'],
    ['wrong-shape', 502, 'bad-response'],
    ['bad-content', 502, 'bad-response'],
    ['truncated', 503, 'unreachable'],
  ];
  for (const [chaos, status, kind] of cases) {
    test(`Welink ${chaos}: the kiosk gets ${status} (${kind}), the city's fee query still answers within 2 s, and all is well once Welink is`, async () => {
      const plate = `沪C${String(10000 + cases.findIndex(([m]) => m === chaos))}`;
      world.welink.enter(plate, Date.now() - 50 * 60_000);
      const lane = apiClient(() => proxy.url, LANE_KEY);
      mode = chaos;
      try {
        const quote = await lane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate } });
        assert.equal(quote.status, status);
        assert.equal(quote.body.error.kind, kind);
        assert.equal(quote.body.error.platform, 'welink');

        const started = performance.now();
        const feeQuery = await world.shanghai.callLot(`${proxy.url}/callbacks/shanghai/welink-demo/fee-query`, { parkingId: SHANGHAI.parkingId, plateId: plate, vehicleType: 1, dateTime: Date.now() });
        assert.ok(performance.now() - started < 2000, `answered in ${Math.round(performance.now() - started)} ms`);
        assert.equal(feeQuery.status, 200);
        assert.notEqual(feeQuery.body.code, 0, 'no fee invented while Welink is broken');
      } finally {
        mode = 'pass';
      }
      const recovered = await lane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate } });
      assert.equal(recovered.status, 200);
      assert.equal(recovered.body.dueFen, 500);
    });
  }
});
