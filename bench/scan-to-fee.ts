/**
 * Scan to fee on screen, in Chromium: the built kiosk shell served by the proxy with its Welink
 * simulator; the virtual scanner reads a plate and the clock stops when the fee is painted.
 * Baseline, measured in the same page: the bare quote request (fetch → proxy → simulator → back).
 */
import { startDemoProxy } from '../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../src/proxy/config.js';
import { createLogger } from '../src/proxy/log.js';
import { launchChromium } from '../test/helpers/browser.js';
import { freePort, freshStateDir } from '../test/helpers/proxy-process.js';
import { readFileSync } from 'node:fs';
import { quantile } from './quantile.js';
import { unthrottled } from './unthrottled.js';

const ROUNDS = 60;
const PLATES = ['沪A12345', '沪AD12345', '京N8P8F8'];

const fmt = (n: number) => n.toFixed(1);

export async function scanToFee(): Promise<void> {
  console.log(`\n## Scan to fee on screen (Chromium, virtual scanner, local Welink simulator, ${ROUNDS} scans)`);
  const demo = JSON.parse(readFileSync(new URL('../config/demo.json', import.meta.url), 'utf8'));
  const config = resolveConfig(unthrottled(demo), { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  const proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(`${proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
    await page.waitForFunction(() => Boolean((document.querySelector('lane-demo-devices-panel') as unknown as { devices?: unknown })?.devices));
    // No named functions inside: tsx's keepNames would reference a helper the page does not have.
    const { scans, requests } = await page.evaluate(
      async ({ rounds, plates }) => {
        type Kiosk = HTMLElement & { updateComplete: Promise<unknown>; reset(): void; controller: { state: { name: string } } };
        const kiosk = document.querySelector('lane-exit-kiosk') as Kiosk;
        const panel = document.querySelector('lane-demo-devices-panel') as unknown as { devices: { virtualScanner: { scan(text: string): Promise<void> } } };
        const scans: number[] = [];
        const requests: number[] = [];
        for (let i = 0; i < rounds; i++) {
          const plate = plates[i % plates.length]!;
          const shown = new Promise<void>((resolve) => kiosk.addEventListener('lane-quote', () => resolve(), { once: true }));
          const start = performance.now();
          await panel.devices.virtualScanner.scan(plate);
          await shown;
          await kiosk.updateComplete;
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
          scans.push(performance.now() - start);
          kiosk.reset();
          await kiosk.updateComplete;

          const bare = performance.now();
          const answer = await fetch('/v1/lanes/exit-1/quotes', {
            method: 'POST',
            headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' },
            body: JSON.stringify({ plate }),
          });
          await answer.json();
          requests.push(performance.now() - bare);
        }
        return { scans, requests };
      },
      { rounds: ROUNDS, plates: PLATES },
    );
    const s = [...scans].sort((a, b) => a - b);
    const r = [...requests].sort((a, b) => a - b);
    console.log(`baseline: the quote request alone (fetch → proxy → simulator)   p50 ${fmt(quantile(r, 0.5))} ms  p95 ${fmt(quantile(r, 0.95))} ms`);
    console.log(`scan → fee painted (scanner bytes, driver, quote, render)        p50 ${fmt(quantile(s, 0.5))} ms  p95 ${fmt(quantile(s, 0.95))} ms`);
    console.log(`the kiosk adds p50 ${fmt(quantile(s, 0.5) - quantile(r, 0.5))} ms over the bare request: bytes through the byte channel, the driver, the lane machine and the render`);
  } finally {
    await browser.close();
    await proxy.close();
  }
}
