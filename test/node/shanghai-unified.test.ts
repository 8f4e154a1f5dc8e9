/**
 * Shanghai unified payment, lot side, beyond the fee query and notify: callback registration at
 * startup, password-free release, pay-result checks for late notifies, policy reductions,
 * reservations and stagger agreements at a full lot, reconciliation downloads, invoice and find-car
 * callbacks. Over real HTTP on 127.0.0.1 against the embedded simulators.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import type { ShanghaiSimulator } from '../../src/proxy/sims/shanghai/simulator.js';
import { SIM_AREAS } from '../../src/proxy/sims/welink/lot-desk.js';
import type { WelinkSimulator } from '../../src/proxy/sims/welink/simulator.js';
import { apiClient, openLaneStream } from '../helpers/api.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';
import { waitUntil } from '../helpers/wait.js';

const PARKING_ID = 'qp31022900183';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const EXIT_KEY = 'demo-lane-key-exit-1';
let proxy: DemoProxy;
let city: ShanghaiSimulator;
let welink: WelinkSimulator;
const exitLane = apiClient(() => proxy.url, EXIT_KEY);
const entry = apiClient(() => proxy.url, 'demo-lane-key-entry-1');
const callbacks = () => `${proxy.url}/callbacks/shanghai/welink-demo`;

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  city = proxy.simulators!.shanghai!;
  welink = proxy.simulators!.welink!;
  await waitUntil(async () => city.desk.callbackUrls.size, (n) => n === 4);
});
after(() => proxy.close());

const parked = (plate: string, minutesAgo: number) => welink.enter(plate, Date.now() - minutesAgo * 60_000);
const quote = async (plate: string) => (await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate } })).body;
const paymentsOf = (plate: string) => welink.payments.filter((p) => p.plate === plate);

test('at startup the lot registers its four callback paths and downloads parameters and lists', async () => {
  assert.deepEqual(
    [...city.desk.callbackUrls].sort(([a], [b]) => a - b).map(([type, { url, leftValidTime }]) => [type, url, leftValidTime]),
    ['fee-query', 'payment-notify', 'invoice', 'find-car'].map((path, i) => [i + 1, `${callbacks()}/${path}`, 900]),
  );
  await waitUntil(async () => proxy.lots.get('welink-demo')!.unifiedPayment!.listsDownloadedAt, (at) => at !== null);
});

test('password-free: the quote is submitted, the car released over SSE at once, and the later notify applies nothing twice', async () => {
  city.desk.passwordFreePlates.add('沪P10001');
  parked('沪P10001', 135);
  const stream = await openLaneStream(proxy.url, 'exit-1', EXIT_KEY);
  try {
    const q = await quote('沪P10001');
    assert.equal(q.dueFen, 1500);
    const paid = await stream.next('quote.paid');
    assert.deepEqual([paid.quoteId, paid.channel, paid.paidFen], [q.quoteId, 'shanghai-password-free', 1500]);
    const submitted = city.desk.submissions.findLast((s) => s.orderId === q.quoteId)!;
    assert.equal((submitted.businessId as string).length, 28);
    assert.deepEqual([submitted.totalMoney, submitted.reduceMoney, submitted.dueMoney, submitted.reduceCode], [1500, 0, 1500, '99999']);
    assert.equal(paymentsOf('沪P10001').length, 1, 'Welink released the car');
    const notify = await city.notifyPaid(q.quoteId);
    assert.deepEqual([notify.status, notify.body.code], [200, 0]);
    assert.equal(paymentsOf('沪P10001').length, 1, 'the platform’s own notify confirmed nothing twice');
  } finally {
    stream.close();
  }
});

test('a late notify: the lane asks the platform, which says paid, and the quote is confirmed once', async () => {
  parked('沪P10002', 70);
  const q = await quote('沪P10002');
  await waitUntil(async () => city.desk.submissions.some((s) => s.orderId === q.quoteId), Boolean);
  assert.equal(paymentsOf('沪P10002').length, 0, 'not password-free: nothing released');
  const unpaid = await exitLane(`/v1/lanes/exit-1/quotes/${q.quoteId}/payment-check`, { method: 'POST' });
  assert.deepEqual([unpaid.status, unpaid.body.paid], [200, false]);
  const businessId = city.desk.submissions.findLast((s) => s.orderId === q.quoteId)!.businessId as string;
  city.desk.pay({ businessId, orderId: q.quoteId, plateId: '沪P10002', vehicleType: 1, payMoney: q.dueFen, payType: 2 });
  const check = await exitLane(`/v1/lanes/exit-1/quotes/${q.quoteId}/payment-check`, { method: 'POST' });
  assert.deepEqual([check.body.paid, check.body.channel, check.body.paidFen, check.body.duplicate], [true, 'shanghai-2', 1000, false]);
  assert.equal((await city.notifyPaid(q.quoteId)).body.code, 0);
  assert.equal(paymentsOf('沪P10002').length, 1);
  const foreign = await apiClient(() => proxy.url, 'demo-lane-key-etcp-exit-1')(`/v1/lanes/etcp-exit-1/quotes/${q.quoteId}/payment-check`, { method: 'POST' });
  assert.equal(foreign.status, 404, 'another lot’s lane cannot ask about this quote');
});

test('policy reductions in force are folded into the quote; expired ones are not', async () => {
  const now = Date.now();
  city.desk.reductions.set('沪R10001', [
    { reduceTypeId: 'T1', orderId: '', reduceCode: 'RC-1', reduceMoney: 400, reduceTime: 0, reduceFrom: now - 3_600_000, reduceTo: now + 3_600_000, remark: '', dateTime: now },
    { reduceTypeId: 'T2', orderId: '', reduceCode: 'RC-2', reduceMoney: 300, reduceTime: 0, reduceFrom: now - 7_200_000, reduceTo: now - 3_600_000, remark: '', dateTime: now },
  ]);
  parked('沪R10001', 135);
  const q = await quote('沪R10001');
  assert.deepEqual([q.payableFen, q.discountFen, q.dueFen], [1500, 400, 1100]);
});

test('a full lot admits a car with a reservation or a stagger agreement, and no other', async () => {
  const now = Date.now();
  city.desk.reservations.push(
    { reserveType: 1, reserveId: 'R-1', reserveStatus: 1, parkingId: PARKING_ID, plateId: '沪Y10001', reserveFrom: now - 600_000, reserveTo: now + 3_600_000, vehicleType: 1 },
    { reserveType: 1, reserveId: 'R-2', reserveStatus: 2, parkingId: PARKING_ID, plateId: '沪Y10004', reserveFrom: now - 600_000, reserveTo: now + 3_600_000, vehicleType: 1 },
  );
  city.desk.staggers.push({ signId: 'S-1', signStatus: 1, staggerCode: 'C', productId: 'P', parkingId: PARKING_ID, plateId: '沪Y10002', vehicleType: 1, staggerDayFrom: now - 86_400_000, staggerDayTo: now });
  await proxy.lots.get('welink-demo')!.unifiedPayment!.refreshLists();
  const admit = async (plate: string) => (await entry('/v1/lanes/entry-1/admission', { method: 'POST', json: { plate } })).body;
  assert.deepEqual([(await admit('沪Y10003')).reason, (await admit('沪Y10003')).freeSpaces], ['space', 35]);
  const saved = SIM_AREAS.map((a) => a.tmpFreeSpace);
  for (const area of SIM_AREAS) area.tmpFreeSpace = 0;
  try {
    assert.deepEqual(await admit('沪Y10001'), { plate: '沪Y10001', freeSpaces: 0, admitted: true, reason: 'reservation', reference: 'R-1' });
    assert.deepEqual(await admit('沪Y10002'), { plate: '沪Y10002', freeSpaces: 0, admitted: true, reason: 'stagger', reference: 'S-1' });
    assert.deepEqual(await admit('沪Y10003'), { plate: '沪Y10003', freeSpaces: 0, admitted: false, reason: 'full' });
    assert.equal((await admit('沪Y10004')).admitted, false, 'a cancelled reservation admits nobody');
  } finally {
    SIM_AREAS.forEach((area, i) => (area.tmpFreeSpace = saved[i]!));
  }
  assert.equal((await exitLane('/v1/lanes/exit-1/admission', { method: 'POST', json: { plate: '沪Y10001' } })).status, 403);
});

test('operators download a closed day’s platform payments and bills; today, no key or a bad date are refused', async () => {
  const yesterday = Date.now() - 86_400_000;
  const day = new Date(yesterday + 8 * 3_600_000).toISOString().slice(0, 10);
  city.desk.pay({ businessId: '20261122QP31022900183000001', orderId: 'Qrecon-1', plateId: '沪A00001', vehicleType: 1, payMoney: 600, payType: 3, payTime: yesterday });
  const payments = await exitLane(`/v1/lots/welink-demo/reconciliation/payments?date=${day}`, { key: OPERATOR_KEY });
  assert.equal(payments.status, 200);
  assert.ok(payments.body.records.some((r: { orderId: string; payMoney: number }) => r.orderId === 'Qrecon-1' && r.payMoney === 600));
  const bills = await exitLane(`/v1/lots/welink-demo/reconciliation/bills?date=${day}`, { key: OPERATOR_KEY });
  assert.ok(bills.body.records.some((r: { orderId: string; billId: string }) => r.orderId === 'Qrecon-1' && r.billId.length > 10));
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  assert.equal((await exitLane(`/v1/lots/welink-demo/reconciliation/payments?date=${today}`, { key: OPERATOR_KEY })).status, 400);
  assert.equal((await exitLane(`/v1/lots/welink-demo/reconciliation/payments?date=${day}`)).status, 401);
  assert.equal((await exitLane('/v1/lots/welink-demo/reconciliation/payments?date=yesterday', { key: OPERATOR_KEY })).status, 400);
});

test('invoice callback: this lot’s WeChat and Alipay payments for the plate; a forged call changes nothing', async () => {
  parked('沪J10001', 70);
  const q = await quote('沪J10001');
  await exitLane(`/v1/payments/${q.quoteId}/paid`, { method: 'POST', key: OPERATOR_KEY, json: { amountFen: q.dueFen, channel: 'wechat', paymentRef: 'inv-1' } });
  const answer = await city.callLot(`${callbacks()}/invoice`, { parkingId: PARKING_ID, plateId: '沪J10001', vehicleType: 1, dateTime: Date.now() });
  assert.equal(answer.status, 200);
  const data = answer.body.data as Array<Record<string, unknown>>;
  assert.equal(data.length, 1);
  assert.deepEqual([data[0]!.orderId, data[0]!.payMoney, data[0]!.payType, (data[0]!.businessId as string).length], [q.quoteId, 1000, 2, 28]);
  const forged = await fetch(`${callbacks()}/invoice`, { method: 'POST', headers: { 'content-type': 'application/json', sign: '0'.repeat(32) }, body: JSON.stringify({ parkingId: PARKING_ID, plateId: '沪J10001', dateTime: Date.now() }) });
  assert.equal(forged.status, 401);
});

test('find-car callback: a parked car is in this lot; an unknown one is 404', async () => {
  parked('沪F10001', 30);
  const found = await city.callLot(`${callbacks()}/find-car`, { parkingId: PARKING_ID, plateId: '沪F10001', dateTime: Date.now() });
  assert.equal(found.body.code, 0);
  const data = found.body.data as Record<string, unknown>;
  assert.deepEqual([data.plateId, data.parkingStore, (data.businessId as string).length], ['沪F10001', '泊云示范停车场', 28]);
  const missing = await city.callLot(`${callbacks()}/find-car`, { parkingId: PARKING_ID, plateId: '沪F99999', dateTime: Date.now() });
  assert.equal(missing.body.code, 404);
});
