/**
 * Welink beyond quote and pay, over real HTTP on 127.0.0.1 against the embedded simulator: lane auth
 * through the whole state table (tickets and unlicensed cars), merchant coupons, spaces, the
 * platform's lanes and the lane QR.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { WELINK_NO_BILL } from '../../src/proxy/providers/welink/errors.js';
import { LongId, parseLongSafe, stringifyLongSafe } from '../../src/proxy/providers/welink/long-json.js';
import { WelinkSimulator } from '../../src/proxy/sims/welink/simulator.js';
import { apiClient } from '../helpers/api.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const OPERATOR_KEY = 'demo-operator-key-7c1e';
const MCH = '11151314366657101';
let proxy: DemoProxy;
let sim: WelinkSimulator;
const exitLane = apiClient(() => proxy.url, 'demo-lane-key-exit-1');
const entry = apiClient(() => proxy.url, 'demo-lane-key-entry-1');

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  demo.lots[0].feeSource.authPollMs = 20;
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  sim = proxy.simulators!.welink!;
});
after(() => proxy.close());

/** A ticket printed at the entry lane, with its car parked `minutesAgo`. */
async function ticketed(minutesAgo: number): Promise<{ ticketNo: string; payload: string; license: string }> {
  const { status, body } = await entry('/v1/lanes/entry-1/tickets', { method: 'POST' });
  assert.equal(status, 201);
  sim.cars.get(body.license)!.enteredAtMs = Date.now() - minutesAgo * 60_000;
  return body;
}

const laneAuth = (ticket: string) => exitLane('/v1/lanes/exit-1/lane-auth', { method: 'POST', json: { ticket } });
const methodsSince = (index: number) => sim.received.slice(index).map((r) => r.method);

test('an entry ticket is a Welink entry credential: /auth/enter with the ticket number as userId', async () => {
  const { status, body } = await entry('/v1/lanes/entry-1/tickets', { method: 'POST' });
  assert.equal(status, 201);
  assert.match(body.license, /^QB0\d{7}$/);
  assert.equal(sim.auth.credentials.get(body.ticketNo), body.license);
  const call = sim.received.findLast((r) => r.method === '/auth/enter')!;
  // A 16-digit lane id arrives exact, as a bare JSON number.
  assert.deepEqual(call.payload, { laneId: '3150432953492101', userId: body.ticketNo });
});

test('exit by ticket: state 4 becomes a payable quote, payment releases the car, the next auth says goodbye', async () => {
  const ticket = await ticketed(135);
  const { status, body } = await laneAuth(ticket.payload);
  assert.equal(status, 200);
  assert.equal(body.state, 'pay');
  assert.equal(body.platformState, 4);
  assert.equal(body.quote.plate, ticket.license);
  assert.equal(body.quote.dueFen, 1500);
  const paid = await exitLane(`/v1/payments/${body.quote.quoteId}/paid`, { method: 'POST', key: OPERATOR_KEY, json: { amountFen: 1500, channel: 'wechat', paymentRef: `t-${ticket.ticketNo}` } });
  assert.equal(paid.status, 200);
  assert.equal(sim.payments.findLast((p) => p.plate === ticket.license)!.amountFen, 1500);
  const bye = (await laneAuth(ticket.payload)).body;
  assert.deepEqual([bye.state, bye.message, bye.quote], ['released', '一路顺风', null]);
});

test('state 7: wait, poll /auth/queryEvent until ReAuth, authenticate again', async () => {
  const ticket = await ticketed(70);
  sim.auth.script(ticket.ticketNo, [7]);
  const mark = sim.received.length;
  const { body } = await laneAuth(ticket.payload);
  assert.equal(body.state, 'pay');
  assert.equal(body.quote.dueFen, 1000);
  assert.deepEqual(methodsSince(mark), ['/auth/exit', '/auth/queryEvent', '/auth/queryEvent', '/auth/exit']);
});

test('state 3: the fee is fetched again through /auth/refreshParkingFee', async () => {
  const ticket = await ticketed(30);
  sim.auth.script(ticket.ticketNo, [3]);
  const mark = sim.received.length;
  const { body } = await laneAuth(ticket.payload);
  assert.equal(body.state, 'pay');
  assert.equal(body.quote.dueFen, 500);
  assert.deepEqual(methodsSince(mark), ['/auth/exit', '/auth/refreshParkingFee']);
});

