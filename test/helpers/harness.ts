/** Serves the outbox harness on the proxy's own origin through Playwright routing, bundled by esbuild. */
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { ROOT } from './proxy-process.js';

let bundle: Promise<string> | null = null;

export function harnessScript(): Promise<string> {
  bundle ??= build({ entryPoints: [`${ROOT}test/harness/outbox-harness.ts`], bundle: true, format: 'esm', write: false, logLevel: 'silent' }).then(
    (result) => result.outputFiles[0]!.text,
  );
  return bundle;
}

/** Makes `${proxyUrl}/harness/outbox.html?…` load the harness, same-origin with the proxy API. */
export async function routeHarness(page: Page, proxyUrl: string): Promise<void> {
  const script = await harnessScript();
  await page.route(`${proxyUrl}/harness/outbox.html*`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><script type="module" src="/harness/outbox.js"></script>' }),
  );
  await page.route(`${proxyUrl}/harness/outbox.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
}
