/**
 * Cold start to an interactive keyboard: a fresh browser profile (no HTTP cache, no service worker,
 * no stored settings) opens the exit lane's set-up URL with the CPU throttled 4× (CDP
 * Emulation.setCPUThrottlingRate), and taps 沪 on the plate keyboard as soon as Playwright finds it
 * visible, stable and enabled; and the same lane restarted (`/`, with the config, settings, service
 * worker and HTTP cache its first start left), as after a watchdog reload or a power cut. The
 * figure is the time from navigation start to the tap's click event
 * (its `timeStamp`), counted only once the key shows in the plate. Also reported: how long the
 * page's main thread worked until the tap (from a Chrome trace: the figure the load of a shared
 * machine barely moves) and that work by kind (script, style, layout, paint, GC, HTML, other), first contentful
 * paint, and from each build the first screen's scripts (the page's module script and what the page
 * preloads: everything the first screen waits for) and all scripts, gzip -9.
 *
 * Baseline in the same run: the kiosk as another commit builds it (`--against <ref>`, default
 * `main`), served by that commit's own proxy, the runs alternated. On a shared machine whose load
 * swings the absolute figures by a factor of two from one hour to the next, only runs interleaved
 * in one session compare.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { endProcess, freePort, freshStateDir, ROOT, spawnServer, type ServerProcess } from '../test/helpers/proxy-process.js';
import { checkoutBuilt } from './checkout.js';
import { buildKioskOnce } from './kiosk-build.js';
import { quantile } from './quantile.js';
import { unthrottled } from './unthrottled.js';

const CPU_SLOWDOWN = 4;
const KEY = '沪';

interface Start {
  tapMs: number;
  firstPaintMs: number;
  /**
   * How long the page's main thread worked (throttled) from navigation to the tap: the sum of its
   * tasks' durations. The tap waits for this work; unlike the tap's time, it barely moves with the
   * load of a shared machine.
   */
  busyMs: number;
  /** The same work by kind (self time of the trace's events, ms). */
  work: Record<WorkKind, number>;
}

/** What the main thread's work before the tap was, by the trace events that did it. */
const WORK_KINDS = {
  script: ['EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'FireIdleCallback', 'EventDispatch', 'v8.run', 'V8.Execute'],
  style: ['UpdateLayoutTree', 'ParseAuthorStyleSheet'],
  layout: ['Layout'],
  paint: ['PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'Commit'],
  gc: ['MinorGC', 'MajorGC', 'BlinkGC.AtomicPhase'],
  html: ['ParseHTML'],
} as const;
/** `other`: the tasks' own time outside those events (the browser's messages: navigation, network answers, storage). */
type WorkKind = keyof typeof WORK_KINDS | 'other';
const KIND_OF = new Map<string, WorkKind>(Object.entries(WORK_KINDS).flatMap(([kind, names]) => names.map((name) => [name, kind as WorkKind])));

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { type?: string } };
}

/**
 * The work of the thread that dispatched the tap, up to the tap: the sum of its top-level tasks'
 * durations, and that time by kind (each event's self time, its nested events' taken out, goes to
 * the kind of the innermost event that has one).
 */
function busyUntilTap(events: TraceEvent[]): { busyMs: number; work: Record<WorkKind, number> } {
  const work: Record<WorkKind, number> = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, html: 0, other: 0 };
  const tap = events.find((event) => event.name === 'EventDispatch' && event.args?.data?.type === 'click');
  if (!tap) return { busyMs: NaN, work };
  const thread = events
    .filter((event) => event.pid === tap.pid && event.tid === tap.tid && event.ph === 'X' && event.ts <= tap.ts)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = thread.filter((event) => event.name === 'ThreadControllerImpl::RunTask');
  // Walked in start order with the stack of open events: each event's time leaves its parent's self time.
  const stack: Array<{ end: number; kind: WorkKind | null; self: number }> = [];
  const close = (open: { kind: WorkKind | null; self: number }) => {
    const kind = open.kind ?? [...stack].reverse().find((outer) => outer.kind)?.kind ?? 'other';
    work[kind] += open.self / 1000;
  };
  for (const event of thread) {
    while (stack.length > 0 && stack.at(-1)!.end <= event.ts) close(stack.pop()!);
    const dur = event.dur ?? 0;
    const parent = stack.at(-1);
    if (parent) parent.self -= Math.min(dur, parent.end - event.ts);
    else if (event.name !== 'ThreadControllerImpl::RunTask') continue;
    stack.push({ end: event.ts + dur, kind: KIND_OF.get(event.name) ?? null, self: dur });
  }
  while (stack.length > 0) close(stack.pop()!);
  return { busyMs: tasks.reduce((sum, task) => sum + (task.dur ?? 0), 0) / 1000, work };
}

/** The kiosk build in `root`'s dist: gzip -9 KB of the scripts the page loads before anything runs, and of all. */
function scriptSizes(root: string): { firstScreenKb: number; files: number; allKb: number } {
  const dist = join(root, 'dist/kiosk-shell');
  const kb = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const firstScreen = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\.\/([^"]+\.js)"/g)].map((match) => match[1]!);
  const all = readdirSync(join(dist, 'assets')).filter((file) => file.endsWith('.js'));
  return { firstScreenKb: firstScreen.reduce((sum, file) => sum + kb(file), 0), files: firstScreen.length, allKb: all.reduce((sum, file) => sum + kb(`assets/${file}`), 0) };
}

