/**
 * Money is integer fen (1 yuan = 100 fen) from end to end. Yuan appear only at the
 * edges: parsed exactly from platform strings/numbers, formatted for people and wires.
 */

/** An integer amount of fen. A plain number keeps JSON and IndexedDB simple; every producer checks it. */
export type Fen = number;

export class MoneyError extends Error {
  override name = 'MoneyError';
  constructor(
    message: string,
    readonly input: unknown,
  ) {
    super(message);
  }
}

const YUAN_PATTERN = /^([+-]?)(\d{1,12})(?:\.(\d{0,2}))?$/;

/**
 * Parses a yuan amount exactly into fen: "8.0" → 800, "10.34" → 1034, 10 → 1000, "0.1" → 10.
 * Numbers are read through their shortest decimal form, so 10.34 is 10.34 and not 10.339999….
 * More than two decimals, exponents, separators and blanks are rejected rather than rounded:
 * a platform that sends "1.005" has a bug we must not hide.
 */
export function parseYuan(input: string | number): Fen {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new MoneyError(`amount is not a finite number: ${input}`, input);
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw new MoneyError(`amount must be a yuan string or number, got ${typeof input}`, input);
  }
  const match = YUAN_PATTERN.exec(text);
  if (!match) throw new MoneyError(`not a yuan amount with at most 2 decimals: ${JSON.stringify(input)}`, input);
  const [, sign, whole, decimals = ''] = match;
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return sign === '-' && fen !== 0 ? -fen : fen;
}

/** Checks that a value is a safe integer count of fen, e.g. from JSON. */
export function assertFen(value: unknown, field = 'amount'): Fen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new MoneyError(`${field} must be an integer number of fen, got ${JSON.stringify(value)}`, value);
  }
  return value;
}

/** Fen as a plain yuan decimal for platform wires: 1250 → "12.50", 1000 → "10.00", -5 → "-0.05". */
export function toYuanString(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface FormatYuanOptions {
  /** `¥` (U+00A5, the default) or full-width `￥` (U+FFE5), which thermal printers' GB tables prefer. */
  symbol?: '¥' | '￥' | '';
  /** Drop ".00" from whole amounts, as lane voices and big displays do ("¥12"). */
  trimWhole?: boolean;
}

/** Fen for people: 1250 → "¥12.50". */
export function formatYuan(fen: Fen, { symbol = '¥', trimWhole = false }: FormatYuanOptions = {}): string {
  const yuan = toYuanString(fen);
  const shown = trimWhole && yuan.endsWith('.00') ? yuan.slice(0, -3) : yuan;
  return shown.startsWith('-') ? `-${symbol}${shown.slice(1)}` : `${symbol}${shown}`;
}
