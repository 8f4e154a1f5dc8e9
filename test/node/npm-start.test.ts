/**
 * `npm start`, exactly as a new user runs it, serves the partner widget bundle (it was a 404 until
 * `npm run build`) and the example page that loads it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { freePort, freshStateDir, ROOT } from '../helpers/proxy-process.js';

test('npm start builds and serves the widget bundle and the partner example page', { timeout: 240_000 }, async () => {
  const startedMs = Date.now();
  const port = await freePort();
  // Its own process group, so stopping it stops npm, the builds and the proxy together.
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: String(port), STATE_DIR: freshStateDir() }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not listen within 200 s:\n${output}`)), 200_000);
      const read = (chunk: Buffer) => {
        output += chunk;
        const found = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
    assert.ok(statSync(`${ROOT}dist/widget/lane-fee-widget.js`).mtimeMs >= startedMs - 1000, 'npm start built the widget itself');

    const bundle = await fetch(`${url}/widget/lane-fee-widget.js`, { headers: { origin: 'http://localhost:3000' } });
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type')!, /^text\/javascript/);
    assert.equal(bundle.headers.get('access-control-allow-origin'), '*', 'other sites load it as a module script');
    assert.match(await bundle.text(), /lane-fee-widget/);

    const example = await fetch(`${url}/sims/partner-example.html`);
    assert.equal(example.status, 200);
    assert.match(await example.text(), new RegExp(`src="${url}/widget/lane-fee-widget.js"`));
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
});
