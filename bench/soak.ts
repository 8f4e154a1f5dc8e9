/**
 * Soak: exit cycles in one page of the built kiosk shell, as a lane runs for weeks without a
 * reload. Each cycle parks a car of its own in the Welink simulator, scans its plate on the virtual
 * scanner, pays the quote through the demo payment service, waits for the paid screen, the
 * printed receipt and the barrier's opening, and resets the lane. (Without waiting for the barrier,
 * cars would arrive faster than its 0.5 s pulse and the openings queued behind it would read as a leak.) Every 100 cycles: the page's heap after a full GC, its DOM
 * nodes and listeners (CDP), the outbox depth, and the proxy's resident memory (its own process).
 * Growth per 1,000 cycles is the least-squares slope over the checkpoints after the first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/browser.js';
import { endProcess, freePort, freshStateDir, ROOT, spawnServer } from '../test/helpers/proxy-process.js';
import { buildKioskOnce } from './kiosk-build.js';
import { unthrottled } from './unthrottled.js';

const CHECKPOINT_EVERY = 100;
/** One cycle is a few requests and a render; a step that takes this long is a hang, not a slow lane. */
const STEP_TIMEOUT_MS = 15_000;

interface Checkpoint {
  cycles: number;
  heapKb: number;
  nodes: number;
  listeners: number;
  outboxDepth: number;
  proxyRssKb: number;
  seconds: number;
}

/** The `--cycles N` option, rounded up to whole checkpoints; at least two checkpoints after the warm-up one. */
export function soakCycles(argv: readonly string[], fallback = 1000): number {
  const at = argv.indexOf('--cycles');
  const asked = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isFinite(asked) || asked <= 0) throw new Error(`--cycles wants a positive number, not ${argv[at + 1]}`);
  return Math.max(3, Math.ceil(asked / CHECKPOINT_EVERY)) * CHECKPOINT_EVERY;
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

export function proxyRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function measure(page: Page, cdp: CDPSession, pid: number, cycles: number, started: number): Promise<Checkpoint> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const outboxDepth = await page.evaluate(async () => {
    const kiosk = document.querySelector('lane-exit-kiosk') as unknown as { outbox: { state(): Promise<{ depth: number }> } };
    return (await kiosk.outbox.state()).depth;
  });
  return {
    cycles,
    heapKb: heap.usedSize / 1024,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    outboxDepth,
    proxyRssKb: proxyRssKb(pid),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Runs `count` exit cycles in the page; plates are numbered from `first`. */
export function runCycles(page: Page, first: number, count: number): Promise<void> {
  return page.evaluate(
    async ({ first, count, stepTimeoutMs }) => {
      type Kiosk = HTMLElement & { updateComplete: Promise<unknown>; reset(): void };
      const kiosk = document.querySelector('lane-exit-kiosk') as Kiosk;
      const panel = document.querySelector('lane-demo-devices-panel') as unknown as {
        devices: { virtualScanner: { scan(text: string): Promise<void> }; virtualPrinter: EventTarget };
      };
      const bounded = <T>(what: string, target: EventTarget, type: string): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          const timer = setTimeout(() => (target.removeEventListener(type, heard), reject(new Error(`cycle step "${what}" took over ${stepTimeoutMs} ms`))), stepTimeoutMs);
          const heard = (event: Event) => (clearTimeout(timer), resolve((event as CustomEvent<T>).detail));
          target.addEventListener(type, heard, { once: true });
        });
      for (let n = first; n < first + count; n++) {
        const plate = `沪S${String(n % 100_000).padStart(5, '0')}`;
        const parked = await fetch('/sims/welink/_admin/park', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ plate, minutesAgo: 95 }) });
        if (!parked.ok) throw new Error(`parking ${plate} answered ${parked.status}`);
        const quoted = bounded<{ quote: { quoteId: string } }>('fee on screen', kiosk, 'lane-quote');
        await panel.devices.virtualScanner.scan(plate);
        const { quote } = await quoted;
        const paid = bounded('paid screen', kiosk, 'lane-paid');
        const printed = bounded('receipt printed', panel.devices.virtualPrinter, 'printed');
        // The car drives off once the barrier has opened; the next one cannot come sooner (a pulse is 0.5 s).
        const opened = bounded('barrier opened', kiosk, 'lane-gate-open');
        const confirmed = await fetch('/sims/pay/confirm', { method: 'POST', body: new URLSearchParams({ quote: quote.quoteId }) });
        if (!confirmed.ok) throw new Error(`paying ${plate} answered ${confirmed.status}`);
        await Promise.all([paid, printed, opened]);
        kiosk.reset();
        await kiosk.updateComplete;
      }
    },
    { first, count, stepTimeoutMs: STEP_TIMEOUT_MS },
  );
}

