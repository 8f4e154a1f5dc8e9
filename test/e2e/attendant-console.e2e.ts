/**
 * The remote attendant console in Chromium against the demo proxy: sign in, the lane appears on the
 * board from the lane's own report, the driver's call rings with a banner, the attendant answers,
 * sends a remote action with a reason and a confirmation (the lane receives it on its stream), and
 * finds it all in the audit trail. When the proxy restarts under it, the console says the call
 * ended and resynchronises its board without a reload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openLaneStream } from '../helpers/api.js';
import { axeViolations } from '../helpers/axe.js';
import { useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { endProcess, freePort, freshStateDir, ROOT, spawnServer } from '../helpers/proxy-process.js';

const env = useProxyAndBrowser();
const SCREENSHOTS = `${ROOT}docs/screenshots`;
const LANE_KEY = 'demo-lane-key-exit-1';

const laneApi = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${env.proxy.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${LANE_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${path} answered ${response.status}`);
  return response.status === 204 ? null : response.json();
};

test('an attendant signs in, sees the lane, answers its call, reprints with a reason, and finds it in the audit trail', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${env.proxy.url}/console/`);
  await page.getByLabel('工号').fill('zhang');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('工号或密码错误').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the sign-in page');
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight), 'the sign-in page does not scroll');
  await page.getByLabel('密码').fill('demo-attendant-zhang');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('暂无车道上报').waitFor();

  await laneApi('PUT', '/v1/lanes/exit-1/status', {
    outbox: { depth: 0, deadLetters: 0, oldestCreatedAt: null },
    board: { screen: 'quoted', plate: '沪A12345', dueFen: 1500, screenAgeMs: 12_000, printer: 'paper-low', scanner: 'ok', gate: 'ok', clockSkewMs: 300 },
  });
  const card = page.locator('[data-lane="welink-demo/exit-1"]');
  await card.getByText('沪A12345').waitFor();
  assert.match(await card.innerText(), /1号出口[\s\S]*待缴费[\s\S]*泊云示范停车场 · exit-1[\s\S]*应付 ¥15\.00[\s\S]*打印机 纸将尽/, 'the lane by its names');
  await page.screenshot({ path: `${SCREENSHOTS}/console-board.png` });
  assert.deepEqual(await axeViolations(page), [], 'the board');

  const laneStream = await openLaneStream(env.proxy.url, 'exit-1', LANE_KEY);
  const call = (await laneApi('POST', '/v1/lanes/exit-1/calls')) as { callId: string };
  await page.getByText('泊云示范停车场 1号出口 正在呼叫').waitFor();
  await page.screenshot({ path: `${SCREENSHOTS}/console-ringing.png` });
  await page.getByRole('button', { name: '接听' }).click();
  await page.getByText('通话中：泊云示范停车场 1号出口').first().waitFor();
  assert.equal((await laneStream.next('call')).call.state, 'ringing');
  assert.deepEqual(((await laneStream.next('call')) as { call: { state: string; answeredBy: string } }).call.answeredBy, 'zhang');
  // The console offers audio as soon as it holds the call: the offer reaches the lane's stream.
  const offer = await laneStream.next('call-signal', 10_000);
  assert.equal(offer.callId, call.callId);
  assert.equal(offer.signal.type, 'offer');
  assert.match(offer.signal.body.sdp, /m=audio/);

  await page.getByRole('button', { name: '补打小票' }).click();
  await page.getByLabel('原因（必填）').fill('打印机卡纸，司机没拿到小票');
  await page.locator('form[aria-label="补打小票"] button[type="submit"]').click();
  await page.getByText('确认对 泊云示范停车场 1号出口 执行「补打小票」？').waitFor();
  await page.screenshot({ path: `${SCREENSHOTS}/console-call.png` });
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await page.getByText('已发送：补打小票').waitFor();
  const { at, actionId, seen: shown, ...action } = (await laneStream.next('remote-action')).action;
  assert.match(actionId, /^[\da-f-]{36}$/);
  assert.ok(shown, 'what the attendant saw of the lane travels with the action');
  assert.deepEqual(action, { kind: 'reprint', reason: '打印机卡纸，司机没拿到小票', by: 'zhang' });
  assert.ok(Math.abs(Date.now() - at) < 10_000, 'stamped with the time it was sent, so a late replay is dropped');
  // The lane has no printer: the attendant is told so at once, in words.
  await laneApi('POST', `/v1/lanes/exit-1/remote-actions/${actionId}/outcome`, { kind: 'reprint', outcome: 'no-device', by: 'zhang' });
  await page.getByText('车道未执行「补打小票」：车道没有可用的打印机或道闸').waitFor();

  await page.getByRole('button', { name: '挂断' }).click();
  assert.equal((await laneStream.next('call')).call.state, 'ended');
  laneStream.close();

  await page.getByRole('button', { name: '审计记录' }).click();
  await page.getByText('打印机卡纸，司机没拿到小票').waitFor();
  const trail = await page.locator('lane-audit-view table').innerText();
  for (const kind of ['登录失败', '登录', '呼叫', '接听', '远程操作', '通话结束', '车道执行结果']) assert.ok(trail.includes(kind), `${kind} in the audit trail`);
  assert.ok(trail.includes('补打小票') && !trail.includes('reprint'), 'the action in words, not its code');
  const csvHref = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
  const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
  assert.match(csv, /remote-action,zhang,welink-demo,exit-1,reprint,打印机卡纸/);
  await page.close();
});

test('the proxy restarts under a console holding a call: the call is said to have ended, and the board resynchronises without a reload', async () => {
  const stateDir = freshStateDir();
  const port = String(await freePort());
  const start = () => spawnServer('src/proxy/demo.ts', ['--config', 'config/demo.json'], { STATE_DIR: stateDir, PORT: port });
  let proxy = await start();
  const report = (board: object) =>
    fetch(`${proxy.url}/v1/lanes/exit-1/status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${LANE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ outbox: { depth: 0, deadLetters: 0, oldestCreatedAt: null }, board: { screenAgeMs: 0, printer: 'ok', scanner: 'ok', gate: 'ok', clockSkewMs: 0, ...board } }),
    }).then((r) => assert.equal(r.status, 204));
  const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  try {
    await page.goto(`${proxy.url}/console/`);
    await page.getByLabel('工号').fill('zhang');
    await page.getByLabel('密码').fill('demo-attendant-zhang');
    await page.getByRole('button', { name: '登录' }).click();
    await report({ screen: 'quoted', plate: '沪A12345', dueFen: 1500 });
    const card = page.locator('[data-lane="welink-demo/exit-1"]');
    await card.getByText('沪A12345').waitFor();
    const rung = await fetch(`${proxy.url}/v1/lanes/exit-1/calls`, { method: 'POST', headers: { authorization: `Bearer ${LANE_KEY}` } });
    assert.equal(rung.status, 201);
    await page.getByRole('button', { name: '接听' }).click();
    await page.getByText('通话中：泊云示范停车场 1号出口').first().waitFor();
    // Marks this document: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await endProcess(proxy.child);
    await page.getByText('与 泊云示范停车场 1号出口 的通话已结束：服务重启').waitFor();
    await page.getByText('连接中断，正在重连…').waitFor();
    proxy = await start();
    // While the console was away the lane moved on: the snapshot on reconnect brings it.
    await report({ screen: 'paying', plate: '沪B67890', dueFen: 800 });
    await card.getByText('沪B67890').waitFor();
    assert.match(await card.innerText(), /支付中/);
    await page.getByText('连接中断，正在重连…').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'no reload');
  } finally {
    await page.close();
    await endProcess(proxy.child);
  }
});
