/**
 * Offline exit end to end: the lane loses the network, staff release a car for cash with the fee
 * estimated from the cached tariff, and when the network is back the bill reaches Welink through
 * /pay/addTmpRentBill and the leave reaches the Shanghai platform through its resend path, by itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';

const env = useProxyAndBrowser();


test('offline: estimate from the cached tariff, staff take cash, the bill is delivered once back online', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kiosk = await context.newPage();
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').waitFor(); // the lane config, tariff included, is now cached

  await context.setOffline(true);
  await tapPlate(kiosk, '沪Q20261');
  await kiosk.getByText('网络连接中断').waitFor();
  await kiosk.locator('[part="offline-banner"]').waitFor();

  await kiosk.getByRole('button', { name: '工作人员放行' }).click();
  for (const digit of '24682468') await kiosk.getByRole('dialog').getByRole('button', { name: digit, exact: true }).click();
  await kiosk.getByRole('button', { name: '确认', exact: true }).click();
  // Parked since 2 h 10 min ago: ¥5 per started hour after 15 free minutes → ¥15.00.
  const entry = await kiosk.evaluate(() => {
    const bj = new Date(Date.now() - 130 * 60_000 + 8 * 3600_000).toISOString();
    return `${bj.slice(0, 16)}`;
  });
  await kiosk.getByLabel('入场时间').fill(entry);
  await kiosk.getByText('¥15.00').waitFor();
  assert.equal(await kiosk.getByLabel('实收金额（元）').inputValue(), '15.00');
  await kiosk.getByLabel('工号').fill('S07');
  await kiosk.screenshot({ path: `${ROOT}docs/screenshots/offline-staff-exit.png` });
  await kiosk.getByRole('button', { name: '确认放行' }).click();
  const releasedAt = Date.now();
  await kiosk.locator('lane-exit-kiosk [part="screen"]').getByText('一路顺风').waitFor();
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
