/** The staff PIN goes to kiosks only as PBKDF2-SHA256, so a lane can check it with no network. */
import { pbkdf2Sync } from 'node:crypto';
import type { StaffPinHash } from '../core/quote.js';

export const STAFF_PIN_ITERATIONS = 100_000;

export function hashStaffPin(pin: string, laneId: string): StaffPinHash {
  const salt = `lane-kiosk-staff-pin:${laneId}`;
  return { salt, iterations: STAFF_PIN_ITERATIONS, hash: pbkdf2Sync(pin, salt, STAFF_PIN_ITERATIONS, 32, 'sha256').toString('hex') };
}
