/**
 * The proxy's HTTP server: the /v1 JSON API for kiosks and payment services, the SSE streams and
 * the built kiosk shell. The demo mounts its simulators beside them (src/proxy/sims/demo-proxy.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findKey } from './auth.js';
import type { ProxyConfig } from './config.js';
import { ApiError } from './errors.js';
import { answerError } from './error-answer.js';
import { ShanghaiCallbacks } from './callbacks/shanghai.js';
import { bearerToken, clientIp, requestUrl, setBodyTimeout } from './http.js';
import { LaneStreamHub } from './lane-stream.js';
import { LaneEventProcessor } from './lane-event-processor.js';
import { createLogger, requestAnnotations, type Logger } from './log.js';
import { ShanghaiClient } from './providers/shanghai/client.js';
import { ShanghaiLedger } from './providers/shanghai/ledger.js';
import { ShanghaiReporter } from './providers/shanghai/reporter.js';
import { ShanghaiUnifiedPayment } from './providers/shanghai/unified-payment.js';
import { UnifiedPaymentService } from './unified-payment-service.js';
import { createFeeSource } from './providers/index.js';
import { EtcpPushReceiver } from './callbacks/etcp.js';
import { QuoteService } from './quotes.js';
import type { LotRuntime } from './lot-runtime.js';
import { laneRoutes } from './routes/lane-routes.js';
import type { LaneRuntime, LaneStatus, ProxyContext } from './routes/context.js';
import { Router } from './router.js';
import { serviceRoutes } from './routes/service-routes.js';
import { callbackRoutes } from './routes/callback-routes.js';
import { platformRoutes } from './routes/platform-routes.js';
import { cityRoutes } from './routes/city-routes.js';
import { plateReadRoutes } from './routes/plate-read-routes.js';
import { attendantRoutes } from './routes/attendant-routes.js';
import { startAttendant } from './attendant/attendant-runtime.js';
import { serveFromMounts, type StaticMount } from './static-files.js';
import { openState, type SharedState } from './state/open.js';
import { ProxyMetrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import { hashKey } from './auth.js';
import { configuredStaffPin } from './staff-pin.js';
import { LaneQrRegistry } from './lane-qr.js';
import { LiveFreeSpaces } from './free-spaces.js';
import { allowPartnerPageToRead, FEE_LOOKUPS, originMayUseKey } from './partners.js';
import { ConnectionGate } from './connection-limits.js';

/** Requests under `prefix` go to `handle` before any route: how the demo serves its simulators. */
export interface ProxyMount {
  prefix: string;
  /** `path` is the rest of the path after the prefix, with its leading slash. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

export interface ProxyOptions {
  logger?: Logger;
  /** Folder with the build output (kiosk-shell/, widget/); defaults to dist. Null serves no files. */
  staticRoot?: string | null;
  /** Made once the proxy's services exist; null mounts nothing. */
  mount?: (services: { quotes: QuoteService }) => ProxyMount | null;
}

export interface RunningProxy {
  server: Server;
  url: string;
  quotes: QuoteService;
  events: LaneStreamHub;
  laneEvents: LaneEventProcessor;
  lots: ReadonlyMap<string, LotRuntime>;
  state: SharedState;
  metrics: ProxyMetrics;
  /** Stops taking requests, lets in-flight ones finish (up to `graceMs`), tells SSE clients to reconnect. */
  close(graceMs?: number): Promise<void>;
}

/** Every platform base URL the config names: the upstream calls this instance's metrics count. */
function upstreamBaseUrls(config: ProxyConfig): string[] {
  return config.lots.flatMap((lot) => [
    ...(lot.feeSource.type === 'local' ? [] : [lot.feeSource.baseUrl.replace(/\/$/, '')]),
    ...(lot.cityPlatform ? [lot.cityPlatform.baseUrl.replace(/\/$/, '')] : []),
  ]);
}

