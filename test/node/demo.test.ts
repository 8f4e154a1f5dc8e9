/**
 * The demo a person can use: a reset so every seeded car can be paid again, the partner example
 * page, and LAN mode's addresses. Over real HTTP on 127.0.0.1 (LAN mode is checked as config:
 * tests bind nothing but 127.0.0.1).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { ConfigError, resolveConfig } from '../../src/proxy/config.js';
import { lanAddress, loadLanConfig } from '../../src/proxy/lan.js';
import { createLogger } from '../../src/proxy/log.js';
import type { Quote } from '../../src/core/quote.js';
import { freePort, freshStateDir, ROOT, runScript } from '../helpers/proxy-process.js';

const DEMO = `${ROOT}config/demo.json`;
const OPERATOR_KEY = 'demo-operator-key-7c1e';
const LANE_KEY = 'demo-lane-key-exit-1';

describe('the demo reset', () => {
  let proxy: DemoProxy;
  before(async () => {
    const config = resolveConfig(JSON.parse(readFileSync(DEMO, 'utf8')), { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
    proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  });
  after(() => proxy.close(0));

  const quote = async (plate: string, lane = 'exit-1', key = LANE_KEY): Promise<Quote> => {
    const response = await fetch(`${proxy.url}/v1/lanes/${lane}/quotes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plate }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Quote;
  };
  const pay = async (due: Quote) => {
    const response = await fetch(`${proxy.url}/v1/payments/${due.quoteId}/paid`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amountFen: due.dueFen, channel: 'demo-pay', paymentRef: `T${Date.now()}` }),
    });
    assert.equal(response.status, 200, await response.clone().text());
  };
  const reset = (key: string | null) => fetch(`${proxy.url}/sims/reset`, { method: 'POST', headers: key ? { authorization: `Bearer ${key}` } : {} });

  test('only the operator key resets the demo', async () => {
    for (const key of [null, LANE_KEY, 'demo-partner-key-mall']) {
      const refused = await reset(key);
      assert.equal(refused.status, 401);
      assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'operator-key-required');
    }
  });

  test('after a reset every seeded car can be paid again, and cars parked since are gone', async () => {
    const first = await quote('沪A12345');
    assert.deepEqual([first.status, first.dueFen], ['due', 1500]);
    await pay(first);
    assert.equal((await quote('沪A12345')).status, 'nothing-to-pay');
    const etcpFirst = await quote('渝DE3787', 'etcp-exit-1', 'demo-lane-key-etcp-exit-1');
    assert.equal(etcpFirst.status, 'due');
    await pay(etcpFirst);
    assert.equal((await quote('渝DE3787', 'etcp-exit-1', 'demo-lane-key-etcp-exit-1')).status, 'nothing-to-pay');
    proxy.simulators!.welink!.enter('沪F00001', Date.now() - 60 * 60_000);

    const answer = await reset(OPERATOR_KEY);
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { reset: true, cars: { welink: ['沪A12345', '沪AD12345', '京N8P8F8'], etcp: ['渝DE3787', '沪B67890'] } });

    const again = await quote('沪A12345');
    assert.deepEqual([again.status, again.dueFen], ['due', 1500]);
    await pay(again);
    const etcpAgain = await quote('渝DE3787', 'etcp-exit-1', 'demo-lane-key-etcp-exit-1');
    assert.deepEqual([etcpAgain.status, etcpAgain.dueFen], ['due', etcpFirst.dueFen]);
    assert.equal((await quote('沪F00001')).status, 'no-entry-record');
    assert.equal((await quote('京N8P8F8')).status, 'nothing-to-pay', 'still inside its free 15 minutes');
  });

  test('the partner example page is served with the demo’s own address', async () => {
    const response = await fetch(`${proxy.url}/sims/partner-example.html`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /text\/html/);
    const page = await response.text();
    assert.ok(page.includes(`<script type="module" src="${proxy.url}/widget/lane-fee-widget.js"></script>`));
    assert.ok(page.includes(`proxy-url="${proxy.url}"`));
    assert.ok(!page.includes('http://127.0.0.1:8080'));
  });
});

describe('LAN mode', () => {
  const nic = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) => ({ address, family, internal }) as NetworkInterfaceInfo;
  const interfaces = {
    lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
    docker0: [nic('fe80::1', 'IPv6', false)],
    wlan0: [nic('fe80::2', 'IPv6', false), nic('192.168.1.23', 'IPv4', false)],
    eth1: [nic('10.0.0.5', 'IPv4', false)],
  };

  test('takes the first non-internal IPv4 address', () => {
    assert.equal(lanAddress(interfaces), '192.168.1.23');
    assert.equal(lanAddress({ lo: interfaces.lo }), null);
  });

  test('listens on every interface, and the pay QR and simulators carry the LAN address', () => {
    const config = loadLanConfig(DEMO, { STATE_DIR: freshStateDir() }, interfaces);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.publicUrl, 'http://192.168.1.23:8080');
    const welink = config.lots.find((lot) => lot.lotId === 'welink-demo')!;
    assert.equal(welink.feeSource.type === 'welink' && welink.feeSource.baseUrl, 'http://192.168.1.23:8080/sims/welink');
    assert.ok(config.partners[0]!.origins.includes('http://192.168.1.23:8080'), 'the example page opened on a phone may look fees up');
    assert.equal(loadLanConfig(DEMO, { PORT: '9090' }, interfaces).publicUrl, 'http://192.168.1.23:9090');
    assert.equal(loadLanConfig(DEMO, { PUBLIC_URL: 'http://demo.lan:8080' }, interfaces).publicUrl, 'http://demo.lan:8080');
  });

  test('says what is wrong instead of starting somewhere a phone cannot reach', () => {
    assert.throws(() => loadLanConfig(DEMO, { PORT: '0' }, interfaces), /fixed port/);
    assert.throws(() => loadLanConfig(DEMO, {}, { lo: interfaces.lo }), (error) => error instanceof ConfigError && /no network address other than loopback/.test(error.message));
    assert.throws(() => loadLanConfig(DEMO, { NODE_ENV: 'production' }, interfaces), /demo only/);
  });

  test('is never the default, and is refused in production before anything listens', async () => {
    assert.equal(resolveConfig(JSON.parse(readFileSync(DEMO, 'utf8')), { STATE_DIR: freshStateDir() }).host, '127.0.0.1');
    const refused = await runScript('src/proxy/demo.ts', ['--lan'], { NODE_ENV: 'production' });
    assert.equal(refused.code, 2);
    assert.match(refused.output, /--lan \(LISTEN_LAN=1\) is for the demo only/);
  });
});
