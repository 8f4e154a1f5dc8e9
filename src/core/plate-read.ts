/**
 * A lane camera's plate read, as POST /v1/lanes/{laneId}/plate-reads takes it and the lane's event
 * stream carries it. Pure: the clock comes in as an argument.
 */
import { checkHttpUrl, type InputCheck } from './input-checks.js';
import { checkPlate } from './plate.js';
import type { PlateReadEvent } from './quote.js';
import { toBeijingIso } from './time.js';

/** A read older than this is of a car that has moved on: the lane does not act on it. */
export const PLATE_READ_MAX_AGE_MS = 60_000;
/** Camera clocks drift: a read this far ahead of the proxy's clock is still taken. */
const PLATE_READ_MAX_AHEAD_MS = 10_000;
const IMAGE_URL_MAX = 1000;

/** When the camera read the plate: epoch milliseconds, or ISO 8601 with its offset. */
function readTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The read as the lane's event, or what is wrong with it. `minConfidence` is the lane's
 * threshold: below it the kiosk asks the driver to confirm the plate rather than acting on it.
 */
export function checkPlateRead(body: Record<string, unknown>, nowMs: number, minConfidence: number): InputCheck<PlateReadEvent> {
  if (typeof body.plate !== 'string' || body.plate.length > 32) return { ok: false, message: 'plate must be a string of at most 32 characters' };
  const plate = checkPlate(body.plate);
  if (!plate.ok) return { ok: false, message: plate.message };
  const { confidence } = body;
  if (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1) return { ok: false, message: 'confidence must be a number from 0 to 1' };
  const atMs = readTime(body.time);
  if (atMs === null) return { ok: false, message: 'time must be epoch milliseconds or ISO 8601 with an offset (2026-12-03T18:05:00+08:00)' };
  const age = nowMs - atMs;
  if (age > PLATE_READ_MAX_AGE_MS || age < -PLATE_READ_MAX_AHEAD_MS) {
    return { ok: false, message: `the read is ${Math.round(age / 1000)} s ${age > 0 ? 'old' : 'ahead of the proxy clock'}; a lane acts only on reads of the car at it now (within ${PLATE_READ_MAX_AGE_MS / 1000} s); check the camera's clock` };
  }
  let imageUrl: string | null = null;
  if (body.imageUrl !== undefined && body.imageUrl !== null) {
    const url = checkHttpUrl(body.imageUrl, 'imageUrl', IMAGE_URL_MAX);
    if (!url.ok) return url;
    imageUrl = url.value;
  }
  return { ok: true, value: { type: 'plate.read', plate: plate.plate, confidence, readAt: toBeijingIso(atMs), imageUrl, confirm: confidence < minConfidence } };
}

/** Whether a read that reached the kiosk (perhaps replayed after a reconnect) is still of the car at the lane. */
export function isCurrentPlateRead(event: PlateReadEvent, kioskNowMs: number, skewMs: number | null): boolean {
  return kioskNowMs - (skewMs ?? 0) - Date.parse(event.readAt) <= PLATE_READ_MAX_AGE_MS;
}
