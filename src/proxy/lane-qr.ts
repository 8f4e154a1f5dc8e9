/**
 * The lane QR an unlicensed car's driver scans at the exit. The operator registers its URL with the
 * platform (Welink /info/setQrUrl) through the proxy; the registration is kept in the state store,
 * so every instance and every restart hands the same URL to the lane's kiosk.
 */
import type { LaneSettings } from './config.js';
import type { StateStore } from './state/store.js';

export interface RegisteredLaneQr {
  qrUrl: string;
  /** The platform's short code for the QR. */
  qrCode: string;
}

export class LaneQrRegistry {
  constructor(private readonly store: StateStore) {}

  async register(lane: LaneSettings, qr: RegisteredLaneQr): Promise<void> {
    await this.store.put(this.key(lane), qr, Infinity);
  }

  /** The registered URL, else the configured one, else null. */
  async urlFor(lane: LaneSettings): Promise<string | null> {
    return (await this.store.get<RegisteredLaneQr>(this.key(lane)))?.qrUrl ?? lane.qrUrl;
  }

  private key(lane: LaneSettings): string {
    return `lane-qr:${lane.laneId}`;
  }
}
