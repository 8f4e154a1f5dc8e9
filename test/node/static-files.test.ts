/**
 * The static file server over real HTTP, on a temporary build folder: files are confined to their
 * root by what they really resolve to. A symlink whose target lies outside the root is 404; one
 * whose target stays inside is served (a build may link its own files).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

let proxy: DemoProxy;

before(async () => {
  const outside = mkdtempSync(join(tmpdir(), 'lane-kiosk-outside-'));
  writeFileSync(join(outside, 'secret.env'), 'WELINK_SECRET=not-for-browsers\n');
  mkdirSync(join(outside, 'private'));
  writeFileSync(join(outside, 'private', 'key.pem'), 'PRIVATE KEY\n');

  const dist = mkdtempSync(join(tmpdir(), 'lane-kiosk-dist-'));
  const shell = join(dist, 'kiosk-shell');
  mkdirSync(join(shell, 'assets'), { recursive: true });
  writeFileSync(join(shell, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(shell, 'assets', 'app-1a2b.js'), 'export {};');
  symlinkSync(join(outside, 'secret.env'), join(shell, 'secret.js'));
  symlinkSync(join(outside, 'private'), join(shell, 'linked-dir'));
  symlinkSync(join(shell, 'assets', 'app-1a2b.js'), join(shell, 'app.js'));
  symlinkSync('assets', join(shell, 'assets-link'));

  const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => undefined), staticRoot: dist });
});
after(() => proxy.close());

const get = async (path: string) => {
  const response = await fetch(`${proxy.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

test('a symlink out of the root is 404, for a file and for a folder', async () => {
  for (const path of ['/secret.js', '/linked-dir/key.pem']) {
    const answer = await get(path);
    assert.equal(answer.status, 404, `${path} was served: ${answer.text}`);
    assert.doesNotMatch(answer.text, /not-for-browsers|PRIVATE KEY/);
  }
});

test('a symlink that stays inside the root is served, typed by the name asked for', async () => {
  assert.deepEqual(await get('/app.js'), { status: 200, type: 'text/javascript; charset=utf-8', text: 'export {};' });
  assert.equal((await get('/assets-link/app-1a2b.js')).status, 200);
  assert.equal((await get('/')).text, '<!doctype html><title>kiosk</title>');
});

test('plain traversal stays refused', async () => {
  for (const path of ['/../kiosk-shell/index.html', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fsecret.js']) {
    assert.equal((await get(path)).status, 404, path);
  }
});
