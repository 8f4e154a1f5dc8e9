/** The API's request bodies are checked by their JSON Schemas: a refusal keeps its route's code and names the field at fault. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startProxy, type RunningProxy } from '../../src/proxy/app.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { COUPON_BODY, LANE_STATUS_BODY, PLATE_BODY, TICKET_REQUEST_BODY, validBody } from '../../src/proxy/request-bodies.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

const LANE_KEY = 'demo-lane-key-exit-1';
const OPERATOR_KEY = 'demo-operator-key-7c1e';
let proxy: RunningProxy;

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig({ ...demo, simulators: {} }, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startProxy(config, { logger: createLogger(config.secrets, () => undefined), staticRoot: null });
});
after(() => proxy.close());

async function send(method: string, path: string, body: unknown, key = LANE_KEY): Promise<{ status: number; error: { code: string; message: string; field?: string | null } }> {
  const response = await fetch(`${proxy.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, error: ((await response.json()) as { error: { code: string; message: string; field?: string | null } }).error };
}

test('a refused body answers 400 with the route’s code and the field at fault', async () => {
  const cases: Array<[string, string, unknown, string, string | null, RegExp, string?]> = [
    ['POST', '/v1/lanes/exit-1/quotes', {}, 'invalid-plate', 'plate', /plate is required/],
    ['POST', '/v1/lanes/exit-1/quotes', { plate: 7 }, 'invalid-plate', 'plate', /plate must be string/],
    ['POST', '/v1/lanes/exit-1/quotes', [1], 'invalid-body', null, /body must be a JSON object/],
    ['POST', '/v1/lanes/exit-1/coupons', { mchId: 2 ** 60, ruleId: '1', plate: '沪A12345' }, 'invalid-coupon', 'mchId', /mchId must be sent as a string of digits/],
    ['POST', '/v1/lanes/exit-1/coupons', { mchId: '1', ruleId: '9223372036854775808', plate: '沪A12345' }, 'invalid-coupon', 'ruleId', /larger than any platform id/],
    ['POST', '/v1/lanes/exit-1/coupons', { mchId: '1', ruleId: '2', plate: '沪AI2345' }, 'invalid-plate', 'plate', /I or O/],
    ['PUT', '/v1/lanes/exit-1/status', { outbox: { depth: -1, deadLetters: 0, oldestCreatedAt: null } }, 'invalid-status', 'outbox.depth', /outbox\.depth must be >= 0/],
    ['PUT', '/v1/lanes/exit-1/status', { outbox: { depth: 0, deadLetters: 0 } }, 'invalid-status', 'outbox.oldestCreatedAt', /outbox\.oldestCreatedAt is required/],
    ['POST', '/v1/lanes/exit-1/outbox', { events: [] }, 'invalid-batch', 'events', /events must NOT have fewer than 1 items/],
    ['POST', '/v1/lanes/exit-1/lane-auth', { userId: 'not ok!' }, 'invalid-user', 'userId', /userId must match/],
    ['POST', '/v1/lanes/exit-1/lane-auth', {}, 'invalid-user', null, /send one of: ticket, userId/],
    ['POST', '/v1/lanes/exit-1/lane-auth', { userId: null }, 'invalid-user', 'userId', /userId must be string/],
    ['POST', '/v1/lanes/exit-1/tickets/verify', { payload: 'x'.repeat(601) }, 'invalid-ticket', 'payload', /payload must NOT have more than 600 characters/],
    ['PUT', '/v1/lots/welink-demo/lanes/exit-1/qr', { qrUrl: 'ftp://x' }, 'invalid-qr-url', 'qrUrl', /qrUrl must be an http\(s\) URL/, OPERATOR_KEY],
    ['POST', '/v1/payments/q1/paid', { amountFen: 0, channel: 'cash', paymentRef: 'r1' }, 'invalid-amount', 'amountFen', /amountFen must be >= 1/, OPERATOR_KEY],
    ['POST', '/v1/payments/q1/paid', { amountFen: 100, channel: 'cash desk', paymentRef: 'r1' }, 'invalid-payment', 'channel', /channel must match/, OPERATOR_KEY],
  ];
  for (const [method, path, body, code, field, message, key] of cases) {
    const { status, error } = await send(method, path, body, key);
    assert.deepEqual([status, error.code, error.field], [400, code, field], `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`);
    assert.match(error.message, message);
  }
});

test('what passes is the checked value: plates normalised, a missing optional plate is none', () => {
  assert.equal(validBody(PLATE_BODY, { plate: ' 沪a12345 ' }).plate, '沪A12345');
  assert.equal(validBody(TICKET_REQUEST_BODY, {}).plate, undefined);
  assert.equal(validBody(TICKET_REQUEST_BODY, { plate: null }).plate, null);
  assert.deepEqual(validBody(COUPON_BODY, { mchId: '10000000000000001', ruleId: '20000000000000002', plate: '沪A12345' }), { mchId: '10000000000000001', ruleId: '20000000000000002', plate: '沪A12345' });
  assert.deepEqual(validBody(LANE_STATUS_BODY, { outbox: { depth: 2, deadLetters: 0, oldestCreatedAt: 1_700_000_000_000, storageError: null } }).outbox.depth, 2);
});
