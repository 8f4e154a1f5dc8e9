/**
 * `npm run doctor`: the real CLI against the demo proxy's embedded simulators on 127.0.0.1, one line
 * per platform and lot, a non-zero exit when any platform fails, and never a secret in its output.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { envReferences, readConfig } from '../helpers/production-env.js';
import { freePort, freshStateDir, runScript, startProxyProcess, type ProxyProcess } from '../helpers/proxy-process.js';

const DOCTOR = 'src/proxy/doctor.ts';
const demo = readConfig('config/demo.json');
/** Every secret the demo config resolves to; none may appear in what the doctor prints. */
const DEMO_SECRETS = envReferences(demo)
  .filter((ref) => /key|password|secret|pin/i.test(ref.field))
  .map((ref) => ref.default!);

let proxy: ProxyProcess;
let port: string;
before(async () => {
  proxy = await startProxyProcess();
  port = new URL(proxy.url).port;
});
after(() => proxy.stop());

/** The doctor on the demo config, its `{publicUrl}` platforms being the running demo proxy's simulators. */
function doctor(env: Record<string, string> = {}, config = 'config/demo.json') {
  return runScript(DOCTOR, ['--config', config], { PORT: port, ...env });
}

function lineFor(output: string, lotId: string, platform: string): string {
  const line = output.split('\n').find((l) => new RegExp(`^(ok  |FAIL)  ${lotId} +${platform} `).test(l));
  assert.ok(line, `a line for ${lotId} ${platform}:\n${output}`);
  return line;
}

function assertNoSecret(output: string, secrets: readonly string[]): void {
  assert.ok(secrets.length > 0);
  for (const secret of secrets) assert.ok(!output.includes(secret), `the output holds a secret (${secret.slice(0, 4)}…):\n${output}`);
}

test('against the demo simulators: every platform reachable, signature accepted, clock skew measured; exit 0', async () => {
  const { code, output } = await doctor({ WELINK_BASE_URL: `http://doctor:url-password-4821@127.0.0.1:${port}/sims/welink` });
  assert.equal(code, 0, output);
  for (const [lotId, platform, source] of [
    ['welink-demo', 'welink', 'HTTP Date header'],
    ['welink-demo', 'shanghai', 'server time'],
    ['etcp-demo', 'etcp', 'HTTP Date header'],
  ] as const) {
    assert.match(lineFor(output, lotId, platform), new RegExp(`^ok {4}.* reachable; signature accepted; clock skew [+−]\\d+\\.\\d s ±\\d+\\.\\d s \\(${source}\\)$`));
  }
  assert.match(lineFor(output, 'local-demo', 'local'), /^ok .*no platform to reach/);
  assert.match(output, /all 4 checks passed/);
  assert.match(lineFor(output, 'welink-demo', 'welink'), new RegExp(`http://127\\.0\\.0\\.1:${port}/sims/welink `), 'the address without its credentials');
  assertNoSecret(output, [...DEMO_SECRETS, 'url-password-4821']);
});

test('a wrong secret reads "signature refused", a closed port "unreachable"; exit 1, and still no secret printed', async () => {
  const wrong = { WELINK_SECRET: 'not-the-welink-secret-at-all-0192', SHANGHAI_PASSWORD: 'not-the-city-password' };
  const { code, output } = await doctor({ ...wrong, ETCP_BASE_URL: `http://127.0.0.1:${await freePort()}` });
  assert.equal(code, 1, output);
  assert.match(lineFor(output, 'welink-demo', 'welink'), /^FAIL .* reachable; signature refused; .*0003: .*check appId, secretKey and parkId at \/lots\/0\/feeSource/);
  assert.match(lineFor(output, 'welink-demo', 'shanghai'), /^FAIL .* reachable; signature refused; .*1007: .*check appId and password at \/lots\/0\/cityPlatform/);
  assert.match(lineFor(output, 'etcp-demo', 'etcp'), /^FAIL .* unreachable \(ETCP usersigin: platform unreachable\)/);
  assert.match(output, /3 of 4 checks failed/);
  assertNoSecret(output, [...DEMO_SECRETS, ...Object.values(wrong)]);
});

test('a lane whose platformLaneId Welink does not know fails the Welink line, listing the lanes Welink has', async () => {
  const config = structuredClone(demo) as { lots: Array<{ lanes: Array<{ platformLaneId?: string }> }> };
  config.lots[0]!.lanes[0]!.platformLaneId = '1000000000000003';
  const path = join(freshStateDir(), 'lot.json');
  writeFileSync(path, JSON.stringify(config));
  const { code, output } = await doctor({}, path);
  assert.equal(code, 1, output);
  assert.match(lineFor(output, 'welink-demo', 'welink'), /signature accepted; .*platformLaneId not one of this park's lanes: exit-1 → 1000000000000003 \(Welink lists: 3150432953492101 地面入口 \(entry\), 3150432953492102 地面出口 \(exit\)\)$/);
});

test('a platform whose clock is a minute off fails on the skew, read from its Date header', async () => {
  const ahead = createServer((_req, res) => {
    res.sendDate = false;
    res.writeHead(200, { 'content-type': 'application/json', date: new Date(Date.now() + 60_000).toUTCString() });
    res.end(JSON.stringify({ code: 0, message: 'ok', data: { token: 'doctor-test-token' } }));
  });
  await new Promise<void>((resolve) => ahead.listen(0, '127.0.0.1', resolve));
  try {
    const { code, output } = await doctor({ ETCP_BASE_URL: `http://127.0.0.1:${(ahead.address() as AddressInfo).port}` });
    assert.equal(code, 1, output);
    assert.match(lineFor(output, 'etcp-demo', 'etcp'), /^FAIL .*signature accepted; clock skew \+(59|60)\.\d s .*this machine's clock is (59|60)\.\d s behind the platform, more than 10 s: fix its time sync \(NTP\)$/);
  } finally {
    ahead.close();
  }
});

test('the config is checked first: under NODE_ENV=production the demo config is refused with exit 2 and nothing is called', async () => {
  const { code, output } = await doctor({ NODE_ENV: 'production' });
  assert.equal(code, 2, output);
  assert.match(output, /refusing to start with NODE_ENV=production: \d+ problems/);
  assert.match(output, /\/lots\/0\/lanes\/0\/key: LANE_KEY_EXIT_1 /);
  assert.doesNotMatch(output, /reachable/);
});
