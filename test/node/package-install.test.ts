/**
 * The component library as a mall developer gets it: the packed tarball installed into a scratch
 * project that depends on nothing but lit. The install is `npm ci --offline` from a lockfile made
 * of this repository's own lock entries (versions and integrity), so it reads only the local npm
 * cache and never the network. Then: no Node-only package came along; TypeScript finds the types of
 * the root entry, of an element entry and of every API name the README shows; and Chromium runs a
 * bundle that imports one element, which registers that element (and the one it renders) only.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { elementModules, readManifest } from '../../packages/elements/entries.js';
import { launchChromium } from '../helpers/browser.js';
import { ROOT } from '../helpers/proxy-process.js';

interface LockEntry {
  version?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

const run = promisify(execFile);
/** The library's build runs in the pack; the offline install takes seconds. */
const PACK_TIMEOUT_MS = 240_000;
const INSTALL_TIMEOUT_MS = 120_000;
const NODE_ONLY = ['lmdb', 'ioredis', 'undici', 'prom-client', 'ajv', 'fflate', 'pino', 'find-my-way'];

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
/** A child npm must not inherit the npm_* settings of an `npm test` that started this file. */
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));

const REGISTRY = 'https://registry.npmjs.org/';

/** Where the npm registry keeps a version's tarball: `@scope/name` → `@scope/name/-/name-1.0.0.tgz`. */
function registryTarball(name: string, version: string): string {
  return `${REGISTRY}${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/** Node's lookup: `from`'s own node_modules first, then each enclosing one, up to the project's. */
function resolveInLock(lock: Record<string, LockEntry>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock[key]) return key;
    if (!base) return null;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/**
 * The lock entries a project with `dependencies` needs, copied from the repository's lock at the
 * same places in the tree (so a nested copy such as qrcode's own pngjs stays nested).
 */
function lockClosure(lock: Record<string, LockEntry>, dependencies: Record<string, string>): Record<string, LockEntry> {
  const picked: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, optional: boolean) => {
    const key = resolveInLock(lock, from, name);
    if (!key) {
      assert.ok(optional, `${name} (needed by ${from || 'the scratch project'}) is not in package-lock.json`);
      return;
    }
    if (picked[key]) return;
    // Dev/optional/peer flags describe the repository's tree, not this one: npm derives them again.
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...entry } = lock[key]!;
    // The repository's lock leaves the registry address out; with it, npm reads the tarball from
    // its cache by that address instead of asking the registry where the version is.
    picked[key] = { resolved: registryTarball(key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length), entry.version!), ...entry };
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(key, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(key, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) visit(key, dep, entry.peerDependenciesMeta?.[dep]?.optional ?? false);
  };
  for (const name of Object.keys(dependencies)) visit('', name, false);
  return picked;
}

/** Every package name installed anywhere under `dir`/node_modules, nested copies included. */
function installedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const packages = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((name) => `${entry}/${name}`) : [entry];
      for (const name of packages) {
        names.add(name);
        walk(join(modules, name, 'node_modules'));
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return names;
}

/**
 * The library's API names the README's code shows (in code blocks, comments aside, and in inline
 * code that starts with a name): those some browser module exports, which a reader will import.
 */
function apiNamesInReadme(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/(^|\s)\/\/.*$/gm, ''));
  const candidates = new Set(blocks.flatMap((block) => block.match(/\b[A-Za-z_]\w*\b/g) ?? []));
  for (const [, span] of readme.matchAll(/`([^`\n]+)`/g)) {
    const name = /^(?:new )?([A-Za-z_]\w*)(?:\(|\.|$)/.exec(span!)?.[1];
    if (name) candidates.add(name);
  }
  const exported = new Set<string>();
  for (const layer of ['components', 'client', 'core', 'hardware', 'offline']) {
    for (const file of readdirSync(join(ROOT, 'src', layer), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(ROOT, 'src', layer, file), 'utf8');
      for (const [, name] of source.matchAll(/^export (?:declare )?(?:abstract )?(?:async )?(?:class|function|const|let|interface|type|enum) (\w+)/gm)) exported.add(name!);
    }
  }
  return [...candidates].filter((name) => exported.has(name)).sort();
}

let scratch: string;
let tarball: { filename: string; integrity: string; version: string };
let browser: Browser | undefined;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'lane-kiosk-consumer-'));
  const { stdout } = await run('npm', ['pack', '--json', '--workspace', 'lane-kiosk', '--pack-destination', scratch], {
    cwd: ROOT,
    timeout: PACK_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as Array<typeof tarball>;
  assert.ok(packed, stdout);
  tarball = packed;

  const elements = readJson<{ dependencies: Record<string, string>; peerDependencies: Record<string, string>; license: string }>(join(ROOT, 'packages/elements/package.json'));
  const repositoryLock = readJson<{ packages: Record<string, LockEntry> }>(join(ROOT, 'package-lock.json')).packages;
  const litVersion = repositoryLock['node_modules/lit']!.version!;
  const dependencies = { 'lane-kiosk': `file:${tarball.filename}`, lit: litVersion };
  const packages: Record<string, LockEntry> = {
    '': { name: 'mall-page', dependencies },
    'node_modules/lane-kiosk': {
      version: tarball.version,
      resolved: `file:${tarball.filename}`,
      integrity: tarball.integrity,
      license: elements.license,
      dependencies: elements.dependencies,
      peerDependencies: elements.peerDependencies,
    },
    ...lockClosure(repositoryLock, { ...elements.dependencies, lit: litVersion }),
  };
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'mall-page', private: true, type: 'module', dependencies }, null, 2));
  writeFileSync(join(scratch, 'package-lock.json'), JSON.stringify({ name: 'mall-page', lockfileVersion: 3, requires: true, packages }, null, 2));
  await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: scratch, env: cleanEnv(), timeout: INSTALL_TIMEOUT_MS });
});