test('states 1, 2, 5 and 6 come back in words with the platform’s message; an unknown ticket is an error', async () => {
  const ticket = await ticketed(30);
  const seen: Array<[string, number, string]> = [];
  for (const state of [1, 2, 5, 6]) {
    sim.auth.script(ticket.ticketNo, [state]);
    const { body } = await laneAuth(ticket.payload);
    seen.push([body.state, body.platformState, body.message]);
  }
  assert.deepEqual(seen, [
    ['refused', 1, '认证被拒绝：黑名单车辆'],
    ['confirming', 2, '等待确认'],
    ['error', 5, '认证错误'],
    ['gate-failed', 6, '开闸失败，请联系管理员'],
  ]);
  const { body } = await exitLane('/v1/lanes/exit-1/lane-auth', { method: 'POST', json: { userId: 'phone-13900000000' } });
  assert.deepEqual([body.state, body.message], ['error', '没有入场记录']);
  const forged = await exitLane('/v1/lanes/exit-1/lane-auth', { method: 'POST', json: { ticket: `${ticket.payload.slice(0, -2)}AA` } });
  assert.equal(forged.status, 400);
});

test('a merchant coupon: the rule is checked, the coupon added with exact long ids, the fee quoted again', async () => {
  sim.enter('沪C20001', Date.now() - 135 * 60_000);
  const { status, body } = await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: MCH, ruleId: '12151107613232801', plate: '沪C20001' } });
  assert.equal(status, 200);
  assert.equal(body.coupon.rule.name, '减免 5 元');
  assert.match(body.coupon.couponId, /^\d{17}$/);
  assert.deepEqual([body.quote.payableFen, body.quote.discountFen, body.quote.dueFen], [1500, 500, 1000]);
  const add = sim.received.findLast((r) => r.method === '/coupon/add')!;
  assert.deepEqual(add.payload, { mchId: MCH, ruleId: '12151107613232801', plateNumber: '沪C20001' });
  const again = await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: MCH, ruleId: '12151107613232801', plate: '沪C20001' } });
  assert.equal(again.status, 409, 'the same coupon twice is not a refusal: its discount is already in the fee');
  assert.equal(again.body.error.code, 'coupon-already-applied');
  const unknown = await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: MCH, ruleId: '12151107613232899', plate: '沪C20001' } });
  assert.equal(unknown.status, 422);
  assert.match(unknown.body.error.message, /no coupon rule/);
  assert.equal((await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: '1e5', ruleId: '1', plate: '沪C20001' } })).status, 400);
});

test('a time coupon can make the stay free', async () => {
  sim.enter('沪C20002', Date.now() - 100 * 60_000);
  const { body } = await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: MCH, ruleId: '12151107620265701', plate: '沪C20002' } });
  // 100 minutes less 120 free: Welink answers NoBill, nothing left to pay.
  assert.equal(body.quote.status, 'nothing-to-pay');
  assert.equal(body.quote.dueFen, 0);
  assert.equal(body.coupon.rule.ruleType, 1);
});

