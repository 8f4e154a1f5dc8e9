/**
 * <lane-fee-widget> embedded in plain third-party pages on other origins: the bundle loads
 * cross-origin from the proxy, the lookup passes CORS with the partner key, and the driver can pay.
 * A page's CSS reset leaves the widget's spacing alone, and a wrong key, a disallowed origin and a
 * platform that is down each read differently, on the page and in the lane-error event.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { axeViolations } from '../helpers/axe.js';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { freePort, freshStateDir, ROOT, startProxyProcess, type ProxyProcess } from '../helpers/proxy-process.js';
import { decodeQrFromPng } from '../helpers/qr.js';

let proxy: ProxyProcess;
let browser: Browser;
/** The partner's site, whose origin is on the partner key's list. */
let partnerSite: Server;
let partnerUrl: string;
/** Another site on another port, not on the list. */
let strangerSite: Server;
let strangerUrl: string;

// What mall sites really ship: a reset that zeroes every element's spacing, content-box sizing, unstyled buttons.
const CSS_RESET = '* { margin: 0; padding: 0; box-sizing: content-box; } button { all: unset; } input { all: unset; }';

// The partner's page knows nothing of lane-kiosk but one script tag and one element.
const partnerPage = (query: URLSearchParams) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>星河购物中心</title>
<style>body{font-family:serif;background:#fff7e6;margin:2rem} button{background:#f00} input{border:0} ${query.has('reset') ? CSS_RESET : ''}</style>
<script type="module" src="${proxy.url}/widget/lane-fee-widget.js"></script></head>
<body><h1>星河购物中心 · 停车</h1><p>会员停车，离场更快。</p>
<lane-fee-widget proxy-url="${proxy.url}" lot="${query.get('lot') ?? 'welink-demo'}" partner-key="${query.get('key') ?? 'demo-partner-key-mall'}"></lane-fee-widget>
<button id="theirs">商场自己的按钮</button></body></html>`;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

before(async () => {
  const site = () =>
    createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(partnerPage(new URL(req.url ?? '/', 'http://site').searchParams));
    });
  partnerSite = site();
  strangerSite = site();
  partnerUrl = await listen(partnerSite);
  strangerUrl = await listen(strangerSite);
  // The demo config, its partner allowing only the partner site and the demo's example page
  // (on localhost); ETCP answers nowhere, so its lot's platform is down.
  const config = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
  config.partners[0].origins = [new URL(partnerUrl).origin, 'http://localhost:*'];
  const configPath = join(freshStateDir(), 'partner-widget.json');
  writeFileSync(configPath, JSON.stringify(config));
  proxy = await startProxyProcess(configPath, { ETCP_BASE_URL: `http://127.0.0.1:${await freePort()}` });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
  partnerSite?.close();
  strangerSite?.close();
});

test('the widget script a partner page loads is at most 20.6 KB gzipped (-9), as before issue 28', async () => {
  const response = await fetch(`${proxy.url}/widget/lane-fee-widget.js`);
  assert.equal(response.status, 200);
  const gzippedKb = gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length / 1024;
  assert.ok(gzippedKb <= 20.6, `the widget is ${gzippedKb.toFixed(2)} KB gzipped`);
});

test('a partner page embeds the widget; a driver looks up the fee and pays before driving out', async () => {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
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

  const pay = await browser.newPage();
  await pay.goto(payUrl!);
  await pay.getByRole('button', { name: /确认支付/ }).click();
  await pay.getByText('支付成功，请驶离').waitFor();
  await page.getByRole('button', { name: '查询费用' }).click();
  // Paid: nothing to pay, and the stay still shows, so the driver sees the lookup was of their car.
  const result = page.locator('lane-fee-widget [part="result"]');
  await result.getByText('无需缴费').waitFor();
  assert.match(await result.innerText(), /沪AD12345 · 停车时长 1天2小时1\d分钟/);
  await Promise.all([page.close(), pay.close()]);
});

/** Where each part of the widget sits inside its card, and the card's own padding. */
async function widgetBoxes(page: Page) {
  await page.locator('lane-fee-widget [part="form"]').waitFor();
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.locator('lane-fee-widget').evaluate((host) => {
    const card = host.shadowRoot!.querySelector('[part="card"]')!;
    const origin = card.getBoundingClientRect();
    const style = getComputedStyle(card);
    const parts = Object.fromEntries(
      ['h2', '.hint', 'form', 'input', 'button'].map((selector) => {
        const r = host.shadowRoot!.querySelector(selector)!.getBoundingClientRect();
        return [selector, [r.left - origin.left, r.top - origin.top, r.width, r.height].map((n) => Math.round(n * 10) / 10)];
      }),
    );
    return {
      card: [Math.round(origin.width), Math.round(origin.height)],
      padding: [style.paddingTop, style.paddingRight, style.paddingBottom, style.paddingLeft],
      parts,
    };
  });
}

