/**
 * Fuzzing every API route and every callback body over real HTTP with fast-check: malformed JSON,
 * wrong types, huge strings, unicode edge cases, bad plates and amounts at the edges of fen and
 * yuan. The proxy must never answer 5xx or crash, and every refusal must be a 4xx that says why,
 * in the caller's shape (ours, or the platform's {code, message} for callbacks).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { startProxy, type RunningProxy } from '../../src/proxy/app.js';
import { etcpPushData } from '../../src/proxy/callbacks/etcp.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { shanghaiSign } from '../../src/proxy/providers/shanghai/signing.js';
import { PROVINCES } from '../../src/core/plate.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

const KEYS = { exit: 'demo-lane-key-exit-1', entry: 'demo-lane-key-entry-1', operator: 'demo-operator-key-7c1e', partner: 'demo-partner-key-mall' };
const RUNS = 100;
let proxy: RunningProxy;
let cases = 0;
const errorLines: string[] = [];

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig({ ...demo, rateLimits: { perKey: { perMinute: 1e6, burst: 1e6 }, perIp: { perMinute: 1e6, burst: 1e6 } } }, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startProxy(config, { logger: createLogger(config.secrets, (line) => line.includes('"level":"error"') && errorLines.push(line)), staticRoot: null });
  proxy.simulators!.welink!.enter('沪A12345', Date.now() - 135 * 60_000);
});
after(async () => {
  await proxy.close();
  process.stdout.write(`# fuzz: ${cases} requests, ${errorLines.length} unhandled errors\n`);
});

// ---- what goes in ----
const edgeStrings = fc.constantFrom('', ' ', '\u0000', '\uFFFF', '\uD800', '😀'.repeat(50), 'ＡＢＣ', 'Ｉ', '沪', '沪A', '沪A1234567', '<script>', '../../etc/passwd', '%00', 'null', '{"', 'x'.repeat(70_000));
const plates = fc.oneof(
  fc.tuple(fc.constantFrom(...PROVINCES), fc.constantFrom('A', 'B', 'I', 'O', 'D', '1'), fc.stringMatching(/^[0-9A-HJ-NP-Z]{4,6}$/)).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  edgeStrings,
);
const amounts = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 1.005, 99.999, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, '15.00', '1e3', '0x10', '', null, true, [], {}),
  fc.integer(),
  fc.double(),
);
const anything: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), edgeStrings, amounts, plates);
const objectWith = (fields: string[]) => fc.record(Object.fromEntries(fields.map((f) => [f, anything])), { requiredKeys: [] });

/** A body: raw text that may not even be JSON, or JSON of an object with the route's fields mistyped. */
function bodies(fields: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    objectWith(fields).map((o) => JSON.stringify(o)),
    fc.record({ plate: plates }).map((o) => JSON.stringify(o)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    edgeStrings,
  );
}

// ---- what comes out ----
async function send(method: string, path: string, key: string | null, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  cases += 1;
  const response = await fetch(`${proxy.url}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body,
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Judged below.
  }
  return { status: response.status, json };
}

function assertRefusedProperly(where: string, { status, json }: { status: number; json: any }, shape: 'api' | 'platform'): void {
  assert.ok(status < 500, `${where}: answered ${status} ${JSON.stringify(json)}`);
  if (status < 400) return;
  if (shape === 'api') {
    assert.equal(typeof json?.error?.code, 'string', `${where}: ${status} without an error code`);
    assert.ok(json.error.message.length > 0, `${where}: ${status} without a reason`);
  } else {
    assert.ok(json && ('code' in json || 'error' in json), `${where}: ${status} not in the platform's shape`);
  }
}

const laneRoutes: Array<[string, string, string, string[]]> = [
  ['POST', '/v1/lanes/exit-1/quotes', KEYS.exit, ['plate']],
  ['PUT', '/v1/lanes/exit-1/status', KEYS.exit, ['outbox']],
  ['POST', '/v1/lanes/exit-1/outbox', KEYS.exit, ['events']],
  ['POST', '/v1/lanes/entry-1/tickets', KEYS.entry, ['plate']],
  ['POST', '/v1/lanes/exit-1/tickets/verify', KEYS.exit, ['payload']],
  ['POST', '/v1/lanes/exit-1/lane-auth', KEYS.exit, ['ticket', 'userId']],
  ['POST', '/v1/lanes/exit-1/lane-auth/refresh', KEYS.exit, ['ticket', 'userId']],
  ['POST', '/v1/lanes/exit-1/coupons', KEYS.exit, ['mchId', 'ruleId', 'plate']],
  ['POST', '/v1/lanes/entry-1/admission', KEYS.entry, ['plate']],
  ['POST', '/v1/lanes/exit-1/quotes/Q123/payment-check', KEYS.exit, []],
  ['POST', '/v1/payments/Q123/paid', KEYS.operator, ['amountFen', 'channel', 'paymentRef']],
  ['PUT', '/v1/lots/welink-demo/lanes/exit-1/qr', KEYS.operator, ['qrUrl']],
  ['POST', '/v1/lots/welink-demo/fee-lookups', KEYS.partner, ['plate']],
];

