/**
 * Who may enter a full lot (seeds/003 §5.2.1, §5.4.1): a car with a valid reservation inside its
 * window, or with a valid stagger (错峰) agreement covering the day. Pure: the lists come from the
 * city platform's downloads.
 */

export interface Reservation {
  reserveId: string;
  plateId: string;
  /** 1 valid, 2 cancelled. */
  reserveStatus: number;
  reserveFrom: number;
  reserveTo: number;
}

export interface StaggerAgreement {
  signId: string;
  plateId: string;
  /** 1 valid, 2 cancelled. */
  signStatus: number;
  staggerDayFrom: number;
  staggerDayTo: number;
}

export type Admission =
  | { admitted: true; reason: 'space' }
  | { admitted: true; reason: 'reservation'; reference: string }
  | { admitted: true; reason: 'stagger'; reference: string }
  | { admitted: false; reason: 'full' };

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3600_000;

const samePlate = (a: string, b: string) => a.replace(/\s/g, '') === b.replace(/\s/g, '');

/** Stagger dates are days: an agreement "to" a date covers that whole Beijing day. */
function endOfBeijingDay(ms: number): number {
  return Math.floor((ms + BEIJING_MS) / DAY_MS) * DAY_MS - BEIJING_MS + DAY_MS - 1;
}

export function admissionFor(plate: string, nowMs: number, freeSpaces: number, reservations: readonly Reservation[], agreements: readonly StaggerAgreement[]): Admission {
  if (freeSpaces > 0) return { admitted: true, reason: 'space' };
  const reservation = reservations.find((r) => r.reserveStatus === 1 && samePlate(r.plateId, plate) && r.reserveFrom <= nowMs && nowMs <= r.reserveTo);
  if (reservation) return { admitted: true, reason: 'reservation', reference: reservation.reserveId };
  const agreement = agreements.find((a) => a.signStatus === 1 && samePlate(a.plateId, plate) && a.staggerDayFrom <= nowMs && nowMs <= endOfBeijingDay(a.staggerDayTo));
  if (agreement) return { admitted: true, reason: 'stagger', reference: agreement.signId };
  return { admitted: false, reason: 'full' };
}
