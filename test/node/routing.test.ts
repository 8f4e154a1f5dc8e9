/** The route table over real HTTP: named parameters with their shapes, 404 for a path no route takes, 405 with Allow. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startProxy, type RunningProxy } from '../../src/proxy/app.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { ApiError, NotSupportedError, UnavailableError } from '../../src/proxy/errors.js';
import { createLogger } from '../../src/proxy/log.js';
import { route, Router, routeLabel } from '../../src/proxy/router.js';
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

async function call(method: string, path: string, key = LANE_KEY): Promise<{ status: number; allow: string | null; code: string | undefined }> {
  const response = await fetch(`${proxy.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' });
  const text = await response.text();
  return { status: response.status, allow: response.headers.get('allow'), code: text ? (JSON.parse(text) as { error?: { code: string } }).error?.code : undefined };
}

test('a path a route takes under other methods is 405, and Allow names them', async () => {
  const cases: Array<[string, string, string[]]> = [
    ['GET', '/v1/lanes/exit-1/quotes', ['POST']],
    ['PUT', '/v1/lanes/exit-1/config', ['GET']],
    ['DELETE', '/healthz', ['GET']],
    ['GET', '/v1/lots/welink-demo/fee-lookups', ['OPTIONS', 'POST']],
    ['GET', '/v1/lots/welink-demo/reconciliation/bills/', []],
  ];
  for (const [method, path, allowed] of cases) {
    const answer = await call(method, path);
    if (allowed.length === 0) {
      assert.equal(answer.status, 404, `${method} ${path}`);
      continue;
    }
    assert.equal(answer.status, 405, `${method} ${path}`);
    assert.equal(answer.code, 'method-not-allowed');
    assert.deepEqual(answer.allow?.split(', ').sort(), allowed, `${method} ${path}`);
  }
});

test('a parameter of the wrong shape, or an empty one, matches no route: 404', async () => {
  for (const path of [
    '/v1/lanes/exit-1/quotes/not.an.id/payment-check',
    `/v1/lanes/exit-1/quotes/${'q'.repeat(65)}/payment-check`,
    `/v1/payments/${'q'.repeat(65)}/paid`,
    '/v1/lanes//config',
    '/v1/lots/welink-demo/reconciliation/receipts',
    '/callbacks/shanghai/welink-demo/fee-queries',
    '/callbacks/etcp/etcp-demo/entered',
    '/v1/lanes/exit-1/config/',
  ]) {
    const method = path.endsWith('/config') || path.endsWith('/config/') || path.includes('reconciliation') ? 'GET' : 'POST';
    const answer = await call(method, path, OPERATOR_KEY);
    assert.equal(answer.status, 404, path);
    assert.equal(answer.code, 'not-found', path);
  }
});

test('parameters are the path as sent: an escaped lane id is not decoded into another lane', async () => {
  assert.equal((await call('GET', '/v1/lanes/exit-1/config')).status, 200);
  assert.equal((await call('GET', '/v1/lanes/exit%2D1/config')).status, 403);
  assert.equal((await call('GET', '/v1/lanes/exit%2F1/config')).status, 403);
  assert.equal((await call('GET', '/v1/lanes/%zz/config')).status, 403);
});

test('metrics count a route under its path with each parameter as :param', () => {
  assert.equal(routeLabel('/v1/lanes/:laneId/quotes/:quoteId(^[A-Za-z0-9_-]{1,64}$)/payment-check'), '/v1/lanes/:param/quotes/:param/payment-check');
  const router = new Router([route('GET', '/v1/lots/:lotId/lanes/:laneId/qr', () => undefined)]);
  const found = router.match('GET', '/v1/lots/a/lanes/b/qr');
  assert.equal(found.kind, 'found');
  assert.deepEqual(found.kind === 'found' && { ...found.params }, { lotId: 'a', laneId: 'b' });
  assert.deepEqual(router.match('POST', '/v1/lots/a/lanes/b/qr'), { kind: 'wrong-method', allowed: ['GET'] });
  assert.deepEqual(router.match('GET', '/v1/lots/a/lanes/b'), { kind: 'none' });
});

test('ApiError is a 4xx only; what the proxy cannot do has its own 5xx errors', () => {
  assert.throws(() => new ApiError(503, 'x', 'y'), RangeError);
  assert.throws(() => new ApiError(501, 'x', 'y'), RangeError);
  assert.equal(new NotSupportedError('not-supported', 'no lane auth').status, 501);
  assert.equal(new UnavailableError('tickets-not-configured', 'no key').status, 503);
});
