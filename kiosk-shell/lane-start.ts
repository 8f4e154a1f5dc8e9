/**
 * The first thing the kiosk page runs: main.ts imports it before anything else, so its body runs
 * before the rest of the first file (lit, the screen, the messages) is evaluated. It reads the
 * settings and, on a lane's very first start (no config on the device yet), asks the proxy for the
 * lane's config at once: that round trip then overlaps the evaluation of the screen's code instead
 * of following it.
 */
import { cachedLaneConfig, cacheLaneConfig } from '../src/client/config-cache.js';
import { fetchWithin } from '../src/client/errors.js';
import type { LaneConfig } from '../src/core/quote.js';
import { loadSettings, type ShellSettings } from './settings.js';

export type Direction = ShellSettings['direction'];

export const settings = loadSettings();

/** Which screen this start shows; null without settings (the first-run note shows instead). */
export const startDirection: Promise<Direction> | null = settings ? laneDirection(settings) : null;

/**
 * Which screen to start: the cached config's direction at once (the lane screen fetches a fresh
 * config itself, so a start asks the proxy once); on a lane's first start, the proxy's answer; with
 * neither, what the settings last learned.
 */
async function laneDirection(settings: ShellSettings): Promise<Direction> {
  const cached = cachedLaneConfig(settings.lane);
  if (cached) return cached.direction;
  const config = await requestConfig(settings);
  if (!config) return settings.direction;
  cacheLaneConfig(config);
  return config.direction;
}

/**
 * GET /v1/lanes/{laneId}/config, sent now. Not through LaneClient: ky sends on a later microtask,
 * and the first file is one module, whose microtasks run only once all of it has been evaluated. An
 * error answer, no answer within 4 s or no network: null.
 */
function requestConfig(settings: ShellSettings): Promise<LaneConfig | null> {
  const url = `${settings.proxyUrl.replace(/\/$/, '')}/v1/lanes/${encodeURIComponent(settings.lane)}/config`;
  return fetchWithin(4000, url, { headers: { authorization: `Bearer ${settings.laneKey}` } })
    .then((response) => (response.ok ? (response.json() as Promise<LaneConfig>) : null))
    .catch(() => null);
}
