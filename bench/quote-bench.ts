/**
 * What the fee-quote load benches share: the proxy bundle's config and environment against one
 * Welink simulator, the lane's quote request, and the same query signed for the simulator.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { freshStateDir, PROXY_BUNDLE, spawnServer, type ServerProcess } from '../test/helpers/proxy-process.js';
import { SIM_CREDENTIALS, simWelinkClient } from '../test/helpers/welink-sim-server.js';

/** The lane's fee-quote request, as the exit kiosk sends it. */
export const QUOTE_REQUEST = {
  method: 'POST' as const,
  path: '/v1/lanes/exit-1/quotes',
  headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' },
  body: JSON.stringify({ plate: '沪A12345' }),
};

/**
 * `root`'s demo config (this checkout's or another commit's, each in its own shape) for the
 * fee-quote route alone, written to a fresh file. The production bundle carries no simulator, so
 * the simulators section goes; the Welink lot goes without its city platform, whose password-free
 * offer would add a second upstream call per quote; and load from one key and one address is the
 * point here, not something to throttle (`root`'s own bench/unthrottled.ts).
 */
export async function writeQuoteBenchConfig(root: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const { simulators: _demoOnly, ...demo } = JSON.parse(readFileSync(join(root, 'config/demo.json'), 'utf8')) as { lots: Array<Record<string, unknown>>; simulators?: unknown };
  const { unthrottled } = (await import(join(root, 'bench/unthrottled.ts'))) as { unthrottled: (config: object) => object };
  const welinkLot = { ...demo.lots[0], cityPlatform: undefined };
  const path = join(freshStateDir(), 'bench-config.json');
  writeFileSync(path, JSON.stringify({ ...unthrottled({ ...demo, lots: [welinkLot, ...demo.lots.slice(1)] }), ...overrides }));
  return path;
}

/** The proxy's environment: a fresh state folder, and the Welink lot pointed at the simulator. */
export const quoteProxyEnv = (simUrl: string, port: number, redisUrl?: string): Record<string, string> => ({
  ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  PORT: String(port),
  STATE_DIR: freshStateDir(),
  WELINK_BASE_URL: simUrl,
  WELINK_APP_ID: SIM_CREDENTIALS.appId,
  WELINK_SECRET: SIM_CREDENTIALS.secretKey,
  WELINK_PARK_ID: SIM_CREDENTIALS.parkId,
});

/**
 * The proxy as deployed: `root`'s bundle (from its `npm run build:proxy`) on plain Node, run from
 * `root`. Processes under load log for minutes: their output is drained, not kept.
 */
export const startBundledProxy = (root: string, configPath: string, env: Record<string, string>): Promise<ServerProcess> =>
  spawnServer(join(root, PROXY_BUNDLE), ['--config', configPath], env, { keepOutput: false, cwd: root });

/**
 * The same query the proxy makes, for the simulator or a pass-through in front of it: signed
 * afresh each time (the simulator refuses reused nonces) and encoded as the demo lot encodes (3DES
 * and gzip), so both sides carry the same bytes.
 */
export function signedWelinkQuery(simUrl: string): () => { method: 'GET'; path: string } {
  const client = simWelinkClient(simUrl, { encrypt: true, gzip: true, timeoutMs: 5000 });
  return () => ({ method: 'GET', path: `/api/pay/queryTmpRentBill?${new URLSearchParams(client.signedParams({ plateNumber: '沪A12345', userId: 'lane-exit-1' }))}` });
}

/**
 * Autocannon options sending `count` queries signed before the run: signed during it, the load
 * generator's 3DES, gzip and HMAC would compete with the simulator for CPU, and slow the yardstick
 * but not the proxy.
 */
export function presignedQueries(url: string, next: () => { method: 'GET'; path: string }, count: number): autocannon.Options {
  const queue = Array.from({ length: count }, next);
  return { url, requests: [{ setupRequest: (req) => ({ ...req, ...(queue.pop() ?? next()) }) }] };
}
