/**
 * How the built kiosk shell starts (issue 28, cold start): one lane config request per start once
 * the config is cached, the screen the cached config names at once, a lane set up again as the
 * other direction restarting as that screen, and the lane's equipment (outbox, demo devices, staff
 * settings) arriving after the first screen.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { useProxyAndBrowser } from '../helpers/e2e-setup.js';

const env = useProxyAndBrowser();

/** Counts the page's requests for the lane config from now on. */
function countConfigRequests(page: Page, lane: string): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/v1/lanes/${lane}/config`) count += 1;
  });
  return () => count;
}

test('a kiosk with its lane config cached asks the proxy for it once per start', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kiosk = await context.newPage();
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.locator('lane-exit-kiosk').getByText('泊云示范停车场').first().waitFor(); // the config is cached now
  // The equipment arrives after the first screen: the outbox, the demo devices and the settings corner.
  await kiosk.locator('lane-demo-devices-panel').waitFor({ state: 'attached' });
  await kiosk.locator('.settings-corner').waitFor({ state: 'attached' });
  await kiosk.waitForFunction(() => document.querySelector('lane-exit-kiosk')?.outbox != null);

  const configRequests = countConfigRequests(kiosk, 'exit-1');
  await kiosk.reload();
  await kiosk.locator('lane-plate-input button[data-key="沪"]').waitFor();
  await kiosk.locator('lane-demo-devices-panel').waitFor({ state: 'attached' });
  await kiosk.waitForFunction(() => document.querySelector('lane-exit-kiosk')?.controller.connection.skewMs !== null); // the fresh config has been read
  assert.equal(configRequests(), 1, 'the shell starts from the cache; only the lane screen asks for a fresh config');
  await context.close();
});

test('a lane set up again as the other direction restarts as that screen', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kiosk = await context.newPage();
  await kiosk.goto(`${env.proxy.url}/?lane=entry-1&key=demo-lane-key-entry-1`);
  await kiosk.locator('lane-entry-kiosk').waitFor();
  // The device last knew entry-1 as an exit lane: it starts that screen from the cache, then learns otherwise.
  await kiosk.evaluate(() => {
    const key = 'lane-kiosk.config.entry-1';
    localStorage.setItem(key, JSON.stringify({ ...JSON.parse(localStorage.getItem(key)!), direction: 'exit' }));
    const settings = JSON.parse(localStorage.getItem('lane-kiosk.settings')!);
    localStorage.setItem('lane-kiosk.settings', JSON.stringify({ ...settings, direction: 'exit' }));
  });
  const started: string[] = [];
  kiosk.on('framenavigated', (frame) => frame === kiosk.mainFrame() && started.push(frame.url()));
  await kiosk.reload();
  await kiosk.locator('lane-entry-kiosk').getByRole('button', { name: '按此取票' }).waitFor();
  assert.equal(started.length, 2, 'one restart, from the exit screen the cache named to the entry screen');
  assert.equal(await kiosk.evaluate(() => JSON.parse(localStorage.getItem('lane-kiosk.settings')!).direction), 'entry');
  await context.close();
});
