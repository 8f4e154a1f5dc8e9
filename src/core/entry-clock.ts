/**
 * The entry time staff give by touch when the platform cannot say when a car came in: a day
 * (today, yesterday, …, counted back in Beijing time) and a clock time typed as up to four digits
 * on a keypad ("0930" is 09:30). Nothing is assumed: until all four digits are there, there is no
 * entry time.
 */
import { formatBeijing, parseBeijing } from './time.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How far back staff may step the day: a car parked longer than a month is a case for the office. */
export const MAX_DAYS_BACK = 31;

export interface EntryClock {
  /** 0 = today, 1 = yesterday, … in Beijing time. */
  daysBack: number;
  /** Up to four typed digits, hours then minutes. */
  digits: string;
}

/** `HH:MM` with what is still missing as dashes: "9" → "9-:--", "1430" → "14:30". */
export function clockText(digits: string): string {
  const padded = digits.slice(0, 4).padEnd(4, '-');
  return `${padded.slice(0, 2)}:${padded.slice(2)}`;
}

/** The instant staff mean, or null while the time is incomplete or not a time of day (e.g. 25:00, 09:75). */
export function entryAtMs(nowMs: number, clock: EntryClock): number | null {
  if (!/^\d{4}$/.test(clock.digits) || !Number.isInteger(clock.daysBack) || clock.daysBack < 0) return null;
  const hours = Number(clock.digits.slice(0, 2));
  const minutes = Number(clock.digits.slice(2));
  if (hours > 23 || minutes > 59) return null;
  const day = formatBeijing(nowMs - clock.daysBack * DAY_MS).slice(0, 10);
  return parseBeijing(`${day} ${clock.digits.slice(0, 2)}:${clock.digits.slice(2)}:00`);
}

/** A known entry instant as the day and digits the form shows (e.g. from an entry ticket). */
export function entryClockOf(nowMs: number, atMs: number): EntryClock {
  const dayStart = (ms: number) => parseBeijing(`${formatBeijing(ms).slice(0, 10)} 00:00:00`);
  const at = formatBeijing(atMs);
  return { daysBack: Math.round((dayStart(nowMs) - dayStart(atMs)) / DAY_MS), digits: at.slice(11, 13) + at.slice(14, 16) };
}

/** The Beijing calendar day `daysBack` days before now, as `MM-DD`. */
export function dayText(nowMs: number, daysBack: number): string {
  return formatBeijing(nowMs - daysBack * DAY_MS).slice(5, 10);
}
