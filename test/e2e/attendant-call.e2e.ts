/**
 * A driver calls the remote attendant from the built kiosk shell, and the attendant runs the lane
 * from the console in another browser context, both against the demo proxy: the call rings on the
 * board, the attendant answers, the audio connects and flows both ways (Chromium's fake microphone),
 * the attendant releases the car with a reason, the lane says goodbye, the Welink simulator receives
 * the bill through addTmpRentBill, and the audit trail lists the call and the release. The other
 * remote actions reach the lane the same way: a corrected plate is quoted, a reset returns to idle.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';
import { waitUntil } from '../helpers/wait.js';

const env = useProxyAndBrowser();
const SCREENSHOTS = `${ROOT}docs/screenshots`;

interface OfflineBill {
  plate: string;
  amountFen: number;
  payableFen: number;
}

async function signIn(page: Page, id: string, password: string): Promise<void> {
  await page.goto(`${env.proxy.url}/console/`);
  await page.getByLabel('工号').fill(id);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** The exit-1 kiosk at 1080×1920 and, in a browser context of its own, the console signed in at 1920×1080. */
async function kioskAndConsole(staffId: string, password: string): Promise<{ kiosk: Page; desk: Page; close(): Promise<void> }> {
  const kioskContext = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const consoleContext = await env.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const kiosk = await kioskContext.newPage();
  const desk = await consoleContext.newPage();
  await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
  await kiosk.getByText('泊云示范停车场').waitFor();
  await signIn(desk, staffId, password);
  return { kiosk, desk, close: () => Promise.all([kioskContext.close(), consoleContext.close()]).then(() => undefined) };
}

/** Runs a remote action from the held call's panel: pick it, give the reason, confirm; resolves once the lane says it did it. */
async function remoteAction(page: Page, name: string, reason: string, fields: Record<string, string> = {}): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  const form = page.locator(`form[aria-label="${name}"]`);
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  await form.getByLabel('原因（必填）').fill(reason);
  await form.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: '确认', exact: true }).click();
  // The lane's own word, relayed to the console: it did it.
  await page.getByText(`车道已执行：${name}`).waitFor();
}

const audioBytes = {
  kiosk: (kiosk: Page) => kiosk.evaluate(() => document.querySelector('lane-exit-kiosk')!.attendant.audioBytes()),
  console: (page: Page) =>
    page.locator('lane-call-panel').evaluate((panel) => (panel as HTMLElement & { peer: { audioBytes(): Promise<{ sent: number; received: number }> } | null }).peer!.audioBytes()),
};

test('the driver calls, the attendant answers and talks with them, releases the car with a reason, and the platform and the audit trail have it', async () => {
  const { kiosk, desk, close } = await kioskAndConsole('zhang', 'demo-attendant-zhang');

  // The lane reports itself: its card shows the car and the fee as the driver sees them.
  await tapPlate(kiosk, '沪A12345');
  await kiosk.locator('[part="fee"]').waitFor();
  const card = desk.locator('[data-lane="welink-demo/exit-1"]');
  await card.getByText('沪A12345').waitFor();
  assert.match(await card.innerText(), /应付 ¥15\.00/);

  // The driver's phone cannot pay the QR: they ask for help from the pay screen.
  await kiosk.getByRole('button', { name: '扫码支付 ¥15.00' }).click();
  await kiosk.getByRole('button', { name: '呼叫工作人员' }).click();
  await kiosk.getByText('正在呼叫工作人员…').waitFor();
  // The call lies over the footer: the plate, the fee and the buttons stay in view.
  const band = (await kiosk.locator('lane-call-status').boundingBox())!;
  for (const name of ['返回', '呼叫工作人员']) {
    const button = (await kiosk.getByRole('button', { name, exact: true }).boundingBox())!;
    assert.ok(band.y >= button.y + button.height, `the call band is below ${name}`);
  }
  await desk.getByText('泊云示范停车场 1号出口 正在呼叫').waitFor();
  await desk.getByRole('button', { name: '接听' }).click();
  await desk.getByText('通话中：泊云示范停车场 1号出口').first().waitFor();
  await kiosk.getByText('通话中，请对着屏幕讲话').waitFor({ timeout: 20_000 });
  await desk.getByText('语音已接通').waitFor({ timeout: 20_000 });
  // Both microphones reach the other side: bytes sent and received at each end.
  await waitUntil(
    () => Promise.all([audioBytes.kiosk(kiosk), audioBytes.console(desk)]),
    ([lane, attendant]) => lane.sent > 0 && lane.received > 0 && attendant.sent > 0 && attendant.received > 0,
  );
  await kiosk.screenshot({ path: `${SCREENSHOTS}/exit-call.png` });

  await remoteAction(desk, '放行', '扫码付款失败，司机已向收费员转账', { '收费金额（元，免费填 0）': '15.00' });
  await kiosk.getByText(/一路顺风|再见/).first().waitFor();
  const bills = async () => (await (await fetch(`${env.proxy.url}/sims/welink/_admin/offline-bills`)).json()) as OfflineBill[];
  const received = await waitUntil(bills, (list) => list.some((b) => b.plate === '沪A12345'), 20_000);
  const bill = received.find((b) => b.plate === '沪A12345')!;
  assert.equal(bill.amountFen, 1500);
  assert.equal(bill.payableFen, 1500);

  await desk.getByRole('button', { name: '挂断' }).click();
  await kiosk.getByText('通话已结束').waitFor();
  // The lane hears the attendant's goodbye before the proxy has recorded the end: wait for the record.
  const audit = () => desk.request.get(`${env.proxy.url}/console/api/audit`).then((r) => r.json() as Promise<{ records: Array<{ kind: string; subject: string; reason: string }> }>);
  const { records } = await waitUntil(audit, (body) => body.records.some((r) => r.kind === 'call-ended'));
  assert.ok(records.some((r) => r.kind === 'remote-action' && r.subject === 'release'));
  // The lane's own word: it released the car.
  assert.ok(records.some((r) => r.kind === 'remote-action-outcome' && r.subject === 'release' && r.reason === 'done'));

  await desk.getByRole('button', { name: '审计记录' }).click();
  await desk.getByText('扫码付款失败，司机已向收费员转账').waitFor();
  const trail = await desk.locator('lane-audit-view table').innerText();
  for (const kind of ['登录', '呼叫', '接听', '远程操作', '通话结束']) assert.ok(trail.includes(kind), `${kind} in the audit trail`);
  assert.equal((await bills()).filter((b) => b.plate === '沪A12345').length, 1, 'one release, one bill');
  await close();
});

test('a corrected plate is quoted on the lane, and a reset returns it to idle', async () => {
  const { kiosk, desk, close } = await kioskAndConsole('wang', 'demo-supervisor-wang');

  await tapPlate(kiosk, '沪A99999');
  await kiosk.getByRole('button', { name: '呼叫工作人员' }).click();
  await desk.getByRole('button', { name: '接听' }).click();
  await desk.getByText('通话中：泊云示范停车场 1号出口').first().waitFor();

  await remoteAction(desk, '更正车牌', '司机报错了车牌', { 车牌: '沪AD12345' });
  await kiosk.locator('[part="fee"]').waitFor();
  await kiosk.getByText('沪AD12345').first().waitFor();

  await remoteAction(desk, '重置屏幕', '司机已倒车离开');
  await kiosk.locator('lane-plate-input').waitFor();
  await desk.getByRole('button', { name: '挂断' }).click();
  await close();
});
