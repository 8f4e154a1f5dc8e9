/**
 * The proxy's HTTP server: the /v1 JSON API for kiosks and payment services, the SSE streams,
 * the built kiosk shell, and (when configured) the embedded simulators under /sims.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MoneyError, assertFen } from '../core/money.js';
import { checkPlate } from '../core/plate.js';
import type { LaneConfig } from '../core/quote.js';
import { deadlineStatus } from '../core/report-deadline.js';
import { toBeijingIso } from '../core/time.js';
import { findKey } from './auth.js';
import type { LaneSettings, ProxyConfig } from './config.js';
import { ApiError, UpstreamError } from './errors.js';
import { ShanghaiCallbacks } from './callbacks/shanghai.js';
import { bearerToken, readJsonBody, readTextBody, requireObject, sendError, sendJson } from './http.js';
import { LaneEventHub } from './lane-events.js';
import { LaneEventProcessor } from './lane-event-processor.js';
import { answerPreflight, authorisePartner } from './partners.js';
import { createLogger, type Logger } from './log.js';
import { ShanghaiClient } from './providers/shanghai/client.js';
import { ShanghaiReporter } from './providers/shanghai/reporter.js';
import { WelinkClient } from './providers/welink/client.js';
import { WelinkFeeSource } from './providers/welink/fee-source.js';
import { QuoteService, type LotRuntime } from './quotes.js';
import { Simulators } from './sims/index.js';
import { serveFromMounts, type StaticMount } from './static-files.js';
import { hashStaffPin } from './staff-pin.js';
import { issueTicket, TicketError, verifyTicket } from './tickets.js';

export interface ProxyOptions {
  logger?: Logger;
  /** Folder with the build output (kiosk-shell/, widget/); defaults to dist. Null serves no files. */
  staticRoot?: string | null;
}

export interface RunningProxy {
  server: Server;
  url: string;
  simulators: Simulators | null;
  quotes: QuoteService;
  events: LaneEventHub;
  laneEvents: LaneEventProcessor;
  close(): Promise<void>;
}

interface LaneRuntime {
  lot: LotRuntime;
  lane: LaneSettings;
}

/** What upstream failures become for our callers: the platform's code kept, a status that says whose fault. */
const UPSTREAM_STATUS: Record<UpstreamError['kind'], number> = {
  'invalid-request': 502,
  auth: 502,
  'not-authorised': 502,
  'no-record': 404,
  'upstream-failure': 502,
  unreachable: 503,
  timeout: 504,
  'bad-response': 502,
};

/** A batch of queued lane events: large enough to drain a day's backlog in a few requests. */
const MAX_OUTBOX_BATCH = 1000;
const OUTBOX_BODY_LIMIT = 2 * 1024 * 1024;

