/**
 * Two proxy instances sharing one real redis-server, as an operator with many lots runs them. A
 * kiosk is connected to instance B, its quote was issued by B, and the Shanghai platform's payment
 * notify lands on instance A: the kiosk still hears `quote.paid`, and the payment is applied once
 * however many instances the notify is repeated to.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { apiClient, openLaneStream } from '../helpers/api.js';
import { freePort, ROOT } from '../helpers/proxy-process.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

const LANE_KEY = 'demo-lane-key-exit-1';
const PARKING_ID = 'qp31022900183';
const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));

let redis: RedisServer;
let a: DemoProxy;
let b: DemoProxy;

async function instance(env: Record<string, string>): Promise<DemoProxy> {
  const config = resolveConfig(demo, { PORT: String(await freePort()), REDIS_URL: redis.url, ...env });
  return startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
}

before(async () => {
  redis = await startRedis();
  a = await instance({});
  // Both instances talk to one Welink (A's embedded simulator), as two instances of one operator would.
  b = await instance({ WELINK_BASE_URL: `${a.url}/sims/welink` });
});

after(async () => {
  await b.close();
  await a.close();
  await redis.stop();
});

test('a payment notified to instance A reaches the kiosk on instance B, once', async () => {
  assert.equal(a.state.store.kind, 'redis');
  const welink = a.simulators!.welink!;
  welink.enter('沪S10001', Date.now() - 95 * 60_000);
  const kiosk = await openLaneStream(b.url, 'exit-1', LANE_KEY);
  try {
    const quote = (await apiClient(() => b.url, LANE_KEY)('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪S10001' } })).body;
    assert.equal(quote.status, 'due');
    // Each repeat is sent afresh (its own dateTime, so its own sign): a byte-identical copy is a replay, refused as such.
    const notify = (proxy: DemoProxy, attempt = 0) =>
      a.simulators!.shanghai!.callLot(`${proxy.url}/callbacks/shanghai/welink-demo/payment-notify`, {
        parkingId: PARKING_ID,
        orderId: quote.quoteId,
        plateId: '沪S10001',
        vehicleType: 1,
        payMoney: quote.dueFen,
        payStatus: 1,
        payType: 2,
        payTime: Date.now(),
        dateTime: Date.now() + attempt,
      });
    const paymentsBefore = welink.payments.length;
    assert.equal((await notify(a)).body.code, 0);
    const paid = await kiosk.next('quote.paid');
    assert.deepEqual([paid.quoteId, paid.paidFen], [quote.quoteId, quote.dueFen]);

    // The platform repeats its notify, to either instance, even at once: nothing is applied twice.
    const repeats = await Promise.all([notify(b, 1), notify(a, 2), notify(b, 3)]);
    assert.deepEqual(repeats.map((r) => r.body.code), [0, 0, 0]);
    assert.equal(welink.payments.length, paymentsBefore + 1, 'Welink payTmpRentBill exactly once');
  } finally {
    kiosk.close();
  }
});

test('a kiosk reconnecting to the other instance gets what it missed (Last-Event-ID)', async () => {
  a.simulators!.welink!.enter('沪S10002', Date.now() - 40 * 60_000);
  const lane = apiClient(() => a.url, LANE_KEY);
  const quote = (await lane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪S10002' } })).body;
  const stream = await fetch(`${a.url}/v1/lanes/exit-1/events`, { headers: { authorization: `Bearer ${LANE_KEY}` } });
  const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
  const operator = apiClient(() => b.url, 'demo-operator-key-7c1e');
  const confirmed = await operator(`/v1/payments/${quote.quoteId}/paid`, { method: 'POST', json: { amountFen: quote.dueFen, channel: 'wechat', paymentRef: 'WX-S10002' } });
  assert.equal(confirmed.status, 200);
  let text = '';
  while (!text.includes(quote.quoteId)) text += (await reader.read()).value;
  await reader.cancel();
  const ids = [...text.slice(0, text.indexOf(quote.quoteId)).matchAll(/^id: (\d+)$/gm)];
  // Pretend the kiosk saw everything before the payment and dropped before it arrived.
  const lastId = Number(ids.at(-1)![1]) - 1;

  const replay = await fetch(`${b.url}/v1/lanes/exit-1/events`, { headers: { authorization: `Bearer ${LANE_KEY}`, 'last-event-id': String(lastId) } });
  const replayReader = replay.body!.pipeThrough(new TextDecoderStream()).getReader();
  let replayed = '';
  while (!replayed.includes(quote.quoteId)) replayed += (await replayReader.read()).value;
  await replayReader.cancel();
  assert.match(replayed, new RegExp(`event: quote.paid\\ndata: .*"quoteId":"${quote.quoteId}"`));
});
