/** A throwaway redis-server (Debian's package; .ci/run installs it) on a free 127.0.0.1 port. */
import { spawn } from 'node:child_process';
import { endProcess, freePort } from './proxy-process.js';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * How the server keeps what it is told. Tests keep nothing on disk; the bench also measures Redis
 * as docs/deploy.md asks it to be run: an append-only file, flushed every second or on every write.
 */
export type RedisPersistence = { appendfsync: 'none' } | { appendfsync: 'everysec' | 'always'; dir: string };

export async function startRedis(persistence: RedisPersistence = { appendfsync: 'none' }): Promise<RedisServer> {
  const port = await freePort();
  const keeping =
    persistence.appendfsync === 'none' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', persistence.appendfsync, '--dir', persistence.dir];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...keeping], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    child.once('error', (error) => (clearTimeout(timer), reject(new Error(`cannot run redis-server (apt-get install redis-server): ${error.message}`))));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => endProcess(child),
  };
}
