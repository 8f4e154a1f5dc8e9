/**
 * Serves CommonJS-only packages (qrcode, jsqr) to the browser as one ESM file each, bundled by
 * esbuild on first request. Per-file CommonJS transforms break qrcode's internal requires; a bundle
 * is what Vite ships in the real build anyway.
 */
import { build } from 'esbuild';
import type { Plugin } from '@web/dev-server-core';
import { ROOT } from '../helpers/proxy-process.js';

export function cjsBundlePlugin(entries: Record<string, string>): Plugin {
  const cache = new Map<string, Promise<string>>();
  const bundle = (specifier: string) =>
    build({ entryPoints: [specifier], bundle: true, format: 'esm', platform: 'browser', write: false, absWorkingDir: ROOT, logLevel: 'silent' }).then(
      (result) => result.outputFiles[0]!.text,
    );
  return {
    name: 'cjs-bundle',
    resolveImport({ source }) {
      return source in entries ? `/__cjs/${source}.js` : undefined;
    },
    async serve(context) {
      const match = /^\/__cjs\/(.+)\.js$/.exec(context.path);
      if (!match || !(match[1]! in entries)) return undefined;
      const name = match[1]!;
      if (!cache.has(name)) cache.set(name, bundle(entries[name]!));
      return { body: await cache.get(name)!, type: 'js' };
    },
  };
}
