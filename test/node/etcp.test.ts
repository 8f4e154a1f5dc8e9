/**
 * ETCP as a lot's fee source and push sender, over real HTTP on 127.0.0.1: the proxy against its
 * embedded ETCP simulator (union login, orderunpay, orderpaid, signed pushes).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { EtcpPushReceiver, etcpPushData } from '../../src/proxy/callbacks/etcp.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import type { EtcpFeeSource } from '../../src/proxy/providers/etcp/fee-source.js';
import type { EtcpSimulator } from '../../src/proxy/sims/etcp/simulator.js';
import { apiClient, openLaneStream } from '../helpers/api.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const LANE = 'etcp-exit-1';
const LANE_KEY = 'demo-lane-key-etcp-exit-1';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const PHONE = '13800000001';

let proxy: DemoProxy;
let sim: EtcpSimulator;
let feeSource: EtcpFeeSource;
const api = apiClient(() => proxy.url, LANE_KEY);

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  sim = proxy.simulators!.etcp!;
  feeSource = proxy.lots.get('etcp-demo')!.feeSource as EtcpFeeSource;
});
after(() => proxy.close());

const quote = (plate: string) => api(`/v1/lanes/${LANE}/quotes`, { method: 'POST', json: { plate } });
const pay = (quoteId: string, amountFen: number, paymentRef = `pay-${quoteId}`) =>
  api(`/v1/payments/${quoteId}/paid`, { method: 'POST', key: OPERATOR_KEY, json: { amountFen, channel: 'wechat', paymentRef } });

test('orderunpay as the fee source: ETCP yuan become fen, the plate stays as typed though ETCP masks it', async () => {
  sim.admit('沪E11111', Date.now() - 95 * 60_000);
  const { status, body } = await quote('沪E11111');
  assert.equal(status, 200);
  // 95 minutes in the simulated lot: two started hours at ¥5.
  assert.equal(body.status, 'due');
  assert.equal(body.plate, '沪E11111');
  assert.equal(body.dueFen, 1000);
  assert.equal(body.payableFen, 1000);
  assert.ok(body.minutes >= 95 && body.minutes <= 96, `minutes ${body.minutes}`);
  const call = sim.received.findLast((r) => r.api === 'orderunpay')!;
  assert.equal(call.code, 0);
  assert.deepEqual(Object.keys(call.data as object).sort(), ['appId', 'plateNumber', 'token']);
  assert.ok(!JSON.stringify(body).includes('verificationInfo'), 'verificationInfo never reaches the browser');
});

test('a car ETCP does not know is no-entry-record', async () => {
  const { body } = await quote('沪E99999');
  assert.equal(body.status, 'no-entry-record');
  assert.equal(body.payUrl, null);
});

test('the union-login token is reused, and a token voided by a newer login is replaced once', async () => {
  sim.admit('沪E22222', Date.now() - 30 * 60_000);
  const before = feeSource.session.logins;
  await quote('沪E22222');
  await quote('沪E22222');
  assert.equal(feeSource.session.logins, before, 'no login while the token is fresh');
  sim.signIn(PHONE); // the same account logs in elsewhere: last one wins
  const { status, body } = await quote('沪E22222');
  assert.equal(status, 200);
  assert.equal(body.dueFen, 500);
  assert.equal(feeSource.session.logins, before + 1);
  const codes = sim.received.slice(-3).map((r) => `${r.api}:${r.code}`);
  assert.deepEqual(codes, ['orderunpay:20101', 'usersigin:0', 'orderunpay:0']);
});

test('orderpaid: the exact remainder in yuan with verificationInfo; a retried confirmation pays once', async () => {
  sim.admit('沪E33333', Date.now() - 125 * 60_000);
  const { body: q } = await quote('沪E33333');
  assert.equal(q.dueFen, 1500);
  const first = await pay(q.quoteId, 1500);
  assert.equal(first.status, 200);
  assert.equal(first.body.duplicate, false);
  const again = await pay(q.quoteId, 1500);
  assert.equal(again.status, 200);
  assert.equal(again.body.duplicate, true);
  const payments = [...sim.payments.values()].filter((p) => p.plate === '沪E33333');
  assert.equal(payments.length, 1);
  assert.equal(payments[0]!.paymentFen, 1500);
  assert.match(payments[0]!.externalOrderId, /^LK[0-9a-f]{30}$/);
  const sent = sim.received.findLast((r) => r.api === 'orderpaid')!.data as { payment: string; payTime: string; verificationInfo: string };
  assert.equal(sent.payment, '15');
  assert.match(sent.payTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.ok(sent.verificationInfo.length > 20);
  // Paid: nothing more to pay.
  assert.equal((await quote('沪E33333')).body.status, 'nothing-to-pay');
});

test('20206 with an unchanged fee: re-query and pay with the fresh verificationInfo', async () => {
  sim.admit('沪E44444', Date.now() - 65 * 60_000);
  const { body: q } = await quote('沪E44444');
  sim.failNext('orderpaid', 20206);
  const answer = await pay(q.quoteId, q.dueFen);
  assert.equal(answer.status, 200);
  const calls = sim.received.slice(-3).map((r) => `${r.api}:${r.code}`);
  assert.deepEqual(calls, ['orderpaid:20206', 'orderunpay:0', 'orderpaid:0']);
  assert.equal([...sim.payments.values()].filter((p) => p.plate === '沪E44444').length, 1);
});

test('20206 because the fee grew: 409 amount-mismatch, nothing paid, the payment can be refunded or re-quoted', async () => {
  const car = sim.admit('沪E55555', Date.now() - 50 * 60_000);
  const { body: q } = await quote('沪E55555');
  assert.equal(q.dueFen, 500);
  car.enteredAtMs -= 60 * 60_000; // an hour more has passed in ETCP's eyes
  const answer = await pay(q.quoteId, 500);
  assert.equal(answer.status, 409);
  assert.equal(answer.body.error.code, 'etcp:20206');
  assert.match(answer.body.error.message, /1000 fen/);
  assert.equal([...sim.payments.values()].filter((p) => p.plate === '沪E55555').length, 0);
  assert.equal(car.paidFen, 0);
});

test('exit push: signed, verified, and sent to the lot’s exit lane as car.exit in fen', async () => {
  const stream = await openLaneStream(proxy.url, LANE, LANE_KEY);
  try {
    sim.admit('渝A8T769', Date.now() - 200 * 60_000);
    const push = await sim.exit('渝A8T769');
    assert.equal(push!.status, 200);
    assert.deepEqual(push!.answer, { code: 0, message: 'ok' });
    const event = await stream.next('car.exit');
    assert.equal(event.plate, '渝A8T769');
    assert.equal(event.platform, 'etcp');
    assert.equal(event.receivableFen, 2000); // v2 says 20 (yuan)
    assert.equal(push!.body.receivableFee, 20);
    assert.ok(event.stayedSeconds >= 200 * 60);
  } finally {
    stream.close();
  }
});

test('after the exit push an unpaid stay is still quoted, at the fee frozen at the exit, and leaves the lot once paid', async () => {
  sim.admit('渝A5K291', Date.now() - 125 * 60_000);
  const push = (await sim.exit('渝A5K291'))!;
  assert.equal(push.body.receivableFee, 15);
  // Four hours pass after the exit (both times move back): a fee still counting would have grown.
  const car = sim.cars.get('渝A5K291')!;
  car.exitedAtMs! -= 4 * 3600_000;
  car.enteredAtMs -= 4 * 3600_000;
  const { body } = await quote('渝A5K291');
  assert.equal(body.status, 'due');
  assert.equal(body.dueFen, 1500);
  assert.equal((await pay(body.quoteId, 1500)).status, 200);
  assert.equal(sim.cars.has('渝A5K291'), false);
  assert.equal((await quote('渝A5K291')).body.status, 'no-entry-record');
});

test('entry, unbind and auth-invalid pushes are acknowledged; forged and stale ones refused with ETCP codes', async () => {
  const entry = (await sim.enter('渝A073G8', Date.now()))!;
  assert.ok(entry);
  assert.deepEqual((await sim.unbind('渝A073G8'))!.answer, { code: 0, message: 'ok' });
  assert.deepEqual((await sim.unbind('渝A073G8', 'auth-invalid'))!.answer, { code: 0, message: 'ok' });
  const pushUrl = `${proxy.url}/callbacks/etcp/etcp-demo`;
  const post = (kind: string, body: unknown) =>
    fetch(`${pushUrl}/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const original = sim.pushes.find((p) => p.kind === 'entry')!.body;
  const forged = await post('entry', { ...original, plateNumber: '渝A99999' });
  assert.equal(forged.status, 401);
  assert.equal(forged.body.code, 4);
  const noSign = await post('exit', { plateNumber: '渝A99999' });
  assert.equal(noSign.status, 401);
  // v2's entry fields are a subsequence of the exit's, so the signment holds; the missing exit fields refuse it.
  const wrongKind = await post('exit', original);
  assert.equal(wrongKind.status, 400);
  assert.equal(wrongKind.body.code, 20102);
  const unknownLot = await fetch(`${proxy.url}/callbacks/etcp/welink-demo/entry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(unknownLot.status, 404);
});

test('a replayed exit push is acknowledged but reaches the lane once', async () => {
  const receiver = new EtcpPushReceiver(new MemoryStateStore(), () => Date.parse('2026-11-23T09:05:00+08:00'));
  const credentials = { merchantNo: 'M1', merchantKey: 'K1-0123456789', pushVersion: 2 as const } as Parameters<EtcpPushReceiver['receive']>[1];
  const body = { synId: 's1', plateNumber: '渝A8T769', parkName: 'P', parkId: 1, entranceTime: '2026-11-23 08:00:00', exitTime: '2026-11-23 09:00:00', stayedTime: 3600, receivableFee: 5 };
  const signment = createHash('md5').update(`M1${etcpPushData('exit', 2, body)}K1-0123456789`).digest('hex').toUpperCase();
  const first = await receiver.receive('exit', credentials, { ...body, signment });
  const second = await receiver.receive('exit', credentials, { ...body, signment });
  assert.equal(first.duplicate, false);
  assert.equal(first.exitEvent!.receivableFen, 500);
  assert.equal(second.duplicate, true);
  assert.equal(second.exitEvent, undefined);
  assert.equal(receiver.counts.exit, 1);
  const stale = { ...body, synId: 's2', pushTime: '2020-01-01 00:00:00' };
  const staleSignment = createHash('md5').update(`M1${etcpPushData('exit', 2, stale)}K1-0123456789`).digest('hex');
  await assert.rejects(receiver.receive('exit', credentials, { ...stale, signment: staleSignment }), /replay window/);
  assert.equal(receiver.counts.exit, 1);
});

test('a signed push whose fields break the spec’s types is refused with code 6 and the field named', async () => {
  const receiver = new EtcpPushReceiver(new MemoryStateStore());
  const credentials = { merchantNo: 'M1', merchantKey: 'K1-0123456789', pushVersion: 2 as const } as Parameters<EtcpPushReceiver['receive']>[1];
  const signed = (body: Record<string, unknown>) => ({ ...body, signment: createHash('md5').update(`M1${etcpPushData('exit', 2, body)}K1-0123456789`).digest('hex') });
  const good = { synId: 's9', plateNumber: '渝A8T769', parkName: 'P', parkId: 1, entranceTime: '2026-11-23 08:00:00', exitTime: '2026-11-23 09:00:00', stayedTime: 3600, receivableFee: 5 };
  for (const [field, value] of [['exitTime', '2026/11/23 9:00'], ['stayedTime', -1], ['parkId', { id: 1 }], ['plateNumber', 'x'.repeat(40)]] as const) {
    await assert.rejects(
      receiver.receive('exit', credentials, signed({ ...good, [field]: value })),
      (error: { status: number; code: string; message: string }) => error.status === 400 && error.code === '6' && error.message.includes(field),
      field,
    );
  }
  assert.equal(receiver.counts.exit, 0);
});

test('v1 exit pushes state the fee in fen, in v1 field order', async () => {
  const receiver = new EtcpPushReceiver(new MemoryStateStore(), () => Date.parse('2017-06-12T03:22:50+08:00'));
  const credentials = { merchantNo: 'M1', merchantKey: 'K1-0123456789', pushVersion: 1 as const } as Parameters<EtcpPushReceiver['receive']>[1];
  // seeds/000 §9.3.2's example, completed (its OCR lost parkId's place); receivableFee "0.00" is fen there.
  const body = {
    parkId: '1', plateNumber: '渝A8T769', parkName: 'ETCP 智慧停车场', synId: '35959b19-f983-4d65-a1e5-041874c0074e', userType: '77', fixParkingId: '',
    remainingDays: '', entranceTime: '2017-06-12 03:19:13', exitTime: '2017-06-12 03:22:46', stayedTime: 213, receivableFee: '1250', pushTime: '2017-06-12 03:22:48',
  };
  assert.equal(
    etcpPushData('exit', 1, body),
    '{"parkId":"1","plateNumber":"渝A8T769","parkName":"ETCP 智慧停车场","synId":"35959b19-f983-4d65-a1e5-041874c0074e","userType":"77","fixParkingId":"","remainingDays":"","entranceTime":"2017-06-12 03:19:13","exitTime":"2017-06-12 03:22:46","stayedTime":213,"receivableFee":"1250","pushTime":"2017-06-12 03:22:48"}',
  );
  const signment = createHash('md5').update(`M1${etcpPushData('exit', 1, body)}K1-0123456789`).digest('hex');
  const accepted = await receiver.receive('exit', credentials, { ...body, signment });
  assert.equal(accepted.exitEvent!.receivableFen, 1250);
  assert.equal(accepted.exitEvent!.enteredAt, '2017-06-12T03:19:13+08:00');
});

test('signment of an unbind push, computed by hand', async () => {
  // MD5("M1" + '{"plateNumber":"渝ATX061","time":"2017-08-20 11:57:51"}' + "K1"), computed with Python's hashlib.
  const receiver = new EtcpPushReceiver(new MemoryStateStore(), () => Date.parse('2017-08-20T11:58:00+08:00'));
  const credentials = { merchantNo: 'M1', merchantKey: 'K1', pushVersion: 2 as const } as Parameters<EtcpPushReceiver['receive']>[1];
  const push = { plateNumber: '渝ATX061', time: '2017-08-20 11:57:51', signment: '42D98BBE9C114DC9DC2297DB970D8EAE' };
  assert.equal((await receiver.receive('unbind', credentials, push)).plate, '渝ATX061');
  await assert.rejects(receiver.receive('unbind', credentials, { ...push, signment: '42D98BBE9C114DC9DC2297DB970D8EAF' }), /signment/);
});
