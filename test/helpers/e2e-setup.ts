/** The proxy process and Chromium that every e2e file needs, started before its tests and stopped after. */
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { startProxyProcess, type ProxyProcess } from './proxy-process.js';

export interface E2eEnvironment {
  proxy: ProxyProcess;
  browser: Browser;
}

export function useProxyAndBrowser(): E2eEnvironment {
  const env = {} as E2eEnvironment;
  before(async () => {
    env.proxy = await startProxyProcess();
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.proxy?.stop();
  });
  return env;
}

/** Types a plate on the kiosk's on-screen keyboard, key by key, and presses OK, as a driver would. */
export async function tapPlate(page: Page, plate: string): Promise<void> {
  const keyboard = page.locator('lane-plate-input');
  // A driver back from a screen finds their plate still typed: another plate starts with 清空.
  const clear = keyboard.locator('button.action', { hasText: /^(清空|Clear)$/ });
  if (await clear.isEnabled()) await clear.click();
  // Eight characters is a new-energy plate: the keyboard's mode key gives it its eighth cell.
  if ([...plate].length === 8) await keyboard.locator('button.mode').click();
  for (const char of plate.toUpperCase()) await keyboard.locator(`button[data-key="${char}"]`).click();
  await keyboard.locator('[part~="confirm"]').click();
}
