/** The built browser bundles must never carry a platform or operator secret (they hold no config at all). */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/proxy-process.js';

const SECRETS = ['demo-welink-secret-9f3a2b7c4d5e6f70', 'demo-operator-key-7c1e', 'demo-shanghai-password-31', 'demo-ticket-key-5b1d8c2e9f70a4', '24682468'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('no built bundle contains a demo secret', () => {
  const files = ['dist/kiosk-shell', 'dist/widget', 'packages/elements/dist'].flatMap((dir) => filesUnder(join(ROOT, dir)));
  assert.ok(files.some((f) => f.endsWith('.js')), 'the build produced bundles to check');
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${file} contains ${secret}`);
  }
});
