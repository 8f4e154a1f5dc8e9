/**
 * The barrier gate in the built kiosk shell, served by the real proxy with its simulators: the
 * demo's virtual relay board lifts and drops its barrier for a ticketed car at the entry, staff test
 * the gate from the settings, and every opening reaches the proxy through the outbox as gate-open.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';
import { waitUntil } from '../helpers/wait.js';

const env = useProxyAndBrowser();

/** A lane page whose stored gate settings give a 3 s pulse, long enough to see the barrier up. */
async function lane(path: string): Promise<Page> {
  const page = await env.browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.addInitScript(() => {
    const saved = JSON.parse(localStorage.getItem('lane-kiosk.settings') ?? '{}');
    localStorage.setItem('lane-kiosk.settings', JSON.stringify({ ...saved, gate: { mode: 'relay', relay: 1, pulseMs: 3000, baudRate: 9600 } }));
  });
  await page.goto(`${env.proxy.url}${path}`);
  return page;
}

const gateEventsLogged = (type: string) => env.proxy.output().split('\n').filter((line) => line.includes('"gate-open"') && line.includes(type));

test('entry: the car takes its ticket and the demo barrier goes up, then down after the pulse; the opening reaches the proxy', async () => {
  const kiosk = await lane('/?lane=entry-1&key=demo-lane-key-entry-1');
  await kiosk.getByRole('button', { name: /模拟设备/ }).click(); // the demo panel opens by hand only
  await kiosk.getByRole('button', { name: '按此取票' }).click();
  const panel = kiosk.locator('lane-demo-devices-panel');
  await panel.getByText('已抬杆').waitFor();
  assert.equal(await panel.locator('[part="barrier"]').getAttribute('data-open'), '');
  await panel.screenshot({ path: `${ROOT}docs/screenshots/demo-gate.png` });
  await panel.getByText('已落杆 · 开闸 1 次').waitFor({ timeout: 10_000 });
  assert.match(await panel.locator('code').innerText(), /A0 01 00 A1 → 1 OFF/);
  await waitUntil(async () => gateEventsLogged('lane event applied'), (lines) => lines.length > 0);
  await kiosk.close();
});

test('exit: staff test the gate from the settings behind the PIN; the test opening is recorded', async () => {
  const kiosk = await lane('/?lane=exit-1&key=demo-lane-key-exit-1');
  await kiosk.locator('lane-plate-input').waitFor();
  await kiosk.getByRole('button', { name: /模拟设备/ }).click(); // the demo panel opens by hand only
  const before = gateEventsLogged('lane event applied').length;
  await kiosk.keyboard.press('Control+Alt+S');
  const dialog = kiosk.getByRole('dialog', { name: '设置' });
  for (const digit of '24682468') await dialog.getByRole('button', { name: digit, exact: true }).click();
  await dialog.getByRole('button', { name: '解锁' }).click();
  await dialog.getByRole('button', { name: '道闸', exact: true }).click();
  assert.equal(await dialog.locator('[data-name="gateMode"] [aria-pressed="true"]').getAttribute('data-value'), 'relay');
  assert.equal(await dialog.locator('[data-name="gatePulseMs"] output').textContent(), '3000');
  await dialog.getByRole('button', { name: '测试开闸' }).click();
  await dialog.getByText(/已发送开闸脉冲/).waitFor({ timeout: 10_000 });
  await kiosk.locator('lane-demo-devices-panel').getByText('开闸 1 次').waitFor();
  await waitUntil(async () => gateEventsLogged('lane event applied').length, (n) => n > before);
  await kiosk.close();
});
