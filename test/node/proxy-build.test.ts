/**
 * The proxy as it is deployed: `npm run build:proxy` bundles it into dist/proxy/main.js, which runs
 * on plain Node after `npm prune --omit=dev`, so production needs neither tsx nor any other
 * development tool; and config/production.example.json, the starting point docs/deploy.md gives
 * operators, runs on it with nothing but its environment.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ConfigError, loadConfigFile } from '../../src/proxy/config.js';
import { apiClient } from '../helpers/api.js';
import { buildProxyBundle, endProcess, freePort, freshStateDir, PROXY_BUNDLE, ROOT, spawnServer, type ServerProcess } from '../helpers/proxy-process.js';
import { SIM_CREDENTIALS, startWelinkSim } from '../helpers/welink-sim-server.js';

const EXAMPLE_CONFIG = 'config/production.example.json';
const metafilePath = join(freshStateDir(), 'meta.json');
before(() => buildProxyBundle({ metafile: metafilePath }));

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
}

/** SIGTERM, and the exit code it ends with (0 when the shutdown is graceful). */
async function stop(server: ServerProcess): Promise<number | null> {
  await endProcess(server.child, 'SIGTERM');
  return server.child.exitCode;
}

/** `ajv/dist/2020.js` → `ajv`, `@scope/pkg/x` → `@scope/pkg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

test('the bundle imports only Node built-ins and runtime dependencies, and serves quotes on plain node', async () => {
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const { outputs } = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const external = [...new Set(outputs[PROXY_BUNDLE]!.imports.filter((i) => i.external).map((i) => i.path))];
  assert.ok(external.includes('lmdb') && external.includes('node:http'), `sanity: the bundle's imports are read (${external.join(', ')})`);
  const builtins = new Set(builtinModules);
  const missing = external.filter((path) => !(path.startsWith('node:') || builtins.has(path) || packageOf(path) in dependencies));
  assert.deepEqual(missing, [], 'every package the bundle loads is a runtime dependency');

  const server = await spawnServer(PROXY_BUNDLE, ['--config', 'config/demo.json'], { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  const lane = apiClient(() => server.url, 'demo-lane-key-exit-1');
  let exitCode: number | null;
  try {
    const { status, body } = await lane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪A12345' } });
    assert.equal(status, 200);
    assert.deepEqual([body.status, body.dueFen], ['due', 1500]);
    assert.equal((await lane('/healthz', { key: null })).status, 200);
  } finally {
    exitCode = await stop(server);
  }
  assert.equal(exitCode, 0, `a clean exit on SIGTERM:\n${server.output()}`);
});

/** Every `{"env": NAME}` in a config, and whether any of them carries a demo `default`. */
function envRefs(node: unknown, found = { names: new Set<string>(), defaults: [] as string[] }): typeof found {
  if (Array.isArray(node)) for (const item of node) envRefs(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.env === 'string') {
      found.names.add(record.env);
      if ('default' in record) found.defaults.push(record.env);
    } else for (const value of Object.values(record)) envRefs(value, found);
  }
  return found;
}

test('the production example config holds no secret and no simulator, and runs on the bundle from its environment alone', async () => {
  const example = JSON.parse(readFileSync(join(ROOT, EXAMPLE_CONFIG), 'utf8')) as Record<string, unknown>;
  const { names, defaults } = envRefs(example);
  assert.deepEqual(defaults, [], 'no demo defaults: every secret must come from the environment');
  assert.equal(example.simulators, undefined);

  const env: Record<string, string> = {};
  for (const name of names) env[name] = `${name.toLowerCase()}-${'x'.repeat(16)}`;
  const { TICKET_KEY: _unset, ...withoutTicketKey } = env;
  assert.throws(() => loadConfigFile(join(ROOT, EXAMPLE_CONFIG), withoutTicketKey), (e: unknown) => e instanceof ConfigError && /TICKET_KEY is not set/.test(e.message));

  const welink = await startWelinkSim();
  welink.sim.enter('沪A12345', Date.now() - 2 * 3600_000);
  Object.assign(env, {
    WELINK_BASE_URL: welink.baseUrl,
    WELINK_APP_ID: SIM_CREDENTIALS.appId,
    WELINK_SECRET: SIM_CREDENTIALS.secretKey,
    WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
    // The city platform is out of reach: quotes go on without its reductions.
    SHANGHAI_BASE_URL: `http://127.0.0.1:${await freePort()}`,
  });
  const server = await spawnServer(PROXY_BUNDLE, ['--config', EXAMPLE_CONFIG], { ...env, STATE_DIR: freshStateDir(), PORT: String(await freePort()) }).catch(async (error: unknown) => {
    await welink.close();
    throw error;
  });
  const lane = apiClient(() => server.url, env.LANE_KEY_LOT_A_EXIT_1!);
  let exitCode: number | null;
  try {
    const { status, body: quote } = await lane('/v1/lanes/lot-a-exit-1/quotes', { method: 'POST', json: { plate: '沪A12345' } });
    assert.equal(status, 200, server.output());
    assert.equal(quote.status, 'due');
    assert.ok(quote.dueFen > 0);
    assert.equal(quote.payUrl, `https://pay.example.com/parking?quote=${quote.quoteId}&lot=lot-a&plate=${encodeURIComponent('沪A12345')}&amount=${quote.dueFen}`);
    assert.equal((await lane('/sims/pay', { key: null })).status, 404, 'no simulator is mounted');
  } finally {
    exitCode = await stop(server);
    await welink.close();
  }
  assert.equal(exitCode, 0, server.output());
});
