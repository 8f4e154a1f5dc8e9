/**
 * NODE_ENV=production: the proxy refuses demo secrets, secrets left to a config default, and the
 * embedded simulators, naming every problem at once; with its own secrets it starts, and nothing
 * answers under /sims.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { staffPinMatches } from '../../src/offline/staff-pin.js';
import { startDemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { ConfigError, resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { apiClient } from '../helpers/api.js';
import { EXAMPLE_CONFIG, envReferences, freshEnvironment, readConfig } from '../helpers/production-env.js';
import { freePort, freshStateDir, ROOT, runScript } from '../helpers/proxy-process.js';
import { SIM_CREDENTIALS, startWelinkSim } from '../helpers/welink-sim-server.js';

const demo = readConfig('config/demo.json');
const example = readConfig(EXAMPLE_CONFIG);
const PRODUCTION = { NODE_ENV: 'production' };

/** The example's variables, each with a fresh secret, and its platforms at closed local ports. */
async function exampleEnvironment(): Promise<Record<string, string>> {
  const closed = `http://127.0.0.1:${await freePort()}`;
  return { ...freshEnvironment(example), WELINK_BASE_URL: closed, SHANGHAI_BASE_URL: closed, ETCP_BASE_URL: closed, ...PRODUCTION };
}

/** The problems a refused start lists, one per line under the heading. */
function refusal(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    const [heading, ...problems] = error.message.split('\n');
    assert.match(heading!, new RegExp(`^refusing to start with NODE_ENV=production: (one problem|${problems.length} problems)$`));
    return problems.map((line) => line.trim());
  }
  assert.fail('the config was accepted');
}

test('config/production.example.json validates against config/schema.json', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(readConfig('config/schema.json'));
  assert.equal(validate(example), true, JSON.stringify(validate.errors));
  const lots = example.lots as Array<{ lanes: Array<{ direction: string }>; feeSource: { type: string }; cityPlatform?: unknown }>;
  assert.deepEqual(
    lots.map((lot) => [lot.feeSource.type, Boolean(lot.cityPlatform), lot.lanes.map((lane) => lane.direction).sort().join(' ')]),
    [
      ['welink', true, 'entry entry exit exit'],
      ['etcp', false, 'entry exit'],
    ],
  );
});

test('the demo config under NODE_ENV=production is refused, every default secret and simulator named with its field and variable', () => {
  const problems = refusal(() => resolveConfig(demo, PRODUCTION));
  const secretRefs = envReferences(demo).filter((ref) => /key|password|secret|pin/i.test(ref.field) && !ref.field.startsWith('/simulators'));
  assert.ok(secretRefs.length >= 15, `sanity: the demo has many secrets (${secretRefs.length})`);
  for (const { field, env } of secretRefs) {
    assert.ok(
      problems.some((line) => line.startsWith(`${field}: `) && line.includes(env)),
      `${field} (${env}) is named:\n${problems.join('\n')}`,
    );
  }
  for (const field of ['/simulators', '/lots/0/feeSource/baseUrl', '/lots/0/cityPlatform/baseUrl', '/lots/1/feeSource/baseUrl', '/lots/0/payUrlTemplate']) {
    assert.ok(problems.some((line) => line.startsWith(`${field}: `)), `${field} is named:\n${problems.join('\n')}`);
  }
  assert.ok(problems.some((line) => line.startsWith('/lots/0/feeSource/baseUrl: ') && line.includes('WELINK_BASE_URL')));
  assert.equal(new Set(problems.map((line) => line.split(':')[0])).size, problems.length, 'one line per problem');
});

test('the same config and variables start without NODE_ENV=production, as the demo always did', () => {
  const config = resolveConfig(demo, { NODE_ENV: 'development' });
  assert.ok(config.simulators.welink && config.simulators.pay);
});

