/** Another commit's tree beside this checkout, for benches that measure against it in the same run. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/helpers/proxy-process.js';

export interface Checkout {
  /** The scratch folder holding `ref`'s tree. */
  root: string;
  /** The commit `ref` named when it was checked out. */
  commit: string;
  remove(): void;
}

/** `ref`'s tree in a scratch folder, sharing this checkout's node_modules, with its npm `script` run (e.g. build:kiosk). */
export function checkoutBuilt(ref: string, script: string, scriptArgs: readonly string[] = []): Checkout {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const root = mkdtempSync(join(tmpdir(), `lane-kiosk-${commit.slice(0, 8)}-`));
  const archive = execFileSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const remove = () => {
    // The shared node_modules is only linked from there: unlinked first, never removed.
    unlinkSync(join(root, 'node_modules'));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    execFileSync('npm', ['run', '--silent', script, ...(scriptArgs.length ? ['--', ...scriptArgs] : [])], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    remove();
    throw error;
  }
  return { root, commit, remove };
}
