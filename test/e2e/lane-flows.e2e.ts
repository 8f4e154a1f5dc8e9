/**
 * More lanes end to end, in the built kiosk shell served by the real proxy with its simulators:
 * a merchant coupon, Shanghai password-free release, a payment notified through the Shanghai
 * callback, entry-ticket printing, the landscape layout, and a cold start with no network (the
 * service worker serves the app and the lane config).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';
import { decodeQrFromPng } from '../helpers/qr.js';

const SCREENSHOTS = `${ROOT}docs/screenshots`;
const env = useProxyAndBrowser();

const admin = (path: string, body: unknown) =>
  fetch(`${env.proxy.url}/sims/${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => {
    assert.ok(r.ok, `${path} answered ${r.status}`);
    return r.json();
  });

async function exitLane(size = { width: 1080, height: 1920 }): Promise<Page> {
  const kiosk = await env.browser.newPage({ viewport: size });
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.locator('lane-plate-input').waitFor();
  return kiosk;
}

const screen = (kiosk: Page) => kiosk.locator('lane-exit-kiosk [part="screen"]');

test('merchant coupon: scanned on the fee screen, the discount comes off and the due amount drops', async () => {
  await admin('welink/_admin/park', { plate: '沪C12345', minutesAgo: 95 });
  const kiosk = await exitLane();
  await kiosk.getByRole('button', { name: /模拟设备/ }).click();
  const scan = async (code: string) => {
    await kiosk.getByRole('textbox', { name: '扫码内容' }).fill(code);
    await kiosk.getByRole('button', { name: '扫码', exact: true }).click();
  };
  await scan('沪C12345');
  await kiosk.locator('[part="fee"]').getByText('¥10.00').first().waitFor();
  await scan('LKC1:11151314366657101:12151107613232801'); // 减免 5 元
  await kiosk.locator('[part="fee"]').getByText('−¥5.00').waitFor();
  assert.match(await kiosk.locator('[part="fee"]').innerText(), /优惠\s*−¥5\.00[\s\S]*需支付\s*¥5\.00/);
  await kiosk.getByRole('button', { name: '收起' }).click();
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-coupon.png` });
  await kiosk.close();
});

test('Shanghai password-free: the city platform charges the signed driver and the lane releases with no QR', async () => {
  await admin('shanghai/_admin/password-free', { plateId: '沪AD12345' });
  const kiosk = await exitLane();
  await tapPlate(kiosk, '沪AD12345');
  // The proxy submits the quote to the city; the platform charges at once and the lane hears quote.paid.
  await screen(kiosk).getByText('支付成功').waitFor({ timeout: 15_000 });
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-password-free.png` });
  await screen(kiosk).getByText('一路顺风').waitFor({ timeout: 15_000 });
  await kiosk.close();
});

test('a payment made in the city platform’s app reaches the lane through the Shanghai callback', async () => {
  const kiosk = await exitLane();
  await tapPlate(kiosk, '沪A12345');
  await kiosk.getByRole('button', { name: '扫码支付 ¥15.00' }).click();
  const payUrl = await kiosk.locator('lane-pay-qr').evaluate((qr) => (qr as HTMLElement & { value: string }).value);
  const quoteId = new URL(payUrl).searchParams.get('quote')!;
  const notified = (await admin('shanghai/_admin/pay', { orderId: quoteId })) as { status: number; body: { code: number } };
  assert.deepEqual([notified.status, notified.body.code], [200, 0], 'the proxy acknowledged the platform’s notify');
  await screen(kiosk).getByText('支付成功').waitFor({ timeout: 10_000 });
  assert.match(await screen(kiosk).innerText(), /¥15\.00/);
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-paid-via-shanghai.png` });
  await kiosk.close();
});

test('entry: press for a ticket, it prints with a QR the exit accepts', async () => {
  const kiosk = await env.browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await kiosk.goto(`${env.proxy.url}/?lane=entry-1&key=demo-lane-key-entry-1`);
  await kiosk.getByText('空余车位').waitFor();
  await kiosk.screenshot({ path: `${SCREENSHOTS}/entry-idle.png` });
  // The printer comes with the lane's devices, after the first paint (the demo panel with them).
  await kiosk.locator('lane-demo-devices-panel').waitFor();
  await kiosk.getByRole('button', { name: '按此取票' }).click();
  await kiosk.locator('lane-entry-kiosk [part="screen"]').getByText('请取票入场').waitFor();
  // What the driver reads: take it, the barrier opens, keep it to pay; the no-plate credential small and labelled.
  const ticketScreen = kiosk.locator('lane-entry-kiosk');
  assert.equal(await ticketScreen.locator('h1').innerText(), '请取票入场');
  assert.equal(await ticketScreen.locator('[part="barrier"]').innerText(), '取票后道闸开启');
  assert.equal(await ticketScreen.locator('[part="keep-ticket"]').innerText(), '请保管好停车票，出场时凭票缴费');
  assert.match(await ticketScreen.locator('[part="credential"]').innerText(), /^无牌车凭证 QB0\d+$/);
  await kiosk.getByRole('button', { name: /模拟设备/ }).click(); // the demo panel opens by hand only
  const paper = kiosk.locator('lane-receipt-preview [part="paper"]');
  await paper.waitFor();
  assert.match(await paper.innerText(), /入场凭证/);
  const ticketQr = decodeQrFromPng(await kiosk.locator('lane-receipt-preview canvas').first().screenshot());
  assert.ok(ticketQr?.startsWith('LKT1.'), 'the printed QR decodes to a signed ticket');
  const verified = await fetch(`${env.proxy.url}/v1/lanes/exit-1/tickets/verify`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' },
    body: JSON.stringify({ payload: ticketQr }),
  });
  assert.equal(verified.status, 200);
  await kiosk.screenshot({ path: `${SCREENSHOTS}/entry-ticket.png` });
  await kiosk.close();
});

test('landscape 1920×1080: keyboard and status bar fit, every button at least 48 px', async () => {
  const kiosk = await exitLane({ width: 1920, height: 1080 });
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-idle-landscape.png` });
  const overflow = await kiosk.evaluate(() => document.documentElement.scrollHeight - innerHeight);
  assert.ok(overflow <= 0, `the idle screen fits without scrolling (overflow ${overflow}px)`);
  const small = await kiosk.locator('lane-exit-kiosk button').evaluateAll((buttons) =>
    buttons.map((b) => [b.textContent?.trim(), b.getBoundingClientRect().height] as const).filter(([, h]) => h > 0 && h < 48),
  );
  assert.deepEqual(small, []);
  await kiosk.close();
});

test('a cold start with no network: the service worker serves the app, the lane config comes from the device', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const kiosk = await context.newPage();
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').waitFor();
  await kiosk.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // The first load runs before the worker controls the page; a second online load fills its cache.
  await kiosk.reload();
  await kiosk.getByText('泊云示范停车场').waitFor();
  await context.setOffline(true);
  await kiosk.reload();
  await kiosk.getByText('泊云示范停车场').waitFor({ timeout: 15_000 });
  await kiosk.locator('[part="offline-banner"]').waitFor({ timeout: 15_000 });
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-offline-start.png` });
  await context.close();
});

test('staff settings open with five taps in the corner, stay locked without the PIN, and print a test page', async () => {
  const kiosk = await exitLane();
  await kiosk.getByRole('button', { name: /模拟设备/ }).click(); // the demo panel opens by hand only
  for (let i = 0; i < 5; i++) await kiosk.locator('.settings-corner').click();
  const dialog = kiosk.getByRole('dialog', { name: '设置' });
  const tapPin = async (pin: string) => {
    for (const digit of pin) await dialog.getByRole('button', { name: digit, exact: true }).click();
    await dialog.getByRole('button', { name: '解锁' }).click();
  };
  await tapPin('11112222');
  await dialog.getByRole('alert').getByText(/密码错误/).waitFor();
  await tapPin('24682468');
  assert.equal(await dialog.locator('input[name="lane"]').inputValue(), 'exit-1');
  await dialog.getByRole('button', { name: '设备', exact: true }).click();
  await dialog.getByRole('button', { name: /测试打印/ }).click();
  await dialog.getByText(/测试页已打印/).waitFor();
  assert.match(await kiosk.locator('lane-receipt-preview [part="paper"]').innerText(), /lane-kiosk 测试打印/);
  await kiosk.screenshot({ path: `${SCREENSHOTS}/kiosk-settings.png` });
  await dialog.getByRole('button', { name: '返回' }).click();
  await dialog.waitFor({ state: 'detached' });
  await kiosk.close();
});

test('a device not yet set up explains how, in the installer’s browser language unless ?locale= says otherwise', async () => {
  const notes: Record<string, string> = {};
  for (const [browserLocale, query] of [['zh-CN', ''], ['en-US', ''], ['en-US', '?locale=zh-CN']] as const) {
    const context = await env.browser.newContext({ locale: browserLocale });
    const page = await context.newPage();
    await page.goto(`${env.proxy.url}/${query}`);
    notes[`${browserLocale}${query}`] = (await page.locator('.setup p').textContent())!;
    await context.close();
  }
  assert.match(notes['zh-CN']!, /请先用 \/\?lane=车道编号&key=车道密钥 打开本页一次/);
  assert.match(notes['en-US']!, /^Open this page once as \/\?lane=<lane id>&key=<lane key>/);
  assert.equal(notes['en-US?locale=zh-CN'], notes['zh-CN']);
});
