/**
 * The proxy as it is deployed: `npm run build:proxy` bundles it into dist/proxy/main.js, which runs
 * on plain Node after `npm prune --omit=dev`, so production needs neither tsx nor any other
 * development tool (docs/deploy.md).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildProxyBundle, freePort, freshStateDir, PROXY_BUNDLE, ROOT, spawnServer } from '../helpers/proxy-process.js';

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
}

/** `ajv/dist/2020.js` → `ajv`, `@scope/pkg/x` → `@scope/pkg`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

test('the bundle imports only Node built-ins and runtime dependencies, and serves quotes on plain node', async () => {
  const metafilePath = join(freshStateDir(), 'meta.json');
  await buildProxyBundle({ metafile: metafilePath });

  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const { outputs } = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
  const external = [...new Set(outputs[PROXY_BUNDLE]!.imports.filter((i) => i.external).map((i) => i.path))];
  assert.ok(external.includes('lmdb') && external.includes('node:http'), `sanity: the bundle's imports are read (${external.join(', ')})`);
  const builtins = new Set(builtinModules);
  const missing = external.filter((path) => !(path.startsWith('node:') || builtins.has(path) || packageOf(path) in dependencies));
  assert.deepEqual(missing, [], 'every package the bundle loads is a runtime dependency');

  const server = await spawnServer(PROXY_BUNDLE, ['--config', 'config/demo.json'], { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  try {
    const answer = await fetch(`${server.url}/v1/lanes/exit-1/quotes`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' },
      body: JSON.stringify({ plate: '沪A12345' }),
    });
    assert.equal(answer.status, 200);
    const quote = (await answer.json()) as { dueFen: number; status: string };
    assert.deepEqual([quote.status, quote.dueFen], ['due', 1500]);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  } finally {
    server.child.kill('SIGTERM');
  }
  const [code] = await once(server.child, 'exit');
  assert.equal(code, 0, `a clean exit on SIGTERM:\n${server.output()}`);
});
