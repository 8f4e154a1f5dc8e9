/**
 * The local-tariff lot end to end over real HTTP on 127.0.0.1, with the demo configuration on the
 * embedded store: cars admitted by plate and by ticket, its own free-space count, the fee at the
 * exit for both, and an entry register that survives a restart of the proxy.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { computeFee } from '../../src/core/tariff.js';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig, type ProxyConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { apiClient } from '../helpers/api.js';
import { backdateStay } from '../helpers/local-lot.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
const LOT = 'local-demo';
const OPERATOR = 'demo-operator-key-7c1e';
const stateDir = freshStateDir();
let config: ProxyConfig;
let proxy: DemoProxy;
const entry = apiClient(() => proxy.url, 'demo-lane-key-local-entry-1');
const exit = apiClient(() => proxy.url, 'demo-lane-key-local-exit-1');

const start = () => startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });

before(async () => {
  config = resolveConfig(demo, { STATE_DIR: stateDir, PORT: String(await freePort()) });
  assert.equal(config.state.store, 'embedded');
  proxy = await start();
});
after(() => proxy.close());

const freeSpaces = async (api = entry, laneId = 'local-entry-1'): Promise<number> => {
  const { status, body } = await api(`/v1/lanes/${laneId}/spaces`);
  assert.equal(status, 200, JSON.stringify(body));
  return body.freeSpaces;
};

/** What the entry kiosk does for a car: admission, a ticket (for the camera's plate, if any), the arrive through the outbox. */
async function admit(plate: string | null): Promise<{ ticketNo: string; payload: string }> {
  if (plate) {
    const admission = await entry('/v1/lanes/local-entry-1/admission', { method: 'POST', json: { plate } });
    assert.deepEqual([admission.status, admission.body.admitted, admission.body.reason], [200, true, 'space']);
  }
  const ticket = await entry('/v1/lanes/local-entry-1/tickets', { method: 'POST', ...(plate ? { json: { plate } } : {}) });
  assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
  if (plate) {
    const arrive = { key: `arrive-${ticket.body.ticketNo}`, stream: 'local-entry-1/passage', type: 'arrive', createdAt: Date.now(), payload: { plate, atMs: Date.parse(ticket.body.enteredAt) } };
    const delivered = await entry('/v1/lanes/local-entry-1/outbox', { method: 'POST', json: { events: [arrive] } });
    assert.equal(delivered.body.results[0].status, 'accepted');
  }
  return ticket.body;
}

const expectedFee = (enteredAtMs: number) => computeFee(proxy.lots.get(LOT)!.settings.tariff!, 'small', enteredAtMs, Date.now()).fen;

async function pay(quote: { quoteId: string; dueFen: number }, ref: string): Promise<void> {
  const paid = await exit(`/v1/payments/${quote.quoteId}/paid`, { method: 'POST', key: OPERATOR, json: { amountFen: quote.dueFen, channel: 'wechat', paymentRef: ref } });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
}

test('a car admitted by plate takes one space (ticket and arrive count once), pays its fee at the exit, and frees the space on leaving', async () => {
  const before = await freeSpaces();
  await admit('沪L 20001');
  assert.equal(await freeSpaces(), before - 1, 'the ticket and the arrive event are one car');
  assert.equal(await freeSpaces(exit, 'local-exit-1'), before - 1, 'the exit lane sees the same count');

  await backdateStay(proxy.state.store, LOT, '沪L20001', 135);
  const { body: quote } = await exit('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪L20001' } });
  const fee = expectedFee(Date.parse(quote.enteredAt));
  assert.ok(fee > 0, 'two hours and a quarter cost something by day and by night');
  assert.deepEqual([quote.status, quote.dueFen, quote.minutes], ['due', fee, 135]);

  await pay(quote, 'local-plate-1');
  await pay(quote, 'local-plate-1');
  const settled = (await exit('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪L20001' } })).body;
  assert.deepEqual([settled.status, settled.paidFen], ['nothing-to-pay', fee], 'a payment confirmed twice counts once');

  const leave = { key: `leave-${quote.quoteId}`, stream: 'local-exit-1/passage', type: 'leave', createdAt: Date.now(), payload: { plate: '沪L20001', atMs: Date.now() } };
  assert.equal((await exit('/v1/lanes/local-exit-1/outbox', { method: 'POST', json: { events: [leave] } })).body.results[0].status, 'accepted');
  assert.equal(await freeSpaces(), before);
  assert.equal((await exit('/v1/lanes/local-exit-1/outbox', { method: 'POST', json: { events: [leave] } })).body.results[0].status, 'duplicate');
  assert.equal(await freeSpaces(), before, 'a leave delivered again frees nothing twice');
});

