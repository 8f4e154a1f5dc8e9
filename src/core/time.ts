/**
 * Beijing time (UTC+8, no daylight saving since 1991) for every platform wire and every screen,
 * whatever the host's time zone. Computed by offset arithmetic, not Intl, so it is exact and fast.
 */

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

export class TimeFormatError extends Error {
  override name = 'TimeFormatError';
}

interface BeijingParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function beijingParts(at: Date | number): BeijingParts {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new TimeFormatError(`invalid instant: ${String(at)}`);
  const shifted = new Date(ms + BEIJING_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    year: String(shifted.getUTCFullYear()).padStart(4, '0'),
    month: two(shifted.getUTCMonth() + 1),
    day: two(shifted.getUTCDate()),
    hour: two(shifted.getUTCHours()),
    minute: two(shifted.getUTCMinutes()),
    second: two(shifted.getUTCSeconds()),
  };
}

/** `yyyyMMddHHmmss` in Beijing time, as ETCP's time_stamp wants. */
export function formatBeijingCompact(at: Date | number): string {
  const p = beijingParts(at);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, as Welink and receipts use. */
export function formatBeijing(at: Date | number): string {
  const p = beijingParts(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `HH:mm` in Beijing time, for clocks on screen. */
export function formatBeijingClock(at: Date | number): string {
  const p = beijingParts(at);
  return `${p.hour}:${p.minute}`;
}

/** ISO 8601 with the +08:00 offset, for the proxy's JSON API. */
export function toBeijingIso(at: Date | number): string {
  const p = beijingParts(at);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}+08:00`;
}

const BEIJING_PATTERN = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/;

/**
 * Parses a Beijing wall-clock time, `yyyy-MM-dd HH:mm:ss` or `yyyyMMddHHmmss`, into epoch ms.
 * Out-of-range fields (month 13, 24:00) are rejected rather than rolled over.
 */
export function parseBeijing(text: string): number {
  const match = BEIJING_PATTERN.exec(text.trim());
  if (!match) throw new TimeFormatError(`not a Beijing time (yyyy-MM-dd HH:mm:ss): ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw new TimeFormatError(`no such Beijing time: ${JSON.stringify(text)}`);
  }
  return utc - BEIJING_OFFSET_MS;
}

/** Whole minutes between two instants, rounded down; never negative. */
export function minutesBetween(fromMs: number, toMs: number): number {
  return Math.max(0, Math.floor((toMs - fromMs) / 60_000));
}

/** "2小时5分" / "2 h 5 min" style durations are locale work; this gives the parts. */
export function splitMinutes(minutes: number): { days: number; hours: number; minutes: number } {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return { days, hours, minutes: minutes % 60 };
}

/** Seconds left as m:ss for on-screen countdowns ("4:05"). */
export function formatCountdown(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * This machine's clock minus the server's, from one request: the server read its clock somewhere
 * between sending and receiving, so the midpoint is the best local guess for that moment.
 */
export function clockSkewMs(sentAtMs: number, receivedAtMs: number, serverTimeMs: number): number {
  return Math.round((sentAtMs + receivedAtMs) / 2 - serverTimeMs);
}
