/**
 * Cold start to an interactive keyboard: a fresh browser profile (no HTTP cache, no service worker,
 * no stored settings) opens the exit lane's set-up URL with the CPU throttled 4× (CDP
 * Emulation.setCPUThrottlingRate), and taps 沪 on the plate keyboard as soon as Playwright finds it
 * visible, stable and enabled. The figure is the time from navigation start to the tap's click event
 * (its `timeStamp`), counted only once the key shows in the plate. Also reported: first contentful
 * paint, and the scripts the page had asked for by then (on the wire, and when the last arrived).
 *
 * Baseline in the same run: the kiosk as another commit builds it (`--against <ref>`, default
 * `main`), served by that commit's own proxy, the runs alternated. On a shared machine whose load
 * swings the absolute figures by a factor of two from one hour to the next, only runs interleaved
 * in one session compare.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { endProcess, freePort, freshStateDir, ROOT, spawnServer, type ServerProcess } from '../test/helpers/proxy-process.js';
import { buildKioskOnce } from './kiosk-build.js';
import { quantile } from './quantile.js';
import { unthrottled } from './unthrottled.js';

const RUNS = 11;
const CPU_SLOWDOWN = 4;
const KEY = '沪';

interface Start {
  tapMs: number;
  firstPaintMs: number;
  /** Scripts whose request started before the first paint: the first screen's code. */
  firstScreenJsKb: number;
  firstScreenJsArrivedMs: number;
}

async function oneStart(browser: Browser, url: string): Promise<Start> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
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
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => entry.name.endsWith('.js') && entry.startTime < paint);
      return {
        tapMs: (window as unknown as { firstKeyTap: number }).firstKeyTap,
        firstPaintMs: paint,
        firstScreenJsKb: scripts.reduce((sum, entry) => sum + entry.transferSize, 0) / 1024,
        firstScreenJsArrivedMs: Math.max(...scripts.map((entry) => entry.responseEnd)),
      };
    });
  } finally {
    await context.close();
  }
}

/** `ref`'s tree in a scratch folder with its kiosk built, sharing this checkout's node_modules. */
function checkoutBuilt(ref: string): string {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), `lane-kiosk-${commit.slice(0, 8)}-`));
  const archive = execFileSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync('npm', ['run', '--silent', 'build:kiosk', '--', '--logLevel', 'warn'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

export async function coldStart(against = 'main'): Promise<void> {
  console.log(`\n## Cold start to a registered tap on the plate keyboard (Chromium, CPU ${CPU_SLOWDOWN}× slower, fresh profile each, ${RUNS} runs each, alternated)`);
  buildKioskOnce();
  const baselineRoot = checkoutBuilt(against);
  const demo = JSON.parse(readFileSync(join(ROOT, 'config/demo.json'), 'utf8'));
  const configPath = join(mkdtempSync(join(tmpdir(), 'lane-kiosk-cold-')), 'config.json');
  writeFileSync(configPath, JSON.stringify(unthrottled(demo)));
  const serve = async (root: string) => spawnServer(join(root, 'src/proxy/main.ts'), ['--config', configPath], { STATE_DIR: freshStateDir(), PORT: String(await freePort()) }, { keepOutput: false });
  const servers: Record<'baseline' | 'current', ServerProcess> = { baseline: await serve(baselineRoot), current: await serve(ROOT) };
  const browser = await launchChromium();
  try {
    const urlOf = (which: keyof typeof servers) => `${servers[which].url}/?lane=exit-1&key=demo-lane-key-exit-1`;
    // One untimed start each: the proxy compresses each file on its first request.
    for (const which of ['baseline', 'current'] as const) await oneStart(browser, urlOf(which));
    const runs = { baseline: [] as Start[], current: [] as Start[] };
    // Alternated, so a busy moment of the shared machine lands on both.
    for (let i = 0; i < RUNS; i++) for (const which of ['baseline', 'current'] as const) runs[which].push(await oneStart(browser, urlOf(which)));
    const median = (starts: Start[], pick: (s: Start) => number) => quantile(starts.map(pick).sort((a, b) => a - b), 0.5);
    const row = (label: string, starts: Start[]) => {
      const taps = starts.map((s) => s.tapMs);
      console.log(
        `${label.padEnd(40)} tap p50 ${median(starts, (s) => s.tapMs).toFixed(0).padStart(5)} ms  (min ${Math.min(...taps).toFixed(0)}, max ${Math.max(...taps).toFixed(0)})  first paint p50 ${median(starts, (s) => s.firstPaintMs).toFixed(0).padStart(5)} ms  first-screen JS ${median(starts, (s) => s.firstScreenJsKb).toFixed(0)} KB on the wire, in by p50 ${median(starts, (s) => s.firstScreenJsArrivedMs).toFixed(0)} ms`,
      );
    };
    row(`baseline: ${against}`, runs.baseline);
    row('this checkout', runs.current);
  } finally {
    await browser.close();
    await Promise.all(Object.values(servers).map((server) => endProcess(server.child)));
  }
}