/**
 * A lane's very first start: a fresh profile, nothing cached. `restart`: the same lane started again
 * (the watchdog, a power cut), with what its first start left on the device: the lane config, the
 * settings, the service worker and the HTTP cache. The driver waiting at a rebooted lane meets the
 * second; the first is the worst case.
 */
async function oneStart(browser: Browser, url: string, restart: boolean): Promise<Start> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  try {
    if (restart) {
      const first = await context.newPage();
      await first.goto(url);
      // Fully set up: the equipment started after the first screen, the service worker in control.
      await first.waitForFunction(() => document.querySelector('lane-exit-kiosk')?.outbox != null && navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      await first.close();
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const trace: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', ({ value }) => trace.push(...(value as unknown as TraceEvent[])));
    const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline'] }, transferMode: 'ReportEvents' });
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
    // A restart opens the address a set-up kiosk boots with; the lane and key were stored.
    await page.goto(restart ? new URL('/', url).href : url, { waitUntil: 'commit' });
    const keyboard = page.locator('lane-plate-input');
    await keyboard.locator(`button[data-key="${KEY}"]`).click({ timeout: 30_000 });
    await page.waitForFunction((key) => (document.querySelector('lane-exit-kiosk')?.shadowRoot?.querySelector('lane-plate-input') as unknown as { value: string } | null)?.value === key, KEY, { timeout: 10_000 });
    const timings = await page.evaluate(() => ({
      tapMs: (window as unknown as { firstKeyTap: number }).firstKeyTap,
      firstPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    }));
    await cdp.send('Tracing.end');
    await traced;
    return { ...timings, ...busyUntilTap(trace) };
  } finally {
    await context.close();
  }
}

export async function coldStart(against = 'main', runCount = 11): Promise<void> {
  console.log(`\n## Cold start to a registered tap on the plate keyboard (Chromium, CPU ${CPU_SLOWDOWN}× slower, a fresh profile or a restart of a set-up one, ${runCount} runs each, alternated)`);
  buildKioskOnce();
  const baseline = checkoutBuilt(against, 'build:kiosk', ['--logLevel', 'warn']);
  const baselineRoot = baseline.root;
  const demo = JSON.parse(readFileSync(join(ROOT, 'config/demo.json'), 'utf8'));
  const configPath = join(mkdtempSync(join(tmpdir(), 'lane-kiosk-cold-')), 'config.json');
  writeFileSync(configPath, JSON.stringify(unthrottled(demo)));
  const serve = async (root: string) => spawnServer(join(root, existsSync(join(root, 'src/proxy/demo.ts')) ? 'src/proxy/demo.ts' : 'src/proxy/main.ts'), ['--config', configPath], { STATE_DIR: freshStateDir(), PORT: String(await freePort()) }, { keepOutput: false });
  const servers: Record<'baseline' | 'current', ServerProcess> = { baseline: await serve(baselineRoot), current: await serve(ROOT) };
  const browser = await launchChromium();
  try {
    const urlOf = (which: keyof typeof servers) => `${servers[which].url}/?lane=exit-1&key=demo-lane-key-exit-1`;
    // One untimed start each: the proxy compresses each file on its first request.
    for (const which of ['baseline', 'current'] as const) await oneStart(browser, urlOf(which), false);
    const kinds = { 'first start': false, restart: true } as const;
    const runs = new Map<string, Start[]>();
    // Alternated, so a busy moment of the shared machine lands on both.
    for (let i = 0; i < runCount; i++) {
      for (const [kind, restart] of Object.entries(kinds)) {
        for (const which of ['baseline', 'current'] as const) {
          const key = `${kind}|${which}`;
          runs.set(key, [...(runs.get(key) ?? []), await oneStart(browser, urlOf(which), restart)]);
        }
      }
    }
    const median = (starts: Start[], pick: (s: Start) => number) => quantile(starts.map(pick).sort((a, b) => a - b), 0.5);
    const row = (label: string, starts: Start[], root: string) => {
      const taps = starts.map((s) => s.tapMs);
      const js = scriptSizes(root);
      console.log(
        `${label.padEnd(36)} tap p50 ${median(starts, (s) => s.tapMs).toFixed(0).padStart(5)} ms  (min ${Math.min(...taps).toFixed(0)}, max ${Math.max(...taps).toFixed(0)})  main thread busy until the tap p50 ${median(starts, (s) => s.busyMs).toFixed(0)} ms  first paint p50 ${median(starts, (s) => s.firstPaintMs).toFixed(0).padStart(5)} ms  first-screen JS ${js.firstScreenKb.toFixed(1)} KB gz in ${js.files} files, all JS ${js.allKb.toFixed(1)} KB gz`,
      );
      const kinds = Object.keys(starts[0]!.work) as WorkKind[];
      console.log(`${''.padEnd(36)} busy by kind, p50 ms: ${kinds.map((kind) => `${kind} ${median(starts, (s) => s.work[kind]).toFixed(0)}`).join(', ')}`);
    };
    for (const kind of Object.keys(kinds)) {
      row(`${kind}, baseline: ${against}`, runs.get(`${kind}|baseline`)!, baselineRoot);
      row(`${kind}, this checkout`, runs.get(`${kind}|current`)!, ROOT);
    }
  } finally {
    await browser.close();
    await Promise.all(Object.values(servers).map((server) => endProcess(server.child)));
    baseline.remove();
  }
}
