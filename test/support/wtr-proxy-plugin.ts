/**
 * A @web/test-runner plugin that runs the real proxy (demo config, embedded simulators) for the
 * browser tests, and a middleware that forwards /v1 and /sims to it, so tests call it same-origin
 * as the kiosk shell does. Two test-only routes:
 * - `/__hang/*` never answers, for client timeout tests;
 * - `/__flaky-events` sends one event then drops the stream; a reconnect gets the Last-Event-ID it sent echoed back;
 * - `/__gb18030` answers iconv-lite's GB18030 bytes (hex) for the posted text: an oracle outside the browser;
 * - `/__faults` queues answers (status, Retry-After) that the next outbox deliveries get instead of the proxy's;
 * - `/__offline-bills` lists the bills the Welink simulator received through addTmpRentBill.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { Middleware, Plugin } from '@web/dev-server-core';
import { startDemoProxy, type DemoProxy } from '../../src/proxy/sims/demo-proxy.js';
import { resolveConfig } from '../../src/proxy/config.js';
import { createLogger } from '../../src/proxy/log.js';
import { freePort, ROOT, freshStateDir } from '../helpers/proxy-process.js';

const FORWARDED_HEADERS = ['authorization', 'content-type', 'last-event-id', 'accept'];
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection']);

export function proxyPlugin(): { plugin: Plugin; middleware: Middleware } {
  let proxy: DemoProxy | undefined;
  const faults: Array<{ status: number; retryAfter?: string }> = [];

  const plugin: Plugin = {
    name: 'lane-kiosk-proxy',
    async serverStart() {
      const demo = JSON.parse(readFileSync(`${ROOT}config/demo.json`, 'utf8'));
      // Short farewell and idle times keep the flow tests quick; the logic is the same.
      for (const lane of demo.lots[0].lanes) Object.assign(lane, { farewellSeconds: 1, idleTimeoutSeconds: 10 });
      // The platform's camera-wait polls (state 7) every 50 ms instead of 2 s.
      Object.assign(demo.lots[0].feeSource, { authPollMs: 50 });
      // One car per test that pays, so test files do not depend on each other's order.
      demo.simulators.welink.seedCars.push(
        { plate: '沪C55555', minutesAgo: 200 },
        { plate: '沪C66666', minutesAgo: 50 },
        { plate: '沪C77777', minutesAgo: 95 },
        { plate: '沪C88888', minutesAgo: 95 },
      );
      const config = resolveConfig(demo, { STATE_DIR: freshStateDir(), PORT: String(await freePort()) });
      proxy = await startDemoProxy(config, { logger: createLogger(config.secrets, () => {}), staticRoot: null });
    },
    async serverStop() {
      await proxy?.close();
    },
  };

  // Registered through the config's `middleware`, which runs before the static file server.
  const middleware: Middleware = async (ctx, next) => {
    if (ctx.path.startsWith('/__hang/')) {
      await new Promise<void>((resolve) => ctx.req.once('close', () => resolve()));
      ctx.respond = false;
      return;
    }
    if (ctx.path === '/__flaky-events') {
      const lastId = ctx.get('last-event-id');
      ctx.set('content-type', 'text/event-stream');
      ctx.body = lastId ? `id: ${Number(lastId) + 1}\ndata: resumed after ${lastId}\n\n` : 'retry: 50\n\nid: 1\ndata: first\n\n';
      return;
    }
    if (ctx.path === '/__gb18030' && ctx.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      const texts = JSON.parse(Buffer.concat(chunks).toString('utf8')) as string[];
      ctx.body = texts.map((text) => iconv.encode(text, 'gb18030').toString('hex'));
      return;
    }
    if (ctx.path === '/__faults' && ctx.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
      faults.push(...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof faults));
      ctx.body = { queued: faults.length };
      return;
    }
    if (ctx.path === '/__offline-bills') {
      ctx.body = proxy!.simulators!.welink!.offlineBills;
      return;
    }
    if (ctx.path.endsWith('/outbox') && faults.length > 0) {
      const fault = faults.shift()!;
      ctx.status = fault.status;
      if (fault.retryAfter) ctx.set('retry-after', fault.retryAfter);
      ctx.body = { error: { code: `injected-${fault.status}`, message: 'fault injected by the test' } };
      return;
    }
    if (!ctx.path.startsWith('/v1/') && !ctx.path.startsWith('/sims/')) return next();
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const name of FORWARDED_HEADERS) if (ctx.get(name)) headers.set(name, ctx.get(name));
    const abort = new AbortController();
    ctx.req.once('close', () => abort.abort());
    const response = await fetch(`${proxy!.url}${ctx.url}`, {
      method: ctx.method,
      headers,
      body: ctx.method === 'GET' ? undefined : Buffer.concat(chunks),
      signal: abort.signal,
    });
    ctx.status = response.status;
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) ctx.set(name, value);
    });
    ctx.body = response.body ? Readable.fromWeb(response.body as never) : '';
  };

  return { plugin, middleware };
}
