import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformWithEsbuild, defineConfig, type Plugin } from 'vite';
import { elementModule, elementModules, elementTypesStub, publishedManifest, readManifest, type Manifest } from './packages/elements/entries.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const elementsPackage = JSON.parse(readFileSync(here('packages/elements/package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const external = Object.keys({ ...elementsPackage.dependencies, ...elementsPackage.peerDependencies });
/** The library leaves every runtime dependency to the consumer's bundler, so lit is loaded once. */
const isDependency = (id: string) => external.some((dep) => id === dep || id.startsWith(`${dep}/`));

/**
 * Beside the bundles, what the component library's package ships: the manifest at the entries'
 * paths, a declaration file per element entry (tsc writes the declarations themselves into
 * dist/lib/types afterwards) and the LICENSE.
 */
function elementsPackageFiles(manifest: Manifest): Plugin {
  return {
    name: 'lane-kiosk-elements-package',
    generateBundle() {
      for (const [tag, source] of elementModules(manifest)) {
        this.emitFile({ type: 'asset', fileName: `elements/${tag}.d.ts`, source: elementTypesStub(source) });
      }
    },
    writeBundle() {
      writeFileSync(here('packages/elements/custom-elements.json'), `${JSON.stringify(publishedManifest(manifest), null, 2)}\n`);
      copyFileSync(here('LICENSE'), here('packages/elements/LICENSE'));
    },
  };
}

/** Clears a folder vite does not empty itself (a second output's), so a past version's file never ships. */
function emptied(dir: string): Plugin {
  return { name: 'lane-kiosk-empty-dir', buildStart: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Minifies the CSS inside lit's css`` templates (those without interpolations) with esbuild's CSS
 * minifier: the JS minifier leaves template text as written, indentation included, and the widget
 * ships inside other people's pages, where its bytes count; the kiosk parses its first screen's
 * styles on every start.
 */
function minifiedCssTemplates(): Plugin {
  return {
    name: 'lane-kiosk-minify-css-templates',
    async transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      let minified = code;
      for (const [template, text] of code.matchAll(/\bcss`([^`$\\]*)`/g)) {
        const css = (await transformWithEsbuild(text!, 'styles.css', { loader: 'css', minify: true, charset: 'utf8' })).code.trim();
        // A backslash or backtick would mean something else inside a template literal: such CSS stays as written.
        if (!/[`\\]|\$\{/.test(css)) minified = minified.replace(template, () => `css\`${css}\``);
      }
      return { code: minified, map: null };
    },
  };
}

/**
 * `vite build --mode kiosk`: the kiosk shell app into dist/kiosk-shell (served by the proxy).
 * `vite build --mode console`: the remote attendant console into dist/console-shell (served at /console/).
 * `vite build --mode lib`: the component library's ESM into packages/elements/dist/lib: the root
 *   entry and one entry per element (from custom-elements.json), lit and the other dependencies external.
 * `vite build --mode widget`: the partner widget as one self-contained file, dist/widget/lane-fee-widget.js
 *   (served by the proxy), and the same file for CDNs, versioned, in packages/elements/dist/cdn.
 */
export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    const manifest = readManifest(here('custom-elements.json'));
    const elements = Object.fromEntries([...elementModules(manifest)].map(([tag, source]) => [`elements/${tag}`, here(source)]));
    return {
      plugins: [elementsPackageFiles(manifest)],
      build: {
        outDir: here('packages/elements/dist/lib'),
        emptyOutDir: true,
        sourcemap: true,
        lib: { entry: { index: here('src/index.ts'), ...elements }, formats: ['es'], fileName: (_format, entry) => `${entry}.js` },
        rollupOptions: {
          external: isDependency,
          // Each element's code, customElements.define included, stays in its own entry file rather
          // than a shared chunk: the files package.json's sideEffects names are the ones that have them.
          preserveEntrySignatures: 'allow-extension',
          output: { chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    };
  }
  if (mode === 'widget') {
    const cdn = here('packages/elements/dist/cdn');
    // An app build of one entry rather than lib mode: lib mode leaves the whitespace of ES output unminified.
    return {
      plugins: [emptied(cdn), minifiedCssTemplates()],
      build: {
        outDir: here('dist/widget'),
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: {
          input: here(elementModule(readManifest(here('custom-elements.json')), 'lane-fee-widget')),
          preserveEntrySignatures: 'exports-only',
          output: [
            { format: 'es', entryFileNames: 'lane-fee-widget.js' },
            { format: 'es', dir: cdn, entryFileNames: `lane-fee-widget-${elementsPackage.version}.js` },
          ],
        },
      },
    };
  }
  if (mode === 'console') {
    // The remote attendant console, served by the proxy at /console/ when the config has an attendant section.
    return {
      root: here('console-shell'),
      base: './',
      build: { outDir: here('dist/console-shell'), emptyOutDir: true, sourcemap: true, target: 'es2022' },
    };
  }
  return {
    root: here('kiosk-shell'),
    base: './',
    // The first screen's styles are parsed on every start: without comments and indentation, less to parse.
    plugins: [minifiedCssTemplates()],
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
