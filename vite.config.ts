import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const dependencies = Object.keys(JSON.parse(readFileSync(here('package.json'), 'utf8')).dependencies as Record<string, string>);
/** The library leaves every runtime dependency to the consumer's bundler, so lit is loaded once. */
const isDependency = (id: string) => dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

/**
 * `vite build --mode kiosk`: the kiosk shell app into dist/kiosk-shell (served by the proxy).
 * `vite build --mode lib`: the ESM library into dist/lib with lit and the other dependencies external.
 * `vite build --mode widget`: the partner widget as one self-contained file, dist/widget/lane-fee-widget.js.
 */
export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    return {
      build: {
        outDir: here('dist/lib'),
        emptyOutDir: true,
        sourcemap: true,
        lib: { entry: here('src/index.ts'), formats: ['es'], fileName: 'index' },
        rollupOptions: { external: isDependency },
      },
    };
  }
  if (mode === 'widget') {
    // An app build of one entry rather than lib mode: lib mode leaves the whitespace of ES output unminified.
    return {
      build: {
        outDir: here('dist/widget'),
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: {
          input: here('src/components/lane-fee-widget.ts'),
          preserveEntrySignatures: 'exports-only',
          output: { format: 'es', entryFileNames: 'lane-fee-widget.js' },
        },
      },
    };
  }
  return {
    root: here('kiosk-shell'),
    base: './',
    build: {
      outDir: here('dist/kiosk-shell'),
      emptyOutDir: true,
      sourcemap: true,
      target: 'es2022',
      rollupOptions: {
        // The service worker keeps a fixed name at the app's root, so its scope covers the app.
        input: { index: here('kiosk-shell/index.html'), sw: here('kiosk-shell/sw.ts') },
        output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
      },
    },
  };
});
