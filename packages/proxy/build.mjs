/**
 * The proxy package's build (`npm pack` runs it): the repository's proxy bundles (`npm run
 * build:proxy`, from src/proxy) written into dist/proxy here, as an executable for `bin`, and
 * config/schema.json, which the bundle reads at run time from ../../config beside it, as it does in
 * the repository; and the LICENSE.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const inPackage = (path) => fileURLToPath(new URL(path, import.meta.url));
const inRepository = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

rmSync(inPackage('dist'), { recursive: true, force: true });
execFileSync('npm', ['run', '--silent', 'build:proxy', '--', `--outdir=${inPackage('dist/proxy')}`, '--banner:js=#!/usr/bin/env node', '--log-level=warning'], {
  cwd: inRepository(''),
  stdio: 'inherit',
});
mkdirSync(inPackage('config'), { recursive: true });
copyFileSync(inRepository('config/schema.json'), inPackage('config/schema.json'));
copyFileSync(inRepository('LICENSE'), inPackage('LICENSE'));
