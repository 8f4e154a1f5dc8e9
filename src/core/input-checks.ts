/**
 * Checks for what operators, partners and lanes send that the proxy passes on to a platform: a
 * platform that gets nonsense answers with an error of its own (or, worse, rounds it and goes on),
 * so nonsense is refused here with a reason instead. Pure: no IO, no clock.
 */

export type InputCheck<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): InputCheck<T> => ({ ok: true, value });
const fail = <T>(message: string): InputCheck<T> => ({ ok: false, message });

/** Days the platforms can hold records for: nothing before 2000 exists, and 2100 is not a date a lot deals in. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A real calendar day written `YYYY-MM-DD`, between 2000 and 2099. */
export function checkCalendarDay(text: unknown, field = 'date'): InputCheck<CalendarDay> {
  const match = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  if (!match) return fail(`${field} must be a day written YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) return fail(`${field} ${text} is outside the years ${FIRST_YEAR}–${LAST_YEAR}`);
  if (month < 1 || month > 12) return fail(`${field} ${text} has no month ${match[2]}`);
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return fail(`${field} ${text} is not a day: ${match[1]}-${match[2]} has days 01 to ${last}`);
  return ok({ year, month, day });
}

/** The largest Java long, which every Welink id is. */
const LONG_MAX = 9223372036854775807n;

/**
 * A platform's long id (Welink mchId, ruleId, couponId: 17 digits and more). Only a string keeps
 * every digit: a JSON number past 2^53 has been rounded before the proxy sees it, so numbers are
 * refused rather than trusted.
 */
export function checkLongId(value: unknown, field: string): InputCheck<string> {
  if (typeof value === 'number') return fail(`${field} must be sent as a string of digits: a JSON number loses digits past 2^53 (${field} ${value} may already be rounded)`);
  if (typeof value !== 'string' || !/^\d{1,19}$/.test(value)) return fail(`${field} must be a string of 1 to 19 decimal digits`);
  if (BigInt(value) > LONG_MAX) return fail(`${field} ${value} is larger than any platform id (a 64-bit integer)`);
  return ok(value);
}

/** An http(s) URL of printable ASCII, at most `maxLength` characters, as a platform stores it verbatim. */
export function checkHttpUrl(value: unknown, field: string, maxLength: number): InputCheck<string> {
  if (typeof value !== 'string' || value.length > maxLength || !/^https?:\/\/[\x21-\x7e]+$/.test(value)) {
    return fail(`${field} must be an http(s) URL of at most ${maxLength} printable ASCII characters`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${field} ${value} is not a URL`);
  }
  if (url.hostname === '') return fail(`${field} ${value} names no host`);
  return ok(value);
}
