/**
 * Shanghai unified payment, lot side, over real HTTP: the simulator calls the proxy's callbacks,
 * signed; the fee query answers within 2 s even with the fee source hanging; payment notifies
 * confirm upstream once; forged, stale and replayed calls change nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { shanghaiSign } from '../../src/proxy/providers/shanghai/signing.js';
import type { ShanghaiSimulator } from '../../src/proxy/sims/shanghai/simulator.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const PARKING_ID = 'qp31022900183';
let proxy: DemoProxy;
let sim: ShanghaiSimulator;
let welinkSwitch: Server;
let hang = false;
let feeQueryUrl: string;
let notifyUrl: string;

before(async () => {
  const port = await freePort();
  // Between the proxy and its Welink simulator: passes calls through, or holds them forever.
  welinkSwitch = createServer(async (req, res) => {
    if (hang) return;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(`http://127.0.0.1:${port}/sims/welink${req.url}`, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded') },
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => welinkSwitch.listen(0, '127.0.0.1', resolve));
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(port), WELINK_BASE_URL: `http://127.0.0.1:${(welinkSwitch.address() as AddressInfo).port}` });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  sim = proxy.simulators!.shanghai!;
  feeQueryUrl = `${proxy.url}/callbacks/shanghai/welink-demo/fee-query`;
  notifyUrl = `${proxy.url}/callbacks/shanghai/welink-demo/payment-notify`;
});

after(async () => {
  hang = false;
  welinkSwitch.closeAllConnections();
  welinkSwitch.close();
  await proxy.close();
});

const feeQuery = (plateId: string) => sim.callLot(feeQueryUrl, { parkingId: PARKING_ID, plateId, vehicleType: 1, dateTime: Date.now() });

test('fee query: a parked car gets the spec’s fields, in fen, with a 28-character business id', async () => {
  proxy.simulators!.welink!.enter('沪M10001', Date.now() - 135 * 60_000);
  const { status, body } = await feeQuery('沪M10001');
  assert.equal(status, 200);
  assert.equal(body.code, 0);
  const data = body.data as Record<string, number | string>;
  assert.equal(data.parkingId, PARKING_ID);
  assert.equal((data.businessId as string).length, 28);
  assert.ok((data.orderId as string).length <= 30);
  assert.deepEqual([data.totalMoney, data.reduceMoney, data.dueMoney, data.reduceCode], [1500, 0, 1500, '99999']);
  assert.ok((data.validityQuoteTime as number) > Date.now());
  assert.ok(Math.abs((data.arrivedTime as number) - (Date.now() - 135 * 60_000)) < 61_000);
});

test('bodies are checked against the spec’s field table: wrong enum 3001, missing or mistyped field 3000, nothing applied', async () => {
  const payments = proxy.simulators!.welink!.payments.length;
  const notify = (payload: Record<string, unknown>) => sim.callLot(notifyUrl, { parkingId: PARKING_ID, orderId: 'Qnot-a-quote', plateId: '沪M10009', vehicleType: 1, payMoney: 600, payStatus: 1, payType: 2, payTime: Date.now(), dataTime: Date.now(), ...payload });
  const badEnum = await notify({ payStatus: 3 });
  assert.deepEqual([badEnum.status, badEnum.body.code], [400, 3001]);
  assert.match(String(badEnum.body.message), /payStatus/);
  const fractional = await notify({ payMoney: 6.5 });
  assert.deepEqual([fractional.status, fractional.body.code], [400, 3000]);
  assert.match(String(fractional.body.message), /payMoney/);
  const noPlate = await sim.callLot(feeQueryUrl, { parkingId: PARKING_ID, vehicleType: 1, dateTime: Date.now() });
  assert.deepEqual([noPlate.status, noPlate.body.code], [400, 3000]);
  assert.match(String(noPlate.body.message), /plateId is required/);
  assert.equal(proxy.simulators!.welink!.payments.length, payments);
});

test('fee query: a car not in the lot is code 404', async () => {
  assert.equal((await feeQuery('沪M99999')).body.code, 404);
});

test('payment notify confirms upstream once and is idempotent', async () => {
  proxy.simulators!.welink!.enter('沪M10002', Date.now() - 70 * 60_000);
  const quote = (await feeQuery('沪M10002')).body.data as Record<string, number | string>;
  const paymentsBefore = proxy.simulators!.welink!.payments.length;
  // Each repeat is sent afresh, with its own dateTime: a byte-identical copy is a replay, refused as such.
  const sentAt = Date.now();
  const notify = (repeat: number) =>
    sim.callLot(notifyUrl, {
      parkingId: PARKING_ID,
      businessId: quote.businessId,
      orderId: quote.orderId,
      plateId: '沪M10002',
      vehicleType: 1,
      payMoney: quote.dueMoney,
      payStatus: 1,
      payType: 2,
      payTime: sentAt,
      dateTime: sentAt + repeat,
    });
  const [first, second] = await Promise.all([notify(0), notify(1)]);
  assert.deepEqual([first.body.code, second.body.code], [0, 0]);
  assert.equal((await notify(2)).body.code, 0);
  assert.equal(proxy.simulators!.welink!.payments.length, paymentsBefore + 1, 'Welink payTmpRentBill exactly once');
  const afterwards = await feeQuery('沪M10002');
  assert.equal((afterwards.body.data as { dueMoney: number }).dueMoney, 0, 'the paid car now owes nothing');
});

test('forged, stale and replayed callbacks are refused in the platform’s shape and change nothing', async () => {
  proxy.simulators!.welink!.enter('沪M10003', Date.now() - 70 * 60_000);
  const quote = (await feeQuery('沪M10003')).body.data as Record<string, number | string>;
  const payload = { parkingId: PARKING_ID, orderId: quote.orderId, plateId: '沪M10003', vehicleType: 1, payMoney: quote.dueMoney, payStatus: 1, payType: 3, payTime: Date.now(), dateTime: Date.now() };
  const before = proxy.simulators!.welink!.payments.length;
  const forged = await fetch(notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json', sign: shanghaiSign('wrong-password', JSON.stringify(payload)) }, body: JSON.stringify(payload) });
  assert.equal(forged.status, 401);
  assert.equal(((await forged.json()) as { code: number }).code, 1007);
  const stale = await sim.callLot(notifyUrl, { ...payload, dateTime: Date.now() - 3_600_000 });
  assert.deepEqual([stale.status, stale.body.code], [401, 1007]);
  const once = await sim.callLot(notifyUrl, { ...payload, payStatus: 2 }, 'fixed-nonce-1');
  assert.equal(once.body.code, 0);
  const replay = await sim.callLot(notifyUrl, { ...payload, payStatus: 2 }, 'fixed-nonce-1');
  assert.deepEqual([replay.status, replay.body.code], [409, 1007]);
  assert.equal(proxy.simulators!.welink!.payments.length, before);
});

test('fee query answers within 2 s while the fee source hangs: from the last valid quote, or busy', async () => {
  proxy.simulators!.welink!.enter('沪M10004', Date.now() - 70 * 60_000);
  const fresh = await feeQuery('沪M10004');
  assert.equal(fresh.body.code, 0);
  hang = true;
  try {
    const cached = await feeQuery('沪M10004');
    assert.ok(cached.ms < 2000, `answered in ${Math.round(cached.ms)} ms`);
    assert.equal(cached.body.code, 0);
    assert.equal((cached.body.data as { orderId: string }).orderId, (fresh.body.data as { orderId: string }).orderId, 'the last valid quote');
    proxy.simulators!.welink!.enter('沪M10005', Date.now() - 70 * 60_000);
    const unknown = await feeQuery('沪M10005');
    assert.ok(unknown.ms < 2000, `answered in ${Math.round(unknown.ms)} ms`);
    assert.equal(unknown.body.code, 2004);
  } finally {
    hang = false;
  }
});
