/**
 * Operator, partner and lane inputs that go upstream are checked before they go, over real HTTP
 * against the embedded simulators: a bad one is a 400 with its reason, and the platform never
 * hears of it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { apiClient } from '../helpers/api.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

const OPERATOR_KEY = 'demo-operator-key-7c1e';
const MCH = '11151314366657101';
const RULE = '12151107613232801';

let proxy: DemoProxy;
const operator = apiClient(() => proxy.url, OPERATOR_KEY);
const exitLane = apiClient(() => proxy.url, 'demo-lane-key-exit-1');

before(async () => {
  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => undefined), staticRoot: null });
});
after(() => proxy.close());

/** What the Welink simulator was asked, by method: the platform's own record. */
const welinkCalls = (method: string) => proxy.simulators!.welink!.received.filter((r) => r.method === method).length;

test('reconciliation dates: 0000-00-00 and 2026-02-30 are 400 invalid-date, a real past day goes upstream', async () => {
  for (const [date, reason] of [
    ['0000-00-00', /outside the years 2000–2099/],
    ['2026-02-30', /2026-02 has days 01 to 28/],
    ['2025-13-01', /no month 13/],
  ] as const) {
    for (const kind of ['payments', 'bills']) {
      const { status, body } = await operator(`/v1/lots/welink-demo/reconciliation/${kind}?date=${date}`);
      assert.equal(status, 400, `${kind} ${date}: ${JSON.stringify(body)}`);
      assert.equal(body.error.code, 'invalid-date');
      assert.match(body.error.message, reason);
    }
  }
  const leapDay = await operator('/v1/lots/welink-demo/reconciliation/payments?date=2024-02-29');
  assert.equal(leapDay.status, 200, JSON.stringify(leapDay.body));
  assert.deepEqual(leapDay.body.records, []);
});

test('coupon ids must be strings: a JSON number (already rounded) or an array is 400, and Welink hears nothing', async () => {
  proxy.simulators!.welink!.enter('沪C30001', Date.now() - 90 * 60_000);
  const before = welinkCalls('/coupon/add') + welinkCalls('/coupon/rules');
  const send = (body: string) => exitLane('/v1/lanes/exit-1/coupons', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  for (const body of [
    `{"mchId": ${MCH}, "ruleId": "${RULE}", "plate": "沪C30001"}`,
    `{"mchId": "${MCH}", "ruleId": ${RULE}, "plate": "沪C30001"}`,
    `{"mchId": ["${MCH}"], "ruleId": "${RULE}", "plate": "沪C30001"}`,
    `{"mchId": "${MCH}", "ruleId": ["${RULE}"], "plate": "沪C30001"}`,
  ]) {
    const { status, body: answer } = await send(body);
    assert.equal(status, 400, `${body}: ${JSON.stringify(answer)}`);
    assert.equal(answer.error.code, 'invalid-coupon');
  }
  const rounded = await send(`{"mchId": ${MCH}, "ruleId": "${RULE}", "plate": "沪C30001"}`);
  assert.match(rounded.body.error.message, /mchId must be sent as a string of digits/);
  assert.equal(welinkCalls('/coupon/add') + welinkCalls('/coupon/rules'), before, 'nothing reached the platform');
  const given = await send(`{"mchId": "${MCH}", "ruleId": "${RULE}", "plate": "沪C30001"}`);
  assert.equal(given.status, 200, JSON.stringify(given.body));
  assert.equal(given.body.coupon.rule.ruleId, RULE);
});

test('the lane QR URL must be printable ASCII with a host before the platform stores it', async () => {
  for (const qrUrl of ['https://例子.中国/lane', 'https://x.example/\u0001', 'https://', 123]) {
    const { status, body } = await operator('/v1/lots/welink-demo/lanes/exit-1/qr', { method: 'PUT', json: { qrUrl } });
    assert.equal(status, 400, `${JSON.stringify(qrUrl)}: ${JSON.stringify(body)}`);
    assert.equal(body.error.code, 'invalid-qr-url');
  }
  assert.equal(proxy.simulators!.welink!.lot.qrUrls.size, 0, 'the platform stored none of them');
});

test('an outbox event dated past 2099 is rejected with its reason, not sent upstream nor a 500', async () => {
  const { status, body } = await exitLane('/v1/lanes/exit-1/outbox', {
    method: 'POST',
    json: { events: [{ key: 'far-future-leave-1', stream: 'exit-1/welink', type: 'leave', createdAt: Date.now(), payload: { plate: '沪A12345', atMs: 9e15 } }] },
  });
  assert.equal(status, 200, JSON.stringify(body));
  assert.deepEqual(body.results, [{ key: 'far-future-leave-1', status: 'rejected', reason: 'leave needs atMs in epoch milliseconds' }]);
});

test('an offline bill reaches Welink with the plate normalised, as the platform knows the car', async () => {
  const exitAtMs = Date.now() - 60_000;
  const bill = { plate: '沪 a12345', enteredAtMs: exitAtMs - 3_600_000, exitAtMs, payableFen: 500, discountFen: 0, paidFen: 0, amountFen: 500, settlement: 'cash', note: '', staff: 'staff-1' };
  const { status, body } = await exitLane('/v1/lanes/exit-1/outbox', { method: 'POST', json: { events: [{ key: 'offline-bill-normalised-1', stream: 'exit-1/welink', type: 'offline-bill', createdAt: exitAtMs, payload: bill }] } });
  assert.equal(status, 200, JSON.stringify(body));
  assert.deepEqual(body.results, [{ key: 'offline-bill-normalised-1', status: 'accepted' }]);
  assert.deepEqual(proxy.simulators!.welink!.offlineBills.map((b) => b.plate), ['沪A12345']);
});
