/**
 * Welink ids are Java longs (mchId 11151314366657101, ruleId 12151107620265701) written as bare JSON
 * numbers, and many exceed 2^53: JSON.parse would silently round them to another merchant or rule.
 * Here they travel as decimal strings: `LongId` writes one as a bare number, and `parseLongSafe`
 * reads any integer literal too long for a double as a string.
 */

/** A Java long to send as a bare JSON number, kept exact. */
export class LongId {
  constructor(readonly digits: string) {
    if (!/^-?\d{1,19}$/.test(digits)) throw new RangeError(`not a long integer: ${digits}`);
  }
}

const MARK = '\u0000long:';

export function stringifyLongSafe(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof LongId ? `${MARK}${v.digits}` : v));
  // JSON.stringify writes the NUL as \u0000, which no other string in the output can contain unescaped.
  return text.replace(/"\\u0000long:(-?\d+)"/g, '$1');
}

/** JSON.parse, except that integers of 16 or more digits come back as strings of their digits. */
export function parseLongSafe(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      // Copy the string literal whole, escapes included.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))!;
      const literal = match[0];
      const digits = literal.replace('-', '').length;
      out += !match[1] && !match[2] && digits >= 16 ? `"${literal}"` : literal;
      i += literal.length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return JSON.parse(out);
}