export async function startProxy(config: ProxyConfig, options: ProxyOptions = {}): Promise<RunningProxy> {
  const log = options.logger ?? createLogger(config.secrets);
  const state = await openState(config.state, (error) => log.warn('state store connection trouble', { err: error }));
  const events = new LaneStreamHub(state.store, state.bus, config.limits.maxEventStreamsPerKey);
  const lots = new Map<string, LotRuntime>();
  const quotes = new QuoteService(state.store, events, (lotId) => lots.get(lotId)?.feeSource, config.publicUrl, log, { interruptedAfterMs: config.interruptedAfterMs });
  const laneEvents = new LaneEventProcessor(state.store, log, { interruptedAfterMs: config.interruptedAfterMs, ticketKey: config.ticketKey });
  const shanghai = new ShanghaiCallbacks(state.store, quotes, log);
  const etcpPushes = new EtcpPushReceiver(state.store);
  const lanes = new Map<string, LaneRuntime>();
  for (const settings of config.lots) {
    const city = settings.cityPlatform;
    const feeSource = createFeeSource(settings.feeSource, settings, state.store);
    const lot: LotRuntime = {
      settings,
      feeSource,
      city: null,
      unifiedPayment: null,
      freeSpaces: new LiveFreeSpaces(feeSource, city?.freeBerth ?? 0, log, settings.lotId),
    };
    if (city) {
      const client = new ShanghaiClient(city);
      lot.city = new ShanghaiReporter(client, new ShanghaiLedger(state.store, city.parkingId), { freeBerth: () => lot.freeSpaces.count() });
      lot.unifiedPayment = new UnifiedPaymentService(lot.city, new ShanghaiUnifiedPayment(client), settings.lotId, log);
    }
    lots.set(settings.lotId, lot);
    for (const lane of settings.lanes) lanes.set(lane.laneId, { lot, lane });
  }
  const mount = options.mount?.({ quotes }) ?? null;
  // Hashed once at startup: PBKDF2 is slow on purpose.
  const staffPins = new Map(config.lots.flatMap((lot) => lot.lanes.flatMap((lane) => (lane.staffPin ? [[lane.laneId, configuredStaffPin(lane.staffPin, lane.laneId)] as const] : []))));
  const distRoot = options.staticRoot === undefined ? fileURLToPath(new URL('../../dist', import.meta.url)) : options.staticRoot;
  // The partner widget bundle under /widget/, the kiosk shell at the root.
  const staticMounts: StaticMount[] = distRoot
    ? [
        { prefix: '/widget/', root: join(distRoot, 'widget'), crossOrigin: true },
        ...(config.attendant ? [{ prefix: '/console/', root: join(distRoot, 'console-shell') }] : []),
        { prefix: '/', root: join(distRoot, 'kiosk-shell') },
      ]
    : [];

  const laneFor = (req: IncomingMessage, laneId: string): LaneRuntime => {
    const runtime = lanes.get(laneId);
    const token = bearerToken(req);
    if (!token) throw new ApiError(401, 'missing-key', 'send the lane key as "Authorization: Bearer <key>"');
    if (!runtime || !findKey(token, [runtime.lane])) throw new ApiError(403, 'forbidden', `this key may not act for lane ${laneId}`);
    return runtime;
  };

  const operatorFor = (req: IncomingMessage, purpose: string): string => {
    const operator = findKey(bearerToken(req), config.operatorKeys);
    if (!operator) throw new ApiError(401, 'operator-key-required', `${purpose} needs an operator key`);
    return operator.id;
  };

  /** What each lane last said about its outbox: the proxy's view of backlogs it cannot see itself. */
  const laneStatus = new Map<string, LaneStatus>();

  const metrics = new ProxyMetrics(upstreamBaseUrls(config), () => events.clientCount);
  const laneQrs = new LaneQrRegistry(state.store);
  const attendant = config.attendant
    ? await startAttendant(config.attendant, {
        store: state.store,
        bus: state.bus,
        events,
        lanes: new Map([...lanes].map(([laneId, runtime]) => [laneId, { lotId: runtime.lot.settings.lotId }])),
        trustProxy: config.trustProxy,
      })
    : null;
  const ctx: ProxyContext = { config, attendant, log, metrics, stateKind: state.store.kind, quotes, events, laneEvents, shanghai, etcpPushes, lots, lanes, staffPins, laneQrs, laneStatus, laneFor, operatorFor };
  const router = new Router([
    ...(attendant ? attendantRoutes(ctx, attendant) : []),
    ...laneRoutes(ctx),
    ...platformRoutes(ctx),
    ...cityRoutes(ctx),
    ...plateReadRoutes(ctx),
    ...serviceRoutes(ctx),
    ...callbackRoutes(ctx),
    {
      method: 'GET',
      path: '/metrics',
      handler: async (req, res) => {
        operatorFor(req, 'metrics');
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(await metrics.text());
      },
    },
  ]);
  const perKeyAndAddress = new RateLimiter(config.rateLimits.perKey);
  const perKeyTotal = new RateLimiter(config.rateLimits.perKeyTotal);
  const perIp = new RateLimiter(config.rateLimits.perIp);
  /** Health, metrics and files are never limited; everything that reaches a platform or a store (the console's API too) is. */
  const limited = (path: string) => path.startsWith('/v1/') || path.startsWith('/callbacks/') || path.startsWith('/console/api/');
  const refusals = { ip: 'this address', key: 'this key from this address', 'key-total': 'this key from all addresses together' } as const;
  /**
   * A key is limited per client address first, so one address hammering with a public key (a
   * partner's sits in its web page) spends only its own bucket; the key's total bucket is touched
   * only by requests its address was allowed, and caps what many addresses together can cost.
   * A request that `chargesKey` not (a partner key sent from an origin it does not allow, refused
   * before any work) spends only its address's bucket.
   */
  const rateLimit = (req: IncomingMessage, res: ServerResponse, chargesKey: boolean): void => {
    const now = Date.now();
    const token = bearerToken(req);
    const ip = clientIp(req, config.trustProxy);
    const checks: Array<[keyof typeof refusals, RateLimiter, string]> = [['ip', perIp, ip]];
    if (token && chargesKey) {
      const key = hashKey(token);
      checks.push(['key', perKeyAndAddress, `${key} ${ip}`], ['key-total', perKeyTotal, key]);
    }
    for (const [scope, limiter, caller] of checks) {
      const decision = limiter.take(caller, now);
      if (!decision.allowed) {
        metrics.rateLimited.inc({ scope });
        res.setHeader('retry-after', String(decision.retryAfterSeconds));
        throw new ApiError(429, 'rate-limited', `too many requests for ${refusals[scope]}; retry after ${decision.retryAfterSeconds} s`);
      }
    }
  };
  const connections = new ConnectionGate({
    maxConnections: config.limits.maxConnections,
    maxConnectionsPerAddress: config.trustProxy ? null : config.limits.maxConnectionsPerAddress,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const requestLog = log.child({ requestId });
    const started = performance.now();
    res.setHeader('x-request-id', requestId);
    const url = requestUrl(req);
    let label = 'static';
    setBodyTimeout(req, config.limits.bodyTimeoutSeconds * 1000);
    try {
      const refusal = connections.refusalFor(req);
      if (refusal) {
        res.setHeader('retry-after', String(refusal.retryAfterSeconds));
        res.setHeader('connection', 'close');
        throw refusal.error;
      }
      const feeLookup = FEE_LOOKUPS.test(url.pathname);
      if (feeLookup) allowPartnerPageToRead(req, res);
      if (limited(url.pathname)) rateLimit(req, res, !feeLookup || originMayUseKey(req, config.partners));
      if (mount && url.pathname.startsWith(mount.prefix)) {
        label = mount.prefix;
        await mount.handle(req, res, url.pathname.slice(mount.prefix.length - 1));
      } else {
        const route = router.match(req.method ?? '', url.pathname);
        if (route.kind === 'found') {
          label = route.label;
          await route.handler(req, res, route.params, requestLog);
        } else if (route.kind === 'wrong-method') {
          res.setHeader('allow', route.allowed.join(', '));
          throw new ApiError(405, 'method-not-allowed', `${url.pathname} takes ${route.allowed.join(', ')}`);
        } else if (!(req.method === 'GET' && (await serveFromMounts(staticMounts, url.pathname, req, res)))) {
          throw new ApiError(404, 'not-found', `no route for ${req.method} ${url.pathname}`);
        }
      }
    } catch (error) {
      answerError(res, error, requestLog, metrics, url.pathname);
    } finally {
      metrics.requests.inc({ route: label, method: req.method ?? '', status: String(res.statusCode) });
      if (!url.pathname.startsWith('/assets/')) {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        requestLog.info('request', { method: req.method, path: url.pathname, status: res.statusCode, ms, ...requestAnnotations(res) });
      }
    }
  };

  // The city platform wants a heartbeat every five minutes; its serverTime reveals clock skew.
  const heartbeats = [...lots.values()].flatMap((lot) => {
    const reporter = lot.city;
    if (!reporter) return [];
    const beat = () =>
      reporter.heartbeat().then(
        (health) => health.skewAlarm && log.warn('clock skew against the city platform', { lotId: lot.settings.lotId, skewMs: health.skewMs }),
        (error: unknown) => log.warn('city heartbeat failed', { lotId: lot.settings.lotId, err: error }),
      );
    const timer = setInterval(beat, lot.settings.cityPlatform!.heartbeatSeconds * 1000);
    timer.unref();
    return [{ timer, beat }];
  });

  // Node checks these deadlines every connectionsCheckingInterval: at its default (30 s) a silent
  // caller was held for up to 40 s past them.
  const server = createServer({ connectionsCheckingInterval: 1000, requestTimeout: 15_000, headersTimeout: 10_000 }, (req, res) => void handle(req, res));
  connections.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // First beat once listening: the demo's city simulator answers through this very server.
  for (const { beat } of heartbeats) void beat();
  for (const lot of lots.values()) void lot.unifiedPayment?.start(`${config.publicUrl}/callbacks/shanghai/${lot.settings.lotId}`);
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  return {
    server,
    url,
    quotes,
    events,
    laneEvents,
    lots,
    state,
    metrics,
    close: async (graceMs = 10_000) => {
      for (const { timer } of heartbeats) clearInterval(timer);
      for (const lot of lots.values()) lot.unifiedPayment?.stop();
      // Calls through this instance end on both sides before the streams that would tell them close.
      await attendant?.close();
      // SSE streams end with a "reconnect" word; the kiosks reconnect to a live instance.
      events.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(grace);
      metrics.close();
      await quotes.stored();
      await state.close();
    },
  };
}
