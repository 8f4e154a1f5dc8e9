/** The staff PIN goes to kiosks only as PBKDF2-SHA256, so a lane can check it with no network. */
import { pbkdf2Sync } from 'node:crypto';
import type { StaffPinHash } from '../core/quote.js';

export const STAFF_PIN_ITERATIONS = 100_000;

/** The salt is the lane's own, so one PIN on two lanes gives two hashes. */
export function staffPinSalt(laneId: string): string {
  return `lane-kiosk-staff-pin:${laneId}`;
}

export function hashStaffPin(pin: string, laneId: string): StaffPinHash {
  const salt = staffPinSalt(laneId);
  return { salt, iterations: STAFF_PIN_ITERATIONS, hash: pbkdf2Sync(pin, salt, STAFF_PIN_ITERATIONS, 32, 'sha256').toString('hex') };
}

const HASHED_PIN = /^pbkdf2-sha256:([0-9a-f]{64})$/i;

/**
 * A staff PIN as configured: the PIN itself, or `pbkdf2-sha256:<hex>`, the hash hashStaffPin makes
 * of it for this lane (docs/deploy.md gives the openssl command), so the server never holds the PIN.
 */
export function configuredStaffPin(value: string, laneId: string): StaffPinHash {
  const given = HASHED_PIN.exec(value);
  return given ? { salt: staffPinSalt(laneId), iterations: STAFF_PIN_ITERATIONS, hash: given[1]!.toLowerCase() } : hashStaffPin(value, laneId);
}

/** Whether a configured staff PIN (either form) is `pin` on this lane. */
export function staffPinIs(value: string, laneId: string, pin: string): boolean {
  return HASHED_PIN.test(value) ? configuredStaffPin(value, laneId).hash === hashStaffPin(pin, laneId).hash : value === pin;
}
