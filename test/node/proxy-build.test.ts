/**
 * The proxy as it is deployed: `npm run build:proxy` bundles it into dist/proxy/main.js, which runs
 * on plain Node after `npm prune --omit=dev`, so production needs neither tsx nor any other
 * development tool; and config/production.example.json, the starting point docs/deploy.md gives
 * operators, runs on it with nothing but its environment.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ConfigError, loadConfigFile } from '../../src/proxy/config.js';
import { apiClient } from '../helpers/api.js';
import { EXAMPLE_CONFIG, envReferences, freshEnvironment, readConfig } from '../helpers/production-env.js';
import { buildProxyBundle, endProcess, freePort, freshStateDir, PROXY_BUNDLE, ROOT, runScript, spawnServer, type ServerProcess } from '../helpers/proxy-process.js';
import { SIM_CREDENTIALS, startWelinkSim } from '../helpers/welink-sim-server.js';

const DOCTOR_BUNDLE = 'dist/proxy/doctor.js';
const metafilePath = join(freshStateDir(), 'meta.json');
before(() => buildProxyBundle({ metafile: metafilePath }));

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: Array<{ path: string; external?: boolean }>; inputs: Record<string, unknown> }>;
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

test('the bundles (proxy and doctor) import only Node built-ins and the proxy package’s dependencies, and the proxy serves quotes on plain node', async () => {
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'packages/proxy/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const { outputs } = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  assert.ok(outputs[PROXY_BUNDLE] && outputs[DOCTOR_BUNDLE], `both bundles are built (${Object.keys(outputs).join(', ')})`);
  const builtins = new Set(builtinModules);
  for (const bundle of [PROXY_BUNDLE, DOCTOR_BUNDLE]) {
    const external = [...new Set(outputs[bundle]!.imports.filter((i) => i.external).map((i) => i.path))];
    assert.ok(external.includes('undici') && external.includes('node:crypto'), `sanity: ${bundle}'s imports are read (${external.join(', ')})`);
    const missing = external.filter((path) => !(path.startsWith('node:') || builtins.has(path) || packageOf(path) in dependencies));
    assert.deepEqual(missing, [], `every package ${bundle} loads is a runtime dependency`);
  }

  // The demo's config without its simulators, the Welink lot pointed at a simulator of its own.
  const { simulators: _demoOnly, ...demo } = readConfig('config/demo.json');
  const configPath = join(freshStateDir(), 'demo-without-simulators.json');
  writeFileSync(configPath, JSON.stringify(demo));
  const welink = await startWelinkSim();
  welink.sim.enter('沪A12345', Date.now() - 135 * 60_000);
  const env = {
    STATE_DIR: freshStateDir(),
    PORT: String(await freePort()),
    WELINK_BASE_URL: welink.baseUrl,
    WELINK_APP_ID: SIM_CREDENTIALS.appId,
    WELINK_SECRET: SIM_CREDENTIALS.secretKey,
    WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
    SHANGHAI_BASE_URL: `http://127.0.0.1:${await freePort()}`,
    ETCP_BASE_URL: `http://127.0.0.1:${await freePort()}`,
  };
  const server = await spawnServer(PROXY_BUNDLE, ['--config', configPath], env).catch(async (error: unknown) => {
    await welink.close();
    throw error;
  });
  const lane = apiClient(() => server.url, 'demo-lane-key-exit-1');
  let exitCode: number | null;
  try {
    const { status, body } = await lane('/v1/lanes/exit-1/quotes', { method: 'POST', json: { plate: '沪A12345' } });
    assert.equal(status, 200);
    assert.deepEqual([body.status, body.dueFen], ['due', 1500]);
    assert.equal((await lane('/healthz', { key: null })).status, 200);
  } finally {
    exitCode = await stop(server);
    await welink.close();
  }
  assert.equal(exitCode, 0, `a clean exit on SIGTERM:\n${server.output()}`);
});

test('the production example config holds no secret and no simulator, and runs on the bundle in production mode from its environment alone', async () => {
  const example = readConfig(EXAMPLE_CONFIG);
  const defaults = envReferences(example).filter((ref) => ref.default !== undefined);
  assert.deepEqual(
    defaults.map((ref) => ref.field),
    ['/lots/0/feeSource/baseUrl', '/lots/1/feeSource/baseUrl'],
    'no defaults but the platforms’ published addresses: every secret must come from the environment',
  );
  assert.deepEqual(defaults.map((ref) => ref.default), ['http://qqb.welinkpark.com', 'https://mapi.etcp.cn']);
  assert.equal(example.simulators, undefined);

  const env: Record<string, string> = { ...freshEnvironment(example), NODE_ENV: 'production' };
  const { TICKET_KEY: _unset, ...withoutTicketKey } = env;
  assert.throws(() => loadConfigFile(join(ROOT, EXAMPLE_CONFIG), withoutTicketKey), (e: unknown) => e instanceof ConfigError && /TICKET_KEY is not set/.test(e.message));

  const welink = await startWelinkSim();
  welink.sim.enter('沪A12345', Date.now() - 2 * 3600_000);
  Object.assign(env, {
    WELINK_BASE_URL: welink.baseUrl,
    WELINK_APP_ID: SIM_CREDENTIALS.appId,
    WELINK_SECRET: SIM_CREDENTIALS.secretKey,
    WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
    // The city platform and ETCP are out of reach: Welink quotes go on without the city's reductions.
    SHANGHAI_BASE_URL: `http://127.0.0.1:${await freePort()}`,
    ETCP_BASE_URL: `http://127.0.0.1:${await freePort()}`,
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
    // The doctor, built too, runs on plain node with the same environment: Welink answers (and knows
    // none of the example's placeholder lane ids), the other platforms are out of reach.
    const checked = await runScript(DOCTOR_BUNDLE, ['--config', EXAMPLE_CONFIG], env);
    assert.equal(checked.code, 1, checked.output);
    assert.match(checked.output, /^FAIL {2}lot-a +welink +http:\/\/127\.0\.0\.1:\d+ +reachable; signature accepted; .*platformLaneId not one of this park's lanes: lot-a-entry-1 → 1000000000000001, /m);
    assert.match(checked.output, /^FAIL {2}lot-a +shanghai .* unreachable/m);
  } finally {
    exitCode = await stop(server);
    await welink.close();
  }
  assert.equal(exitCode, 0, server.output());
});

test('the production bundle carries no simulator: no module under src/proxy/sims, none of their words, and it refuses a config that names them', async () => {
  const { outputs } = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const inputs = Object.keys(outputs[PROXY_BUNDLE]!.inputs);
  assert.ok(inputs.includes('src/proxy/app.ts'), `sanity: the bundle's inputs are read (${inputs.length})`);
  assert.deepEqual(inputs.filter((path) => path.startsWith('src/proxy/sims/') || path === 'src/proxy/demo.ts' || path === 'src/proxy/lan.ts'), []);
  const bundle = readFileSync(join(ROOT, PROXY_BUNDLE), 'utf8');
  // Words only the simulators say: their class names, their 404, the demo reset, the payment page.
  for (const word of ['WelinkSimulator', 'ShanghaiSimulator', 'EtcpSimulator', 'SimulatedPaymentService', 'no such simulator route', 'partner-example.html', 'LISTEN_LAN']) {
    assert.ok(!bundle.includes(word), `${word} is not in ${PROXY_BUNDLE}`);
  }
  const refused = await runScript(PROXY_BUNDLE, ['--config', 'config/demo.json'], { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  assert.equal(refused.code, 2, refused.output);
  assert.match(refused.output, /\/simulators names welink, pay, shanghai, etcp, which this production entry does not carry; remove the simulators section, or run the demo \(npm start/);
  assert.doesNotMatch(refused.output, /listening on/);
});
