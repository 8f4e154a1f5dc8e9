/**
 * The lane screens as lane equipment, at the three kiosk sizes (portrait 1080×1920, landscape
 * 1920×1080, a 800×1280 tablet): every exit and entry screen fits its box with nothing scrolled,
 * every button and the amount lie inside it, every target is at least 80 px, the demo device panel
 * covers none of it while closed and opens as a drawer that moves nothing, and the plate keyboard's
 * keys stay put when the free-spaces line, the lane config and the offline banner arrive after it. Saves docs/screenshots/layout-<screen>-<size>.png.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';

const SCREENSHOTS = `${ROOT}docs/screenshots`;
const MIN_TARGET_PX = 80;
const SIZES = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'tablet', width: 800, height: 1280 },
] as const;
type Size = (typeof SIZES)[number];

const env = useProxyAndBrowser();

const admin = (path: string, body: unknown) =>
  fetch(`${env.proxy.url}/sims/${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => assert.ok(r.ok, `${path} answered ${r.status}`));

interface Box {
  label: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Fit {
  viewport: { width: number; height: number };
  kiosk: Box;
  /** How far each scrollable box (the document, the kiosk host, its screen) overflows; all must be ≤ 0. */
  overflow: Record<string, number>;
  buttons: Box[];
  /** The amount and the pay code, wherever the screen has them. */
  figures: Box[];
  /** The demo panel's box while it is a closed tab. */
  demoTab: Box | null;
}

/**
 * Everything the layout rules are about, read from the page in one pass (shadow roots included).
 * It is page source as text: tsx would wrap named inner functions in a helper the page lacks.
 */
const MEASURE = `(() => {
  const host = document.querySelector('lane-exit-kiosk, lane-entry-kiosk');
  const box = (el, label) => {
    const r = el.getBoundingClientRect();
    return { label, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  };
  const deep = (root, selector) => [
    ...root.querySelectorAll(selector),
    ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? deep(el.shadowRoot, selector) : [])),
  ];
  const shown = (el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const screen = host.shadowRoot.querySelector('[part="screen"]');
  const panel = document.querySelector('lane-demo-devices-panel');
  return {
    viewport: { width: innerWidth, height: innerHeight },
    kiosk: box(host, host.localName),
    overflow: {
      'document height': document.documentElement.scrollHeight - innerHeight,
      'document width': document.documentElement.scrollWidth - innerWidth,
      'kiosk height': host.scrollHeight - host.clientHeight,
      'kiosk width': host.scrollWidth - host.clientWidth,
      'screen height': screen.scrollHeight - screen.clientHeight,
      'screen width': screen.scrollWidth - screen.clientWidth,
    },
    buttons: deep(host.shadowRoot, 'button').filter(shown).map((b) => box(b, b.getAttribute('aria-label') ?? b.textContent.trim())),
    figures: deep(host.shadowRoot, '[part="fee"] .due, [part="amount"], [part="code"], .paid-amount')
      .filter(shown)
      .map((el) => box(el, el.textContent.trim() || el.getAttribute('part'))),
    demoTab: panel && !panel.hasAttribute('open') ? box(panel, 'demo panel') : null,
  };
})()`;

const measure = (page: Page): Promise<Fit> => page.evaluate(MEASURE) as Promise<Fit>;

