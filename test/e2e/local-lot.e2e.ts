/**
 * The local-tariff lot from the screens, in the built kiosk shell served by the real proxy: a car
 * admitted by the entry camera's plate read and one by ticket, both charged at the local exit; a
 * camera read bringing the fee up at the exit without typing; a misread plate corrected on the
 * keyboard.
 *
 * Time passes for a parked car the way the Welink simulator's backdate does it: its stay in the
 * lot's entry register (the proxy's embedded store, which LMDB lets this process open alongside
 * the proxy) is moved back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { computeFee } from '../../src/core/tariff.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { LocalEntryRegister } from '../../src/proxy/providers/local/register.js';
import { LmdbStateStore } from '../../src/proxy/state/lmdb-store.js';
import { launchChromium } from '../helpers/browser.js';
import { backdateStay } from '../helpers/local-lot.js';
import { freshStateDir, ROOT, startProxyProcess, type ProxyProcess } from '../helpers/proxy-process.js';

const SCREENSHOTS = `${ROOT}docs/screenshots`;
const LOT = 'local-demo';
const tariff = resolveConfig(JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8')), {}).lots.find((l) => l.lotId === LOT)!.tariff!;
const stateDir = freshStateDir();
let proxy: ProxyProcess;
let browser: Browser;
let store: LmdbStateStore;

before(async () => {
  proxy = await startProxyProcess('config/demo.json', { STATE_DIR: stateDir });
  browser = await launchChromium();
  store = new LmdbStateStore(stateDir);
});
after(async () => {
  await store?.close();
  await browser?.close();
  await proxy?.stop();
});

const api = async (path: string, key: string, body?: unknown) => {
  const response = await fetch(`${proxy.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${path} answered ${response.status}`);
  return response.json();
};
const cameraRead = (laneId: string, plate: string, confidence: number) =>
  api(`/v1/lanes/${laneId}/plate-reads`, `demo-lane-key-${laneId}`, { plate, confidence, time: Date.now(), imageUrl: 'http://camera.lot.example/snap.jpg' });
const freeSpaces = async () => (await api('/v1/lanes/local-entry-1/spaces', 'demo-lane-key-local-entry-1')).freeSpaces as number;

/** The lane's kiosk, once its event stream is open: a camera read posted after this reaches it. */
async function lane(laneId: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.addInitScript(() => {
    const opened = new Promise<void>((resolve) => addEventListener('lane-stream', (event) => (event as CustomEvent).detail.status === 'open' && resolve()));
    Object.assign(window, { laneStreamOpen: opened });
  });
  await page.goto(`${proxy.url}/?lane=${laneId}&key=demo-lane-key-${laneId}`);
  await page.evaluate(() => (window as unknown as { laneStreamOpen: Promise<void> }).laneStreamOpen);
  return page;
}

/** The fee the tariff asks for the stay now, either side of the moment the kiosk quoted it. */
async function feesFor(carId: string): Promise<string[]> {
  const stay = (await new LocalEntryRegister(store, LOT).stay(carId))!;
  const yuan = (at: number) => `¥${(computeFee(tariff, 'small', stay.enteredAtMs, at).fen / 100).toFixed(2)}`;
  return [yuan(Date.now() - 5000), yuan(Date.now())];
}

async function payOnPhone(kiosk: Page): Promise<void> {
  await kiosk.getByRole('button', { name: /^扫码支付/ }).click();
  const payUrl = await kiosk.locator('lane-pay-qr').evaluate((qr) => (qr as HTMLElement & { value: string }).value);
  const phone = await browser.newPage();
  await phone.goto(payUrl);
  await phone.getByRole('button', { name: /确认支付/ }).click();
  await phone.close();
  await kiosk.locator('lane-exit-kiosk [part="screen"]').getByText('支付成功').waitFor();
}