test('a demo value set by hand is refused too, as is a demo key given as its digest; all problems come together', async () => {
  const env = {
    ...(await exampleEnvironment()),
    LANE_KEY_LOT_A_EXIT_1: 'demo-lane-key-exit-1',
    OPERATOR_KEY_PAYMENT: `sha256:${createHash('sha256').update('demo-operator-key-7c1e').digest('hex')}`,
    TICKET_KEY: 'demo-ticket-key-5b1d8c2e9f70a4',
    STAFF_PIN_LOT_B_EXIT_1: '24682468',
    SHANGHAI_PASSWORD: 'demo-shanghai-password-31',
  };
  const problems = refusal(() => resolveConfig(example, env));
  assert.deepEqual(
    problems.map((line) => line.split(':')[0]),
    ['/operatorKeys/0/key', '/ticketKey', '/lots/0/cityPlatform/password', '/lots/0/lanes/2/key', '/lots/1/lanes/1/staffPin'],
  );
  assert.match(problems.join('\n'), /LANE_KEY_LOT_A_EXIT_1 holds a demo value published in this repository; set LANE_KEY_LOT_A_EXIT_1 to a new key/);
  assert.match(problems.join('\n'), /SHANGHAI_PASSWORD holds a demo value .*; set SHANGHAI_PASSWORD to the secret the platform issued/);
  const withDefault = { ...example, ticketKey: { env: 'TICKET_KEY', default: 'a-site-ticket-key-in-the-config' } };
  assert.deepEqual(refusal(() => resolveConfig(withDefault, { ...env, TICKET_KEY: 'a-site-ticket-key-in-the-config' })).filter((line) => line.startsWith('/ticketKey')), [
    '/ticketKey: TICKET_KEY holds the default written in the config; set TICKET_KEY to a new secret of your own (docs/deploy.md: "Keys")',
  ]);
  const unset = refusal(() => resolveConfig(example, { ...env, ...Object.fromEntries(Object.keys(env).filter((name) => name.startsWith('STAFF_PIN_')).map((name) => [name, ''])) }));
  assert.equal(unset.filter((line) => / STAFF_PIN_\w+ is not set; set /.test(line)).length, 6, unset.join('\n'));
});

test('the memory store is refused (it forgets replays, business ids and payments at a restart); REDIS_URL, which overrides the config’s store, is checked in its place', async () => {
  const env = await exampleEnvironment();
  const inMemory = { ...example, state: { store: 'memory' } };
  assert.deepEqual(refusal(() => resolveConfig(inMemory, env)), [
    '/state/store: memory forgets at every restart the callbacks already taken (a replay would be taken again), the business ids given to the city and the payments confirmed; use "embedded" (one host) or "redis" (several instances)',
  ]);
  const onRedis = { ...example, state: { store: 'redis', redisUrl: { env: 'STATE_REDIS_URL', default: 'redis://127.0.0.1:6379/0' } } };
  assert.deepEqual(refusal(() => resolveConfig(onRedis, env)), [
    '/state/redisUrl: STATE_REDIS_URL is not set, so the default written in the config would be used; set STATE_REDIS_URL to a new secret of your own (docs/deploy.md: "Keys")',
  ]);
  // REDIS_URL set: it is the store used, so it is what is checked, and the config's unused reference is not.
  assert.equal(resolveConfig(onRedis, { ...env, REDIS_URL: 'redis://:a-fresh-password@redis.internal:6379/0' }).state.store, 'redis');
  assert.equal(resolveConfig(inMemory, { ...env, REDIS_URL: 'redis://:a-fresh-password@redis.internal:6379/0' }).state.store, 'redis');
});

test('a platform address that is this proxy’s own /sims is refused, whichever way it is written', async () => {
  const env = await exampleEnvironment();
  const port = String(await freePort());
  const problems = refusal(() =>
    resolveConfig(example, { ...env, PORT: port, WELINK_BASE_URL: `http://localhost:${port}/sims/welink`, ETCP_BASE_URL: 'https://lot.example.com/sims/etcp' }),
  );
  assert.deepEqual(
    problems.map((line) => line.split(':')[0]),
    ['/lots/0/feeSource/baseUrl', '/lots/1/feeSource/baseUrl'],
  );
  assert.match(problems[0]!, /set WELINK_BASE_URL to the platform’s address/);
  const elsewhere = resolveConfig(example, { ...env, PORT: port, WELINK_BASE_URL: `http://127.0.0.1:${Number(port) + 1}/sims/welink` });
  assert.equal(elsewhere.lots[0]!.feeSource.type, 'welink', 'a simulator on another port is another service');
});

