/**
 * <lane-fee-widget> embedded in a plain third-party page on another origin: the bundle loads
 * cross-origin from the proxy, the lookup passes CORS with the partner key, and the driver can pay.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';
import { decodeQrFromPng } from '../helpers/qr.js';

const env = useProxyAndBrowser();
let partnerSite: Server;
let partnerUrl: string;

// The partner's page knows nothing of lane-kiosk but one script tag and one element.
const partnerPage = () => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>星河购物中心</title>
<style>body{font-family:serif;background:#fff7e6;margin:2rem} button{background:#f00} input{border:0}</style>
<script type="module" src="${env.proxy.url}/widget/lane-fee-widget.js"></script></head>
<body><h1>星河购物中心 · 停车</h1><p>会员停车，离场更快。</p>
<lane-fee-widget proxy-url="${env.proxy.url}" lot="welink-demo" partner-key="demo-partner-key-mall"></lane-fee-widget>
<button id="theirs">商场自己的按钮</button></body></html>`;

before(async () => {
  partnerSite = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(partnerPage());
  });
  await new Promise<void>((resolve) => partnerSite.listen(0, '127.0.0.1', resolve));
  partnerUrl = `http://127.0.0.1:${(partnerSite.address() as AddressInfo).port}/`;
});

after(() => partnerSite?.close());

test('a partner page embeds the widget; a driver looks up the fee and pays before driving out', async () => {
  const page = await env.browser.newPage({ viewport: { width: 480, height: 900 } });
  const failures: string[] = [];
  page.on('requestfailed', (request) => failures.push(request.url()));
  await page.goto(partnerUrl);
  await page.getByRole('textbox', { name: '车牌号' }).fill('沪AD12345');
  await page.getByRole('button', { name: '查询费用' }).click();
  const payLink = page.locator('[part="pay-link"]');
  await payLink.waitFor();
  assert.match(await payLink.innerText(), /去支付 ¥75\.00/);
  await page.waitForFunction(() => {
    const qr = document.querySelector('lane-fee-widget')?.shadowRoot?.querySelector('lane-pay-qr');
    return qr?.shadowRoot?.querySelector('canvas')?.width === 640;
  });
  const payUrl = await payLink.getAttribute('href');
  assert.equal(decodeQrFromPng(await page.locator('lane-pay-qr [part="code"]').screenshot()), payUrl);
  await page.screenshot({ path: `${ROOT}docs/screenshots/partner-widget.png` });

  // The partner page's own CSS did not reach into the widget, nor the widget's into the page.
  const theirs = await page.locator('#theirs').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(theirs, 'rgb(255, 0, 0)');
  const ours = await page.locator('lane-fee-widget button[type="submit"]').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(ours, 'rgb(255, 0, 0)');
  assert.deepEqual(failures, []);

  const pay = await env.browser.newPage();
  await pay.goto(payUrl!);
  await pay.getByRole('button', { name: /确认支付/ }).click();
  await pay.getByText('支付成功，请驶离').waitFor();
  await page.getByRole('button', { name: '查询费用' }).click();
  await page.getByText('沪AD12345: 无需缴费').waitFor();
});
