/**
 * Cold start to an interactive keyboard: a fresh browser profile (no HTTP cache, no service worker,
 * no stored settings) opens the exit lane's set-up URL with the CPU throttled 4× (CDP
 * Emulation.setCPUThrottlingRate), and taps 沪 on the plate keyboard as soon as Playwright finds it
 * visible, stable and enabled. The figure is the time from navigation start to the tap's click event
 * (its `timeStamp`), counted only once the key shows in the plate. Also reported: first contentful
 * paint and when the kiosk bundle had arrived. Baseline in the same run: the same start with the
 * bundles sent uncompressed (Accept-Encoding: identity), as the proxy served them before.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { endProcess, freePort, freshStateDir, ROOT, spawnServer } from '../test/helpers/proxy-process.js';
import { buildKioskOnce } from './kiosk-build.js';
import { quantile } from './quantile.js';
import { unthrottled } from './unthrottled.js';

const RUNS = 11;
const CPU_SLOWDOWN = 4;
const KEY = '沪';

interface Start {
  tapMs: number;
  firstPaintMs: number;
  bundleArrivedMs: number;
  bundleWireKb: number;
}

async function oneStart(browser: Browser, url: string, encoding: 'browser' | 'identity'): Promise<Start> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    if (encoding === 'identity') await page.setExtraHTTPHeaders({ 'accept-encoding': 'identity' });
    await page.addInitScript(() => {
      addEventListener(
        'click',
        (event) => {
          const key = event.composedPath().find((node) => node instanceof HTMLElement && node.dataset.key);
          if (key) (window as unknown as { firstKeyTap?: number }).firstKeyTap ??= event.timeStamp;
        },
        { capture: true },
      );
    });
    await page.goto(url, { waitUntil: 'commit' });
    const keyboard = page.locator('lane-plate-input');
    await keyboard.locator(`button[data-key="${KEY}"]`).click({ timeout: 30_000 });
    await page.waitForFunction((key) => (document.querySelector('lane-exit-kiosk')?.shadowRoot?.querySelector('lane-plate-input') as unknown as { value: string } | null)?.value === key, KEY, { timeout: 10_000 });
    return await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const bundle = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((entry) => /\/assets\/index-[\w-]+\.js$/.test(entry.name));
      return {
        tapMs: (window as unknown as { firstKeyTap: number }).firstKeyTap,
        firstPaintMs: paint?.startTime ?? NaN,
        bundleArrivedMs: bundle?.responseEnd ?? NaN,
        bundleWireKb: (bundle?.transferSize ?? NaN) / 1024,
      };
    });
  } finally {
    await context.close();
  }
}

export async function coldStart(): Promise<void> {
  console.log(`\n## Cold start to a registered tap on the plate keyboard (Chromium, CPU ${CPU_SLOWDOWN}× slower, fresh profile each, ${RUNS} runs)`);
  buildKioskOnce();
  const demo = JSON.parse(readFileSync(join(ROOT, 'config/demo.json'), 'utf8'));
  const configPath = join(mkdtempSync(join(tmpdir(), 'lane-kiosk-cold-')), 'config.json');
  writeFileSync(configPath, JSON.stringify(unthrottled(demo)));
  const server = await spawnServer('src/proxy/demo.ts', ['--config', configPath], { STATE_DIR: freshStateDir(), PORT: String(await freePort()) }, { keepOutput: false });
  const browser = await launchChromium();
  try {
    const url = `${server.url}/?lane=exit-1&key=demo-lane-key-exit-1`;
    // One untimed start each way: the proxy compresses each file on its first request.
    await oneStart(browser, url, 'browser');
    await oneStart(browser, url, 'identity');
    const runs = { browser: [] as Start[], identity: [] as Start[] };
    // Alternated, so a busy moment of the shared machine lands on both.
    for (let i = 0; i < RUNS; i++) for (const encoding of ['identity', 'browser'] as const) runs[encoding].push(await oneStart(browser, url, encoding));
    const median = (starts: Start[], pick: (s: Start) => number) => quantile(starts.map(pick).sort((a, b) => a - b), 0.5);
    const row = (label: string, starts: Start[]) =>
      console.log(
        `${label.padEnd(44)} tap p50 ${median(starts, (s) => s.tapMs).toFixed(0).padStart(5)} ms  (min ${Math.min(...starts.map((s) => s.tapMs)).toFixed(0)}, max ${Math.max(...starts.map((s) => s.tapMs)).toFixed(0)})  first paint p50 ${median(starts, (s) => s.firstPaintMs).toFixed(0).padStart(5)} ms  bundle in p50 ${median(starts, (s) => s.bundleArrivedMs).toFixed(0).padStart(5)} ms  bundle ${median(starts, (s) => s.bundleWireKb).toFixed(0)} KB on the wire`,
      );
    row('baseline: bundles uncompressed (identity)', runs.identity);
    row('as served: brotli', runs.browser);
  } finally {
    await browser.close();
    await endProcess(server.child);
  }
}
