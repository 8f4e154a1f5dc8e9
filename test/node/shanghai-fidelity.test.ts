/**
 * Fidelity to seeds/003 where the lot talks to the city platform: the platform's own reduction in
 * the orders the lot states, reconciliation that shows how each city payment settled the Welink
 * bill, each interface's field spellings, and /download/params with its list under `message` or
 * `data`. Over real HTTP on 127.0.0.1 against the embedded simulators.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { UnifiedPaymentService } from '../../src/proxy/unified-payment-service.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import type { ShanghaiSimulator } from '../../src/proxy/sims/shanghai/simulator.js';
import type { WelinkSimulator } from '../../src/proxy/sims/welink/simulator.js';
import { apiClient } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';
import { waitUntil } from '../helpers/wait.js';

const PARKING_ID = 'qp31022900183';
const PASSWORD = 'demo-shanghai-password-31';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
let proxy: DemoProxy;
let city: ShanghaiSimulator;
let welink: WelinkSimulator;
const startupLog: Array<{ level: string; msg: string }> = [];
const exitLane = apiClient(() => proxy.url, 'demo-lane-key-exit-1');

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, (line) => startupLog.push(JSON.parse(line))), staticRoot: null });
  city = proxy.simulators!.shanghai!;
  welink = proxy.simulators!.welink!;
  await waitUntil(async () => proxy.lots.get('welink-demo')!.unifiedPayment!.listsDownloadedAt, (at) => at !== null);
});
after(() => proxy.close());

const cityOf = () => proxy.lots.get('welink-demo')!.unifiedPayment!;

test('an order carries the city’s own reduction: its code and money, in the submit and in the fee-query answer', async () => {
  const now = Date.now();
  city.desk.reductions.set('沪R20001', [
    { reduceTypeId: 'T1', orderId: '', reduceCode: 'SH-RC-0001', reduceMoney: 400, reduceTime: 0, reduceFrom: now - 3_600_000, reduceTo: now + 3_600_000, remark: '', dateTime: now },
    { reduceTypeId: 'T2', orderId: '', reduceCode: 'SH-RC-0002', reduceMoney: 250, reduceTime: 0, reduceFrom: now - 3_600_000, reduceTo: now + 3_600_000, remark: '', dateTime: now },
    // Ended an hour ago, in the field table's spelling (reserveTo): not in force.
    { reduceTypeId: 'T3', orderId: '', reduceCode: 'SH-RC-0003', reduceMoney: 600, reduceTime: 0, reduceFrom: now - 7_200_000, reserveTo: now - 3_600_000, remark: '', dataTime: now },
  ]);
  welink.enter('沪R20001', now - 135 * 60_000);
  const quote = (await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪R20001' } })).body;
  assert.deepEqual([quote.payableFen, quote.discountFen, quote.dueFen, quote.cityReduction], [1500, 400, 1100, { code: 'SH-RC-0001', fen: 400 }]);
  const submitted = (await waitUntil(async () => city.desk.submissions.find((s) => s.orderId === quote.quoteId), Boolean))!;
  assert.deepEqual([submitted.totalMoney, submitted.reduceCode, submitted.reduceMoney, submitted.dueMoney], [1500, 'SH-RC-0001', 400, 1100]);
  assert.equal(city.refusals.filter((r) => r.path.includes('submit')).length, 0, 'the platform took every order');

  const asked = await city.callLot(`${proxy.url}/callbacks/shanghai/welink-demo/fee-query`, { parkingId: PARKING_ID, plateId: '沪R20001', vehicleType: 1, dateTime: Date.now() });
  const answer = asked.body.data as Record<string, unknown>;
  assert.deepEqual([answer.totalMoney, answer.reduceCode, answer.reduceMoney, answer.dueMoney], [1500, 'SH-RC-0001', 400, 1100]);
});

test('reconciliation shows, per city payment, the driver’s money and the city’s reduction that together settled the Welink bill', async () => {
  const now = Date.now();
  city.desk.reductions.set('沪R20002', [{ reduceTypeId: 'T1', orderId: '', reduceCode: 'SH-RC-0004', reduceMoney: 300, reduceTime: 0, reduceFrom: now - 3_600_000, reduceTo: now + 3_600_000, remark: '', dateTime: now }]);
  welink.enter('沪R20002', now - 135 * 60_000);
  const quote = (await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪R20002' } })).body;
  const submitted = (await waitUntil(async () => city.desk.submissions.find((s) => s.orderId === quote.quoteId), Boolean))!;
  // The driver paid yesterday evening in the city's app; the platform's notify reaches the lot.
  const yesterday = now - 86_400_000;
  city.desk.pay({ businessId: submitted.businessId as string, orderId: quote.quoteId, plateId: '沪R20002', vehicleType: 1, payMoney: 1200, payType: 3, payTime: yesterday });
  assert.equal((await city.notifyPaid(quote.quoteId)).body.code, 0);
  const welinkPaid = welink.payments.find((p) => p.plate === '沪R20002')!;
  assert.equal(welinkPaid.amountFen, 1500, 'Welink’s bill, settled by token with no amount');

  const day = new Date(yesterday + 8 * 3_600_000).toISOString().slice(0, 10);
  const recon = await exitLane(`/v1/lots/welink-demo/reconciliation/payments?date=${day}`, { key: OPERATOR_KEY });
  assert.equal(recon.status, 200);
  const record = recon.body.records.find((r: { orderId: string }) => r.orderId === quote.quoteId);
  assert.equal(record.payMoney, 1200, 'the platform’s own record of the driver’s money');
  assert.deepEqual(
    [record.settlement.payMoney, record.settlement.reduceCode, record.settlement.reduceMoney, record.settlement.totalMoney],
    [1200, 'SH-RC-0004', 300, welinkPaid.amountFen],
  );
  assert.equal(record.settlement.businessId, submitted.businessId);
});

test('heartbeat and submit/payment send dataTime, as their tables and examples both spell it', async () => {
  const health = await proxy.lots.get('welink-demo')!.city!.heartbeat();
  assert.ok(health.lastHeartbeatAt !== null);
  const beat = city.heartbeats.at(-1)!;
  assert.equal(typeof beat.dataTime, 'number');
  assert.equal('dateTime' in beat, false);
  const submitted = city.desk.submissions.at(-1)!;
  assert.equal(typeof submitted.dataTime, 'number');
  assert.equal('dateTime' in submitted, false);
});

test('the simulator holds each interface to its spelling: arrive takes either (table and example disagree), heartbeat only dataTime', async () => {
  const send = async (path: string, record: Record<string, unknown>, nonce: string) => {
    const body = JSON.stringify(record);
    const curTime = String(Math.floor(Date.now() / 1000));
    const query = new URLSearchParams({ appId: 'demo-sh-app', nonce, curTime, checkSum: createHash('sha1').update(`${PASSWORD}${nonce}${curTime}`).digest('hex') });
    const response = await fetch(`${proxy.url}/sims/shanghai/service/${path}/${PARKING_ID}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', sign: createHash('md5').update(`${PASSWORD}|${body}`).digest('hex') },
      body,
    });
    return ((await response.json()) as { code: number }).code;
  };
  const arrive = { seq: '20261203QP310229001830000077', plateId: '沪E20001', vehicleType: 1, laneType: 1, parkType: 1 };
  assert.equal(await send('parking/data/parkplot/arrive', { ...arrive, freeBerth: 100, dateTime: Date.now() }, 'spell-table'), 0);
  assert.equal(await send('parking/data/parkplot/arrive', { ...arrive, freePerth: 100, dataTime: Date.now() }, 'spell-example'), 0);
  assert.equal(await send('parking/data/parkplot/arrive', { ...arrive, freeBerth: 100 }, 'spell-none'), 3000);
  const beat = { totalArrived: 1, totalLeft: 0, freeBerth: 100 };
  assert.equal(await send('parking/manage/parkplot/heartbeat', { ...beat, dataTime: Date.now() }, 'beat-data'), 0);
  assert.equal(await send('parking/manage/parkplot/heartbeat', { ...beat, dateTime: Date.now() }, 'beat-date'), 3000);
});

test('/download/params: the list is read under message (as printed) or data; the start logs no warning', async () => {
  assert.deepEqual(
    startupLog.filter((line) => line.level !== 'info' && line.level !== 'debug'),
    [],
    'the proxy started against the simulator without a warning',
  );
  city.desk.paramsUnder = 'data';
  try {
    const params = await cityOf().payment.params();
    assert.equal(params?.get('reserve.download.interval'), '600');
    const log: Array<{ level: string; msg: string }> = [];
    const fresh = new UnifiedPaymentService(cityOf().reporter, cityOf().payment, 'welink-demo', createLogger([], (line) => log.push(JSON.parse(line))));
    await fresh.start(`${proxy.url}/callbacks/shanghai/welink-demo`);
    fresh.stop();
    assert.deepEqual(log.filter((line) => line.level !== 'info'), []);
  } finally {
    city.desk.paramsUnder = 'message';
  }
});
