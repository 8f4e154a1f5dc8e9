/**
 * Shanghai callbacks are bound to the lot whose city password signed them, and a captured call
 * cannot be replayed, with or without its query. Two lots with city accounts: welink-demo (the
 * simulator's account) and etcp-demo (a second account), over real HTTP on 127.0.0.1. Bodies and
 * signs are computed here with node:crypto, independently of the adapter.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import type { ShanghaiSimulator } from '../../src/proxy/sims/shanghai/simulator.js';
import { apiClient } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

const A = { lotId: 'welink-demo', appId: 'demo-sh-app', password: 'demo-shanghai-password-31', parkingId: 'qp31022900183' };
const B = { lotId: 'etcp-demo', appId: 'lot-b-app', password: 'lot-b-city-password-77', parkingId: 'qp31011500001' };

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');

let proxy: DemoProxy;
let city: ShanghaiSimulator;
/** Between the proxy and its fee sources: passes calls through, fails them, or holds them. */
let platformSwitch: Server;
let mode: 'pass' | 'fail' | 'hang' = 'pass';

before(async () => {
  const port = await freePort();
  platformSwitch = createServer(async (req, res) => {
    if (mode === 'hang') return;
    if (mode === 'fail') return void res.writeHead(503).end('maintenance');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(`http://127.0.0.1:${port}/sims${req.url}`, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => platformSwitch.listen(0, '127.0.0.1', resolve));
  const switched = `http://127.0.0.1:${(platformSwitch.address() as AddressInfo).port}`;
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const etcpLot = demo.lots.find((lot: { lotId: string }) => lot.lotId === B.lotId);
  etcpLot.cityPlatform = {
    ...demo.lots[0].cityPlatform,
    appId: B.appId,
    password: { env: 'LOT_B_CITY_PASSWORD' },
    parkingId: B.parkingId,
  };
  const config = resolveConfig(demo, {
    STATE_DIR: freshStateDir(),
    PORT: String(port),
    LOT_B_CITY_PASSWORD: B.password,
    WELINK_BASE_URL: `${switched}/welink`,
    ETCP_BASE_URL: `${switched}/etcp`,
  });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  city = proxy.simulators!.shanghai!;
});

after(async () => {
  mode = 'pass';
  platformSwitch.closeAllConnections();
  platformSwitch.close();
  await proxy.close();
});

const url = (lot: { lotId: string }, kind: string) => `${proxy.url}/callbacks/shanghai/${lot.lotId}/${kind}`;

/** Sends `body` exactly, signed with `password`, with the §4 query when given. */
async function send(target: string, body: string, password: string, query?: Record<string, string>): Promise<{ status: number; code: number; data: any }> {
  const response = await fetch(query ? `${target}?${new URLSearchParams(query)}` : target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', sign: md5(`${password}|${body}`) },
    body,
  });
  const answer = (await response.json()) as { code: number; data?: unknown };
  return { status: response.status, code: answer.code, data: answer.data };
}

const queryFor = (account: { appId: string; password: string }, nonce: string, curTime = String(Math.floor(Date.now() / 1000))) => ({
  appId: account.appId,
  nonce,
  curTime,
  checkSum: sha1(`${account.password}${nonce}${curTime}`),
});

const notifyBody = (parkingId: string, quote: { quoteId: string; dueFen: number; plate: string }, over: Record<string, unknown> = {}) =>
  JSON.stringify({ parkingId, orderId: quote.quoteId, plateId: quote.plate, vehicleType: 1, payMoney: quote.dueFen, payStatus: 1, payType: 2, payTime: Date.now(), dataTime: Date.now(), ...over });

const laneQuote = async (lane: string, plate: string) => (await apiClient(() => proxy.url, `demo-lane-key-${lane}`)(`/v1/lanes/${lane}/quotes`, { method: 'POST', json: { plate } })).body;

test('a notify signed for welink-demo cannot pay an etcp-demo quote: ETCP records nothing', async () => {
  const etcpQuote = await laneQuote('etcp-exit-1', '渝DE3787');
  assert.equal(etcpQuote.status, 'due');
  const etcpPayments = proxy.simulators!.etcp!.payments.size;
  const crossed = await send(url(A, 'payment-notify'), notifyBody(A.parkingId, etcpQuote), A.password, queryFor(A, 'cross-1'));
  assert.equal(crossed.code, 3000);
  assert.equal(proxy.simulators!.etcp!.payments.size, etcpPayments, 'ETCP orderpaid was never called');
  // Lot B's own account, at lot B's address, for lot B's quote: the one combination that pays it.
  const own = await send(url(B, 'payment-notify'), notifyBody(B.parkingId, etcpQuote), B.password);
  assert.equal(own.code, 0);
  assert.equal(proxy.simulators!.etcp!.payments.size, etcpPayments + 1);
});

test('lot B’s password does not open lot A’s callbacks, nor pays A’s quotes at B', async () => {
  proxy.simulators!.welink!.enter('沪K20001', Date.now() - 70 * 60_000);
  const welinkQuote = await laneQuote('exit-1', '沪K20001');
  const before = proxy.simulators!.welink!.payments.length;
  const atA = await send(url(A, 'payment-notify'), notifyBody(A.parkingId, welinkQuote), B.password);
  assert.deepEqual([atA.status, atA.code], [401, 1007]);
  const atB = await send(url(B, 'payment-notify'), notifyBody(B.parkingId, welinkQuote), B.password);
  assert.equal(atB.code, 3000);
  const otherPlate = await send(url(A, 'payment-notify'), notifyBody(A.parkingId, welinkQuote, { plateId: '沪K29999' }), A.password);
  assert.equal(otherPlate.code, 3003, 'the order is for another car');
  assert.equal(proxy.simulators!.welink!.payments.length, before);
});

test('a fee query at lot B while its fee source hangs never answers with lot A’s quote for the plate', async () => {
  proxy.simulators!.welink!.enter('沪K20002', Date.now() - 70 * 60_000);
  const atA = await send(url(A, 'fee-query'), JSON.stringify({ parkingId: A.parkingId, plateId: '沪K20002', vehicleType: 1, dateTime: Date.now() }), A.password);
  assert.equal(atA.code, 0);
  mode = 'hang';
  try {
    const atB = await send(url(B, 'fee-query'), JSON.stringify({ parkingId: B.parkingId, plateId: '沪K20002', vehicleType: 1, dateTime: Date.now() }), B.password);
    assert.equal(atB.code, 2004, `answered ${JSON.stringify(atB.data)}`);
  } finally {
    mode = 'pass';
  }
});

test('a captured call replayed without its query, or with a fresh one, is refused', async () => {
  proxy.simulators!.welink!.enter('沪K20003', Date.now() - 70 * 60_000);
  const body = JSON.stringify({ parkingId: A.parkingId, plateId: '沪K20003', vehicleType: 1, dateTime: Date.now() });
  const first = await send(url(A, 'fee-query'), body, A.password, queryFor(A, 'captured-1'));
  assert.deepEqual([first.status, first.code], [200, 0]);
  const stripped = await send(url(A, 'fee-query'), body, A.password);
  assert.deepEqual([stripped.status, stripped.code], [409, 1007]);
  const requeried = await send(url(A, 'fee-query'), body, A.password, queryFor(A, 'captured-2'));
  assert.deepEqual([requeried.status, requeried.code], [409, 1007]);
});

test('the query is optional, but when sent it must be whole, for this lot’s account, and current', async () => {
  proxy.simulators!.welink!.enter('沪K20004', Date.now() - 70 * 60_000);
  const fresh = () => JSON.stringify({ parkingId: A.parkingId, plateId: '沪K20004', vehicleType: 1, dateTime: Date.now(), remark: Math.random() });
  city.sendsCallbackQuery = false;
  try {
    const signOnly = await city.callLot(url(A, 'fee-query'), JSON.parse(fresh()));
    assert.deepEqual([signOnly.status, signOnly.body.code], [200, 0]);
  } finally {
    city.sendsCallbackQuery = true;
  }
  const partial = await send(url(A, 'fee-query'), fresh(), A.password, { nonce: 'n-only' });
  assert.deepEqual([partial.status, partial.code], [401, 1006]);
  const otherAccount = await send(url(A, 'fee-query'), fresh(), A.password, { ...queryFor(A, 'n-app'), appId: B.appId });
  assert.deepEqual([otherAccount.status, otherAccount.code], [401, 1001]);
  const stale = await send(url(A, 'fee-query'), fresh(), A.password, queryFor(A, 'n-stale', String(Math.floor(Date.now() / 1000) - 3600)));
  assert.deepEqual([stale.status, stale.code], [401, 1007]);
  const badSum = await send(url(A, 'fee-query'), fresh(), A.password, { ...queryFor(A, 'n-sum'), checkSum: '0'.repeat(40) });
  assert.deepEqual([badSum.status, badSum.code], [401, 1007]);
});

test('a notify whose confirmation failed upstream succeeds when the platform sends the same bytes again', async () => {
  proxy.simulators!.welink!.enter('沪K20005', Date.now() - 70 * 60_000);
  const quote = await laneQuote('exit-1', '沪K20005');
  const body = notifyBody(A.parkingId, quote);
  const before = proxy.simulators!.welink!.payments.length;
  mode = 'fail';
  let failed;
  try {
    failed = await send(url(A, 'payment-notify'), body, A.password, queryFor(A, 'retry-1'));
  } finally {
    mode = 'pass';
  }
  assert.equal(failed.code, 2004);
  const retried = await send(url(A, 'payment-notify'), body, A.password, queryFor(A, 'retry-2'));
  assert.equal(retried.code, 0);
  assert.equal(proxy.simulators!.welink!.payments.length, before + 1);
  const replayed = await send(url(A, 'payment-notify'), body, A.password);
  assert.deepEqual([replayed.status, replayed.code], [409, 1007], 'once it succeeded, the same bytes are a replay');
});

test('invoice and find-car are bound to their lot too: another lot’s password, another lot’s parkingId, or another lot’s payments are never seen', async () => {
  proxy.simulators!.welink!.enter('沪K20006', Date.now() - 70 * 60_000);
  const quote = await laneQuote('exit-1', '沪K20006');
  const operator = apiClient(() => proxy.url, 'demo-operator-key-7c1e');
  const paid = await operator(`/v1/payments/${quote.quoteId}/paid`, { method: 'POST', json: { amountFen: quote.dueFen, channel: 'wechat', paymentRef: 'wx-binding-1' } });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const ask = (parkingId: string) => JSON.stringify({ parkingId, plateId: '沪K20006', vehicleType: 1, dateTime: Date.now(), remark: Math.random() });

  const invoiceAtA = await send(url(A, 'invoice'), ask(A.parkingId), A.password);
  assert.equal(invoiceAtA.code, 0);
  assert.deepEqual(invoiceAtA.data.map((p: { orderId: string }) => p.orderId), [quote.quoteId]);
  const findAtA = await send(url(A, 'find-car'), ask(A.parkingId), A.password);
  assert.deepEqual([findAtA.code, findAtA.data.plateId], [0, '沪K20006']);

  for (const kind of ['invoice', 'find-car']) {
    const foreignPassword = await send(url(B, kind), ask(B.parkingId), A.password);
    assert.deepEqual([foreignPassword.status, foreignPassword.code], [401, 1007], `${kind}: lot A's password at lot B`);
    const foreignPark = await send(url(B, kind), ask(A.parkingId), B.password);
    assert.equal(foreignPark.code, 1002, `${kind}: lot A's parkingId at lot B`);
  }
  const invoiceAtB = await send(url(B, 'invoice'), ask(B.parkingId), B.password);
  assert.deepEqual([invoiceAtB.code, invoiceAtB.data], [0, []], 'lot A’s payment is not invoiceable at lot B');
  const findAtB = await send(url(B, 'find-car'), ask(B.parkingId), B.password);
  assert.equal(findAtB.code, 404, 'the car parked at lot A is not found at lot B');
});
