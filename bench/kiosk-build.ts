/** The browser benches measure the kiosk shell as built from the source in front of them. */
import { execFileSync } from 'node:child_process';
import { ROOT } from '../test/helpers/proxy-process.js';

let built = false;

/** Builds dist/kiosk-shell once per bench run (about 5 s), so a stale build is never measured. */
export function buildKioskOnce(): void {
  if (built) return;
  execFileSync('npm', ['run', '--silent', 'build:kiosk', '--', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}
