/** The proxy's /v1 API over real HTTP on 127.0.0.1, against its embedded Welink simulator. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { ConfigError, resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import type { Quote } from '../../src/core/quote.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const LANE_KEY = 'demo-lane-key-exit-1';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const WELINK_SECRET = 'demo-welink-secret-9f3a2b7c4d5e6f70';
const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));

let proxy: DemoProxy;
const logLines: string[] = [];

before(async () => {
  const port = await freePort();
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(port) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, (line) => logLines.push(line)), staticRoot: null });
});
after(() => proxy.close());

async function api(path: string, init: RequestInit & { key?: string | null; json?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? LANE_KEY}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${proxy.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const quoteFor = async (plate: string) => api('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate } });

test('healthz answers without a key', async () => {
  const { status, body } = await api('/healthz', { key: null });
  assert.equal(status, 200);
  assert.equal(body.status, 'ok');
});

test('lane config carries what the kiosk needs and no secret', async () => {
  const { status, body } = await api('/v1/lanes/exit-1/config');
  assert.equal(status, 200);
  assert.deepEqual(body.lot, { lotId: 'welink-demo', name: '泊云示范停车场', feeSource: 'welink' });
  assert.equal(body.direction, 'exit');
  assert.deepEqual(body.couponHosts, ['coupons.example.com'], "the lot's coupon-link hosts, for the kiosk's scan router");
  // The lot has a remote attendant desk: the lane may call it, and shows the lot's phone when nobody answers.
  assert.deepEqual(body.attendant, { phone: '021-5555 0100', iceServers: [] }, "the desk has no phone of its own: the lot's duty phone");
  assert.equal(body.servicePhone, '021-5555 0100', 'shown when no call can be made (offline)');
  const text = JSON.stringify(body);
  for (const secret of [WELINK_SECRET, OPERATOR_KEY, LANE_KEY]) assert.ok(!text.includes(secret));
});

test('lane calls need the lane key: 401 without, 403 with a wrong or foreign key', async () => {
  assert.equal((await api('/v1/lanes/exit-1/config', { key: null })).status, 401);
  assert.equal((await api('/v1/lanes/exit-1/config', { key: 'not-the-key' })).status, 403);
  assert.equal((await api('/v1/lanes/exit-1/config', { key: OPERATOR_KEY })).status, 403);
  assert.equal((await api('/v1/lanes/other-lane/config')).status, 403);
});

test('a quote for a parked car: amounts in fen, Beijing times, a pay URL', async () => {
  const { status, body } = await quoteFor('沪 a12345');
  assert.equal(status, 200);
  const quote = body as Quote;
  assert.equal(quote.plate, '沪A12345');
  assert.equal(quote.status, 'due');
  assert.equal(quote.minutes, 135);
  assert.deepEqual([quote.payableFen, quote.discountFen, quote.paidFen, quote.dueFen], [1500, 0, 0, 1500]);
  assert.match(quote.enteredAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.equal(Date.parse(quote.expiresAt) - Date.parse(quote.issuedAt), 300_000);
  assert.equal(quote.payUrl, `${proxy.url}/sims/pay?quote=${quote.quoteId}`);
  assert.ok(!JSON.stringify(quote).includes('$'), 'the payToken never reaches the browser');
});

test('nothing to pay and no entry record are answers, not errors', async () => {
  const free = await quoteFor('京N8P8F8');
  assert.equal(free.body.status, 'nothing-to-pay');
  assert.equal(free.body.payUrl, null);
  // Welink's NoBill says nothing of the stay; its on-site record gives the entry, 5 minutes ago in the demo.
  assert.match(free.body.enteredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.ok(Math.abs(Date.now() - 5 * 60_000 - Date.parse(free.body.enteredAt)) < 60_000, free.body.enteredAt);
  assert.equal(free.body.minutes, 5);
  const unknown = await quoteFor('沪B99999');
  assert.equal(unknown.body.status, 'no-entry-record');
  assert.equal(unknown.body.enteredAt, null);
});

test('bad input gets a 4xx with a reason', async () => {
  const cases: Array<[RequestInit & { json?: unknown }, number, string]> = [
    [{ method: 'POST', json: { plate: '沪AI2345' } }, 400, 'invalid-plate'],
    [{ method: 'POST', json: { plate: 12345 } }, 400, 'invalid-plate'],
    [{ method: 'POST', json: { plate: 'x'.repeat(100) } }, 400, 'invalid-plate'],
    [{ method: 'POST', json: ['沪A12345'] }, 400, 'invalid-body'],
    [{ method: 'POST', body: '{"plate":', headers: { 'content-type': 'application/json' } }, 400, 'malformed-json'],
    [{ method: 'POST', body: 'plate=x', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported-media-type'],
    [{ method: 'POST', body: JSON.stringify({ plate: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } }, 413, 'body-too-large'],
    [{ method: 'GET' }, 405, 'method-not-allowed'],
  ];
  for (const [init, status, code] of cases) {
    const result = await api('/v1/lanes/exit-1/quotes', init);
    assert.equal(result.status, status, code);
    assert.equal(result.body.error.code, code);
    assert.ok(result.body.error.message.length > 5);
  }
  assert.equal((await api('/v1/nowhere')).status, 404);
});

test('a body sent in chunks without a length is read whole; one past the limit is cut off unread', async () => {
  const chunked = (bytes: Uint8Array, size: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.subarray(at, at + size));
        controller.close();
      },
    });
  const post = (body: ReadableStream<Uint8Array>) =>
    fetch(`${proxy.url}/v1/lanes/exit-1/quotes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LANE_KEY}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
  // Five-byte chunks split the plate's three-byte UTF-8 characters between chunks.
  const whole = await post(chunked(new TextEncoder().encode(JSON.stringify({ plate: '沪A12345' })), 5));
  assert.equal(whole.status, 200);
  assert.equal(((await whole.json()) as Quote).plate, '沪A12345');
  const oversized = await post(chunked(new TextEncoder().encode(JSON.stringify({ plate: 'x'.repeat(100_000) })), 16_384)).then(
    (response) => response.status,
    () => 'connection cut',
  );
  assert.ok(oversized === 413 || oversized === 'connection cut', `answered ${oversized}`);
});

/** Opens the lane's event stream; once this resolves the proxy has registered the subscriber. */
async function openEvents(signal: AbortSignal, lastEventId?: string): Promise<{ until(marker: string): Promise<string> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${LANE_KEY}` };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const response = await fetch(`${proxy.url}/v1/lanes/exit-1/events`, { headers, signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    async until(marker) {
      while (!text.includes(marker)) text += (await reader.read()).value ?? '';
      return text;
    },
  };
}

test('payment confirmation: operator key, exact amount, applied upstream once, pushed to the lane', async () => {
  const { body: quote } = await quoteFor('沪AD12345');
  assert.equal(quote.dueFen, 7500, '1570 minutes: one capped day (¥60) + 3 started hours (¥15)');
  const path = `/v1/payments/${quote.quoteId}/paid`;
  const payment = { amountFen: 7500, channel: 'wechat', paymentRef: 'WX20261123001' };

  assert.equal((await api(path, { method: 'POST', json: payment })).status, 401, 'a lane key cannot confirm payments');
  const mismatch = await api(path, { method: 'POST', key: OPERATOR_KEY, json: { ...payment, amountFen: 7400 } });
  assert.equal(mismatch.status, 409);
  assert.equal(mismatch.body.error.code, 'amount-mismatch');
  assert.equal((await api(path, { method: 'POST', key: OPERATOR_KEY, json: { ...payment, amountFen: 75.0001 } })).status, 400);
  assert.equal((await api('/v1/payments/Qnope/paid', { method: 'POST', key: OPERATOR_KEY, json: payment })).status, 404);

  const controller = new AbortController();
  const events = await openEvents(controller.signal);
  const paymentsBefore = proxy.simulators!.welink!.payments.length;
  const [first, second] = await Promise.all([
    api(path, { method: 'POST', key: OPERATOR_KEY, json: payment }),
    api(path, { method: 'POST', key: OPERATOR_KEY, json: payment }),
  ]);
  assert.deepEqual([first.status, second.status], [200, 200]);
  assert.deepEqual([first.body.duplicate, second.body.duplicate].sort(), [false, true]);
  const third = await api(path, { method: 'POST', key: OPERATOR_KEY, json: payment });
  assert.equal(third.body.duplicate, true);
  assert.equal(proxy.simulators!.welink!.payments.length, paymentsBefore + 1, 'Welink heard payTmpRentBill exactly once');
  const stream = await events.until(`"quoteId":"${quote.quoteId}"`);
  const pushed = JSON.parse(/^event: quote\.paid\ndata: (.*)$/m.exec(stream)![1]!);
  assert.deepEqual({ type: pushed.type, quoteId: pushed.quoteId, paidFen: pushed.paidFen, plate: pushed.plate }, {
    type: 'quote.paid',
    quoteId: quote.quoteId,
    paidFen: 7500,
    plate: '沪AD12345',
  });
  controller.abort();
  assert.equal((await quoteFor('沪AD12345')).body.status, 'nothing-to-pay', 'the paid car now leaves free');
});

test('a lane reconnecting with Last-Event-ID gets the events it missed', async () => {
  const { body: quote } = await quoteFor('沪A12345');
  await api(`/v1/payments/${quote.quoteId}/paid`, { method: 'POST', key: OPERATOR_KEY, json: { amountFen: quote.dueFen, channel: 'alipay', paymentRef: 'A1' } });
  const controller = new AbortController();
  const text = await (await openEvents(controller.signal, '1')).until(quote.quoteId);
  controller.abort();
  assert.match(text, /event: quote\.paid/);
});

test('logs never carry a platform secret or a whole payToken', () => {
  const logs = logLines.join('\n');
  assert.ok(logs.includes('payment confirmed'));
  for (const secret of [WELINK_SECRET, OPERATOR_KEY]) assert.ok(!logs.includes(secret));
  assert.ok(!/"payToken":"[^"]{12,}/.test(logs));
});

test('the logger redacts secrets and payTokens even when code passes them in', () => {
  const lines: string[] = [];
  const log = createLogger([WELINK_SECRET], (line) => lines.push(line));
  log.info('oops', { url: `http://x/?key=${WELINK_SECRET}`, body: { payToken: 'QUJDREVGR0hJSktMTU5PUA==$1700000000000' } });
  assert.ok(!lines[0]!.includes(WELINK_SECRET));
  assert.ok(!lines[0]!.includes('TU5PUA=='));
  assert.match(lines[0]!, /\[redacted\]/);
});

