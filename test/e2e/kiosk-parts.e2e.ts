/**
 * The parts that are not in the kiosk's first file (the exit screen's pay QR, staff release form
 * and receipt code; the entry screen) when their code does not come: the lane never freezes. The screen says what happened and
 * offers a way on; a retry loads the part once the network answers again, and shows that it is
 * loading while it does. The chunks are failed and held in the browser, on the built kiosk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { decodeQrFromPng } from '../helpers/qr.js';

const env = useProxyAndBrowser();

/**
 * A fresh kiosk whose requests for the chunk `name` fail until the route is changed;
 * `refused(n)` resolves once n of them have.
 */
async function kioskWithout(name: string): Promise<{ context: BrowserContext; kiosk: Page; chunk: RegExp; refused: (count: number) => Promise<void> }> {
  // The service worker would fetch the chunks itself, out of the page's routing.
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 }, serviceWorkers: 'block' });
  const kiosk = await context.newPage();
  const chunk = new RegExp(`/assets/${name}-[\\w-]+\\.js$`);
  let refusals = 0;
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  await kiosk.route(chunk, (route) => {
    refusals += 1;
    for (const waiter of waiting) if (refusals >= waiter.count) waiter.resolve();
    return route.abort('connectionrefused');
  });
  const refused = (count: number) => new Promise<void>((resolve) => (refusals >= count ? resolve() : waiting.push({ count, resolve })));
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').first().waitFor();
  return { context, kiosk, chunk, refused };
}

test('a pay QR whose code does not arrive: words and the way on, then the QR once a retry loads it', async () => {
  const { context, kiosk, chunk } = await kioskWithout('lane-pay-qr');
  await tapPlate(kiosk, '沪A12345');
  await kiosk.getByRole('button', { name: '扫码支付 ¥15.00' }).click();

  await kiosk.getByRole('alert').filter({ hasText: '付款码暂时无法显示。请重试，或呼叫工作人员。' }).waitFor();
  for (const name of ['重试', '返回', '呼叫工作人员']) assert.ok(await kiosk.getByRole('button', { name, exact: true }).isVisible(), `${name} is offered`);

  await kiosk.unroute(chunk);
  await kiosk.getByRole('button', { name: '重试', exact: true }).click();
  const payUrl = decodeQrFromPng(await kiosk.locator('lane-pay-qr [part="code"]').screenshot());
  assert.match(payUrl ?? '', new RegExp(`^${env.proxy.url}/sims/pay\\?quote=Q[\\w-]+$`));
  await context.close();
});

test('a staff release form whose code does not arrive: words, retry and close; loading shows while a retry waits', async () => {
  const { context, kiosk, chunk } = await kioskWithout('lane-staff-exit');
  await tapPlate(kiosk, '沪Z90417'); // never parked here: no entry record, staff may release it
  await kiosk.getByRole('button', { name: '工作人员放行', exact: true }).click();

  await kiosk.getByRole('alert').filter({ hasText: '放行表单未能打开。请重试；仍不行请重启本机，或手动抬杆并记录。' }).waitFor();
  assert.ok(await kiosk.getByRole('button', { name: '关闭', exact: true }).isVisible(), 'staff can leave the failed form');

  // The network answers again, slowly: the retry shows that it is loading, and the form when it has.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await kiosk.unroute(chunk);
  await kiosk.route(chunk, async (route: Route) => {
    await released;
    await route.continue();
  });
  await kiosk.getByRole('button', { name: '重试', exact: true }).click();
  await kiosk.getByRole('status').filter({ hasText: '正在加载…' }).waitFor();
  assert.ok(await kiosk.getByRole('button', { name: '关闭', exact: true }).isVisible(), 'staff can leave while it loads');
  release();
  await kiosk.locator('lane-staff-exit').getByText('请输入工作人员密码').first().waitFor();
  await context.close();
});

test('receipt code that does not arrive: the paid car still leaves, and the operator is told why no receipt came', async () => {
  const { context, kiosk } = await kioskWithout('exit-printing');
  // The printer (and the outbox the failure goes to) come with the lane's devices, a moment after the first paint.
  await kiosk.locator('lane-demo-devices-panel').waitFor({ state: 'attached' });
  const reported = kiosk.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/v1/lanes/exit-1/outbox' && (request.postData() ?? '').includes('"code-not-loaded"'));
  await tapPlate(kiosk, '沪A12345');
  await kiosk.getByRole('button', { name: '扫码支付 ¥15.00' }).click();
  await kiosk.locator('lane-pay-qr [part="code"]').waitFor();
  const payUrl = await kiosk.locator('lane-exit-kiosk lane-pay-qr').evaluate((qr) => (qr as HTMLElement & { value: string }).value);

  const phone = await context.newPage();
  await phone.goto(payUrl);
  await phone.getByRole('button', { name: /确认支付/ }).click();
  await kiosk.locator('lane-exit-kiosk [part="screen"]').getByText('一路顺风').waitFor();
  const { events } = (await reported).postDataJSON() as { events: Array<{ type: string; stream: string; payload: { reason: string; message: string } }> };
  const failure = events.find((event) => event.type === 'printer-failure');
  assert.equal(failure?.stream, 'exit-1/device');
  assert.match(failure?.payload.message ?? '', /could not load its receipt code.*nothing was printed/);
  await context.close();
});

test('an entry lane whose screen does not arrive says so instead of staying blank, and starts again by itself', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 }, serviceWorkers: 'block' });
  const kiosk = await context.newPage();
  const chunk = /\/assets\/lane-entry-kiosk-[\w-]+\.js$/;
  await kiosk.route(chunk, (route) => route.abort('connectionrefused'));
  await kiosk.goto(`${env.proxy.url}/?lane=entry-1&key=demo-lane-key-entry-1`);
  await kiosk.getByRole('alert').filter({ hasText: '车道画面未能加载（连不上代理）。10 秒后自动重试' }).waitFor();

  // The proxy answers again: the page's own restart brings the entry screen.
  await kiosk.unroute(chunk);
  await kiosk.locator('lane-entry-kiosk').getByRole('button', { name: '按此取票' }).waitFor({ timeout: 20_000 });
  await context.close();
});

test('equipment whose code does not arrive is asked for again: the lane gets its outbox and devices once the proxy answers', async () => {
  const { context, kiosk, chunk, refused } = await kioskWithout('lane-equipment');
  // Both bounded attempts failed: the driver's screen works, the lane has no outbox yet.
  await refused(2);
  assert.equal(await kiosk.evaluate(() => document.querySelector('lane-exit-kiosk')!.outbox), null);
  await kiosk.unroute(chunk);
  // The next try comes by itself (every 30 s): the time passing is the condition.
  await kiosk.waitForFunction(() => document.querySelector('lane-exit-kiosk')?.outbox != null, undefined, { timeout: 45_000 });
  await kiosk.locator('lane-demo-devices-panel').waitFor({ state: 'attached' });
  await context.close();
});
