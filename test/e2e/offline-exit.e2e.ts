/**
 * Offline exit end to end: the lane loses the network, staff release a car for cash by touch alone
 * (PIN, entry time and staff id tapped on the on-screen keypad) with the fee estimated from the
 * cached tariff, and when the network is back the bill reaches Welink through /pay/addTmpRentBill
 * and the leave reaches the Shanghai platform through its resend path, by itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';
import { entryClockOf } from '../../src/core/entry-clock.js';

const env = useProxyAndBrowser();


test('offline: estimate from the cached tariff, staff take cash, the bill is delivered once back online', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  const kiosk = await context.newPage();
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').waitFor(); // the lane config, tariff included, is now cached

  await context.setOffline(true);
  await tapPlate(kiosk, '沪Q20261');
  await kiosk.getByText('网络连接中断').waitFor();
  await kiosk.locator('[part="offline-banner"]').waitFor();

  // Staff release the car by touch alone: every step below is a tap on the screen, nothing is typed.
  await kiosk.getByRole('button', { name: '工作人员放行' }).tap();
  const panel = kiosk.getByRole('dialog', { name: '工作人员放行' });
  const tapKey = (key: string) => panel.locator('lane-keypad').getByRole('button', { name: key, exact: true }).tap();
  for (const digit of '24682468') await tapKey(digit);
  await tapKey('确认');
  const entryField = panel.locator('[part="field"][data-field="entry"]');
  assert.equal(await entryField.locator('.value').textContent(), '—', 'no entry time until staff give one');
  // Parked since 2 h 10 min ago: ¥5 per started hour after 15 free minutes → ¥15.00.
  const entry = entryClockOf(Date.now(), Date.now() - 130 * 60_000);
  for (let day = 0; day < entry.daysBack; day++) await panel.getByRole('button', { name: '前一天' }).tap();
  await entryField.tap();
  for (const digit of entry.digits) await tapKey(digit);
  await panel.locator('.estimate').getByText('¥15.00').waitFor();
  assert.equal(await panel.locator('[data-field="amount"] .value').textContent(), '15.00');
  await panel.locator('[data-field="staff"]').tap();
  for (const key of 'S07') await tapKey(key);
  assert.equal(await panel.locator('[data-field="staff"] .value').textContent(), 'S07');
  const misfits = await kiosk.evaluate(() => {
    const host = document.querySelector('lane-exit-kiosk')!.shadowRoot!.querySelector('lane-staff-exit')!;
    const buttons = [...host.shadowRoot!.querySelectorAll('button'), ...host.shadowRoot!.querySelector('lane-keypad')!.shadowRoot!.querySelectorAll('button')];
    return buttons
      .map((b) => ({ name: b.getAttribute('aria-label') ?? b.textContent!.trim(), r: b.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 80 || r.height < 80 || r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight)
      .map(({ name, r }) => `${name} ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
  assert.deepEqual(misfits, [], 'every staff control is on screen and at least 80 px');
  await kiosk.screenshot({ path: `${ROOT}docs/screenshots/offline-staff-exit.png` });
  await panel.getByRole('button', { name: '确认放行' }).tap();
  const releasedAt = Date.now();
  // The car goes, or the lane says the release was not stored: either way the test says which.
  const farewell = kiosk.locator('lane-exit-kiosk [part="screen"]').getByText('一路顺风');
  const notStored = kiosk.locator('lane-exit-kiosk .overlay > p.alert');
  await farewell.or(notStored).first().waitFor();
  assert.equal(await notStored.count(), 0, `the release was not stored: ${await kiosk.locator('lane-exit-kiosk').innerText()}`);
  await kiosk.locator('[data-chip="outbox"]').getByText('待上传 2').waitFor();

  const bills = async () => (await (await fetch(`${env.proxy.url}/sims/welink/_admin/offline-bills`)).json()) as Array<{ plate: string; enterLaneId: string; enterTime: string; billEndTime: string; amountFen: number; payableFen: number }>;
  assert.deepEqual((await bills()).filter((b) => b.plate === '沪Q20261'), [], 'nothing reached Welink while offline');

  // The outage must outlast the platform's 30 s real-time window: the time passing is the condition.
  await kiosk.waitForTimeout(Math.max(0, releasedAt + 31_000 - Date.now()));
  await context.setOffline(false);
  await kiosk.locator('[data-chip="outbox"]').getByText('待上传 0').waitFor({ timeout: 20_000 });
  await kiosk.locator('[part="offline-banner"]').waitFor({ state: 'detached', timeout: 20_000 });
  const delivered = (await bills()).filter((b) => b.plate === '沪Q20261');
  // Neither a ticket, an entry-lane arrive nor Welink's own records know this car: its entry lane is "0".
  assert.deepEqual(delivered, [{ plate: '沪Q20261', enterLaneId: '0', enterTime: delivered[0]!.enterTime, billEndTime: delivered[0]!.billEndTime, payableFen: 1500, amountFen: 1500 }]);
  // The car left more than 30 s before the proxy heard of it, so the leave went through /parking/data/resend.
  const passages = (await (await fetch(`${env.proxy.url}/sims/shanghai/_admin/passages`)).json()) as Array<{ via: string; kind: string; record: Record<string, unknown> }>;
  const ours = passages.filter((p) => p.record.plateId === '沪Q20261');
  assert.equal(ours.length, 1, 'the leave was reported once');
  assert.deepEqual([ours[0]!.via, ours[0]!.kind, ours[0]!.record.payMoney, ours[0]!.record.payType], ['resend', 'leave', 1500, 'cash']);
  assert.ok(Math.abs((ours[0]!.record.parkingTime as number) - 130 * 60) < 120);
  await context.close();
});
