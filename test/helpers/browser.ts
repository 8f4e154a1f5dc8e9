/** Launches Debian's Chromium through playwright-core; nothing is downloaded. */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The attendant call's audio: Chromium's own fake microphone, granted without a prompt (which also
  // gives WebRTC real host candidates rather than mDNS names the sandbox cannot resolve).
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export function launchChromium(): Promise<Browser> {
  // In Chinese, as kiosk-shell/launch-kiosk.sh starts it (with chromium-l10n installed).
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, LANGUAGE: 'zh_CN' } });
}
