/**
 * Prometheus metrics for one proxy instance (prom-client, text format on /metrics): requests by
 * route and status, upstream latency per platform, signature failures, callback refusals, rate
 * limiting and SSE clients.
 *
 * Upstream calls are timed from Node's fetch diagnostics channels, so no adapter needs to know
 * about metrics; a call is attributed to the platform whose configured base URL it starts with.
 */
import diagnostics from 'node:diagnostics_channel';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The last thing each platform did, for /healthz: reachable means its latest call got an answer. */
export interface UpstreamHealth {
  platform: string;
  reachable: boolean;
  lastAnswerAt: number | null;
  lastFailureAt: number | null;
}

export interface UpstreamTarget {
  platform: string;
  baseUrl: string;
}

interface UndiciRequest {
  origin: string;
  path: string;
}

export class ProxyMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'lk_http_requests_total', help: 'Requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  readonly upstreamSeconds = new Histogram({
    name: 'lk_upstream_request_duration_seconds',
    help: 'Time to the upstream platform’s response headers, by platform and outcome.',
    labelNames: ['platform', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly signatureFailures = new Counter({ name: 'lk_signature_failures_total', help: 'Inbound calls refused for a bad signature, by platform.', labelNames: ['platform'] as const, registers: [this.registry] });
  readonly callbackRejects = new Counter({ name: 'lk_callback_rejects_total', help: 'Inbound platform callbacks refused, by platform and code.', labelNames: ['platform', 'code'] as const, registers: [this.registry] });
  readonly rateLimited = new Counter({ name: 'lk_rate_limited_total', help: 'Requests refused with 429, by scope.', labelNames: ['scope'] as const, registers: [this.registry] });

  private readonly started = new WeakMap<object, { platform: string; at: number }>();
  private readonly health = new Map<string, UpstreamHealth>();
  private readonly onCreate = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    const platform = this.platformOf(request);
    if (platform) this.started.set(request, { platform, at: performance.now() });
  };
  private readonly onHeaders = (message: unknown) => this.finish((message as { request: UndiciRequest }).request, 'response');
  private readonly onError = (message: unknown) => this.finish((message as { request: UndiciRequest }).request, 'error');

  constructor(
    private readonly upstreams: readonly UpstreamTarget[],
    sseClients: () => number,
  ) {
    new Gauge({ name: 'lk_sse_clients', help: 'Kiosks connected to this instance’s lane event streams.', registers: [this.registry], collect() { this.set(sseClients()); } });
    diagnostics.subscribe('undici:request:create', this.onCreate);
    diagnostics.subscribe('undici:request:headers', this.onHeaders);
    diagnostics.subscribe('undici:request:error', this.onError);
  }

  /** Platforms called since startup and how their latest call went. */
  upstreamHealth(): UpstreamHealth[] {
    return [...this.health.values()];
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    diagnostics.unsubscribe('undici:request:create', this.onCreate);
    diagnostics.unsubscribe('undici:request:headers', this.onHeaders);
    diagnostics.unsubscribe('undici:request:error', this.onError);
  }

  private platformOf(request: UndiciRequest): string | undefined {
    const url = request.origin + request.path;
    return this.upstreams.find((u) => url.startsWith(u.baseUrl))?.platform;
  }

  private finish(request: UndiciRequest, outcome: 'response' | 'error'): void {
    const start = this.started.get(request);
    if (!start) return;
    this.started.delete(request);
    this.upstreamSeconds.observe({ platform: start.platform, outcome }, (performance.now() - start.at) / 1000);
    this.record(start.platform, outcome === 'response');
  }

  /**
   * A platform could not be reached or answered nonsense. Refused connections never reach the
   * fetch diagnostics, so the adapters' UpstreamErrors are reported here too.
   */
  upstreamFailed(platform: string): void {
    this.record(platform, false);
  }

  private record(platform: string, answered: boolean): void {
    const health = this.health.get(platform) ?? { platform, reachable: true, lastAnswerAt: null, lastFailureAt: null };
    health.reachable = answered;
    if (answered) health.lastAnswerAt = Date.now();
    else health.lastFailureAt = Date.now();
    this.health.set(platform, health);
  }
}

/** `^\/v1\/lanes\/([^/]+)\/quotes$` → `/v1/lanes/:param/quotes`: one label per route, not per lane. */
export function routeLabel(pattern: RegExp): string {
  return pattern.source.replace(/^\^|\$$/g, '').replace(/\([^)]*\)/g, ':param').replace(/\\\//g, '/');
}
