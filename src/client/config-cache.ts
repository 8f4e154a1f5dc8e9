/** The lane config kept on the device, so a kiosk starts and estimates fees with the proxy unreachable. */
import type { LaneConfig } from '../core/quote.js';

const keyFor = (laneId: string) => `lane-kiosk.config.${laneId}`;

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
}
