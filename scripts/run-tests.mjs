#!/usr/bin/env node
/**
 * Runs every test suite — node (proxy and core), browser (@web/test-runner in Chromium) and e2e
 * (Playwright against the running proxy) — and prints one closing line:
 *   tests: N passed, N failed
 * `node scripts/run-tests.mjs [lint|node|browser|e2e]...` runs only the named phases. Lint counts
 * as one test: clean passes, any finding fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const RESULTS = '.test-results';
const phases = process.argv.slice(2);
const wanted = (name) => phases.length === 0 || phases.includes(name);

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const totals = { passed: 0, failed: 0 };
let broken = false;

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stdout.write(`--- ${label} exited with ${result.status ?? result.signal}\n`);
    broken = true;
  }
}

function collect(file) {
  if (!existsSync(file)) {
    // A runner that died before reporting counts as one failure, never as silence.
    totals.failed += 1;
    return;
  }
  const counts = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop());
  totals.passed += counts.passed;
  totals.failed += counts.failed;
}

const testFiles = (dir, suffix) =>
  readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));

function nodeTests(label, files, resultName, env) {
  const result = join(RESULTS, `${resultName}.json`);
  run(
    label,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/node-count-reporter.mjs',
      `--test-reporter-destination=${result}`,
      ...files,
    ],
    env,
  );
  collect(result);
}

if (wanted('lint')) {
  process.stdout.write('\n=== lint (ESLint) ===\n');
  const lint = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '--max-warnings=0', '.'], { stdio: 'inherit' });
  if (lint.status === 0) totals.passed += 1;
  else totals.failed += 1;
}

if (wanted('node')) {
  const files = testFiles('test/node', '.test.ts');
  const timeFile = 'test/node/time.test.ts';
  nodeTests('node tests', files.filter((f) => f !== timeFile), 'node');
  // Beijing time must not depend on the host's zone: run those tests under two very different ones.
  for (const tz of ['UTC', 'America/New_York']) nodeTests(`time tests (TZ=${tz})`, [timeFile], `node-time-${tz.replace('/', '-')}`, { TZ: tz });
}

if (wanted('browser')) {
  run('browser tests (Chromium)', process.execPath, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js']);
  collect(join(RESULTS, 'browser.json'));
}

if (wanted('e2e')) {
  run('build', 'npm', ['run', '--silent', 'build']);
  nodeTests('e2e tests (Playwright)', testFiles('test/e2e', '.e2e.ts'), 'e2e');
}

process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(broken || totals.failed > 0 ? 1 : 0);
