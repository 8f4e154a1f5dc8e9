/**
 * `npm run bench`: figures with a baseline measured in the same run.
 * - Welink request preparation (sign + encode) per call, per encryptCode/zipCode combination,
 *   against a bare HMAC of the same string as the baseline.
 * - Fee quote round trip through the proxy (lane → proxy → Welink simulator → proxy → lane),
 *   against calling the simulator directly with the same signed request.
 * - Signing cost per request for each platform (Welink, Shanghai, ETCP).
 * - Fee-quote throughput under concurrent load against a bare pass-through proxy and the
 *   simulator itself, and with two instances (bench/proxy-load.ts).
 * - Gzip size of each browser build (run `npm run build` first), against lit alone as the baseline.
 * - The outbox in Chromium (real IndexedDB): enqueue rate, and flushing 10,000 queued events to the
 *   proxy in batches, against the baseline of one request per event as workbox-background-sync replays.
 * - Scan to fee on screen in the built kiosk shell, p50 and p95, against the bare quote request (bench/scan-to-fee.ts).
 * - The standard exit receipt on the wire: bytes and seconds at 9600 and 115200 baud, with the QR
 *   native (GS ( k) and, as the baseline, as a raster image (GS v 0); encoder time per receipt.
 * - Per printer profile: the standard receipt and entry ticket in bytes and seconds at 9600 baud,
 *   against the raster-QR ticket main sent before the profiles (bench/printer-profiles.ts).
 * - Soak: 1,000 exit cycles (`--cycles N`) in one page: heap after GC, DOM nodes, listeners, outbox
 *   depth and proxy RSS every 100 cycles, growth per 1,000 cycles (bench/soak.ts).
 * - The attendant board: 1,000 lanes reporting a change every 2 s to 20 consoles through one proxy,
 *   p50/p99 from the lane's report to the console's board, proxy CPU and RSS per lane (bench/attendant-board.ts).
 * - Cold start to a registered tap on the plate keyboard, CPU throttled 4×, against the kiosk of
 *   another commit (`--against REF`, default main) in the same run (bench/cold-start.ts).
 * - `load-against` (only when named): the fee-quote route's capacity and CPU per request against
 *   another commit's proxy (`--against REF`) in the same run (bench/proxy-against.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { createHmac } from 'node:crypto';
import { startDemoProxy } from '../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../src/proxy/config.js';
import { createLogger } from '../src/proxy/log.js';
import { WelinkClient } from '../src/proxy/providers/welink/client.js';
import { welinkSigningString } from '../src/proxy/providers/welink/signing.js';
import { etcpSign, etcpSignment, etcpTimeStamp } from '../src/proxy/providers/etcp/signing.js';
import { shanghaiCheckSum, shanghaiSign } from '../src/proxy/providers/shanghai/signing.js';
import { proxyLoad } from './proxy-load.js';
import { proxyAgainst } from './proxy-against.js';
import { attendantBoard } from './attendant-board.js';
import { quantile } from './quantile.js';
import { printerProfiles } from './printer-profiles.js';
import { scanToFee } from './scan-to-fee.js';
import { soak } from './soak.js';
import { coldStart } from './cold-start.js';
import { buildBundlesOnce } from './kiosk-build.js';
import { unthrottled } from './unthrottled.js';
import { freePort, freshStateDir } from '../test/helpers/proxy-process.js';
import { encodeDocument } from '../src/hardware/escpos/encoder.js';
import { GENERIC_58MM, GENERIC_58MM_RASTER } from '../src/hardware/escpos/profiles.js';
import { exitReceipt } from '../src/hardware/receipts.js';
import { launchChromium } from '../test/helpers/browser.js';
import { routeHarness } from '../test/helpers/harness.js';
import { STANDARD_RECEIPT } from '../test/helpers/fixtures.js';

function timeEach(iterations: number, fn: () => void): number {
  for (let i = 0; i < Math.min(1000, iterations); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

async function latencies(count: number, fn: () => Promise<void>): Promise<{ p50: number; p99: number; perSecond: number }> {
  for (let i = 0; i < 50; i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const wall = performance.now() - start;
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), perSecond: (count / wall) * 1000 };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  console.log('# lane-kiosk bench', new Date().toISOString(), `node ${process.version}`);

  console.log('\n## Welink request preparation (µs per call)');
  const credentials = { baseUrl: 'http://127.0.0.1:1', appId: '289efb7512e54146273b982456b03f42ea93', secretKey: 'demo-welink-secret-9f3a2b7c4d5e6f70', parkId: '10001088', timestampUnit: 's' as const, timeoutMs: 1000 };
  const payload = { plateNumber: '沪A12345', userId: 'lane-exit-1' };
  const sample = new WelinkClient({ ...credentials, encrypt: false, gzip: false }).signedParams(payload);
  const baseline = timeEach(20_000, () => createHmac('sha1', credentials.secretKey).update(welinkSigningString(sample)).digest('base64'));
  console.log(`baseline (HMAC-SHA1 of a prepared string)   ${fmt(baseline, 2)} µs`);
  for (const [encrypt, gzip] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const client = new WelinkClient({ ...credentials, encrypt, gzip });
    const us = timeEach(20_000, () => client.signedParams(payload));
    console.log(`encryptCode=${Number(encrypt)} zipCode=${Number(gzip)}  ${fmt(us, 2).padStart(8)} µs  (${fmt(us / baseline)}× baseline)`);
  }

  console.log('\n## Signing cost per request, each platform (µs)');
  const body = JSON.stringify({ parkingId: 'qp31022900183', plateId: '沪A12345', arrivedTime: Date.now(), dateTime: Date.now() });
  const welinkUs = timeEach(20_000, () => new WelinkClient({ ...credentials, encrypt: false, gzip: false }).signedParams(payload));
  const shanghaiUs = timeEach(20_000, () => (shanghaiSign('demo-shanghai-password-31', body), shanghaiCheckSum('demo-shanghai-password-31', 'n0nce', String(Math.floor(Date.now() / 1000)))));
  const etcpData = JSON.stringify({ token: 'cc9ca4ac-2fb9-435b-bfcb-a77ccc59bccb', plateNumber: '沪A12345', appId: 'app' });
  const etcpUs = timeEach(20_000, () => etcpSign(etcpData, 'demo-etcp-merchant-key', etcpTimeStamp(Date.now())));
  const etcpPushUs = timeEach(20_000, () => etcpSignment('M1', etcpData, 'demo-etcp-merchant-key'));
  console.log(`Welink  HMAC-SHA1 over sorted params (no content encoding)  ${fmt(welinkUs, 2)} µs`);
  console.log(`Shanghai sign MD5(password|body) + checkSum SHA1              ${fmt(shanghaiUs, 2)} µs`);
  console.log(`ETCP    MD5(data+key+time_stamp), Beijing time stamp         ${fmt(etcpUs, 2)} µs`);
  console.log(`ETCP    push signment MD5(merchant_no+data+key)              ${fmt(etcpPushUs, 2)} µs`);

  console.log('\n## Fee quote round trip, sequential, 127.0.0.1 (500 requests each)');
  const demo = JSON.parse(readFileSync(new URL('../config/demo.json', import.meta.url), 'utf8'));
  const config = resolveConfig(unthrottled(demo), { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  const proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  try {
    const fee = config.lots[0]!.feeSource;
    if (fee.type !== 'welink') throw new Error('the demo\'s first lot is the Welink lot');
    const direct = new WelinkClient(fee);
    const viaSim = await latencies(500, async () => {
      await direct.call('/pay/queryTmpRentBill', payload, 'GET');
    });
    const viaProxy = await latencies(500, async () => {
      const response = await fetch(`${proxy.url}/v1/lanes/exit-1/quotes`, {
        method: 'POST',
        headers: { authorization: 'Bearer demo-lane-key-exit-1', 'content-type': 'application/json' },
        body: JSON.stringify({ plate: '沪A12345' }),
      });
      await response.arrayBuffer();
    });
    console.log(`simulator direct (baseline)  p50 ${fmt(viaSim.p50, 2)} ms  p99 ${fmt(viaSim.p99, 2)} ms  ${fmt(viaSim.perSecond, 0)} req/s`);
    console.log(`through the proxy            p50 ${fmt(viaProxy.p50, 2)} ms  p99 ${fmt(viaProxy.p99, 2)} ms  ${fmt(viaProxy.perSecond, 0)} req/s`);
    console.log(`proxy adds                   p50 +${fmt(viaProxy.p50 - viaSim.p50, 2)} ms  p99 +${fmt(viaProxy.p99 - viaSim.p99, 2)} ms  throughput ratio ${fmt(viaProxy.perSecond / viaSim.perSecond, 2)}`);
  } finally {
    await proxy.close();
  }
}

function gzipKb(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length / 1024;
}

/** lit on its own, minified the same way, as the yardstick for what our code adds. */
async function litAloneKb(): Promise<number> {
  const result = await build({
    stdin: { contents: "export { LitElement, html, css } from 'lit';", resolveDir: process.cwd() },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length / 1024;
}

/** What the widget weighed before issue 28's errors; issue 29 asks for no more. */
const WIDGET_BUDGET_KB = 20.6;

async function bundleSizes(): Promise<void> {
  console.log('\n## Browser bundle sizes (gzip -9)');
  buildBundlesOnce();
  const dist = new URL('../dist/', import.meta.url).pathname;
  const kioskAssets = join(dist, 'kiosk-shell/assets');
  const kioskJs = readdirSync(kioskAssets).filter((f) => f.endsWith('.js'));
  const libraryDir = join(dist, '../packages/elements/dist/lib');
  const libraryJs = readdirSync(libraryDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  const widgetKb = gzipKb(join(dist, 'widget/lane-fee-widget.js'));
  const rows: Array<[string, number]> = [
    ['partner widget, all dependencies inside (dist/widget/lane-fee-widget.js)', widgetKb],
    ['kiosk shell (dist/kiosk-shell/assets/*.js)', kioskJs.reduce((sum, f) => sum + gzipKb(join(kioskAssets, f)), 0)],
    ['library, all entries and chunks (packages/elements/dist/lib/**/*.js)', libraryJs.reduce((sum, f) => sum + gzipKb(join(libraryDir, f)), 0)],
  ];
  const lit = await litAloneKb();
  console.log(`${'baseline: lit alone (LitElement, html, css), esbuild --minify'.padEnd(76)} ${fmt(lit)} KB`);
  for (const [label, kb] of rows) console.log(`${label.padEnd(76)} ${fmt(kb)} KB  (${fmt(kb / lit)}× lit)`);
  console.log(`partner widget within ${fmt(WIDGET_BUDGET_KB)} KB (issue 29): ${widgetKb <= WIDGET_BUDGET_KB ? 'met' : 'NOT met'}, ${fmt(widgetKb, 2)} KB`);
}

/** 8N1 framing: 10 bits on the wire per byte. */
const secondsAt = (bytes: number, baud: number) => (bytes * 10) / baud;

function receipts(): void {
  console.log('\n## Standard exit receipt (58 mm, Chinese, receipt QR)');
  const data = STANDARD_RECEIPT;
  const native = encodeDocument(exitReceipt(data, GENERIC_58MM), GENERIC_58MM).bytes.length;
  const raster = encodeDocument(exitReceipt(data, GENERIC_58MM_RASTER), GENERIC_58MM_RASTER).bytes.length;
  const row = (label: string, bytes: number) =>
    console.log(`${label.padEnd(34)} ${String(bytes).padStart(6)} bytes  ${fmt(secondsAt(bytes, 9600), 2).padStart(6)} s @9600  ${fmt(secondsAt(bytes, 115200), 3).padStart(6)} s @115200`);
  row('QR as raster GS v 0 (baseline)', raster);
  row('QR native GS ( k', native);
  console.log(`native QR receipt is ${fmt(raster / native)}× smaller than with a raster QR`);
  const us = timeEach(2000, () => encodeDocument(exitReceipt(data, GENERIC_58MM), GENERIC_58MM));
  console.log(`encoder time per receipt (template + GB18030 + ESC/POS)  ${fmt(us, 1)} µs`);
}

interface HarnessResult {
  enqueueMs: number;
  flushMs: number;
  requests: number;
}

async function outbox(): Promise<void> {
  console.log('\n## Outbox in Chromium: 10,000 queued events flushed to the proxy (127.0.0.1)');
  const demo = JSON.parse(readFileSync(new URL('../config/demo.json', import.meta.url), 'utf8'));
  const config = resolveConfig(unthrottled(demo), { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
  const proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
  const browser = await launchChromium();
  const run = async (query: string): Promise<HarnessResult> => {
    const page = await browser.newPage();
    await routeHarness(page, proxy.url);
    await page.goto(`${proxy.url}/harness/outbox.html?${query}`);
    await page.waitForFunction(() => window.harness?.done || Boolean(window.harness?.error), undefined, { timeout: 300_000 });
    const result = await page.evaluate(() => window.harness);
    await page.close();
    if (result.error) throw new Error(result.error);
    return { enqueueMs: result.enqueueMs!, flushMs: result.flushMs!, requests: result.requests };
  };
  try {
    const batched = await run('mode=bench&n=10000&batch=1000');
    const baseline = await run('mode=bench&n=10000&baseline=1');
    console.log(`enqueue 10,000 events (one IndexedDB transaction each)   ${fmt(batched.enqueueMs, 0)} ms  (${fmt((10_000 / batched.enqueueMs) * 1000, 0)} events/s)`);
    console.log(`baseline: one request per event                        ${fmt(baseline.flushMs, 0)} ms  ${baseline.requests} requests`);
    console.log(`batched outbox (1,000 per request)                     ${fmt(batched.flushMs, 0)} ms  ${batched.requests} requests`);
    console.log(`requests ${fmt(baseline.requests / batched.requests, 0)}× fewer, wall time ${fmt(baseline.flushMs / batched.flushMs, 1)}× shorter`);
  } finally {
    await browser.close();
    await proxy.close();
  }
}

// `npm run bench -- outbox load` runs only the sections named; no names runs them all.
// `--cycles N` sets the soak's length (default 1,000); `--against REF` the commit cold start compares with (default main),
// `--runs N` its starts of each (default 11). `load-against` compares the proxy with `--against REF`'s
// (default main) in `--rounds N` (default 5); it runs only when named, as `load` measures the same route.
const sections: Record<string, () => Promise<void> | void> = {
  signing: main,
  load: proxyLoad,
  'load-against': () => proxyAgainst(optionValue('--against'), optionValue('--rounds') === undefined ? undefined : Number(optionValue('--rounds'))),
  board: attendantBoard,
  bundles: bundleSizes,
  receipts,
  printers: printerProfiles,
  outbox,
  scan: scanToFee,
  soak: () => soak(),
  'cold-start': () => coldStart(optionValue('--against'), optionValue('--runs') === undefined ? undefined : Number(optionValue('--runs'))),
};
function optionValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}
const wanted = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !['--cycles', '--against', '--runs', '--rounds'].includes(all[i - 1]!));
const onlyWhenNamed = new Set(['load-against']);
for (const [name, run] of Object.entries(sections)) if (wanted.includes(name) || (wanted.length === 0 && !onlyWhenNamed.has(name))) await run();
