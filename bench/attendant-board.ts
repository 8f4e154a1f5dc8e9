/**
 * The attendant board at scale: 1,000 lanes each reporting a changed screen every 2 s (500 reports
 * a second) to 20 consoles, through one proxy on 127.0.0.1, run as deployed (the production bundle
 * on plain Node, its own process). Timed at the consoles' SSE clients, from the lane's report (its
 * send time rides in the report) to the change on the console's stream: p50 and p99 over every
 * console's copy of every report after a warm-up, and what each took of the proxy's CPU and memory
 * per lane. The lanes run in their own process; the consoles in this one. Bounded: about 50 s,
 * including the bundle build.
 */
import { request } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../src/proxy/attendant/passwords.js';
import { buildProxyBundle, endProcess, freePort, freshStateDir, PROXY_BUNDLE, ROOT, runScript, spawnServer } from '../test/helpers/proxy-process.js';
import { cpuMs } from './capacity.js';
import { quantile } from './quantile.js';
import { proxyRssKb } from './soak.js';
import { unthrottled } from './unthrottled.js';

const LANES = 1_000;
const CONSOLES = 20;
const WARM_UP_MS = 4_000;
const MEASURED_MS = 30_000;
/** Cheaper than the deployed cost (2^15): the bench signs 20 attendants in, it does not time sign-in. */
const BENCH_HASH_COST = { log2N: 14, r: 8, p: 1 };

interface Console {
  /** Delays (ms) from a lane's report to this console, for reports sent after the warm-up. */
  delays: number[];
  close(): void;
}