export async function startProxy(config: ProxyConfig, options: ProxyOptions = {}): Promise<RunningProxy> {
  const log = options.logger ?? createLogger(config.secrets);
  const events = new LaneEventHub();
  const quotes = new QuoteService(events, config.publicUrl, log);
  const laneEvents = new LaneEventProcessor(log);
  const shanghai = new ShanghaiCallbacks(quotes, log);
  const lanes = new Map<string, LaneRuntime>();
  const lots = new Map<string, LotRuntime>();
  for (const settings of config.lots) {
    const city = settings.cityPlatform;
    const lot: LotRuntime = {
      settings,
      feeSource: new WelinkFeeSource(new WelinkClient(settings.feeSource)),
      city: city ? new ShanghaiReporter(new ShanghaiClient(city), { freeBerth: () => city.freeBerth }) : null,
    };
    lots.set(settings.lotId, lot);
    for (const lane of settings.lanes) lanes.set(lane.laneId, { lot, lane });
  }
  const simulators = Simulators.fromConfig(config, quotes);
  // Hashed once at startup: PBKDF2 is slow on purpose.
  const staffPins = new Map(config.lots.flatMap((lot) => lot.lanes.flatMap((lane) => (lane.staffPin ? [[lane.laneId, hashStaffPin(lane.staffPin, lane.laneId)] as const] : []))));
  const distRoot = options.staticRoot === undefined ? fileURLToPath(new URL('../../dist', import.meta.url)) : options.staticRoot;
  // The partner widget bundle under /widget/, the kiosk shell at the root.
  const staticMounts: StaticMount[] = distRoot
    ? [
        { prefix: '/widget/', root: join(distRoot, 'widget'), crossOrigin: true },
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

  /** What each lane last said about its outbox: the proxy's view of backlogs it cannot see itself. */
  const laneStatus = new Map<string, { depth: number; oldestCreatedAt: number | null; deadLetters: number; storageError: string | null; reportedAt: number }>();

  const readPlate = async (req: IncomingMessage): Promise<string> => {
    const body = requireObject(await readJsonBody(req));
    if (typeof body.plate !== 'string' || body.plate.length > 32) throw new ApiError(400, 'invalid-plate', 'plate must be a string of at most 32 characters');
    const check = checkPlate(body.plate);
    if (!check.ok) throw new ApiError(400, 'invalid-plate', check.message);
    return check.plate;
  };

  const routes: Array<[string, RegExp, (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray) => Promise<void> | void]> = [
    [
      'GET',
      /^\/healthz$/,
      (_req, res) => {
        const cities = [...lots.values()].filter((lot) => lot.city).map((lot) => ({ lotId: lot.settings.lotId, platform: 'shanghai', ...lot.city!.health }));
        const now = Date.now();
        const backlogs = [...laneStatus].map(([laneId, s]) => ({ laneId, ...s, reportDeadline: deadlineStatus(s.oldestCreatedAt, now) }));
        const degraded =
          cities.some((c) => c.skewAlarm) || backlogs.some((b) => b.reportDeadline !== 'ok' || b.deadLetters > 0 || b.storageError !== null);
        sendJson(res, 200, { status: degraded ? 'degraded' : 'ok', lanes: lanes.size, sseClients: events.clientCount, cityPlatforms: cities, laneBacklogs: backlogs });
      },
    ],
    [
      'GET',
      /^\/v1\/lanes\/([^/]+)\/config$/,
      (req, res, m) => {
        const { lot, lane } = laneFor(req, m[1]!);
        const body: LaneConfig = {
          laneId: lane.laneId,
          laneName: lane.name,
          direction: lane.direction,
          lot: { lotId: lot.settings.lotId, name: lot.settings.name, feeSource: lot.feeSource.platform },
          locale: lane.locale,
          farewellSeconds: lane.farewellSeconds,
          idleTimeoutSeconds: lane.idleTimeoutSeconds,
          tariff: lot.settings.tariff,
          staffPin: staffPins.get(lane.laneId) ?? null,
        };
        sendJson(res, 200, body);
      },
    ],
    [
      'POST',
      /^\/v1\/lanes\/([^/]+)\/quotes$/,
      async (req, res, m) => {
        const { lot, lane } = laneFor(req, m[1]!);
        sendJson(res, 200, await quotes.quote(lot, lane.laneId, await readPlate(req)));
      },
    ],
    [
      'POST',
      /^\/callbacks\/shanghai\/([^/]+)\/(fee-query|payment-notify)$/,
      async (req, res, m) => {
        const lot = lots.get(m[1]!);
        const city = lot?.settings.cityPlatform;
        if (!lot || !city || !lot.city) throw new ApiError(404, '2005', `lot ${m[1]} takes no Shanghai callbacks`);
        let answer;
        try {
          const body = await readTextBody(req);
          const payload = shanghai.authenticate(req, body, city.password, new URL(req.url ?? '/', 'http://proxy'));
          answer = m[2] === 'fee-query' ? await shanghai.feeQuery(lot, lot.city, city.parkingId, payload) : await shanghai.paymentNotify(city.parkingId, payload);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          // Refusals in the platform's own shape: {code, message}, with no state changed.
          log.warn('shanghai callback refused', { lotId: lot.settings.lotId, kind: m[2], code: error.code, reason: error.message });
          sendJson(res, error.status, { code: Number(error.code) || 3000, message: error.message });
          return;
        }
        sendJson(res, 200, answer);
      },
    ],
    [
      'PUT',
      /^\/v1\/lanes\/([^/]+)\/status$/,
      async (req, res, m) => {
        const { lane } = laneFor(req, m[1]!);
        const outbox = requireObject(requireObject(await readJsonBody(req)).outbox);
        const count = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : null);
        const depth = count(outbox.depth);
        const deadLetters = count(outbox.deadLetters);
        const oldest = outbox.oldestCreatedAt === null ? null : count(outbox.oldestCreatedAt);
        if (depth === null || deadLetters === null || (outbox.oldestCreatedAt !== null && oldest === null)) {
          throw new ApiError(400, 'invalid-status', 'outbox needs depth, deadLetters (counts) and oldestCreatedAt (epoch ms or null)');
        }
        const storageError = typeof outbox.storageError === 'string' ? outbox.storageError.slice(0, 200) : null;
        laneStatus.set(lane.laneId, { depth, deadLetters, oldestCreatedAt: oldest, storageError, reportedAt: Date.now() });
        res.writeHead(204).end();
      },
    ],
    [
      'POST',
      /^\/v1\/lanes\/([^/]+)\/outbox$/,
      async (req, res, m) => {
        const { lot, lane } = laneFor(req, m[1]!);
        const body = requireObject(await readJsonBody(req, OUTBOX_BODY_LIMIT));
        if (!Array.isArray(body.events) || body.events.length === 0 || body.events.length > MAX_OUTBOX_BATCH) {
          throw new ApiError(400, 'invalid-batch', `events must be an array of 1 to ${MAX_OUTBOX_BATCH} lane events`);
        }
        sendJson(res, 200, { results: await laneEvents.deliver(lot, lane.laneId, body.events) });
      },
    ],
    [
      'POST',
      /^\/v1\/lots\/([^/]+)\/fee-lookups$/,
      async (req, res, m) => {
        const partner = authorisePartner(req, res, m[1]!, config.partners);
        const lot = lots.get(m[1]!)!;
        sendJson(res, 200, await quotes.quote(lot, `partner-${partner.id}`, await readPlate(req)));
      },
    ],
    [
      'POST',
      /^\/v1\/lanes\/([^/]+)\/tickets$/,
      (req, res, m) => {
        const { lot, lane } = laneFor(req, m[1]!);
        if (lane.direction !== 'entry') throw new ApiError(403, 'not-an-entry-lane', `lane ${lane.laneId} does not issue tickets`);
        if (!config.ticketKey) throw new ApiError(503, 'tickets-not-configured', 'the proxy has no ticketKey configured');
        const { claims, payload } = issueTicket(config.ticketKey, lot.settings.lotId, lane.laneId, Date.now());
        log.info('ticket issued', { ticketNo: claims.ticketNo, laneId: lane.laneId });
        sendJson(res, 201, { ticketNo: claims.ticketNo, lotId: claims.lotId, laneId: claims.laneId, enteredAt: toBeijingIso(claims.enteredAtMs), payload });
      },
    ],
    [
      'POST',
      /^\/v1\/lanes\/([^/]+)\/tickets\/verify$/,
      async (req, res, m) => {
        const { lot } = laneFor(req, m[1]!);
        const body = requireObject(await readJsonBody(req));
        if (typeof body.payload !== 'string' || body.payload.length > 600) throw new ApiError(400, 'invalid-ticket', 'payload must be the scanned ticket text');
        if (!config.ticketKey) throw new ApiError(503, 'tickets-not-configured', 'the proxy has no ticketKey configured');
        let claims;
        try {
          claims = verifyTicket(config.ticketKey, body.payload);
        } catch (error) {
          if (error instanceof TicketError) throw new ApiError(400, 'forged-ticket', error.message);
          throw error;
        }
        if (claims.lotId !== lot.settings.lotId) throw new ApiError(403, 'wrong-lot', `ticket ${claims.ticketNo} belongs to another lot`);
        sendJson(res, 200, { ticketNo: claims.ticketNo, lotId: claims.lotId, laneId: claims.laneId, enteredAt: toBeijingIso(claims.enteredAtMs) });
      },
    ],
    [
      'GET',
      /^\/v1\/lanes\/([^/]+)\/events$/,
      (req, res, m) => {
        const { lane } = laneFor(req, m[1]!);
        events.subscribe(lane.laneId, req, res);
      },
    ],
    [
      'POST',
      /^\/v1\/payments\/([A-Za-z0-9_-]{1,64})\/paid$/,
      async (req, res, m) => {
        const operator = findKey(bearerToken(req), config.operatorKeys);
        if (!operator) throw new ApiError(401, 'operator-key-required', 'payment confirmation needs an operator key');
        const body = requireObject(await readJsonBody(req));
        let amountFen: number;
        try {
          amountFen = assertFen(body.amountFen, 'amountFen');
        } catch (error) {
          throw new ApiError(400, 'invalid-amount', (error as MoneyError).message);
        }
        if (amountFen <= 0) throw new ApiError(400, 'invalid-amount', 'amountFen must be positive');
        const channel = typeof body.channel === 'string' && /^[\w.-]{1,32}$/.test(body.channel) ? body.channel : null;
        const paymentRef = typeof body.paymentRef === 'string' && /^[\w.:-]{1,64}$/.test(body.paymentRef) ? body.paymentRef : null;
        if (!channel || !paymentRef) throw new ApiError(400, 'invalid-payment', 'channel and paymentRef are required: letters, digits, _ . - (: in paymentRef)');
        const result = await quotes.confirmPayment(m[1]!, { amountFen, channel, paymentRef });
        sendJson(res, 200, { ...result.event, duplicate: result.duplicate, operator: operator.id });
      },
    ],
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const started = performance.now();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://proxy');
    try {
      if (simulators && url.pathname.startsWith('/sims/')) {
        await simulators.handle(req, res, url.pathname.slice('/sims'.length));
      } else {
        const route = routes.find(([, pattern]) => pattern.test(url.pathname));
        const lookup = /^\/v1\/lots\/([^/]+)\/fee-lookups$/.exec(url.pathname);
        if (req.method === 'OPTIONS' && lookup) {
          answerPreflight(req, res, lookup[1]!, config.partners);
        } else if (route) {
          if (route[0] !== req.method) throw new ApiError(405, 'method-not-allowed', `${url.pathname} takes ${route[0]}`);
          await route[2](req, res, route[1].exec(url.pathname)!);
        } else if (!(req.method === 'GET' && (await serveFromMounts(staticMounts, url.pathname, res)))) {
          throw new ApiError(404, 'not-found', `no route for ${req.method} ${url.pathname}`);
        }
      }
    } catch (error) {
      if (error instanceof ApiError) {
        sendError(res, error.status, error.code, error.message);
      } else if (error instanceof UpstreamError) {
        log.warn('upstream error', { requestId, platform: error.platform, code: error.code, kind: error.kind, err: error });
        sendError(res, UPSTREAM_STATUS[error.kind], `${error.platform}:${error.code}`, error.message, { kind: error.kind, platform: error.platform });
      } else {
        log.error('unhandled error', { requestId, path: url.pathname, err: error });
        if (!res.headersSent) sendError(res, 500, 'internal', 'the proxy failed; the request id is in x-request-id');
        else res.end();
      }
    } finally {
      if (!url.pathname.startsWith('/assets/')) {
        log.info('request', { requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 });
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

  const server = createServer((req, res) => void handle(req, res));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // First beat once listening: the embedded simulator answers through this very server.
  for (const { beat } of heartbeats) void beat();
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  return {
    server,
    url,
    simulators,
    quotes,
    events,
    laneEvents,
    close: async () => {
      for (const { timer } of heartbeats) clearInterval(timer);
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
