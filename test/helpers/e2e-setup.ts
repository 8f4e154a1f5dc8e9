/** The proxy process and Chromium that every e2e file needs, started before its tests and stopped after. */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
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
