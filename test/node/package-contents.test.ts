/**
 * What each package of this repository ships, as `npm pack --dry-run --json` lists it (the pack runs
 * the package's prepack build first, as publishing does): the component library (packages/elements)
 * carries browser code only, an entry with types per element, the manifest, the LICENSE and the
 * versioned CDN build of the widget; the proxy (packages/proxy) carries its two bundles, the schema
 * they read and its bin, and no browser code. The source maps name every source file a bundle was
 * built from, which makes them the oracle for "no proxy code here, no browser code there".
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { elementModules, readManifest, type Manifest } from '../../packages/elements/entries.js';
import { freshStateDir, ROOT } from '../helpers/proxy-process.js';

interface Packed {
  name: string;
  version: string;
  files: Array<{ path: string }>;
}

interface PackageManifest {
  name: string;
  version: string;
  exports?: Record<string, string | Record<string, string>>;
  sideEffects?: string[];
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const ELEMENTS = join(ROOT, 'packages/elements');
const PROXY = join(ROOT, 'packages/proxy');
/** What only the proxy may depend on, and what only the browser may. */
const NODE_ONLY = ['ajv', 'fflate', 'find-my-way', 'ioredis', 'lmdb', 'pino', 'prom-client', 'undici'];
const BROWSER_ONLY = ['lit', 'idb', 'ky', 'qrcode', 'web-serial-polyfill', 'eventsource-parser'];
/** A pack builds first: the library's vite and tsc builds take a while on a busy machine. */
const PACK_TIMEOUT_MS = 240_000;

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

async function packDryRun(workspace: string): Promise<Set<string>> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--workspace', workspace], {
    cwd: ROOT,
    timeout: PACK_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as Packed[];
  assert.equal(packed?.name, workspace);
  return new Set(packed.files.map((file) => file.path));
}

/** Every source file the bundles of `dir` were built from, relative to the repository root. */
function bundledSources(dir: string, maps: string[]): string[] {
  return maps.flatMap((map) => {
    const { sources } = readJson<{ sources: string[] }>(join(dir, map));
    return sources.map((source) => join(dir, map, '..', source).slice(ROOT.length));
  });
}

/** The bare module specifiers a built ES module imports (`import … from "x"`, `import "x"`, `import("x")`). */
function bareImports(code: string): string[] {
  const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

/** `ajv/dist/2020.js` → `ajv`, `@scope/pkg/x` → `@scope/pkg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** `./dist/lib/elements/*.js` as a test of package-relative paths, the way bundlers read sideEffects. */
function globMatcher(glob: string): (path: string) => boolean {
  const pattern = glob.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return (path) => new RegExp(`^${pattern}$`).test(path);
}

let elementsFiles: Set<string>;
let proxyFiles: Set<string>;
let elements: PackageManifest;
let proxy: PackageManifest;
let sourceManifest: Manifest;

before(async () => {
  // One after the other: both builds share the repository's dist folder and the machine.
  elementsFiles = await packDryRun('lane-kiosk');
  proxyFiles = await packDryRun('lane-kiosk-proxy');
  elements = readJson<PackageManifest>(join(ELEMENTS, 'package.json'));
  proxy = readJson<PackageManifest>(join(PROXY, 'package.json'));
  sourceManifest = readManifest(join(ROOT, 'custom-elements.json'));
});

test('the component library ships the root entry, an entry with types for every element in custom-elements.json, the manifest, the LICENSE and the versioned widget', () => {
  const tags = [...elementModules(sourceManifest).keys()];
  assert.ok(tags.includes('lane-fee-widget') && tags.length >= 10, `the manifest's elements: ${tags.join(', ')}`);
  for (const path of ['package.json', 'README.md', 'LICENSE', 'custom-elements.json', 'dist/lib/index.js', 'dist/lib/types/index.d.ts', `dist/cdn/lane-fee-widget-${elements.version}.js`]) {
    assert.ok(elementsFiles.has(path), `${path} is in the tarball`);
  }
  for (const tag of tags) {
    assert.ok(elementsFiles.has(`dist/lib/elements/${tag}.js`), `<${tag}> has its entry`);
    assert.ok(elementsFiles.has(`dist/lib/elements/${tag}.d.ts`), `<${tag}> has its entry's types`);
    // The entry's types re-export what tsc emitted for the element's source module: that file ships too.
    const stub = readFileSync(join(ELEMENTS, `dist/lib/elements/${tag}.d.ts`), 'utf8');
    const target = /from '(\.\.\/types\/[^']+)\.js'/.exec(stub)?.[1];
    assert.ok(target && elementsFiles.has(join('dist/lib/elements', `${target}.d.ts`)), `<${tag}>'s types point at shipped declarations (${stub.trim()})`);
  }
  // The very file the proxy serves partner pages at /widget/lane-fee-widget.js, lit and qrcode inside.
  assert.ok(
    readFileSync(join(ELEMENTS, `dist/cdn/lane-fee-widget-${elements.version}.js`)).equals(readFileSync(join(ROOT, 'dist/widget/lane-fee-widget.js'))),
    'the CDN build is the standalone widget',
  );
  const topLevel = ['package.json', 'README.md', 'LICENSE', 'custom-elements.json'];
  assert.deepEqual([...elementsFiles].filter((path) => !path.startsWith('dist/') && !topLevel.includes(path)), [], 'nothing but the build and the package files');
  assert.deepEqual(
    [...elementsFiles].filter((path) => path.startsWith('dist/cdn/')),
    [`dist/cdn/lane-fee-widget-${elements.version}.js`],
    'the CDN folder holds this version of the widget and nothing else',
  );
});

