/**
 * The exit flow end to end: the real proxy (with its embedded Welink simulator and demo payment
 * page) serving the built kiosk shell, driven in Chromium as a driver would.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';
import { decodeQrFromPng } from '../helpers/qr.js';
import { waitUntil } from '../helpers/wait.js';

const SCREENSHOTS = `${ROOT}docs/screenshots`;
const env = useProxyAndBrowser();

before(() => mkdirSync(SCREENSHOTS, { recursive: true }));

test('a car pays by QR and leaves: plate → fee → QR → simulated payment → paid → farewell', async () => {
  const kiosk = await env.browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').waitFor();
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-idle.png` });

  await tapPlate(kiosk, '沪A12345');

  // The simulator bills ¥5 per started hour after 15 free minutes: 135 minutes → ¥15.00.
  const fee = kiosk.locator('[part="fee"]');
  await fee.waitFor();
  assert.match(await fee.innerText(), /需支付\s*¥15\.00/);
  assert.match(await fee.innerText(), /2小时15分钟/);
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-quote.png` });

  const rendered = kiosk.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          const qr = document.querySelector('lane-exit-kiosk')?.shadowRoot?.querySelector('lane-pay-qr');
          if (qr) {
            observer.disconnect();
            qr.addEventListener('lane-qr-rendered', () => resolve(), { once: true });
          }
        });
        observer.observe(document.querySelector('lane-exit-kiosk')!.shadowRoot!, { childList: true, subtree: true });
      }),
  );
  await kiosk.getByRole('button', { name: '扫码支付 ¥15.00' }).click();
  await rendered;
  const qrPng = await kiosk.locator('lane-pay-qr [part="code"]').screenshot();
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-pay-qr.png` });
  const payUrl = decodeQrFromPng(qrPng);
  assert.ok(payUrl, 'the QR on screen decodes');
  assert.match(payUrl, new RegExp(`^${env.proxy.url}/sims/pay\\?quote=Q[\\w-]+$`));

  // The driver's phone opens the QR and pays on the (simulated) operator payment page; the receipt
  // needs the printer, which comes with the lane's devices a moment after the first paint.
  await kiosk.locator('lane-demo-devices-panel').waitFor({ state: 'attached' });
  const phone = await env.browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(payUrl);
  assert.match(await phone.locator('.amount').innerText(), /¥15\.00/);
  await phone.getByRole('button', { name: /确认支付/ }).click();
  await phone.getByText('支付成功，请驶离').waitFor();

  await kiosk.getByText('支付成功').waitFor();
  assert.match(await kiosk.locator('[part="screen"]').innerText(), /¥15\.00/);
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-paid.png` });

  // The receipt came out of the (virtual) printer; the demo panel shows the paper.
  await kiosk.getByRole('button', { name: /模拟设备/ }).click(); // the demo panel opens by hand only
  const paper = kiosk.locator('lane-receipt-preview [part="paper"]');
  await paper.waitFor();
  const receipt = await paper.innerText();
  for (const expected of ['泊云示范停车场', '沪A12345', '1号出口', '2小时15分钟', '￥15.00', '模拟支付']) assert.ok(receipt.includes(expected), `receipt shows ${expected}`);
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-receipt.png` });
  await kiosk.locator('lane-exit-kiosk [part="screen"]').getByText('一路顺风').waitFor({ timeout: 10_000 });
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-farewell.png` });

  // The exit went through the outbox to the Shanghai platform, in real time, with the amount paid.
  type Passage = { via: string; kind: string; record: Record<string, unknown> };
  const passages = await waitUntil(
    async () => ((await (await fetch(`${env.proxy.url}/sims/shanghai/_admin/passages`)).json()) as Passage[]).filter((p) => p.record.plateId === '沪A12345'),
    (found) => found.length > 0,
  );
  assert.deepEqual(passages.map((p) => [p.via, p.kind, p.record.payMoney]), [['realtime', 'leave', 1500]]);

  // The platform was told exactly once, and the car now owes nothing.
  await kiosk.locator('lane-plate-input').waitFor({ timeout: 15_000 });
  await kiosk.getByRole('button', { name: '收起' }).click(); // the demo's receipt panel folds away
  await tapPlate(kiosk, '沪A12345');
  await kiosk.getByText('无需缴费').waitFor();
});

test('an unknown plate shows "no entry record" with a way back', async () => {
  const kiosk = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await tapPlate(kiosk, '沪B99999');
  await kiosk.getByText('未找到入场记录').waitFor();
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-no-entry-landscape.png` });
  await kiosk.getByRole('button', { name: '返回' }).click();
  await kiosk.locator('lane-plate-input').waitFor();
});

test('the proxy never logs a platform secret or a whole payToken', () => {
  const logs = env.proxy.output();
  assert.ok(logs.includes('"quoteId"'), 'the run produced logs to check');
  for (const secret of ['demo-welink-secret-9f3a2b7c4d5e6f70', 'demo-operator-key-7c1e', 'demo-shanghai-password-31', 'demo-ticket-key-5b1d8c2e9f70a4', '24682468']) {
    assert.ok(!logs.includes(secret), `log leaks ${secret}`);
  }
  assert.ok(!/"payToken":"[^"]{12,}/.test(logs));
});

test('exit by ticket: a plate QR starts a quote; a ticket waits for the camera (Welink state 7), then pays; a forged one is refused', async () => {
  const kiosk = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByRole('button', { name: /模拟设备/ }).click();
  const scan = async (code: string) => {
    await kiosk.getByRole('textbox', { name: '扫码内容' }).fill(code);
    await kiosk.getByRole('button', { name: '扫码', exact: true }).click();
  };
  await scan('沪AD12345');
  await kiosk.locator('[part="fee"]').waitFor();
  assert.match(await kiosk.locator('[part="fee"]').innerText(), /¥75\.00/);
  await kiosk.getByRole('button', { name: '返回' }).click();

  // A car without a plate took a ticket 100 minutes ago; at the exit the camera keeps missing it.
  const ticket = await fetch(`${env.proxy.url}/v1/lanes/entry-1/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-lane-key-entry-1' } });
  const { ticketNo, payload, license } = (await ticket.json()) as { ticketNo: string; payload: string; license: string };
  const admin = (path: string, body: unknown) => fetch(`${env.proxy.url}/sims/welink/_admin/${path}`, { method: 'POST', body: JSON.stringify(body) });
  await admin('backdate', { ticketNo, minutes: 100 });
  await admin('auth-script', { userId: ticketNo, states: [7, 7, 7] });
  await scan(payload);
  await kiosk.getByText('正在识别您的车辆').waitFor({ timeout: 20_000 });
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-ticket-state7.png` });
  await kiosk.locator('[part="fee"]').waitFor({ timeout: 20_000 });
  assert.match(await kiosk.locator('[part="fee"]').innerText(), /需支付\s*¥10\.00/);
  assert.equal(await kiosk.locator('lane-exit-kiosk .car-ref').innerText(), license, 'the platform’s stand-in id, not shown as a plate');
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-ticket-fee.png` });
  await kiosk.getByRole('button', { name: '扫码支付 ¥10.00' }).click();
  const payUrl = await kiosk.locator('lane-pay-qr').evaluate((qr) => (qr as HTMLElement & { value: string }).value);
  const phone = await env.browser.newPage();
  await phone.goto(payUrl);
  await phone.getByRole('button', { name: /确认支付/ }).click();
  await kiosk.getByText('支付成功').waitFor();
  await kiosk.locator('lane-exit-kiosk [part="screen"]').getByText('一路顺风').waitFor({ timeout: 10_000 });

  await kiosk.locator('lane-plate-input').waitFor({ timeout: 15_000 });
  await scan(`${payload.slice(0, -4)}AAAA`);
  await kiosk.getByText('入场凭证无效').waitFor();
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-scan-forged-ticket.png` });
});
