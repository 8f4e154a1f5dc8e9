/** custom-elements.json (npm run analyze) documents every element and every event it declares. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ROOT } from '../helpers/proxy-process.js';

interface Declaration {
  tagName?: string;
  summary?: string;
  events?: Array<{ name: string }>;
}

const manifest = JSON.parse(readFileSync(`${ROOT}custom-elements.json`, 'utf8')) as { modules: Array<{ declarations?: Declaration[] }> };
const declared = new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName!, d]));

test('every element defined in src/components is in custom-elements.json with a summary and its typed events', () => {
  const dir = `${ROOT}src/components/`;
  let checked = 0;
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(dir + file, 'utf8');
    const tag = /customElements\.define\('([a-z-]+)'/.exec(source)?.[1];
    if (!tag) continue;
    const entry = declared.get(tag);
    assert.ok(entry, `${tag} (${file}) is missing from custom-elements.json: run npm run analyze`);
    assert.ok(entry.summary, `${tag} has a @summary`);
    const eventMap = /interface HTMLElementEventMap \{([^}]*)\}/.exec(source)?.[1] ?? '';
    for (const [, name] of eventMap.matchAll(/'([a-z-]+)':/g)) {
      assert.ok(entry.events?.some((e) => e.name === name), `${tag} documents its ${name} event`);
    }
    checked++;
  }
  assert.ok(checked >= 9, `checked ${checked} elements`);
});
