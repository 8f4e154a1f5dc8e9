/**
 * The lane config kept on the device, so a kiosk starts and estimates fees with the proxy
 * unreachable, and starts at once from the last copy while the lane screen asks for a fresh one.
 */
import type { LaneConfig } from '../core/quote.js';

const keyFor = (laneId: string) => `lane-kiosk.config.${laneId}`;
const cached = new EventTarget();

export function cachedLaneConfig(laneId: string): LaneConfig | null {
  try {
    return JSON.parse(localStorage.getItem(keyFor(laneId)) ?? 'null') as LaneConfig | null;
  } catch {
    return null;
  }
}

export function cacheLaneConfig(config: LaneConfig): void {
  try {
    localStorage.setItem(keyFor(config.laneId), JSON.stringify(config));
  } catch {
    // A full storage costs only the offline start; the outbox reports storage itself.
  }
  cached.dispatchEvent(new CustomEvent<LaneConfig>('config', { detail: config }));
}

/**
 * Calls `listener` with every fresh config of the lane, whoever fetched it: the page that started
 * from a stale copy learns what changed without asking the proxy a second time. Returns the unsubscribe.
 */
export function onLaneConfigCached(laneId: string, listener: (config: LaneConfig) => void): () => void {
  const handler = (event: Event) => {
    const config = (event as CustomEvent<LaneConfig>).detail;
    if (config.laneId === laneId) listener(config);
  };
  cached.addEventListener('config', handler);
  return () => cached.removeEventListener('config', handler);
}
