/**
 * Health the lane can see, end to end: the built kiosk shell on the real proxy, the proxy killed
 * and started again on the same address, and the page's language following the driver's.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { endProcess, freePort, freshStateDir, spawnServer, type ServerProcess } from '../helpers/proxy-process.js';

let browser: Browser;
let proxy: ServerProcess;
const env: Record<string, string> = {};

const startProxy = async () => (proxy = await spawnServer('src/proxy/demo.ts', ['--config', 'config/demo.json'], env));

before(async () => {
  Object.assign(env, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  await startProxy();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await endProcess(proxy.child, 'SIGTERM');
});

test('an idle kiosk shows the offline banner within 10 s of the proxy dying, and recovers by itself when it is back', async () => {
  const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await kiosk.goto(`${proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').waitFor();
  const banner = kiosk.locator('lane-exit-kiosk [part="offline-banner"]');
  const network = kiosk.locator('[data-chip="network"]');
  await network.getByText('在线').waitFor();
  assert.equal(await banner.count(), 0);

  await endProcess(proxy.child, 'SIGKILL');
  const killedAt = Date.now();
  await banner.waitFor({ timeout: 10_000 });
  const noticedMs = Date.now() - killedAt;
  assert.match(await banner.innerText(), /离线模式/);
  await network.getByText('离线').waitFor({ timeout: 1000 });
  console.log(`offline banner ${noticedMs} ms after the proxy was killed`);

  await startProxy();
  const backAt = Date.now();
  // The lane asks every 10 s while offline, and its event stream retries on its own backoff.
  await banner.waitFor({ state: 'detached', timeout: 15_000 });
  console.log(`banner gone ${Date.now() - backAt} ms after the proxy was back`);
  await network.getByText('在线').waitFor({ timeout: 1000 });
  await kiosk.close();
});

test('<html lang> follows the driver’s language', async () => {
  const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await kiosk.goto(`${proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').waitFor();
  const lang = () => kiosk.evaluate(() => document.documentElement.lang);
  assert.equal(await lang(), 'zh-CN');
  await kiosk.locator('[part="locale-switch"]').click();
  await kiosk.getByText('Enter your plate number').waitFor();
  assert.equal(await lang(), 'en');
  await kiosk.locator('[part="locale-switch"]').click();
  await kiosk.getByText('请输入车牌号').waitFor();
  assert.equal(await lang(), 'zh-CN');
  await kiosk.close();
});
