/**
 * The local tariff engine, for the offline fallback and lots without a fee platform. Pure and
 * integer-only: fen and whole minutes of Beijing time.
 *
 * A tariff is a set of daily periods (day, night…) that may wrap past midnight, each with a price
 * per vehicle type (unit price with an optional first block, or a flat price per entry) and an
 * optional cap per occurrence; free minutes; and a cap per natural day or per rolling 24 hours.
 *
 * Charges accrue along the stay: each period occurrence has a cumulative charge C(m) for m minutes
 * into it (started units count), and every slice of the stay is charged C(end) − C(start). So a unit
 * that straddles midnight is charged once, to the day it started in, and the fee never falls as the
 * stay grows.
 */
import type { Fen } from './money.js';

export type VehicleClass = 'small' | 'large';

export type PeriodRate =
  | { kind: 'unit'; unitMinutes: number; unitFen: Fen; firstMinutes?: number; firstFen?: Fen }
  | { kind: 'per-entry'; fen: Fen };

export interface TariffPeriod {
  name: string;
  /** Minute of the Beijing day the period starts, 0–1439. */
  startMinute: number;
  /** Minute it ends; ≤ start means it wraps past midnight. */
  endMinute: number;
  rates: Partial<Record<VehicleClass, PeriodRate>>;
  /** Most one occurrence of this period can cost. */
  capFen?: Fen | null;
}

export interface Tariff {
  /** A stay up to this long is free. */
  freeMinutes: number;
  /** `waive`: free only if within freeMinutes, otherwise charged from entry; `deduct`: always charged after them. */
  freeMode?: 'waive' | 'deduct';
  periods: TariffPeriod[];
  dailyCapFen?: Fen | null;
  capMode?: 'natural-day' | 'rolling-24h';
}

export class TariffError extends Error {
  override name = 'TariffError';
}

const MINUTE = 60_000;
const DAY_MINUTES = 1440;
/** Beijing is UTC+8 all year. */
const BEIJING_OFFSET_MINUTES = 480;

function periodContains(period: TariffPeriod, minuteOfDay: number): boolean {
  const { startMinute: s, endMinute: e } = period;
  return s < e ? minuteOfDay >= s && minuteOfDay < e : minuteOfDay >= s || minuteOfDay < e;
}

/** Checks the tariff covers every minute of the day exactly once and its prices are sane. */
export function validateTariff(tariff: Tariff): void {
  if (!Number.isInteger(tariff.freeMinutes) || tariff.freeMinutes < 0) throw new TariffError('freeMinutes must be a non-negative integer');
  if (tariff.periods.length === 0) throw new TariffError('a tariff needs at least one period');
  for (const p of tariff.periods) {
    for (const m of [p.startMinute, p.endMinute]) if (!Number.isInteger(m) || m < 0 || m >= DAY_MINUTES) throw new TariffError(`${p.name}: times must be minutes 0–1439`);
    for (const rate of Object.values(p.rates)) {
      if (rate.kind === 'unit' && (rate.unitMinutes <= 0 || rate.unitFen < 0 || (rate.firstMinutes ?? 0) < 0 || (rate.firstFen ?? 0) < 0)) {
        throw new TariffError(`${p.name}: unit prices and lengths must be positive`);
      }
      if (rate.kind === 'per-entry' && rate.fen < 0) throw new TariffError(`${p.name}: a price cannot be negative`);
    }
  }
  for (let minute = 0; minute < DAY_MINUTES; minute++) {
    const covering = tariff.periods.filter((p) => periodContains(p, minute)).length;
    if (covering !== 1) throw new TariffError(`minute ${minute} of the day is covered by ${covering} periods; periods must tile the day`);
  }
}

/** Cumulative charge for `minutes` into one occurrence of a period. */
function cumulative(rate: PeriodRate | undefined, minutes: number, firstOccurrence: boolean, capFen: Fen | null | undefined): Fen {
  if (!rate || minutes <= 0) return 0;
  let fen: Fen;
  if (rate.kind === 'per-entry') {
    fen = rate.fen;
  } else if (firstOccurrence && rate.firstMinutes && rate.firstFen !== undefined) {
    fen = minutes <= rate.firstMinutes ? rate.firstFen : rate.firstFen + Math.ceil((minutes - rate.firstMinutes) / rate.unitMinutes) * rate.unitFen;
  } else {
    fen = Math.ceil(minutes / rate.unitMinutes) * rate.unitFen;
  }
  return capFen === null || capFen === undefined ? fen : Math.min(fen, capFen);
}

export interface FeeBreakdown {
  fen: Fen;
  minutes: number;
  /** What each natural day (or rolling 24 h window) cost after its cap, in order. */
  days: Fen[];
}

/** The fee for a stay, in fen. */
export function computeFee(tariff: Tariff, vehicle: VehicleClass, enteredAtMs: number, exitAtMs: number): FeeBreakdown {
  const totalMinutes = Math.max(0, Math.floor((exitAtMs - enteredAtMs) / MINUTE));
  if (totalMinutes <= tariff.freeMinutes) return { fen: 0, minutes: totalMinutes, days: [] };
  const deduct = tariff.freeMode === 'deduct' ? tariff.freeMinutes : 0;
  // Whole minutes of Beijing time since the epoch; a started minute counts.
  const start = Math.floor(enteredAtMs / MINUTE) + BEIJING_OFFSET_MINUTES + deduct;
  const end = start - deduct + totalMinutes;
  const rolling = tariff.capMode === 'rolling-24h';
  const groupOf = (minute: number) => (rolling ? Math.floor((minute - (start - deduct)) / DAY_MINUTES) : Math.floor(minute / DAY_MINUTES));

  const groups = new Map<number, Fen>();
  const usedPeriods = new Set<TariffPeriod>();
  let occurrence: { period: TariffPeriod; startedAt: number; first: boolean } | null = null;
  let t = start;
  while (t < end) {
    const minuteOfDay = t % DAY_MINUTES;
    const period = tariff.periods.find((p) => periodContains(p, minuteOfDay));
    if (!period) throw new TariffError(`no period covers minute ${minuteOfDay}`);
    if (!occurrence || occurrence.period !== period) {
      occurrence = { period, startedAt: t, first: !usedPeriods.has(period) };
      usedPeriods.add(period);
    }
    // The slice runs to the next period boundary, midnight or rolling window boundary, or exit.
    const toPeriodEnd = (period.endMinute - minuteOfDay + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
    const toMidnight = DAY_MINUTES - minuteOfDay;
    const toWindow = rolling ? DAY_MINUTES - ((t - (start - deduct)) % DAY_MINUTES) : DAY_MINUTES;
    const sliceEnd = Math.min(t + toPeriodEnd, t + toMidnight, t + toWindow, end);
    const rate = period.rates[vehicle] ?? period.rates.small;
    const charge =
      cumulative(rate, sliceEnd - occurrence.startedAt, occurrence.first, period.capFen) - cumulative(rate, t - occurrence.startedAt, occurrence.first, period.capFen);
    const group = groupOf(t);
    groups.set(group, (groups.get(group) ?? 0) + charge);
    t = sliceEnd;
  }
  const cap = tariff.dailyCapFen ?? null;
  const days = [...groups.values()].map((fen) => (cap === null ? fen : Math.min(fen, cap)));
  return { fen: days.reduce((a, b) => a + b, 0), minutes: totalMinutes, days };
}