/** Signs `staffId` in (from its own address, as each attendant's PC is) and opens its live stream; resolves on the snapshot. */
async function openConsole(base: string, staffId: string, address: string, epochMs: number): Promise<Console> {
  const signIn = await fetch(`${base}/console/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ staffId, password: `${staffId}-password` }) });
  if (signIn.status !== 200) throw new Error(`sign-in of ${staffId} answered ${signIn.status}: ${await signIn.text()}`);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const delays: number[] = [];
  const url = new URL('/console/api/events', base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { cookie, 'x-forwarded-for': address } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`console stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const receivedAt = (performance.timeOrigin + performance.now() - epochMs) * 10;
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: snapshot')) resolve({ delays, close: () => req.destroy() });
          else if (block.startsWith('event: lane')) {
            const sentAt = (JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { dueFen: number }).dueFen;
            if (sentAt >= WARM_UP_MS * 10) delays.push((receivedAt - sentAt) / 10);
          }
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function benchConfig(staff: Array<{ id: string; passwordHash: string }>): object {
  const { simulators: _demoOnly, ...demo } = JSON.parse(readFileSync(join(ROOT, 'config/demo.json'), 'utf8')) as { lots: Array<Record<string, unknown>>; simulators: unknown };
  const local = demo.lots.find((lot) => lot.lotId === 'local-demo')!;
  const lanes = Array.from({ length: LANES }, (_, i) => {
    const laneId = `bench-${String(i).padStart(4, '0')}`;
    return { laneId, name: laneId, direction: 'exit', key: { env: `BENCH_LANE_KEY_${i}`, default: `bench-lane-key-${laneId}` } };
  });
  return unthrottled({
    ...demo,
    // Each console's PC is its own address (X-Forwarded-For, as behind the deployment's reverse proxy).
    listen: { host: '127.0.0.1', port: 0, trustProxy: true },
    partners: [],
    lots: [{ ...local, lotId: 'bench-lot', lanes }],
    attendant: { staff: staff.map(({ id, passwordHash }, i) => ({ id, name: id, role: 'attendant', lots: ['bench-lot'], passwordHash: { env: `BENCH_ATTENDANT_HASH_${i}`, default: passwordHash } })), lots: {} },
  });
}

export async function attendantBoard(): Promise<void> {
  console.log(`\n## Attendant board: ${LANES.toLocaleString('en-US')} lanes, a change every 2 s each, to ${CONSOLES} consoles through one proxy (127.0.0.1)`);
  await buildProxyBundle();
  const staff = await Promise.all(Array.from({ length: CONSOLES }, async (_, i) => ({ id: `bench-${i + 1}`, passwordHash: await hashPassword(`bench-${i + 1}-password`, BENCH_HASH_COST) })));
  const configPath = join(freshStateDir(), 'board-bench.json');
  writeFileSync(configPath, JSON.stringify(benchConfig(staff)));
  const proxy = await spawnServer(PROXY_BUNDLE, ['--config', configPath], { PORT: String(await freePort()), STATE_DIR: freshStateDir()}, { keepOutput: false });
  const consoles: Console[] = [];
  try {
    const epochMs = Date.now();
    for (const [i, { id }] of staff.entries()) consoles.push(await openConsole(proxy.url, id, `10.20.0.${i + 1}`, epochMs));
    const pid = proxy.child.pid!;
    const idleRssKb = proxyRssKb(pid);
    const sinceEpoch = () => Date.now() - epochMs;
    let cpuAtWarmUp = { cpu: 0, at: 0 };
    const warmedUp = setTimeout(() => (cpuAtWarmUp = { cpu: cpuMs(pid), at: sinceEpoch() }), WARM_UP_MS - sinceEpoch());
    const lanesMs = WARM_UP_MS + MEASURED_MS - sinceEpoch();
    const lanesEnv = { PROXY_URL: proxy.url, LANES: String(LANES), DURATION_MS: String(lanesMs), EPOCH_MS: String(epochMs), WARM_UP_MS: String(WARM_UP_MS) };
    const run = runScript('bench/processes/board-lanes.ts', [], lanesEnv, 120_000);
    // CPU and memory are read when the lanes stop reporting, before their last answers are waited for.
    const stopped = new Promise<{ cpu: number; at: number; rssKb: number }>((resolve) => setTimeout(() => resolve({ cpu: cpuMs(pid), at: sinceEpoch(), rssKb: proxyRssKb(pid) }), WARM_UP_MS + MEASURED_MS - sinceEpoch()));
    const [lanes, end] = await Promise.all([run, stopped]);
    clearTimeout(warmedUp);
    const tally = JSON.parse(lanes.output.trim().split('\n').at(-1)!) as { accepted: number; acceptedAfterWarmUp: number; refused: number; failed: number; roundTripP50: number; roundTripP99: number };
    const delays = consoles.flatMap((c) => c.delays).sort((a, b) => a - b);
    const windowS = (end.at - cpuAtWarmUp.at) / 1000;
    const busyCpuMs = end.cpu - cpuAtWarmUp.cpu;
    const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    console.log(`reports accepted ${fmt(tally.accepted)} (${fmt(tally.acceptedAfterWarmUp / windowS)}/s after the ${WARM_UP_MS / 1000} s warm-up), refused ${tally.refused}, failed ${tally.failed}`);
    console.log(`report request round trip (lane side)  p50 ${fmt(tally.roundTripP50, 1)} ms   p99 ${fmt(tally.roundTripP99, 1)} ms`);
    console.log(`board changes timed at the consoles    ${fmt(delays.length)} of ${fmt(tally.acceptedAfterWarmUp * CONSOLES)} (every accepted report × ${CONSOLES} consoles)`);
    console.log(`lane report → console board            p50 ${fmt(quantile(delays, 0.5), 1)} ms   p99 ${fmt(quantile(delays, 0.99), 1)} ms   max ${fmt(delays.at(-1) ?? NaN, 1)} ms   (goal: p99 < 500 ms)`);
    console.log(`proxy CPU                              ${fmt((busyCpuMs / 1000 / windowS) * 100, 1)}% of a core: ${fmt((busyCpuMs * 1000) / windowS / LANES, 1)} µs per lane per second`);
    console.log(`proxy RSS                              ${fmt(end.rssKb / 1024, 1)} MB under load, ${fmt(idleRssKb / 1024, 1)} MB with the consoles and no lanes: ${fmt((end.rssKb - idleRssKb) / LANES, 1)} KB per lane`);
  } finally {
    for (const c of consoles) c.close();
    await endProcess(proxy.child);
  }
}