test('invalid config fails with the path of the bad field', () => {
  const broken = structuredClone(demo);
  broken.lots[0].lanes[0].direction = 'sideways';
  assert.throws(() => resolveConfig(broken, {}), (error: unknown) => error instanceof ConfigError && /\/lots\/0\/lanes\/0\/direction/.test(error.message));
  const extra = structuredClone(demo);
  extra.lots[0].feeSource.secret = 'inline';
  assert.throws(() => resolveConfig(extra, {}), /\/lots\/0\/feeSource: unknown field "secret"/);
  const unset = structuredClone(demo);
  delete unset.lots[0].feeSource.secretKey.default;
  assert.throws(() => resolveConfig(unset, {}), /\/lots\/0\/feeSource\/secretKey: environment variable WELINK_SECRET is not set/);
});

test('WELINK_* environment variables point the demo lot elsewhere', () => {
  const config = resolveConfig(demo, {
    WELINK_BASE_URL: 'https://welink.example.com',
    WELINK_APP_ID: 'real-app',
    WELINK_SECRET: 'real-secret-0123456789abcdefghij',
    WELINK_PARK_ID: '42',
    PORT: '9000',
  });
  const fee = config.lots[0]!.feeSource;
  assert.equal(fee.type, 'welink');
  if (fee.type !== 'welink') return;
  assert.deepEqual([fee.baseUrl, fee.appId, fee.secretKey, fee.parkId, config.port], ['https://welink.example.com', 'real-app', 'real-secret-0123456789abcdefghij', '42', 9000]);
  assert.ok(config.secrets.includes('real-secret-0123456789abcdefghij'));
});

