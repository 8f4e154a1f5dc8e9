/**
 * CODE128 for ESC/POS `GS k 73`: the shortest mix of code set B (any printable ASCII, one symbol a
 * character) and code set C (two digits a symbol), and the module width that fits the head.
 * A 19-character ticket number of mostly digits costs about half the modules it does in set B alone.
 */

export class Code128Error extends Error {
  override name = 'Code128Error';
}

type CodeSet = 'B' | 'C';

export interface Code128Plan {
  /** The bytes after `GS k 73 n`: `{B`/`{C` selects a set, set C digit pairs are bytes 0–99, `{` is sent as `{{`. */
  payload: number[];
  /** Width in modules: start, data and switch symbols and check at 11 each, stop at 13. */
  modules: number;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Plans the symbol with the fewest symbols (dynamic programming over the two sets). */
export function planCode128(data: string): Code128Plan {
  if (!/^[\x20-\x7e]{1,250}$/.test(data)) throw new Code128Error(`CODE128 data must be 1–250 printable ASCII characters, not ${JSON.stringify(data)}`);
  const n = data.length;
  // cost[i][set]: fewest symbols to encode data[i..] when set `set` is active at position i.
  const cost: Record<CodeSet, number>[] = Array.from({ length: n + 1 }, () => ({ B: 0, C: 0 }));
  for (let i = n - 1; i >= 0; i--) {
    const inB = 1 + cost[i + 1]!.B;
    const inC = isDigit(data[i]) && isDigit(data[i + 1]) ? 1 + cost[i + 2]!.C : Infinity;
    cost[i] = { B: Math.min(inB, 1 + inC), C: Math.min(inC, 1 + inB) };
  }
  const sets: CodeSet[] = ['B', 'C'];
  let set: CodeSet = cost[0]!.C < cost[0]!.B ? 'C' : 'B';
  const payload: number[] = [0x7b, set.charCodeAt(0)];
  let symbols = 1; // start
  for (let i = 0; i < n; ) {
    const stay = set === 'B' ? 1 + cost[i + 1]!.B : isDigit(data[i]) && isDigit(data[i + 1]) ? 1 + cost[i + 2]!.C : Infinity;
    if (stay > cost[i]![set]) {
      set = sets.find((s) => s !== set)!;
      payload.push(0x7b, set.charCodeAt(0));
      symbols += 1;
    }
    if (set === 'C') {
      payload.push(Number(data.slice(i, i + 2)));
      i += 2;
    } else {
      const code = data.charCodeAt(i);
      payload.push(...(code === 0x7b ? [0x7b, 0x7b] : [code]));
      i += 1;
    }
    symbols += 1;
  }
  symbols += 1; // check
  if (payload.length > 255) throw new Code128Error('CODE128 data too long for one GS k command');
  return { payload, modules: symbols * 11 + 13 };
}

/** Module widths worth printing: 2 dots is the narrowest a lane scanner reads reliably at 203 dpi, 3 is plenty. */
const MODULE_WIDTHS = [3, 2];

/** The widest module that keeps the bars within the head, or null when even the narrowest does not fit. */
export function fitModuleWidth(modules: number, dotsPerLine: number): number | null {
  return MODULE_WIDTHS.find((w) => modules * w <= dotsPerLine) ?? null;
}