test("a page's CSS reset leaves the widget's spacing and sizes as they are", async () => {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  await page.goto(partnerUrl);
  const plain = await widgetBoxes(page);
  await page.goto(`${partnerUrl}?reset`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#theirs')!).paddingTop), '0px', 'the reset is in force on the page');
  const reset = await widgetBoxes(page);
  assert.deepEqual(reset, plain);
  assert.deepEqual(plain.padding, ['20px', '20px', '20px', '20px']);
  assert.ok(plain.parts.button![3]! >= 44, 'the button keeps its touch height');
  await page.close();
});

/** Opens `url`, looks up `plate`, and returns the words shown and the lane-error event's detail. */
async function failedLookup(url: string, plate = '沪A12345', screenshot?: string) {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { laneErrors: unknown[] }).laneErrors = seen;
    document.addEventListener('lane-error', (event) => seen.push((event as CustomEvent).detail));
  });
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.goto(url);
  await page.getByRole('textbox', { name: '车牌号' }).fill(plate);
  await page.getByRole('button', { name: '查询费用' }).click();
  const alert = page.locator('lane-fee-widget [part="error"]');
  await alert.waitFor();
  if (screenshot) await page.locator('lane-fee-widget').screenshot({ path: `${ROOT}docs/screenshots/${screenshot}` });
  const result = {
    words: await alert.innerText(),
    dataCode: await alert.getAttribute('data-code'),
    event: (await page.evaluate(() => (window as unknown as { laneErrors: unknown[] }).laneErrors)) as Array<{ kind: string; code: string; message: string }>,
    warnings,
  };
  await page.close();
  return result;
}

test('a wrong key, a disallowed origin and a platform that is down each say so, on a page with a CSS reset', async () => {
  const wrongKey = await failedLookup(`${partnerUrl}?reset&key=demo-partner-key-typo`);
  assert.match(wrongKey.words, /缴费密钥无效/);
  assert.deepEqual(wrongKey.event.map((e) => [e.kind, e.code]), [['partner-key', 'partner-key-unknown']]);
  assert.equal(wrongKey.dataCode, 'partner-key-unknown');
  assert.match(wrongKey.warnings.join('\n'), /partner-key-unknown: .*partner-key attribute/, 'the developer finds it in the console');

  const stranger = await failedLookup(`${strangerUrl}?reset`, '沪A12345', 'partner-widget-origin-refused.png');
  assert.match(stranger.words, /这个网址未获准查询停车费/);
  assert.deepEqual(stranger.event.map((e) => [e.kind, e.code]), [['origin-not-allowed', 'origin-not-allowed']]);
  assert.match(stranger.event[0]!.message, new RegExp(new URL(strangerUrl).origin));

  const down = await failedLookup(`${partnerUrl}?reset&lot=etcp-demo`, '渝DE3787');
  assert.match(down.words, /收费系统暂时没有应答/);
  assert.equal(down.event[0]!.kind, 'platform-down');
  assert.match(down.event[0]!.code, /^etcp:/);
  assert.deepEqual(down.warnings, [], 'a platform outage is not the page’s fault');

  assert.equal(new Set([wrongKey.words, stranger.words, down.words]).size, 3);
  for (const { words } of [wrongKey, stranger, down]) assert.doesNotMatch(words, /网络连接中断|network/i, 'none of them reads as a lost network');
});

test('the shipped example page works as the README says: fee found, events logged', async () => {
  const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  const failures: string[] = [];
  page.on('requestfailed', (request) => failures.push(request.url()));
  await page.goto(`${proxy.url.replace('127.0.0.1', 'localhost')}/sims/partner-example.html`);
  // The mall's page speaks one language: no English words in its own text (the widget's is in its shadow root).
  assert.doesNotMatch(await page.locator('body').innerText(), /[A-Za-z]{3,}/);
  await page.getByRole('textbox', { name: '车牌号' }).fill('沪A12345');
  await page.getByRole('button', { name: '查询费用' }).click();
  await page.locator('#log', { hasText: 'lane-quote 沪A12345 due 1500 fen due' }).waitFor();
  assert.match(await page.locator('[part="pay-link"]').innerText(), /¥15\.00/);
  assert.deepEqual(failures, []);
  assert.deepEqual(await axeViolations(page), [], 'a page partners copy: landmarks and all');
  await page.close();
});
