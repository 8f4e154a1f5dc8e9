/**
 * Lots composed from different fee sources in one proxy: Welink, ETCP and the local tariff, each
 * declaring its capabilities. Over real HTTP on 127.0.0.1 with the demo configuration.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { computeFee } from '../../src/core/tariff.js';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { ConfigError, resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { apiClient } from '../helpers/api.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
let proxy: DemoProxy;
const exitApi = apiClient(() => proxy.url, 'demo-lane-key-local-exit-1');
const entryApi = apiClient(() => proxy.url, 'demo-lane-key-local-entry-1');
let seq = 0;

before(async () => {
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
});
after(() => proxy.close());

const passage = (type: 'arrive' | 'leave', plate: string, atMs: number) => ({
  key: `test-${type}-${++seq}-${atMs}`,
  stream: 'test/passages',
  type,
  createdAt: atMs,
  payload: { plate, atMs },
});

test('each demo lot names its fee source in the lane config', async () => {
  const lotOf = async (laneId: string, key: string) => (await apiClient(() => proxy.url, key)(`/v1/lanes/${laneId}/config`)).body.lot;
  assert.equal((await lotOf('exit-1', 'demo-lane-key-exit-1')).feeSource, 'welink');
  assert.equal((await lotOf('etcp-exit-1', 'demo-lane-key-etcp-exit-1')).feeSource, 'etcp');
  assert.equal((await lotOf('local-exit-1', 'demo-lane-key-local-exit-1')).feeSource, 'local');
});

test('local tariff lot: an entry lane’s arrive starts the stay, the tariff prices it, payment and leave end it', async () => {
  const enteredAtMs = Date.now() - 135 * 60_000;
  const delivered = await entryApi('/v1/lanes/local-entry-1/outbox', { method: 'POST', json: { events: [passage('arrive', '沪L 12345', enteredAtMs)] } });
  assert.equal(delivered.body.results[0].status, 'accepted');

  const { body: quote } = await exitApi('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪L12345' } });
  const tariff = proxy.lots.get('local-demo')!.settings.tariff!;
  const expected = computeFee(tariff, 'small', enteredAtMs, Date.now()).fen;
  assert.equal(quote.status, expected > 0 ? 'due' : 'nothing-to-pay');
  assert.equal(quote.dueFen, expected);
  assert.ok(expected > 0, 'over two hours costs something by day or by night');

  const paid = await exitApi(`/v1/payments/${quote.quoteId}/paid`, { method: 'POST', key: 'demo-operator-key-7c1e', json: { amountFen: quote.dueFen, channel: 'alipay', paymentRef: 'local-1' } });
  assert.equal(paid.status, 200);
  const after = (await exitApi('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪L12345' } })).body;
  assert.equal(after.status, 'nothing-to-pay');
  assert.equal(after.paidFen, expected);

  await exitApi('/v1/lanes/local-exit-1/outbox', { method: 'POST', json: { events: [passage('leave', '沪L12345', Date.now())] } });
  assert.equal((await exitApi('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪L12345' } })).body.status, 'no-entry-record');
});

test('a plate the local register never saw enter is no-entry-record', async () => {
  const { body } = await exitApi('/v1/lanes/local-exit-1/quotes', { method: 'POST', json: { plate: '沪L99999' } });
  assert.equal(body.status, 'no-entry-record');
});

test('capabilities are declared: ETCP takes no offline bills, and the outbox says so instead of pretending', async () => {
  const etcp = apiClient(() => proxy.url, 'demo-lane-key-etcp-exit-1');
  const bill = {
    key: `test-bill-${Date.now()}`,
    stream: 'test/bills',
    type: 'offline-bill',
    createdAt: Date.now(),
    payload: { plate: '沪E12345', enteredAtMs: Date.now() - 3_600_000, exitAtMs: Date.now(), payableFen: 500, discountFen: 0, paidFen: 0, amountFen: 500, settlement: 'cash', note: '', staff: 'A01' },
  };
  const { body } = await etcp('/v1/lanes/etcp-exit-1/outbox', { method: 'POST', json: { events: [bill] } });
  assert.equal(body.results[0].status, 'rejected');
  assert.match(body.results[0].reason, /etcp takes no offline bills/);
  assert.deepEqual([...proxy.lots.get('etcp-demo')!.feeSource.capabilities].sort(), ['confirm-payment', 'free-spaces', 'quote']);
});

test('a local lot without a tariff is refused at startup', () => {
  const broken = structuredClone(demo);
  delete broken.lots.find((l: { lotId: string }) => l.lotId === 'local-demo').tariff;
  assert.throws(() => resolveConfig(broken, {}), (e: unknown) => e instanceof ConfigError && /feeSource local needs a tariff/.test(e.message));
});

test('ETCP_* variables point the ETCP lot elsewhere, as WELINK_* and SHANGHAI_* do', () => {
  const config = resolveConfig(demo, { ETCP_BASE_URL: 'https://mapi.etcp.cn', ETCP_MERCHANT_NO: 'real-merchant', ETCP_MERCHANT_KEY: 'real-merchant-key-0123', ETCP_MOBILE_PHONE: '13900000000' });
  const fee = config.lots.find((l) => l.lotId === 'etcp-demo')!.feeSource;
  assert.equal(fee.type, 'etcp');
  if (fee.type !== 'etcp') return;
  assert.deepEqual([fee.baseUrl, fee.merchantNo, fee.merchantKey, fee.mobilePhone], ['https://mapi.etcp.cn', 'real-merchant', 'real-merchant-key-0123', '13900000000']);
  assert.ok(config.secrets.includes('real-merchant-key-0123'), 'the merchant key is redacted from logs');
});