test('a car admitted by ticket alone takes a space, its ticket is priced at the exit, and paying counts it out', async () => {
  const before = await freeSpaces();
  const ticket = await admit(null);
  assert.equal(await freeSpaces(), before - 1);

  await backdateStay(proxy.state.store, LOT, ticket.ticketNo, 95);
  const auth = await exit('/v1/lanes/local-exit-1/lane-auth', { method: 'POST', json: { ticket: ticket.payload } });
  assert.equal(auth.status, 200, JSON.stringify(auth.body));
  const fee = expectedFee(Date.parse(auth.body.quote.enteredAt));
  assert.ok(fee > 0);
  assert.equal(auth.body.state, 'pay');
  assert.deepEqual([auth.body.quote.status, auth.body.quote.dueFen, auth.body.quote.minutes, auth.body.quote.plate], ['due', fee, 95, ticket.ticketNo]);

  await pay(auth.body.quote, 'local-ticket-1');
  assert.equal(await freeSpaces(), before, 'a car known only by its ticket sends no leave: paying counts it out');
  const again = await exit('/v1/lanes/local-exit-1/lane-auth', { method: 'POST', json: { ticket: ticket.payload } });
  assert.deepEqual([again.body.state, again.body.license], ['released', ticket.ticketNo], 'scanned again after paying, the barrier opens');
  assert.equal(await freeSpaces(), before);

  const gone = await exit('/v1/lanes/local-exit-1/lane-auth', { method: 'POST', json: { ticket: ticket.payload } });
  assert.equal(gone.body.state, 'refused');
  assert.match(gone.body.message, /has left already/);
});

test('a ticket issued to a plate is priced as that plate’s stay at the exit', async () => {
  const ticket = await admit('沪L 20002');
  await backdateStay(proxy.state.store, LOT, '沪L20002', 61);
  const auth = (await exit('/v1/lanes/local-exit-1/lane-auth', { method: 'POST', json: { ticket: ticket.payload } })).body;
  assert.deepEqual([auth.state, auth.license, auth.quote.plate, auth.quote.minutes], ['pay', '沪L20002', '沪L20002', 61]);
});

test('the entry register and the space count survive a restart of the proxy on the embedded store', async () => {
  const plateTicket = await admit('沪L 20003');
  const ticketOnly = await admit(null);
  await backdateStay(proxy.state.store, LOT, '沪L20003', 200);
  await backdateStay(proxy.state.store, LOT, ticketOnly.ticketNo, 50);
  const spaces = await freeSpaces();

  await proxy.close();
  config = resolveConfig(demo, { STATE_DIR: stateDir, PORT: String(await freePort()) });
  proxy = await start();

  assert.equal(await freeSpaces(), spaces);
  const quote = (await exit('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪L20003' } })).body;
  assert.deepEqual([quote.status, quote.minutes, quote.dueFen], ['due', 200, expectedFee(Date.parse(quote.enteredAt))]);
  const auth = (await exit('/v1/lanes/local-exit-1/lane-auth', { method: 'POST', json: { ticket: ticketOnly.payload } })).body;
  assert.equal(auth.quote.minutes, 50);
  const byTicket = (await exit('/v1/lanes/local-exit-1/lane-auth', { method: 'POST', json: { ticket: plateTicket.payload } })).body;
  assert.deepEqual([byTicket.license, byTicket.quote.minutes], ['沪L20003', 200], 'the ticket still names its plate');
});

test('a ticket of another lot is refused at the local exit', async () => {
  const welinkTicket = await apiClient(() => proxy.url, 'demo-lane-key-entry-1')('/v1/lanes/entry-1/tickets', { method: 'POST' });
  assert.equal(welinkTicket.status, 201);
  const refused = await exit('/v1/lanes/local-exit-1/lane-auth', { method: 'POST', json: { ticket: welinkTicket.body.payload } });
  assert.deepEqual([refused.status, refused.body.error.code], [403, 'wrong-lot']);
});

test('a ticket request with an invalid plate is refused before any ticket is issued', async () => {
  const before = await freeSpaces();
  const refused = await entry('/v1/lanes/local-entry-1/tickets', { method: 'POST', json: { plate: '沪L' } });
  assert.deepEqual([refused.status, refused.body.error.code], [400, 'invalid-plate']);
  assert.equal(await freeSpaces(), before);
});

test('a local lot that counts no spaces admits every car rather than calling itself full', async () => {
  const uncounted = structuredClone(demo);
  delete uncounted.lots.find((l: { lotId: string }) => l.lotId === LOT).feeSource.totalSpaces;
  const other = await startDemoProxy(resolveConfig(uncounted, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) }), { logger: createLogger([], () => {}), staticRoot: null });
  try {
    const api = apiClient(() => other.url, 'demo-lane-key-local-entry-1');
    const admission = await api('/v1/lanes/local-entry-1/admission', { method: 'POST', json: { plate: '沪L20009' } });
    assert.deepEqual(admission.body, { plate: '沪L20009', freeSpaces: null, admitted: true, reason: 'space' });
    assert.deepEqual((await api('/v1/lanes/local-entry-1/spaces')).body, { areas: [], freeSpaces: null });
  } finally {
    await other.close();
  }
});
