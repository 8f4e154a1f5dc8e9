/**
 * The barrier gate as the lanes see it: either a relay the kiosk pulses itself (RelayGate) or a
 * barrier the parking platform lifts on its own once it knows the car may go (PlatformGate). A
 * lane without a barrier has no gate at all (null).
 *
 * Events: `status` (`detail: GateStatus`, on every change).
 */
import type { GateOpening } from '../core/gate-decision.js';
import type { GateActuator, GateOpenPayload } from '../core/lane-events.js';

export type GateHealth = 'ok' | 'offline' | 'error';

export interface GateStatus {
  /** ok: ready to open; offline: the board is unplugged or its port will not open; error: the last command failed. */
  health: GateHealth;
  /** Whether the kiosk believes the relay is switched on (the barrier's "open" contact closed). */
  relayOn: boolean;
  /** What went wrong and what to do, for staff; null when healthy. */
  message: string | null;
}

export interface LaneGate extends EventTarget {
  readonly mode: GateActuator;
  /** The relay's health; null when the barrier is not the kiosk's to watch (the platform's). */
  readonly status: GateStatus | null;
  /**
   * Lets one car through. Resolves when the kiosk's part is done: `opened` (the relay pulsed) or
   * `delegated` (the platform lifts the barrier); rejects with a GateError.
   */
  open(): Promise<'opened' | 'delegated'>;
}

export type GateFailure = 'offline' | 'timeout' | 'write-failed' | 'stuck-on';

export class GateError extends Error {
  override name = 'GateError';
  constructor(
    readonly reason: GateFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * "The platform opens the gate": the barrier belongs to the platform's own controller (Welink's
 * lane equipment, an ETCP or JieShun box), which lifts it when the payment or release reaches the
 * platform. The kiosk does nothing locally; its decision is still recorded.
 */
export class PlatformGate extends EventTarget implements LaneGate {
  readonly mode = 'platform';
  readonly status = null;

  async open(): Promise<'delegated'> {
    return 'delegated';
  }
}

/** Opens `gate` for one decision and returns the lane's record of it; a failure is recorded, not thrown. */
export async function openGateFor(gate: LaneGate, opening: GateOpening): Promise<GateOpenPayload> {
  const decided = { ...opening, atMs: Date.now(), actuator: gate.mode };
  try {
    return { ...decided, result: await gate.open() };
  } catch (error) {
    return { ...decided, result: 'failed', message: (error as Error).message.slice(0, 500) };
  }
}

/** The outbox key of an opening: one per paid quote or ticket, so a replayed decision is not recorded twice. */
export function gateOpenKey(record: GateOpenPayload): string | undefined {
  return record.ref ? `gate-${record.reason}-${record.ref}`.replace(/[^\w.:-]/g, '_').slice(0, 80) : undefined;
}
