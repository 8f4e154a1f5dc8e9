/** Browser tests in Debian's Chromium (no downloaded browsers), TypeScript through esbuild. */
import rollupCommonjs from '@rollup/plugin-commonjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/helpers/browser.ts';
import { countReporter } from './test/support/count-reporter.mjs';
import { proxyPlugin } from './test/support/wtr-proxy-plugin.ts';

const commonjs = fromRollup(rollupCommonjs);
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
    commonjs({ include: ['**/node_modules/qrcode/**', '**/node_modules/dijkstrajs/**', '**/node_modules/jsqr/**'] }),
    proxy.plugin,
  ],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS } })],
  reporters: [defaultReporter(), countReporter()],
};