after(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the scratch project holds lit, the library and its browser dependencies, and no Node-only package', () => {
  const installed = installedPackages(scratch);
  for (const name of ['lane-kiosk', 'lit', 'idb', 'ky', 'qrcode']) assert.ok(installed.has(name), `${name} is installed`);
  assert.deepEqual(NODE_ONLY.filter((name) => installed.has(name)), [], 'nothing of the proxy came along');
  assert.equal(readJson<{ version: string }>(join(scratch, 'node_modules/lane-kiosk/package.json')).version, tarball.version);
});

test('TypeScript resolves the types of the root entry, of an element entry, and of every API name the README shows', async () => {
  const names = apiNamesInReadme();
  assert.ok(names.includes('Outbox') && names.includes('PrinterDriver') && names.length >= 20, `sanity: the README's names are read (${names.join(', ')})`);
  writeFileSync(
    join(scratch, 'page.ts'),
    [
      `export { ${names.join(', ')} } from 'lane-kiosk';`,
      `import { Outbox } from 'lane-kiosk';`,
      `import { LaneFeeWidget } from 'lane-kiosk/lane-fee-widget';`,
      // The element's tag map entry comes with its entry's types.
      `export const widget: LaneFeeWidget | null = document.querySelector('lane-fee-widget');`,
      `export const outbox: Promise<Outbox> = Outbox.open({ send: async () => [] });`,
    ].join('\n'),
  );
  writeFileSync(
    join(scratch, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'], strict: true, noEmit: true, types: [], skipLibCheck: false },
      files: ['page.ts'],
    }),
  );
  const checked = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', scratch], { cwd: scratch, timeout: 120_000 }).then(
    () => '',
    (error: { stdout: string }) => error.stdout,
  );
  assert.equal(checked, '', 'the packed types check');
});

test('in Chromium, importing lane-kiosk/lane-fee-widget registers the widget and the QR it renders, and no other element', async () => {
  const bundled = await build({
    stdin: { contents: `import 'lane-kiosk/lane-fee-widget';`, resolveDir: scratch, loader: 'js' },
    absWorkingDir: scratch,
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.keys(bundled.metafile.inputs);
  assert.ok(inputs.some((path) => path.startsWith('node_modules/lane-kiosk/dist/lib/elements/lane-fee-widget.js')), `resolved through the package's exports: ${inputs.join(', ')}`);
  assert.ok(inputs.every((path) => path === '<stdin>' || path.startsWith('node_modules/')), `everything comes from the scratch project: ${inputs.join(', ')}`);

  const tags = [...elementModules(readManifest(join(ROOT, 'custom-elements.json'))).keys()];
  browser = await launchChromium();
  const page = await browser.newPage();
  await page.setContent('<!doctype html><lane-fee-widget proxy-url="http://127.0.0.1:9" lot="demo" partner-key="k"></lane-fee-widget>');
  await page.addScriptTag({ type: 'module', content: bundled.outputFiles[0]!.text });
  await page.waitForFunction(() => customElements.get('lane-fee-widget') !== undefined, undefined, { timeout: 10_000 });
  const defined = await page.evaluate((all) => all.filter((tag) => customElements.get(tag) !== undefined), tags);
  assert.deepEqual(defined.sort(), ['lane-fee-widget', 'lane-pay-qr']);
  const rendered = await page.evaluate(async () => {
    const widget = document.querySelector('lane-fee-widget') as HTMLElement & { updateComplete: Promise<unknown> };
    await widget.updateComplete;
    return widget.shadowRoot?.querySelector('[part~="form"]') !== null;
  });
  assert.ok(rendered, 'the widget rendered its form');
});
