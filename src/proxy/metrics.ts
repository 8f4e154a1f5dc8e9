/**
 * Prometheus metrics for one proxy instance (prom-client, text format on /metrics): requests by
 * route and status, upstream latency per platform, signature failures, callback refusals, rate
 * limiting and SSE clients.
 *
 * Upstream calls are timed from the `lane-kiosk:upstream` diagnostics channel every platform
 * exchange publishes on, so no adapter needs to know about metrics.
 */
import diagnostics from 'node:diagnostics_channel';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { UPSTREAM_CHANNEL, type UpstreamExchange } from './providers/upstream.js';

/** The last thing each platform did, for /healthz: reachable means its latest call got an answer. */
export interface UpstreamHealth {
  platform: string;
  reachable: boolean;
  lastAnswerAt: number | null;
  lastFailureAt: number | null;
}

export class ProxyMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'lk_http_requests_total', help: 'Requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  readonly upstreamSeconds = new Histogram({
    name: 'lk_upstream_request_duration_seconds',
    help: 'Time to the upstream platform’s whole answer, by platform and outcome.',
    labelNames: ['platform', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly signatureFailures = new Counter({ name: 'lk_signature_failures_total', help: 'Inbound calls refused for a bad signature, by platform.', labelNames: ['platform'] as const, registers: [this.registry] });
  readonly callbackRejects = new Counter({ name: 'lk_callback_rejects_total', help: 'Inbound platform callbacks refused, by platform and code.', labelNames: ['platform', 'code'] as const, registers: [this.registry] });
  readonly rateLimited = new Counter({ name: 'lk_rate_limited_total', help: 'Requests refused with 429, by scope.', labelNames: ['scope'] as const, registers: [this.registry] });

  private readonly health = new Map<string, UpstreamHealth>();
  private readonly onExchange = (message: unknown) => {
    const { platform, url, outcome, seconds } = message as UpstreamExchange;
    if (!this.baseUrls.some((base) => url.startsWith(base))) return;
    this.upstreamSeconds.observe({ platform, outcome }, seconds);
    this.record(platform, outcome === 'answered');
  };

  constructor(
    /** Only calls to these count: other proxies may share the process (tests do). */
    private readonly baseUrls: readonly string[],
    sseClients: () => number,
  ) {
    new Gauge({ name: 'lk_sse_clients', help: 'Kiosks connected to this instance’s lane event streams.', registers: [this.registry], collect() { this.set(sseClients()); } });
    diagnostics.subscribe(UPSTREAM_CHANNEL, this.onExchange);
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
    diagnostics.unsubscribe(UPSTREAM_CHANNEL, this.onExchange);
  }

  /** A platform answered nonsense: it is up, but not healthy. */
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

