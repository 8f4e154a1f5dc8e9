/**
 * A lane screen's link to its proxy, shared by the exit and the entry lane: the lane's config (cached
 * for the next outage), the clock skew measured with it, the free-space count, the event stream, and
 * whether the proxy can be reached. The stream is the lane's pulse: when it drops, the proxy is asked
 * at once, so an idle lane shows it is offline within seconds; while offline it is asked every 10 s,
 * and the first answer ends offline mode.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cacheLaneConfig, cachedLaneConfig } from '../../client/config-cache.js';
import type { LaneClient } from '../../client/lane-client.js';
import type { StreamStatus, Subscription } from '../../client/sse.js';
import type { LaneError } from '../../core/lane-machine.js';
import type { LaneConfig, LaneStreamEvent as LaneEvent } from '../../core/quote.js';
import { clockSkewMs } from '../../core/time.js';
import { isUnreachable } from './lane-error.js';

/** How often an offline lane asks its proxy again. */
export const OFFLINE_PROBE_MS = 10_000;

export interface LaneConnectionHooks {
  /** An event from the proxy's stream (payments, cars at the exit, the lane camera's plate reads). */
  onEvent?(event: LaneEvent): void;
  /** The stream opened, dropped or closed. */
  onStreamStatus?(status: StreamStatus): void;
}

export class LaneConnectionController implements ReactiveController {
  client: LaneClient | null = null;
  /** The proxy's answer, or the device's cached copy until it answers. */
  config: LaneConfig | null = null;
  /** The proxy (or the lane's platform behind it) cannot be reached. */
  offline = false;
  streamStatus: StreamStatus = 'closed';
  /** This kiosk's clock minus the proxy's (ms, half the round trip allowed for); null until measured. */
  skewMs: number | null = null;
  /** Free visitor spaces; null when unknown or the platform has no count. */
  freeSpaces: number | null = null;
  private subscription: Subscription | null = null;
  private probeTimer: ReturnType<typeof setInterval> | undefined;
  private connected = false;
  private readonly onBrowserOnline = () => void this.probe();
  private readonly onBrowserOffline = () => this.setOffline(true);

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: LaneConnectionHooks = {},
  ) {
    host.addController(this);
  }

  /** Points the lane at a proxy (null: none); fetches its config and opens its event stream. */
  setClient(client: LaneClient | null): void {
    if (client === this.client) return;
    this.client = client;
    if (this.connected) this.attach();
  }

  hostConnected(): void {
    this.connected = true;
    addEventListener('online', this.onBrowserOnline);
    addEventListener('offline', this.onBrowserOffline);
    this.attach();
  }

  hostDisconnected(): void {
    this.connected = false;
    removeEventListener('online', this.onBrowserOnline);
    removeEventListener('offline', this.onBrowserOffline);
    clearInterval(this.probeTimer);
    this.subscription?.close();
    this.subscription = null;
  }

  /** A request of the lane's own failed: a proxy that did not answer puts the lane offline. */
  noteFailure(error: LaneError): void {
    if (isUnreachable(error)) this.setOffline(true);
  }

  /** Asks for the free-space count again (a car left or came in); a platform without one hides it. */
  async refreshSpaces(): Promise<void> {
    const client = this.client;
    const free = await client?.spaces().then(
      (spaces) => spaces.freeSpaces,
      () => null,
    );
    if (client !== this.client) return;
    this.freeSpaces = free ?? null;
    this.host.requestUpdate();
  }

  private attach(): void {
    this.subscription?.close();
    this.subscription = null;
    const client = this.client;
    if (!client) return;
    this.config = cachedLaneConfig(client.laneId);
    void this.probe();
    this.subscription = client.subscribe(
      (event) => this.hooks.onEvent?.(event),
      (status) => {
        const previous = this.streamStatus;
        this.streamStatus = status;
        this.host.requestUpdate();
        this.hooks.onStreamStatus?.(status);
        // Dropped: ask the proxy now rather than show 在线 until the next request fails. Back while offline: likely back too.
        if (status !== previous && (status === 'reconnecting' || (status === 'open' && this.offline))) void this.probe();
      },
    );
  }

  /** Fetches the lane config; success ends offline mode, and the config is cached for the next outage. */
  private async probe(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const sentAt = Date.now();
      const config = await client.config();
      if (this.client !== client) return;
      this.config = config;
      this.skewMs = clockSkewMs(sentAt, Date.now(), config.serverTimeMs);
      cacheLaneConfig(config);
      void this.refreshSpaces();
      this.setOffline(false);
      this.host.requestUpdate();
    } catch {
      if (this.client === client) this.setOffline(true);
    }
  }

  private setOffline(offline: boolean): void {
    if (offline === this.offline) return;
    this.offline = offline;
    clearInterval(this.probeTimer);
    if (offline) this.probeTimer = setInterval(() => void this.probe(), OFFLINE_PROBE_MS);
    this.host.requestUpdate();
  }
}