test('local lot: admitted by the camera’s plate and by ticket at local-entry-1, both charged at local-exit-1', async () => {
  const spacesBefore = await freeSpaces();
  const entry = await lane('local-entry-1');
  await entry.getByText(`空余车位 ${spacesBefore}`).waitFor();

  // The entry camera reads the plate: the car is admitted with no press.
  await cameraRead('local-entry-1', '沪L30001', 0.96);
  const entryScreen = entry.locator('lane-entry-kiosk [part="screen"]');
  await entryScreen.getByText('请取票入场').waitFor();
  assert.match(await entryScreen.innerText(), /沪L30001/);
  // Its arrive event has left the kiosk's outbox before the car's time is made to pass.
  await entry.waitForFunction(async () => (await document.querySelector('lane-entry-kiosk')!.outbox!.state()).depth === 0);

  // A car with no plate read presses for its ticket.
  await entry.getByRole('button', { name: '按此取票' }).click({ timeout: 15_000 });
  await entryScreen.getByText('请取票入场').waitFor();
  const ticket = await entry.locator('lane-entry-kiosk').evaluate((kiosk) => {
    const state = (kiosk as HTMLElementTagNameMap['lane-entry-kiosk']).state;
    return state.name === 'printed' ? state.entry : null;
  });
  assert.ok(ticket, 'the entry kiosk shows its printed ticket');
  assert.ok(ticket.payload.startsWith('LKT1.'), 'a signed ticket');
  assert.equal(await freeSpaces(), spacesBefore - 2, 'both cars take a space');
  await entry.getByText(`空余车位 ${spacesBefore - 2}`).waitFor({ timeout: 15_000 });
  await entry.close();

  await backdateStay(store, LOT, '沪L30001', 135);

  // At the exit the camera reads the first car: its fee is on screen without typing.
  const exit = await lane('local-exit-1');
  await exit.locator('lane-plate-input').waitFor();
  await cameraRead('local-exit-1', '沪L30001', 0.97);
  const fee = exit.locator('lane-exit-kiosk [part="fee"]');
  await fee.waitFor();
  const plateFees = await feesFor('沪L30001');
  const plateText = await fee.innerText();
  assert.ok(plateFees.some((yuan) => plateText.includes(yuan)), `${plateText} shows one of ${plateFees}`);
  assert.match(plateText, /2小时15分钟|2 h 15 min/);
  await exit.screenshot({ path: `${SCREENSHOTS}/local-camera-fee.png` });
  await payOnPhone(exit);
  await exit.locator('lane-plate-input').waitFor({ timeout: 20_000 });

  // The ticket car scans its ticket (through the demo device panel's scanner).
  await backdateStay(store, LOT, ticket.ticketNo, 95);
  const scanner = exit.getByRole('textbox', { name: '扫码内容' });
  // The panel may still be open on the receipt it just printed.
  if (!(await scanner.isVisible())) await exit.getByRole('button', { name: /模拟设备/ }).click();
  await scanner.fill(ticket.payload);
  await exit.getByRole('button', { name: '扫码', exact: true }).click();
  await fee.waitFor();
  const ticketFees = await feesFor(ticket.ticketNo);
  const ticketText = await fee.innerText();
  assert.ok(ticketFees.some((yuan) => ticketText.includes(yuan)), `${ticketText} shows one of ${ticketFees}`);
  assert.match(ticketText, /1小时35分钟|1 h 35 min/);
  await payOnPhone(exit);
  await exit.close();
});

test('a camera read at the exit: an unsure one waits on the keyboard and is corrected there; a sure misread is corrected after 返回', async () => {
  // A car that entered 80 minutes ago, reported late by the entry lane.
  const atMs = Date.now() - 80 * 60_000;
  const arrive = { key: `e2e-arrive-${atMs}`, stream: 'local-entry-1/passage', type: 'arrive', createdAt: Date.now(), payload: { plate: '沪L30002', atMs } };
  assert.equal((await api('/v1/lanes/local-entry-1/outbox', 'demo-lane-key-local-entry-1', { events: [arrive] })).results[0].status, 'accepted');

  const exit = await lane('local-exit-1');
  const keyboard = exit.locator('lane-plate-input');
  await keyboard.waitFor();

  await cameraRead('local-exit-1', '沪L30062', 0.41);
  await exit.locator('lane-exit-kiosk [part="plate-suggestion"]').getByText('摄像头识别车牌 沪L30062').waitFor();
  assert.equal(await keyboard.evaluate((input) => (input as HTMLElement & { value: string }).value), '沪L30062', 'the read waits on the keyboard, not quoted');
  await exit.screenshot({ path: `${SCREENSHOTS}/local-camera-confirm.png` });
  const deleteKey = keyboard.getByRole('button', { name: '删除' });
  await deleteKey.click();
  await deleteKey.click();
  for (const char of '02') await keyboard.locator(`button[data-key="${char}"]`).click();
  await keyboard.locator('[part~="confirm"]').click();
  const fee = exit.locator('lane-exit-kiosk [part="fee"]');
  await fee.waitFor();
  assert.match(await fee.innerText(), /1小时20分钟/);
  assert.match(await exit.locator('lane-exit-kiosk .plate').innerText(), /沪L30002/);
  await exit.getByRole('button', { name: '返回' }).click();

  // A sure read of the wrong plate is quoted at once; back on the keyboard the read is there to fix.
  await cameraRead('local-exit-1', '沪L30092', 0.93);
  await exit.locator('lane-exit-kiosk [part="screen"]').getByText('沪L30092').waitFor();
  await exit.getByRole('button', { name: '返回' }).click();
  await keyboard.waitFor();
  assert.equal(await keyboard.evaluate((input) => (input as HTMLElement & { value: string }).value), '沪L30092');
  await deleteKey.click();
  await deleteKey.click();
  for (const char of '02') await keyboard.locator(`button[data-key="${char}"]`).click();
  await keyboard.locator('[part~="confirm"]').click();
  await fee.waitFor();
  assert.match(await exit.locator('lane-exit-kiosk .plate').innerText(), /沪L30002/);
  await exit.close();
});