describe('partner fee lookups', () => {
  const PARTNER_KEY = 'demo-partner-key-mall';
  const lookup = (init: { key?: string | null; origin?: string; lot?: string; plate?: string } = {}) =>
    fetch(`${proxy.url}/v1/lots/${init.lot ?? 'welink-demo'}/fee-lookups`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(init.key === null ? {} : { authorization: `Bearer ${init.key ?? PARTNER_KEY}` }),
        ...(init.origin ? { origin: init.origin } : {}),
      },
      body: JSON.stringify({ plate: init.plate ?? '沪A12345' }),
    });

  /** What a browser page on `origin` could read of an answer: its status and error code, if CORS lets it. */
  const asPageSees = async (response: Response, origin: string) => {
    assert.equal(response.headers.get('access-control-allow-origin'), origin, 'the page can read the answer');
    assert.match(response.headers.get('vary') ?? '', /Origin/);
    const body = (await response.json()) as { error?: { code: string; message: string } };
    return { status: response.status, code: body.error?.code, message: body.error?.message };
  };

  test('every origin passes the preflight, so the lookup itself can say what is wrong', async () => {
    for (const origin of ['http://127.0.0.1:5173', 'https://evil.example']) {
      const preflight = await fetch(`${proxy.url}/v1/lots/welink-demo/fee-lookups`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
      assert.match(preflight.headers.get('access-control-allow-headers')!, /authorization/);
      assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST');
    }
  });

  test('a partner key looks up fees for its lot from its origins, read-only', async () => {
    proxy.simulators!.welink!.enter('沪F88888', Date.now() - 135 * 60_000);
    const response = await lookup({ origin: 'http://localhost:3000', plate: '沪F88888' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const quote = (await response.json()) as Quote;
    assert.equal(quote.dueFen, 1500);
    assert.equal(quote.laneId, 'partner-demo-mall');
    assert.equal((await lookup({ plate: '沪F88888' })).status, 200, 'a server without an Origin may look up too');
    assert.equal((await api('/v1/lanes/exit-1/config', { key: PARTNER_KEY })).status, 403, 'a partner key cannot act as a lane');
  });

  test('each refusal has its own code, readable by the page that asked', async () => {
    const page = 'http://127.0.0.1:5173';
    const missing = await asPageSees(await lookup({ key: null, origin: page }), page);
    assert.deepEqual([missing.status, missing.code], [401, 'partner-key-required']);
    const wrong = await asPageSees(await lookup({ key: 'demo-partner-key-typo', origin: page }), page);
    assert.deepEqual([wrong.status, wrong.code], [401, 'partner-key-unknown']);
    assert.match(wrong.message!, /partner-key attribute/);
    const laneKey = await asPageSees(await lookup({ key: LANE_KEY, origin: page }), page);
    assert.equal(laneKey.code, 'partner-key-unknown', 'a lane key is not a partner key');
    const lot = await asPageSees(await lookup({ lot: 'another-lot', origin: page }), page);
    assert.deepEqual([lot.status, lot.code], [403, 'lot-not-allowed']);
    const evil = 'https://evil.example';
    const origin = await asPageSees(await lookup({ origin: evil }), evil);
    assert.deepEqual([origin.status, origin.code], [403, 'origin-not-allowed']);
    assert.match(origin.message!, /https:\/\/evil\.example/);
    const lookalike = await asPageSees(await lookup({ origin: 'http://127.0.0.1.evil.example:80' }), 'http://127.0.0.1.evil.example:80');
    assert.equal(lookalike.code, 'origin-not-allowed');
  });

  test('a platform that is down reads differently from a refusal', async () => {
    const page = 'http://127.0.0.1:5173';
    const down = await startDemoProxy(resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: '0', ETCP_BASE_URL: `http://127.0.0.1:${await freePort()}` }), {
      logger: createLogger([], () => {}),
      staticRoot: null,
    });
    try {
      const response = await fetch(`${down.url}/v1/lots/etcp-demo/fee-lookups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${PARTNER_KEY}`, origin: page },
        body: JSON.stringify({ plate: '渝DE3787' }),
      });
      const seen = await asPageSees(response, page);
      assert.equal(seen.status, 503);
      assert.match(seen.code!, /^etcp:/);
    } finally {
      await down.close(0);
    }
  });
});