for (const [method, path, key, fields] of laneRoutes) {
  test(`fuzz ${method} ${path}`, async () => {
    await fc.assert(
      fc.asyncProperty(bodies(fields), fc.constantFrom(key, null, 'wrong-key-0123456789'), async (body, caller) => {
        assertRefusedProperly(`${method} ${path}`, await send(method, path, caller, body), 'api');
      }),
      { numRuns: RUNS },
    );
  });
}

test('fuzz a quote payable at the edges of fen: the operator confirmation refuses every amount but the exact one', async () => {
  const quote = (await send('POST', '/v1/lanes/exit-1/quotes', KEYS.exit, JSON.stringify({ plate: '沪A12345' }))).json;
  assert.equal(quote.status, 'due');
  await fc.assert(
    fc.asyncProperty(amounts.filter((a) => a !== quote.dueFen), async (amountFen) => {
      const answer = await send('POST', `/v1/payments/${quote.quoteId}/paid`, KEYS.operator, JSON.stringify({ amountFen, channel: 'wechat', paymentRef: 'FUZZ' }));
      assertRefusedProperly('paid', answer, 'api');
      assert.ok(answer.status >= 400, `amount ${JSON.stringify(amountFen)} was accepted for a ${quote.dueFen} fen quote`);
    }),
    { numRuns: RUNS * 2 },
  );
  assert.equal(proxy.simulators!.welink!.payments.length, 0, 'no fuzzed amount paid anything');
});

test('fuzz path segments, query strings and headers of the GET routes', async () => {
  // A lone surrogate cannot travel in a URL at all; its well-formed replacement can.
  const segment = fc.oneof(fc.string({ maxLength: 40 }), edgeStrings.filter((s) => s.length < 200)).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD')));
  await fc.assert(
    fc.asyncProperty(segment, segment, fc.constantFrom(KEYS.exit, KEYS.operator, null), fc.string({ maxLength: 30 }), async (a, b, key, lastEventId) => {
      for (const path of [`/v1/lanes/${a}/config`, `/v1/lanes/${a}/spaces`, `/v1/lots/${a}/platform-lanes`, `/v1/lots/${a}/reconciliation/payments?date=${b}`, `/v1/lots/welink-demo/reconciliation/bills?date=${b}`, `/${a}/${b}`]) {
        assertRefusedProperly(`GET ${path}`, await send('GET', path, key), 'api');
      }
      const events = await fetch(`${proxy.url}/v1/lanes/${a}/events`, { headers: { authorization: `Bearer ${KEYS.exit}`, 'last-event-id': lastEventId.replace(/[^\x20-\x7e]/g, '') } });
      cases += 1;
      assert.ok(events.status < 500);
      await events.body?.cancel();
    }),
    { numRuns: RUNS },
  );
});

test('fuzz the Shanghai callbacks with correctly signed, wrongly shaped bodies', async () => {
  const city = proxy.lots.get('welink-demo')!.settings.cityPlatform!;
  const fields = ['parkingId', 'plateId', 'orderId', 'businessId', 'payMoney', 'payStatus', 'payType', 'payTime', 'vehicleType', 'invoiceId'];
  const payloads = fc.oneof(
    objectWith(fields).map((o) => JSON.stringify({ parkingId: city.parkingId, ...o, dateTime: Date.now() })),
    objectWith(fields).map((o) => JSON.stringify({ ...o, dateTime: Date.now() })),
    bodies(fields),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('fee-query', 'payment-notify', 'invoice', 'find-car'), payloads, fc.boolean(), async (kind, body, signed) => {
      const answer = await send('POST', `/callbacks/shanghai/welink-demo/${kind}`, null, body, { sign: signed ? shanghaiSign(city.password, body) : 'f'.repeat(32) });
      assertRefusedProperly(`shanghai ${kind}`, answer, 'platform');
      if (!signed) assert.ok(answer.status >= 400, 'an unsigned callback was accepted');
    }),
    { numRuns: RUNS * 4 },
  );
  assert.equal(proxy.simulators!.welink!.payments.length, 0, 'no fuzzed notify paid anything');
});

test('fuzz the ETCP pushes with correct signments over wrongly shaped bodies', async () => {
  const etcp = proxy.lots.get('etcp-demo')!.settings.feeSource as { merchantNo: string; merchantKey: string; pushVersion: 1 | 2 };
  const fields = ['synId', 'plateNumber', 'parkName', 'parkId', 'entranceTime', 'exitTime', 'stayedTime', 'receivableFee', 'pushTime', 'time'];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('entry', 'exit', 'unbind', 'auth-invalid') as fc.Arbitrary<'entry' | 'exit' | 'unbind' | 'auth-invalid'>, objectWith(fields), async (kind, push) => {
      const signment = createHash('md5').update(`${etcp.merchantNo}${etcpPushData(kind, etcp.pushVersion, push)}${etcp.merchantKey}`, 'utf8').digest('hex').toUpperCase();
      assertRefusedProperly(`etcp ${kind}`, await send('POST', `/callbacks/etcp/etcp-demo/${kind}`, null, JSON.stringify({ ...push, signment })), 'platform');
    }),
    { numRuns: RUNS * 4 },
  );
});

test('after all of it: no unhandled error was logged, and the proxy still answers', async () => {
  assert.deepEqual(errorLines, []);
  assert.equal((await send('POST', '/v1/lanes/exit-1/quotes', KEYS.exit, JSON.stringify({ plate: '沪A12345' }))).status, 200);
});
