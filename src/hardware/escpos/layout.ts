/** Fixed-width layout for thermal paper, where a CJK character takes two columns. */
import { displayWidth } from '../gb18030.js';

/** Cuts text to at most `columns` printed columns. */
export function truncateToWidth(text: string, columns: number): string {
  let width = 0;
  let out = '';
  for (const char of text) {
    const w = displayWidth(char);
    if (width + w > columns) break;
    out += char;
    width += w;
  }
  return out;
}

/** "label ........ value" on one line: the value right-aligned, the label shortened if both do not fit. */
export function labelValue(label: string, value: string, columns: number): string {
  const valueWidth = displayWidth(value);
  const room = Math.max(0, columns - valueWidth - 1);
  const left = truncateToWidth(label, room);
  return left + ' '.repeat(Math.max(1, columns - displayWidth(left) - valueWidth)) + value;
}

export function divider(columns: number, char = '-'): string {
  return char.repeat(columns);
}
