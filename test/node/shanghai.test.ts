/** Shanghai city platform: the vendor's vectors, and reporting over HTTP against the simulator. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ShanghaiClient, ShanghaiError, type ShanghaiCredentials } from '../../src/proxy/providers/shanghai/client.js';
import { ShanghaiReporter, type PassageReport } from '../../src/proxy/providers/shanghai/reporter.js';
import { businessId, shanghaiCheckSum, shanghaiSign } from '../../src/proxy/providers/shanghai/signing.js';
import { ShanghaiLedger } from '../../src/proxy/providers/shanghai/ledger.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';
import { ShanghaiSimulator } from '../../src/proxy/sims/shanghai/simulator.js';

test("the spec's sign example reproduces once its OCR damage is repaired", () => {
  // Printed as "皖 AP1851" and "dateTime"; the signed body had "皖AP1851" and the examples' "dataTime".
  const body = '{"parkingId":"qp31022900183","plateId":"皖AP1851","dataTime":1507863248063}';
  assert.equal(shanghaiSign('12345678909876543', body), '0c56ed108e52c7ea87dd437be9bc9aa1');
});

test('checkSum and business id by hand from the spec', () => {
  const expected = createHash('sha1').update('secret' + 'abc123' + '1507863248').digest('hex');
  assert.equal(shanghaiCheckSum('secret', 'abc123', '1507863248'), expected);
  assert.match(expected, /^[0-9a-f]{40}$/);
  // §4.3's example: parking id qp31022900183 on 2020-03-08, sequence 1.
  assert.equal(businessId('20200308', 'qp31022900183', 1), '20200308QP310229001830000001');
  assert.equal(businessId('20200308', 'p7', 42).length, 28);
  assert.equal(businessId('20200308', 'p7', 42), '2020030800000000000P70000042');
});

const SIM = { appId: 'sh-test-app', password: 'sh-test-password-123', parkingId: 'qp31022900183' };
let server: Server;
let baseUrl: string;
let sim: ShanghaiSimulator;

before(async () => {
  sim = new ShanghaiSimulator({ ...SIM, clockOffsetMs: 15_000 });
  server = createServer((req, res) => void sim.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));

const credentials = (over: Partial<ShanghaiCredentials> = {}): ShanghaiCredentials => ({ baseUrl, ...SIM, curTimeUnit: 's', timeoutMs: 3000, ...over });
const ledger = new ShanghaiLedger(new MemoryStateStore(), SIM.parkingId);
const reporter = (over: Partial<ShanghaiCredentials> = {}) => new ShanghaiReporter(new ShanghaiClient(credentials(over)), ledger, { freeBerth: () => 42 });

const leave = (over: Partial<PassageReport> = {}): PassageReport => ({
  kind: 'leave',
  plate: '沪A12345',
  atMs: Date.now(),
  enteredAtMs: Date.now() - 3_600_000,
  payFen: 1500,
  payType: 'wechat',
  vehicleType: 1,
  laneType: 1,
  parkType: 1,
  ...over,
});

test('a fresh leave goes in real time with every field of the table; a late one through resend', async () => {
  const r = reporter();
  assert.equal(await r.report(leave()), 'realtime');
  const realtime = sim.passages.at(-1)!;
  assert.equal(realtime.via, 'realtime');
  assert.deepEqual(Object.keys(realtime.record).sort(), ['dateTime', 'freeBerth', 'laneType', 'parkType', 'parkingTime', 'payMoney', 'payType', 'plateId', 'seq', 'vehicleType'].sort());
  assert.equal(realtime.record.parkingTime, 3600);
  assert.equal(realtime.record.payMoney, 1500);
  assert.equal((realtime.record.seq as string).length, 28);

  const late = leave({ plate: '沪B22222', atMs: Date.now() - 45_000, enteredAtMs: Date.now() - 7_200_000, payType: 'cash' });
  assert.equal(await r.report(late), 'resend');
  assert.equal(sim.passages.at(-1)!.via, 'resend');
  assert.equal(sim.passages.at(-1)!.record.plateId, '沪B22222');
  // Arrive and leave of one stay share a business id.
  assert.equal(await ledger.businessIdOf('沪B22222', late.enteredAtMs), sim.passages.at(-1)!.record.seq);
});

test('curTime in milliseconds is accepted when configured', async () => {
  assert.equal(await reporter({ curTimeUnit: 'ms' }).report(leave({ plate: '沪C33333' })), 'realtime');
});

test('forged or replayed calls are refused with the spec codes, and nothing is recorded', async () => {
  const before = sim.passages.length;
  await assert.rejects(reporter({ password: 'wrong-password-000' }).report(leave()), (e: unknown) => e instanceof ShanghaiError && e.numericCode === 1007);
  await assert.rejects(reporter({ appId: 'nobody' }).report(leave()), (e: unknown) => e instanceof ShanghaiError && e.numericCode === 1001 && e.kind === 'auth');
  await assert.rejects(reporter().report(leave({ payType: 'bitcoin', payFen: -1 })), (e: unknown) => e instanceof ShanghaiError && e.kind === 'invalid-request');
  // A captured request sent again verbatim.
  const c = credentials();
  const body = JSON.stringify({ totalArrived: 0, totalLeft: 0, freeBerth: 1, dataTime: Date.now() });
  const query = new URLSearchParams({ appId: c.appId, nonce: 'n-1', curTime: String(Math.floor(Date.now() / 1000)), checkSum: '' });
  query.set('checkSum', shanghaiCheckSum(c.password, 'n-1', query.get('curTime')!));
  const send = () =>
    fetch(`${baseUrl}/service/parking/manage/parkplot/heartbeat/${SIM.parkingId}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', sign: shanghaiSign(c.password, body) },
      body,
    }).then((r) => r.json() as Promise<{ code: number }>);
  assert.equal((await send()).code, 0);
  assert.equal((await send()).code, 1007, 'the nonce was already used');
  // A body altered after signing.
  const tampered = await fetch(`${baseUrl}/service/parking/manage/parkplot/heartbeat/${SIM.parkingId}?${query.toString().replace('n-1', 'n-2')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', sign: shanghaiSign(c.password, body) },
    body: body.replace('"freeBerth":1', '"freeBerth":9'),
  });
  assert.equal(((await tampered.json()) as { code: number }).code, 1007);
  assert.equal(sim.passages.length, before);
});

test('the heartbeat reports daily totals and surfaces clock skew of 10 s or more', async () => {
  const r = reporter();
  await r.report(leave({ plate: '沪D44444' }));
  const health = await r.heartbeat();
  const beat = sim.heartbeats.at(-1)!;
  assert.deepEqual([beat.totalLeft, beat.totalArrived, beat.freeBerth], [1, 0, 42]);
  assert.ok(Math.abs(health.skewMs! - 15_000) < 1000, `skew ${health.skewMs}`);
  assert.equal(health.skewAlarm, true);
});
