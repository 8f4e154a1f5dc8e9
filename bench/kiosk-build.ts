/** The benches measure the browser bundles as built from the source in front of them. */
import { execFileSync } from 'node:child_process';
import { ROOT } from '../test/helpers/proxy-process.js';

const built = new Set<string>();

/**
 * Runs an npm build script once per bench run, so a stale build is never measured. Its report of
 * files written stays out of the bench's output; warnings (stderr) show, and a failing build's output too.
 */
function buildOnce(script: string): void {
  if (built.has(script)) return;
  try {
    execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (error) {
    process.stdout.write((error as { stdout?: Buffer }).stdout ?? '');
    throw error;
  }
  built.add(script);
}

/** dist/kiosk-shell (about 5 s). */
export function buildKioskOnce(): void {
  buildOnce('build:kiosk');
}

/**
 * Every bundle the size bench reads: the partner widget (dist/widget and its CDN copy), the kiosk
 * shell and the component library (its manifest and declarations too, about 30 s in all).
 */
export function buildBundlesOnce(): void {
  buildOnce('build:widget');
  buildKioskOnce();
  buildOnce('build:lib');
}