const inside = (inner: Box, outer: Box) => inner.left >= outer.left - 0.5 && inner.top >= outer.top - 0.5 && inner.right <= outer.right + 0.5 && inner.bottom <= outer.bottom + 0.5;
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Saves the screen's screenshot (to look at, pass or fail), then asserts the layout rules on it. */
async function checkScreen(page: Page, screen: string, size: Size): Promise<Fit> {
  await page.screenshot({ path: `${SCREENSHOTS}/layout-${screen}-${size.name}.png` });
  const fit = await measure(page);
  const where = `${screen} at ${size.width}×${size.height}`;
  for (const [what, by] of Object.entries(fit.overflow)) assert.ok(by <= 0, `${where}: the ${what} overflows by ${by}px`);
  const view: Box = { label: 'viewport', left: 0, top: 0, right: fit.viewport.width, bottom: fit.viewport.height };
  assert.ok(inside(fit.kiosk, view), `${where}: the kiosk lies inside the viewport`);
  assert.ok(fit.buttons.length > 0, `${where}: the screen has buttons`);
  for (const b of [...fit.buttons, ...fit.figures]) assert.ok(inside(b, fit.kiosk), `${where}: "${b.label}" lies inside the kiosk (${JSON.stringify(b)})`);
  for (const b of fit.buttons) {
    const [width, height] = [b.right - b.left, b.bottom - b.top];
    assert.ok(width >= MIN_TARGET_PX && height >= MIN_TARGET_PX, `${where}: "${b.label}" is ${width.toFixed(0)}×${height.toFixed(0)}px, under ${MIN_TARGET_PX}px`);
  }
  if (fit.demoTab) assert.ok(!overlaps(fit.demoTab, fit.kiosk), `${where}: the closed demo panel covers none of the kiosk`);
  return fit;
}

/** Where every cell and key of the plate keyboard is, by its label. */
function keyPositions(page: Page): Promise<Record<string, string>> {
  return page.locator('lane-plate-input').evaluate((input) =>
    Object.fromEntries(
      [...input.shadowRoot!.querySelectorAll('button')].map((b, i) => {
        const r = b.getBoundingClientRect();
        return [`${i} ${b.dataset.key ?? b.textContent!.trim()}`, `${r.left},${r.top},${r.width},${r.height}`];
      }),
    ),
  );
}

/** Resolves when the kiosk enters the named lane state. */
function nextState(page: Page, name: string): Promise<void> {
  return page.evaluate(
    (wanted) =>
      new Promise<void>((resolve) => {
        const kiosk = document.querySelector('lane-exit-kiosk')!;
        const controller = new AbortController();
        kiosk.addEventListener(
          'lane-state',
          (event) => {
            if ((event as CustomEvent<{ state: { name: string } }>).detail.state.name !== wanted) return;
            controller.abort();
            resolve();
          },
          { signal: controller.signal },
        );
      }),
    name,
  );
}