test('the library’s exports resolve to shipped files, with types first, and its manifest points at the element entries', () => {
  for (const [subpath, target] of Object.entries(elements.exports ?? {})) {
    const conditions = typeof target === 'string' ? { default: target } : target;
    if (typeof target !== 'string') assert.equal(Object.keys(target)[0], 'types', `${subpath}: "types" comes first, as TypeScript requires`);
    for (const file of Object.values(conditions)) {
      if (!file.includes('*')) {
        assert.ok(elementsFiles.has(file.replace(/^\.\//, '')), `${subpath} → ${file} is in the tarball`);
        continue;
      }
      for (const tag of elementModules(sourceManifest).keys()) assert.ok(elementsFiles.has(file.replace(/^\.\//, '').replace('*', tag)), `${subpath} → ${file} for ${tag}`);
    }
  }
  const shipped = readManifest(join(ELEMENTS, 'custom-elements.json'));
  const modules = elementModules(shipped);
  assert.deepEqual([...modules.keys()].sort(), [...elementModules(sourceManifest).keys()].sort(), 'the shipped manifest has every element');
  for (const [tag, path] of modules) assert.equal(path, `dist/lib/elements/${tag}.js`, `the manifest sends tools to <${tag}>'s entry`);
});

test('only the element entries (and the root entry that imports them all) define custom elements: the sideEffects list is exact', () => {
  const matchers = (elements.sideEffects ?? []).map(globMatcher);
  const sideEffectFree = (path: string) => !matchers.some((matches) => matches(path));
  const js = [...elementsFiles].filter((path) => path.endsWith('.js'));
  assert.ok(js.some((path) => path.startsWith('dist/lib/chunks/')), 'sanity: shared code sits in chunks');
  for (const path of js) {
    const defines = readFileSync(join(ELEMENTS, path), 'utf8').includes('customElements.define(');
    if (sideEffectFree(path)) assert.ok(!defines, `${path} defines an element but package.json says it has no side effects`);
  }
  for (const tag of elementModules(sourceManifest).keys()) {
    const entry = `dist/lib/elements/${tag}.js`;
    assert.ok(!sideEffectFree(entry), `${entry} is listed as having side effects`);
    assert.ok(readFileSync(join(ELEMENTS, entry), 'utf8').includes(`customElements.define("${tag}"`), `${entry} itself defines <${tag}>`);
  }
  assert.ok(!sideEffectFree('dist/lib/index.js'), '`import "lane-kiosk"` keeps registering every element under a bundler');
});

test('the component library holds no proxy code and depends on nothing Node-only; lit is a ^3 peer', () => {
  assert.deepEqual(elements.peerDependencies, { lit: '^3.3.3' });
  const declared = new Set([...Object.keys(elements.dependencies ?? {}), ...Object.keys(elements.peerDependencies ?? {})]);
  assert.deepEqual(NODE_ONLY.filter((dep) => declared.has(dep)), []);
  const paths = [...elementsFiles];
  assert.deepEqual(paths.filter((path) => /(^|\/)proxy(\/|\.)/.test(path)), [], 'no proxy module or its types');
  const sources = bundledSources(ELEMENTS, paths.filter((path) => path.endsWith('.js.map')));
  assert.ok(sources.some((source) => source.startsWith('src/components/')), `sanity: the maps are read (${sources.slice(0, 3).join(', ')})`);
  assert.deepEqual(sources.filter((source) => !/^src\/(components|client|core|hardware|offline)\//.test(source) && source !== 'src/index.ts'), []);
  for (const path of paths.filter((p) => p.startsWith('dist/lib/') && p.endsWith('.js'))) {
    for (const specifier of bareImports(readFileSync(join(ELEMENTS, path), 'utf8'))) {
      assert.ok(declared.has(packageOf(specifier)), `${path} imports ${specifier}, which package.json does not declare`);
    }
  }
});

test('the proxy ships its two bundles, the schema they read and a bin, and no browser code', () => {
  assert.deepEqual(
    [...proxyFiles].sort(),
    ['LICENSE', 'README.md', 'config/schema.json', 'dist/proxy/doctor.js', 'dist/proxy/doctor.js.map', 'dist/proxy/main.js', 'dist/proxy/main.js.map', 'package.json'],
  );
  for (const bin of Object.values(proxy.bin ?? {})) {
    assert.ok(proxyFiles.has(bin), `bin ${bin} ships`);
    assert.ok(readFileSync(join(PROXY, bin), 'utf8').startsWith('#!/usr/bin/env node\n'), `${bin} runs as a command`);
  }
  assert.deepEqual(Object.keys(proxy.bin ?? {}).sort(), ['lane-kiosk-doctor', 'lane-kiosk-proxy']);
  assert.deepEqual(BROWSER_ONLY.filter((dep) => dep in (proxy.dependencies ?? {})), []);
  assert.equal(proxy.peerDependencies, undefined);

  const sources = bundledSources(PROXY, ['dist/proxy/main.js.map', 'dist/proxy/doctor.js.map']);
  assert.ok(sources.includes('src/proxy/main.ts'), `sanity: the maps are read (${sources.slice(0, 3).join(', ')})`);
  assert.deepEqual(sources.filter((source) => !/^src\/(proxy|core)\//.test(source) && !source.startsWith('config/')), [], 'only proxy and pure core code');
  // What the bundles import is proxy-build.test.ts's to check (the same build, against this package's dependencies).
  for (const bundle of ['dist/proxy/main.js', 'dist/proxy/doctor.js']) {
    assert.ok(!readFileSync(join(PROXY, bundle), 'utf8').includes('customElements.define('), `${bundle} defines no element`);
  }
});

test('each runtime dependency of the repository belongs to exactly one package, and the root declares none of its own', () => {
  const root = readJson<PackageManifest & { devDependencies: Record<string, string> }>(join(ROOT, 'package.json'));
  assert.equal(root.dependencies, undefined, 'runtime dependencies are declared by the package that needs them');
  const elementDeps = Object.keys({ ...elements.dependencies, ...elements.peerDependencies });
  const proxyDeps = Object.keys(proxy.dependencies ?? {});
  assert.deepEqual(elementDeps.filter((dep) => proxyDeps.includes(dep)), []);
  assert.deepEqual(elementDeps.sort(), [...BROWSER_ONLY].sort());
  assert.deepEqual(proxyDeps.sort(), [...NODE_ONLY].sort());
  // The repository's lit (demo, tests) is one the peer range accepts.
  assert.match(root.devDependencies.lit!, /^3\./);
});

test('the proxy’s bin runs from the package’s layout and reads the schema shipped beside it', async () => {
  const config = join(freshStateDir(), 'bad.json');
  writeFileSync(config, JSON.stringify({ listen: { port: 'eighty' } }));
  const run = await promisify(execFile)(process.execPath, [join(PROXY, proxy.bin!['lane-kiosk-proxy']!), '--config', config], { timeout: 20_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  );
  // Exit 2 is a config the schema refused; a schema the bundle could not find would crash with ENOENT.
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /\/listen\/port: must be integer/);
});