export async function soak(cycles = soakCycles(process.argv)): Promise<void> {
  console.log(`\n## Soak: ${cycles} exit cycles in one page (Chromium, built kiosk shell, proxy in its own process)`);
  buildKioskOnce();
  const demo = JSON.parse(readFileSync(join(ROOT, 'config/demo.json'), 'utf8'));
  const configPath = join(mkdtempSync(join(tmpdir(), 'lane-kiosk-soak-')), 'config.json');
  writeFileSync(configPath, JSON.stringify(unthrottled(demo)));
  const server = await spawnServer('src/proxy/demo.ts', ['--config', configPath], { STATE_DIR: freshStateDir(), PORT: String(await freePort()) }, { keepOutput: false });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const cdp = await page.context().newCDPSession(page);
    // tsx compiles with keepNames: functions named inside page.evaluate call esbuild's __name helper.
    await page.addInitScript('globalThis.__name = (fn) => fn');
    await page.goto(`${server.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
    await page.waitForFunction(() => Boolean((document.querySelector('lane-demo-devices-panel') as unknown as { devices?: unknown })?.devices), undefined, { timeout: 30_000 });
    const started = performance.now();
    const first = Math.floor(Math.random() * 50_000);
    const checkpoints = [await measure(page, cdp, server.child.pid!, 0, started)];
    console.log('cycles  heap after GC (KB)  DOM nodes  JS listeners  outbox depth  proxy RSS (KB)  elapsed (s)');
    const row = (c: Checkpoint) =>
      console.log(
        `${String(c.cycles).padStart(6)}  ${c.heapKb.toFixed(0).padStart(18)}  ${String(c.nodes).padStart(9)}  ${String(c.listeners).padStart(12)}  ${String(c.outboxDepth).padStart(12)}  ${String(c.proxyRssKb).padStart(14)}  ${c.seconds.toFixed(0).padStart(11)}`,
      );
    row(checkpoints[0]!);
    for (let done = 0; done < cycles; done += CHECKPOINT_EVERY) {
      await runCycles(page, first + done, CHECKPOINT_EVERY);
      const checkpoint = await measure(page, cdp, server.child.pid!, done + CHECKPOINT_EVERY, started);
      checkpoints.push(checkpoint);
      row(checkpoint);
    }
    // The first hundred cycles warm caches (compiled code, lit templates, the first quote's paths);
    // growth is what keeps coming after.
    const steady = checkpoints.slice(1);
    const per1000 = (pick: (c: Checkpoint) => number) => slope(steady.map((c) => [c.cycles, pick(c)])) * 1000;
    const heapSpread = Math.max(...steady.map((c) => c.heapKb)) - Math.min(...steady.map((c) => c.heapKb));
    console.log(`growth per 1,000 cycles (slope after the first checkpoint):`);
    console.log(`  page heap      ${per1000((c) => c.heapKb).toFixed(0)} KB  (checkpoints span ${heapSpread.toFixed(0)} KB)`);
    console.log(`  DOM nodes      ${per1000((c) => c.nodes).toFixed(1)}`);
    console.log(`  JS listeners   ${per1000((c) => c.listeners).toFixed(1)}`);
    console.log(`  outbox depth   ${per1000((c) => c.outboxDepth).toFixed(1)}`);
    console.log(`  proxy RSS      ${per1000((c) => c.proxyRssKb).toFixed(0)} KB`);
    const last = checkpoints.at(-1)!;
    console.log(`${cycles} cycles in ${last.seconds.toFixed(0)} s (${((last.seconds / cycles) * 1000).toFixed(0)} ms a cycle)`);
  } finally {
    await browser.close();
    await endProcess(server.child);
  }
}
