/** Browser tests in Debian's Chromium (no downloaded browsers), TypeScript through esbuild. */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/helpers/browser.ts';
import { cjsBundlePlugin } from './test/support/cjs-bundle-plugin.ts';
import { countReporter } from './scripts/wtr-count-reporter.mjs';
import { proxyPlugin } from './test/support/wtr-proxy-plugin.ts';

const proxy = proxyPlugin();

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { browser: true },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  browserStartTimeout: 60000,
  testsFinishTimeout: 180000,
  middleware: [proxy.middleware],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    cjsBundlePlugin({ 'qrcode/lib/core/qrcode.js': 'qrcode/lib/core/qrcode.js', jsqr: 'jsqr', 'axe-core': 'axe-core' }),
    proxy.plugin,
  ],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS } })],
  reporters: [defaultReporter(), countReporter()],
};
