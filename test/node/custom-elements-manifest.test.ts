/**
 * custom-elements.json (npm run analyze) is the elements' public API as tools and per-element entry points see
 * it: it must match the source, list no internal state as attributes, give every event its detail type and
 * document every part and CSS custom property the styles and templates use.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { after, test } from 'node:test';
import { ROOT } from '../helpers/proxy-process.js';

interface Named {
  name: string;
}
interface Member extends Named {
  kind: string;
  privacy?: string;
}
interface Declaration {
  tagName?: string;
  summary?: string;
  members?: Member[];
  attributes?: Array<Named & { fieldName?: string; inheritedFrom?: { module: string } }>;
  events?: Array<Named & { type?: { text: string } }>;
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  modules: Array<{ path: string; declarations?: Declaration[] }>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as Manifest;
const elements = manifest.modules.flatMap((module) => (module.declarations ?? []).filter((d) => d.tagName).map((element) => ({ path: module.path, element })));
const scratch = mkdtempSync(join(tmpdir(), 'cem-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('custom-elements.json is what the analyzer makes of the source today (run npm run analyze after changing an element)', () => {
  const analyzer = join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
  // The analyzer resolves --outdir against its working directory.
  execFileSync(process.execPath, [analyzer, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(ROOT, scratch)], { cwd: ROOT, stdio: 'pipe' });
  // The analyzer lists modules in the order its file search finds them, which varies between runs.
  const byPath = (m: Manifest) => ({ ...m, modules: [...m.modules].sort((a, b) => a.path.localeCompare(b.path)) });
  const fresh = JSON.parse(readFileSync(join(scratch, 'custom-elements.json'), 'utf8')) as Manifest;
  assert.deepEqual(byPath(fresh), byPath(manifest), 'custom-elements.json is stale: run npm run analyze');
});

test('every element is in its own module named after its tag, with a summary, and registers that tag', () => {
  assert.ok(elements.length >= 10, `${elements.length} elements`);
  for (const { path, element } of elements) {
    assert.equal(path, `src/components/${element.tagName}/${element.tagName}.ts`);
    assert.ok(element.summary, `${element.tagName} has a @summary`);
    assert.match(readFileSync(join(ROOT, path), 'utf8'), new RegExp(`customElements\\.define\\('${element.tagName}'`));
  }
});

test('every event an element declares in HTMLElementEventMap is documented with its detail type', () => {
  for (const { path, element } of elements) {
    const source = readFileSync(join(ROOT, path), 'utf8');
    const eventMap = /interface HTMLElementEventMap \{([^}]*)\}/.exec(source)?.[1] ?? '';
    for (const [, name, alias] of eventMap.matchAll(/'([a-z-]+)': (\w+);/g)) {
      const event = element.events?.find((e) => e.name === name);
      assert.ok(event, `${element.tagName} documents its ${name} event`);
      assert.ok(event.type?.text, `${element.tagName}'s ${name} has a type`);
      if (alias !== 'Event') assert.match(event.type.text, /^CustomEvent</, `${element.tagName}'s ${name} shows its detail (${alias})`);
    }
    for (const event of element.events ?? []) assert.ok(event.type?.text, `${element.tagName}'s ${event.name} has a type`);
  }
});

test('attributes are public properties only: internal state (@state, private fields) is never an attribute', () => {
  for (const { path, element } of elements) {
    for (const attribute of element.attributes ?? []) {
      const field = attribute.fieldName!;
      const member = element.members?.find((m) => m.name === field);
      assert.ok(member && !member.privacy, `${element.tagName} [${attribute.name}] belongs to a public field`);
      // An inherited property (locale, from LocalizedElement) is declared in its base class's module.
      const source = readFileSync(join(ROOT, attribute.inheritedFrom?.module ?? path), 'utf8');
      assert.match(source, new RegExp(`@property\\(\\{[^}]*\\}\\)\\s+(?:get )?${field}\\b`), `${element.tagName}.${field} is a @property`);
      assert.doesNotMatch(attribute.name, /[A-Z]/, `${element.tagName} [${attribute.name}] is a dashed attribute name`);
    }
  }
});

/** The element's own folder and the shared modules it imports (transitively); other elements' folders are theirs. */
function sourcesOf(path: string): string[] {
  const own = dirname(resolve(ROOT, path));
  const shared = resolve(ROOT, 'src/components/shared');
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'|import '(\.[^']+)'/g)) {
      if (!spec) continue;
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      if (dirname(target) === own || dirname(target) === shared) visit(target);
    }
  };
  visit(resolve(ROOT, path));
  return [...seen].filter((file) => !file.endsWith('-controller.ts'));
}

function partsUsed(source: string): Set<string> {
  const parts = new Set<string>();
  for (const [, names] of source.matchAll(/\bpart="([^"$]+)"/g)) for (const name of names!.split(/\s+/)) parts.add(name);
  for (const [, name] of source.matchAll(/\[part~?='([^']+)'\]/g)) parts.add(name!);
  // part=${current ? 'cell cell-current' : 'cell'}: the names in its string literals.
  for (const [, expression] of source.matchAll(/\bpart=\$\{([^}]*)\}/g)) {
    for (const [, literal] of expression!.matchAll(/['`]([a-z -]+)['`]/g)) for (const name of literal!.split(/\s+/)) if (name && !name.endsWith('-')) parts.add(name);
  }
  return parts;
}

function cssPropertiesUsed(source: string): Set<string> {
  // A property the element sets itself (`--key: …`) is its own plumbing, not a hook for the page.
  const setHere = new Set([...source.matchAll(/(--[a-z0-9-]+)\s*:/g)].map((m) => m[1]!));
  return new Set([...source.matchAll(/var\((--[a-z0-9-]+)/g)].map((m) => m[1]!).filter((name) => !setHere.has(name)));
}

test('every part and CSS custom property the styles and templates use is documented in the element’s JSDoc', () => {
  const undocumented: Record<string, string[]> = {};
  for (const { path, element } of elements) {
    const source = sourcesOf(path)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const documented = new Set([...(element.cssParts ?? []), ...(element.cssProperties ?? [])].map((d) => d.name));
    const missing = [...partsUsed(source), ...cssPropertiesUsed(source)].filter((name) => !documented.has(name));
    if (missing.length) undocumented[element.tagName!] = missing;
  }
  assert.deepEqual(undocumented, {}, `add @csspart / @cssprop lines: ${JSON.stringify(undocumented)}`);
});