test('entry lanes issue signed tickets; exit lanes verify them and refuse forgeries', async () => {
  const entryKey = 'demo-lane-key-entry-1';
  const issued = await api('/v1/lanes/entry-1/tickets', { method: 'POST', key: entryKey });
  assert.equal(issued.status, 201);
  assert.match(issued.body.ticketNo, /^T\d{18}$/);
  assert.match(issued.body.payload, /^LKT1\./);
  assert.equal((await api('/v1/lanes/exit-1/tickets', { method: 'POST' })).status, 403, 'exit lanes do not issue tickets');

  const verified = await api('/v1/lanes/exit-1/tickets/verify', { method: 'POST', json: { payload: issued.body.payload } });
  assert.equal(verified.status, 200);
  assert.deepEqual(verified.body, { ticketNo: issued.body.ticketNo, lotId: 'welink-demo', laneId: 'entry-1', enteredAt: issued.body.enteredAt });

  const tampered = issued.body.payload.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
  const forged = await api('/v1/lanes/exit-1/tickets/verify', { method: 'POST', json: { payload: tampered } });
  assert.equal(forged.status, 400);
  assert.equal(forged.body.error.code, 'forged-ticket');
  assert.ok(!logLines.join('\n').includes('demo-ticket-key-5b1d8c2e9f70a4'), 'the ticket key is never logged');
});

test('lanes report their outbox; /healthz shows backlogs past the 01:00 deadline as degraded', async () => {
  const threeDaysAgo = Date.now() - 3 * 86_400_000;
  const put = (outbox: unknown) => api('/v1/lanes/exit-1/status', { method: 'PUT', json: { outbox } });
  assert.equal((await put({ depth: 'many' })).status, 400);
  assert.equal((await put({ depth: 12, oldestCreatedAt: threeDaysAgo, deadLetters: 0, storageError: null })).status, 204);
  const health = (await api('/healthz', { key: null })).body;
  assert.equal(health.status, 'degraded');
  const backlog = health.laneBacklogs.find((b: { laneId: string }) => b.laneId === 'exit-1');
  assert.deepEqual([backlog.depth, backlog.reportDeadline], [12, 'overdue']);
  assert.equal((await put({ depth: 0, oldestCreatedAt: null, deadLetters: 0, storageError: null })).status, 204);
  assert.equal((await api('/healthz', { key: null })).body.laneBacklogs[0].reportDeadline, 'ok');
});
