/**
 * The barrier gate's part of the kiosk settings: who lifts the barrier (the kiosk's USB relay
 * board, the platform's own lane equipment, or nobody: a lane without a barrier), which relay the
 * barrier hangs on, how long the pulse is and the board's baud rate. Stored with the other
 * settings; anything unreadable falls back to the defaults, which suit an LCUS board as shipped.
 */
import { MAX_PULSE_MS, MAX_RELAY } from '../src/hardware/relay-frames.js';

export type GateMode = 'relay' | 'platform' | 'none';

export interface GateSettings {
  mode: GateMode;
  relay: number;
  pulseMs: number;
  baudRate: number;
}

/** LCUS boards ship at 9600 baud; some are set to 115200 with the vendor's tool. */
export const GATE_BAUD_RATES: readonly number[] = [9600, 19200, 38400, 57600, 115200];
export const MIN_PULSE_MS = 100;

export const DEFAULT_GATE: GateSettings = { mode: 'relay', relay: 1, pulseMs: 500, baudRate: 9600 };

const whole = (value: unknown, min: number, max: number): number | null => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

/** Reads stored or typed gate settings; each field that is missing or out of range keeps its default. */
export function gateSettingsFrom(value: unknown): GateSettings {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const baud = whole(raw.baudRate, 1, Number.MAX_SAFE_INTEGER);
  return {
    mode: raw.mode === 'platform' || raw.mode === 'none' || raw.mode === 'relay' ? raw.mode : DEFAULT_GATE.mode,
    relay: whole(raw.relay, 1, MAX_RELAY) ?? DEFAULT_GATE.relay,
    pulseMs: whole(raw.pulseMs, MIN_PULSE_MS, MAX_PULSE_MS) ?? DEFAULT_GATE.pulseMs,
    baudRate: baud !== null && GATE_BAUD_RATES.includes(baud) ? baud : DEFAULT_GATE.baudRate,
  };
}
