/** Starts the real proxy (or a bench process) as a child process on 127.0.0.1 and captures its logs. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An empty folder for one proxy's embedded state store, so test files never share records. */
export function freshStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'lane-kiosk-state-'));
}

/** Sends `signal` to a child process and resolves once it has exited (at once if it already has). */
export function endProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The proxy as production runs it, built by `npm run build:proxy` (relative to ROOT). */
export const PROXY_BUNDLE = 'dist/proxy/main.js';

/** Builds PROXY_BUNDLE with the project's own script; `metafile` also writes esbuild's account of its inputs and imports. */
export async function buildProxyBundle({ metafile }: { metafile?: string } = {}): Promise<void> {
  const extra = metafile ? [`--metafile=${metafile}`] : [];
  await promisify(execFile)('npm', ['run', '--silent', 'build:proxy', '--', '--log-level=warning', ...extra], { cwd: ROOT });
}

export interface ServerProcess {
  /** Where it said it listens. */
  url: string;
  child: ChildProcess;
  /** What it wrote to stdout and stderr: everything when kept, else up to the line saying where it listens. */
  output(): string;
}

/**
 * Runs `node script ...args` (through tsx when the script is TypeScript) and resolves once the
 * process prints `listening on <url>`; rejects if it exits first or stays silent for 20 s.
 *
 * `keepOutput: false` only drains the output from then on, for processes that log under load for
 * minutes: kept, the text would grow with every request and slow the process that measures.
 * `cwd` (default this checkout) runs another commit's build from its own tree.
 */
export function spawnServer(script: string, args: readonly string[], env: Record<string, string>, { keepOutput = true, cwd = ROOT } = {}): Promise<ServerProcess> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output += chunk);
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 20 s:\n${output}`)), 20_000);
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening:\n${output}`));
    };
    const check = () => {
      const url = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.off('exit', exited);
      for (const stream of [child.stdout!, child.stderr!]) {
        stream.off('data', check);
        if (!keepOutput) stream.off('data', keep).resume();
      }
      resolve({ url, child, output: () => output });
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', exited);
  });
}

export interface ProxyProcess {
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
  /** Kills the process without warning (SIGKILL), as a power cut or the OOM killer would. */
  kill(): Promise<void>;
}

/** The real proxy on a free port with a fresh state store, its output kept for assertions. */
export async function startProxyProcess(configPath = 'config/demo.json', env: Record<string, string> = {}): Promise<ProxyProcess> {
  const port = await freePort();
  const { url, child, output } = await spawnServer('src/proxy/demo.ts', ['--config', configPath], { STATE_DIR: freshStateDir(), ...env, PORT: String(port) });
  return {
    url,
    output,
    stop: () => endProcess(child, 'SIGTERM'),
    kill: () => endProcess(child, 'SIGKILL'),
  };
}

export interface FinishedProcess {
  code: number | null;
  /** stdout and stderr, interleaved as written. */
  output: string;
}

/** Runs `node script ...args` (through tsx for TypeScript) to its end; kills it and rejects if it outlives `timeoutMs`. */
export function runScript(script: string, args: readonly string[], env: Record<string, string>, timeoutMs = 30_000): Promise<FinishedProcess> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} still ran after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