test('a stay Welink forgets once it owes nothing keeps its figures on the lane: coupons that covered the fee, a payment', async () => {
  const figures = (quote: { status: string; payableFen: number; discountFen: number; paidFen: number; dueFen: number }) => [quote.status, quote.payableFen, quote.discountFen, quote.paidFen, quote.dueFen];
  sim.enter('沪C20003', Date.now() - 135 * 60_000);
  assert.deepEqual(figures((await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪C20003' } })).body), ['due', 1500, 0, 0, 1500]);
  await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: MCH, ruleId: '12151107613232801', plate: '沪C20003' } });
  const covered = await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: MCH, ruleId: '12151114539475601', plate: '沪C20003' } });
  // Welink now answers NoBill, without figures: ¥5 + ¥10 of coupons covered the ¥15.
  assert.equal(sim.received.findLast((r) => r.method === '/pay/queryTmpRentBill')!.code, WELINK_NO_BILL);
  assert.deepEqual(figures(covered.body.quote), ['nothing-to-pay', 1500, 1500, 0, 0]);
  const again = (await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪C20003' } })).body;
  assert.deepEqual(figures(again), ['nothing-to-pay', 1500, 1500, 0, 0], 'looked up again, the coupons still show');
  assert.ok(again.enteredAt);

  sim.enter('沪C20004', Date.now() - 135 * 60_000);
  const due = (await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪C20004' } })).body;
  const paid = await exitLane(`/v1/payments/${due.quoteId}/paid`, { method: 'POST', key: OPERATOR_KEY, json: { amountFen: 1500, channel: 'wechat', paymentRef: 'W-C20004' } });
  assert.equal(paid.status, 200);
  assert.deepEqual(figures((await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪C20004' } })).body), ['nothing-to-pay', 1500, 0, 1500, 0], 'paid within the grace time: 已付 ¥15.00');

  // Paid some way the proxy never saw (the platform's own app): no figures it cannot account for,
  // and a coupon scanned then is not spent on a stay that owes nothing (nor shown as a discount).
  sim.enter('沪C20005', Date.now() - 135 * 60_000);
  await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪C20005' } });
  Object.assign(sim.cars.get('沪C20005')!, { paidFen: 1500, paidAtMs: Date.now() });
  assert.deepEqual(figures((await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪C20005' } })).body), ['nothing-to-pay', 0, 0, 0, 0]);
  const couponsBefore = sim.received.filter((r) => r.method === '/coupon/add').length;
  const late = await exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', json: { mchId: MCH, ruleId: '12151107613232801', plate: '沪C20005' } });
  assert.equal(late.status, 409);
  assert.equal(late.body.error.code, 'nothing-to-pay');
  assert.equal(sim.received.filter((r) => r.method === '/coupon/add').length, couponsBefore, 'the coupon was not spent');
  assert.deepEqual(figures((await exitLane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪C20005' } })).body), ['nothing-to-pay', 0, 0, 0, 0]);
});

test('free spaces for the idle screen, from /info/space', async () => {
  const { status, body } = await exitLane('/v1/lanes/exit-1/spaces');
  assert.equal(status, 200);
  assert.equal(body.freeSpaces, 35);
  assert.deepEqual(body.areas[0], { areaId: '1150779322741001', totalSpaces: 100, freeSpaces: 10 });
});

test('operators list the platform’s lanes and register a lane QR, which the lane’s kiosk then gets; lanes may not', async () => {
  const lanes = await exitLane('/v1/lots/welink-demo/platform-lanes', { key: OPERATOR_KEY });
  assert.equal(lanes.status, 200);
  assert.deepEqual(
    lanes.body.lanes.map((l: { platformLaneId: string; kind: string }) => [l.platformLaneId, l.kind]),
    [['3150432953492101', 'entry'], ['3150432953492102', 'exit']],
  );
  assert.equal((await exitLane('/v1/lots/welink-demo/platform-lanes')).status, 401);
  const qrUrl = 'https://pay.example.com/lane/exit-1';
  assert.equal((await exitLane('/v1/lanes/exit-1/config')).body.laneQrUrl, null, 'the demo configures no lane QR');
  assert.equal((await exitLane('/v1/lots/welink-demo/lanes/exit-1/qr', { method: 'PUT', json: { qrUrl } })).status, 401);
  const qr = await exitLane('/v1/lots/welink-demo/lanes/exit-1/qr', { method: 'PUT', key: OPERATOR_KEY, json: { qrUrl } });
  assert.equal(qr.status, 200);
  assert.match(qr.body.qrCode, /^\d+$/);
  assert.deepEqual(sim.lot.qrUrls.get('3150432953492102'), { qrUrl, qrCode: qr.body.qrCode });
  assert.equal((await exitLane('/v1/lanes/exit-1/config')).body.laneQrUrl, qrUrl);
});

test('a platform without a capability says so: 501 from the ETCP lot', async () => {
  const etcp = apiClient(() => proxy.url, 'demo-lane-key-etcp-exit-1');
  const spaces = await etcp('/v1/lanes/etcp-exit-1/spaces');
  assert.equal(spaces.status, 501);
  assert.match(spaces.body.error.message, /etcp .* has no lot-info/);
  assert.equal((await etcp('/v1/lanes/etcp-exit-1/lane-auth', { method: 'POST', json: { userId: 'u1' } })).status, 501);
});

test('long ids survive both directions exactly, and strings that look like numbers are left alone', () => {
  assert.equal(stringifyLongSafe({ mchId: new LongId('11151314366657101'), n: 1 }), '{"mchId":11151314366657101,"n":1}');
  assert.deepEqual(parseLongSafe('{"a":12151107620265701,"b":"x:12151107620265701,","c":[3150432953492101,-9007199254740993],"d":1.5e3,"e":42}'), {
    a: '12151107620265701',
    b: 'x:12151107620265701,',
    c: ['3150432953492101', '-9007199254740993'],
    d: 1500,
    e: 42,
  });
  assert.notEqual(String(JSON.parse('12151107620265701')), '12151107620265701', 'plain JSON.parse would round it');
});

test('the simulator forgets bills an hour after they can no longer be paid, so a long-running demo does not grow', () => {
  let now = Date.parse('2026-11-23T08:00:00+08:00');
  const lot = new WelinkSimulator({ appId: 'app', secretKey: 'secret', parkId: 'park', now: () => now });
  const car = lot.enter('沪A12345', now - 3 * 3600_000);
  const first = lot.billFor(car)!.payToken as string;
  now += 10 * 60_000;
  lot.billFor(car);
  assert.equal(lot.bills.size, 2);
  now += 70 * 60_000; // the first bill is 80 minutes old: 15 payable and an hour remembered are over
  const latest = lot.billFor(car)!.payToken as string;
  assert.equal(lot.bills.has(first), false);
  assert.equal(lot.bills.size, 2, 'the second bill, 70 minutes old, is still remembered');
  assert.equal(lot.bills.has(latest), true);
});