test('with every secret from the environment and no simulators it starts, and /sims/* answers 404', async () => {
  const welink = await startWelinkSim();
  const env: Record<string, string> = {
    ...(await exampleEnvironment()),
    WELINK_BASE_URL: welink.baseUrl,
    WELINK_APP_ID: SIM_CREDENTIALS.appId,
    WELINK_SECRET: SIM_CREDENTIALS.secretKey,
    WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
    STATE_DIR: freshStateDir(),
    PORT: String(await freePort()),
  };
  const config = resolveConfig(example, env);
  const proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  try {
    assert.equal(proxy.simulators, null);
    welink.sim.enter('沪A12345', Date.now() - 2 * 3600_000);
    const quote = await apiClient(() => proxy.url, env.LANE_KEY_LOT_A_EXIT_1!)('/v1/lanes/lot-a-exit-1/quotes', { method: 'POST', json: { plate: '沪A12345' } });
    assert.equal(quote.status, 200);
    assert.equal(quote.body.status, 'due');
    const confirm = await fetch(`${proxy.url}/sims/pay/confirm`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `quote=${quote.body.quoteId}` });
    assert.equal(confirm.status, 404);
    for (const path of ['/sims/pay', '/sims/welink/api/pay/queryTmpRentBill', '/sims/shanghai/_admin/passages', '/sims/etcp/_admin/pushes']) {
      assert.equal((await fetch(`${proxy.url}${path}`)).status, 404, path);
    }
    assert.equal((await proxy.quotes.find(quote.body.quoteId))?.status, 'due', 'the quote is still unpaid');
  } finally {
    await proxy.close();
    await welink.close();
  }
});

test('the real CLI exits non-zero and lists the problems', async () => {
  const refused = await runScript('src/proxy/main.ts', ['--config', 'config/demo.json'], { ...PRODUCTION, STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  assert.equal(refused.code, 2, refused.output);
  for (const expected of ['/operatorKeys/0/key: OPERATOR_KEY', '/lots/0/lanes/0/key: LANE_KEY_EXIT_1', '/lots/1/feeSource/merchantKey: ETCP_MERCHANT_KEY', '/ticketKey: TICKET_KEY', '/simulators: ']) {
    assert.ok(refused.output.includes(expected), `${expected}:\n${refused.output}`);
  }
  assert.doesNotMatch(refused.output, /listening on/);
});

/** The staff-PIN command docs/deploy.md gives, run by sh for `lane` and `pin`: prints `NAME=pbkdf2-sha256:<hex>`. */
async function documentedPinHash(lane: string, pin: string): Promise<string> {
  const deploy = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
  const command = /^printf 'STAFF_PIN_\w+=pbkdf2-sha256:.*PBKDF2 .*$/m.exec(deploy)?.[0];
  assert.ok(command, 'docs/deploy.md gives the openssl command for a staff PIN hash');
  const { stdout } = await promisify(execFile)('sh', ['-c', command], { env: { ...process.env, lane, pin } });
  return stdout.trim().split('=')[1]!;
}

test('a staff PIN given as the hash docs/deploy.md makes with openssl reaches the kiosk and matches the PIN; a demo PIN’s hash is refused', async () => {
  const hashed = await documentedPinHash('lot-a-exit-1', '73914852');
  assert.match(hashed, /^pbkdf2-sha256:[0-9a-f]{64}$/);
  const env: Record<string, string> = { ...(await exampleEnvironment()), STAFF_PIN_LOT_A_EXIT_1: hashed, STATE_DIR: freshStateDir(), PORT: String(await freePort()) };
  const config = resolveConfig(example, env);
  const proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  try {
    const lane = await apiClient(() => proxy.url, env.LANE_KEY_LOT_A_EXIT_1!)('/v1/lanes/lot-a-exit-1/config');
    assert.equal(lane.status, 200);
    assert.equal(lane.body.staffPin.hash, hashed.slice('pbkdf2-sha256:'.length));
    // The kiosk's own WebCrypto check is the judge.
    assert.equal(await staffPinMatches('73914852', lane.body.staffPin), true);
    assert.equal(await staffPinMatches('73914853', lane.body.staffPin), false);
  } finally {
    await proxy.close();
  }
  const demoPinHash = await documentedPinHash('lot-b-exit-1', '24682468');
  const problems = refusal(() => resolveConfig(example, { ...env, STAFF_PIN_LOT_B_EXIT_1: demoPinHash }));
  assert.deepEqual(problems, ['/lots/1/lanes/1/staffPin: STAFF_PIN_LOT_B_EXIT_1 holds a demo value published in this repository; set STAFF_PIN_LOT_B_EXIT_1 to a new PIN of your own (docs/deploy.md: "Keys")']);
});