for (const [index, size] of SIZES.entries()) {
  test(`exit lane at ${size.width}×${size.height}: every screen fits, targets ≥ ${MIN_TARGET_PX}px, the keyboard never moves`, async () => {
    const context = await env.browser.newContext({ viewport: { width: size.width, height: size.height } });
    const kiosk = await context.newPage();
    // The lane config (lot name, lane QR) and the free spaces are held back until the keyboard's
    // first paint has been measured: whatever they add must not move a key.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await kiosk.route(/\/v1\/lanes\/exit-1\/(config|spaces)$/, async (route) => {
      await held;
      await route.continue();
    });
    await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
    await kiosk.locator('lane-plate-input [data-key="沪"]').waitFor();
    const firstPaint = await keyPositions(kiosk);
    release();
    await kiosk.locator('lane-exit-kiosk [part="spaces"]').waitFor();
    await kiosk.getByText('泊云示范停车场').waitFor();
    assert.deepEqual(await keyPositions(kiosk), firstPaint, 'the free-spaces line and the lane config move no key');
    // The lane's devices (the demo panel's tab with them) come once the screen has been up a moment.
    await kiosk.locator('lane-demo-devices-panel').waitFor({ state: 'attached' });
    assert.deepEqual(await keyPositions(kiosk), firstPaint, "the lane's devices move no key");
    await checkScreen(kiosk, 'idle', size);

    await context.setOffline(true);
    await kiosk.locator('lane-exit-kiosk [part="offline-banner"]').waitFor();
    assert.deepEqual(await keyPositions(kiosk), firstPaint, 'the offline banner moves no key');
    await checkScreen(kiosk, 'offline', size);
    await context.setOffline(false);
    await kiosk.locator('lane-exit-kiosk [part="offline-banner"]').waitFor({ state: 'detached', timeout: 15_000 });

    const keyboard = kiosk.locator('lane-plate-input');
    for (const char of '沪A1') await keyboard.locator(`button[data-key="${char}"]`).click();
    await checkScreen(kiosk, 'keyboard', size);
    await keyboard.getByRole('button', { name: '清空' }).click();

    // A car of its own per size, parked 2 h 15 min: ¥15.00 at the simulator's ¥5 per started hour.
    const plate = `沪L2345${index}`;
    await admin('welink/_admin/park', { plate, minutesAgo: 135 });
    await tapPlate(kiosk, plate);
    await kiosk.locator('[part="fee"]').waitFor();
    await checkScreen(kiosk, 'quote', size);

    await kiosk.getByRole('button', { name: '扫码支付 ¥15.00' }).click();
    const qr = kiosk.locator('lane-exit-kiosk lane-pay-qr');
    await qr.locator('canvas').waitFor();
    await checkScreen(kiosk, 'pay-qr', size);

    const payUrl = await qr.evaluate((element) => (element as HTMLElement & { value: string }).value);
    const phone = await context.newPage();
    await phone.goto(payUrl);
    const paid = nextState(kiosk, 'paid');
    const farewell = nextState(kiosk, 'farewell');
    await phone.getByRole('button', { name: /确认支付/ }).click();
    await paid;
    await checkScreen(kiosk, 'paid', size);
    await farewell;
    await checkScreen(kiosk, 'farewell', size);

    await kiosk.locator('lane-plate-input').waitFor({ timeout: 15_000 });
    await tapPlate(kiosk, `沪L9999${index}`);
    await kiosk.getByRole('button', { name: '工作人员放行' }).waitFor();
    await checkScreen(kiosk, 'staff-release-entry', size);
    await kiosk.getByRole('button', { name: '返回' }).click();

    // A real entry ticket with its signature altered: the error screen with its way out.
    const issued = await fetch(`${env.proxy.url}/v1/lanes/entry-1/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-lane-key-entry-1' } });
    const { payload } = (await issued.json()) as { payload: string };
    const error = nextState(kiosk, 'error');
    await kiosk.evaluate(async (forged) => {
      const panel = document.querySelector('lane-demo-devices-panel') as unknown as { devices: { virtualScanner: { scan(text: string, options: object): Promise<void> } } };
      await panel.devices.virtualScanner.scan(forged, { aim: ']Q1' });
    }, `${payload.slice(0, -4)}AAAA`);
    await error;
    await checkScreen(kiosk, 'error', size);
    await context.close();
  });

  test(`entry lane at ${size.width}×${size.height}: idle, offline, error, the printed ticket, a full lot and its call fit, targets ≥ ${MIN_TARGET_PX}px, each saying what the lane can do`, async () => {
    const context = await env.browser.newContext({ viewport: { width: size.width, height: size.height } });
    const kiosk = await context.newPage();
    const entry = kiosk.locator('lane-entry-kiosk');
    const title = () => entry.locator('h1').innerText();
    const pressButtons = () => entry.getByRole('button', { name: '按此取票' }).count();
    await kiosk.goto(`${env.proxy.url}/?lane=entry-1&key=demo-lane-key-entry-1`);
    await entry.locator('[part="spaces"]').waitFor();
    // The ticket is printed: the printer comes with the lane's devices, a moment after the first paint.
    await kiosk.locator('lane-demo-devices-panel').waitFor({ state: 'attached' });
    await checkScreen(kiosk, 'entry-idle', size);

    // Offline the lane cannot issue: it says so, with no count it cannot refresh, and offers staff.
    await context.setOffline(true);
    await entry.locator('[part="offline-banner"]').waitFor();
    await entry.locator('[part="spaces"]').waitFor({ state: 'detached' });
    assert.equal(await title(), '暂时无法出票');
    assert.equal(await pressButtons(), 0, 'offline: no press that cannot work');
    await entry.getByRole('button', { name: '呼叫工作人员' }).waitFor();
    await checkScreen(kiosk, 'entry-offline', size);
    await context.setOffline(false);
    await entry.locator('[part="offline-banner"]').waitFor({ state: 'detached', timeout: 15_000 });

    // The platform fails the ticket: an entry's words, not the exit's.
    const tickets = /\/v1\/lanes\/entry-1\/tickets$/;
    await kiosk.route(tickets, (route) => route.fulfill({ status: 502, contentType: 'application/json', body: JSON.stringify({ error: 'upstream', message: 'the platform answered 502' }) }));
    await entry.getByRole('button', { name: '按此取票' }).click();
    await entry.getByRole('heading', { name: '暂时无法出票' }).waitFor();
    assert.doesNotMatch(await entry.locator('[part="screen"]').innerText(), /暂时无法查询|收费平台/);
    await checkScreen(kiosk, 'entry-error', size);
    await kiosk.unroute(tickets);
    await entry.getByRole('button', { name: '返回' }).click();

    await entry.getByRole('button', { name: '按此取票' }).click();
    await entry.locator('[part="screen"]').getByText('请取票入场').waitFor();
    assert.match(await entry.locator('[part="credential"]').innerText(), /^无牌车凭证 QB0\d+$/, 'the no-plate credential is labelled');
    await checkScreen(kiosk, 'entry-ticket', size);

    // A full lot says so on the idle screen, and the driver's way on is staff.
    await admin('welink/_admin/spaces', { free: 0 });
    try {
      await kiosk.reload();
      await entry.getByRole('heading', { name: '车位已满' }).waitFor();
      assert.equal(await pressButtons(), 0, 'full: no press that can only fail');
      await checkScreen(kiosk, 'entry-idle-full', size);
      await entry.getByRole('button', { name: '呼叫工作人员' }).click();
      await entry.getByText('正在呼叫工作人员…').waitFor();
      await checkScreen(kiosk, 'entry-full-call', size);
      await entry.getByRole('button', { name: '挂断' }).click();
    } finally {
      await admin('welink/_admin/spaces', { free: null });
    }
    await context.close();
  });
}

test('the demo device panel stays a tab when a receipt prints', async () => {
  const kiosk = await env.browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await kiosk.goto(`${env.proxy.url}/?lane=entry-1&key=demo-lane-key-entry-1`);
  // The lane's devices come after the first paint: a press before them gets its ticket on screen, not on paper.
  const panel = kiosk.locator('lane-demo-devices-panel');
  await panel.waitFor();
  await kiosk.getByRole('button', { name: '按此取票' }).click();
  await kiosk.locator('lane-entry-kiosk [part="screen"]').getByText('请取票入场').waitFor();
  await panel.locator('.news').waitFor();
  assert.equal(await panel.getAttribute('open'), null, 'a print marks the tab and leaves the panel closed');
  await kiosk.close();
});

/** Opened by hand, the demo panel is a drawer over the kiosk's right edge: the kiosk and its keyboard keep their boxes. */
for (const size of SIZES) {
  test(`the demo device panel opened by hand at ${size.width}×${size.height} is a drawer: the kiosk and its keyboard keep their boxes`, async () => {
    const kiosk = await env.browser.newPage({ viewport: { width: size.width, height: size.height } });
    await kiosk.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
    await kiosk.locator('lane-exit-kiosk [part="spaces"]').waitFor();
    const panel = kiosk.locator('lane-demo-devices-panel');
    await panel.waitFor();
    const closed = { fit: await measure(kiosk), keys: await keyPositions(kiosk) };
    await panel.getByRole('button', { name: /模拟设备/ }).click();
    await panel.locator('lane-receipt-preview').waitFor();
    await kiosk.screenshot({ path: `${SCREENSHOTS}/layout-demo-panel-open-${size.name}.png` });
    const fit = await measure(kiosk);
    const panelBox = await panel.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { label: 'demo panel', left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    });
    assert.deepEqual(fit.kiosk, closed.fit.kiosk, 'the kiosk keeps its box under the drawer');
    assert.deepEqual(fit.overflow, closed.fit.overflow, 'and nothing in it overflows that did not');
    assert.deepEqual(await keyPositions(kiosk), closed.keys, 'no key of the plate keyboard moves or shrinks');
    assert.ok(panelBox.left >= size.width / 2, 'the drawer covers the right edge only');
    await kiosk.close();
  });
}
