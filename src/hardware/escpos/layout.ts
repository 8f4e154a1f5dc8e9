/** Fixed-width layout for thermal paper, where a CJK character takes two columns. */
import { displayWidth } from '../gb18030.js';
import { sanitiseText, wrapToWidth } from './text.js';

/**
 * "label ........ value": on one line when both fit with a space between; otherwise the label
 * alone and the value below it, right-aligned and wrapped, so a long order id is printed whole.
 */
export function labelValueLines(rawLabel: string, rawValue: string, columns: number): string[] {
  // Sanitised before measuring: control bytes the encoder removes later would shift the value left.
  const label = sanitiseText(rawLabel);
  const value = sanitiseText(rawValue);
  const oneLine = displayWidth(label) + 1 + displayWidth(value);
  if (oneLine <= columns) return [label + ' '.repeat(columns - displayWidth(label) - displayWidth(value)) + value];
  const rightAligned = (text: string) => ' '.repeat(columns - displayWidth(text)) + text;
  return [...wrapToWidth(label, columns), ...wrapToWidth(value, columns).map(rightAligned)];
}

export function divider(columns: number, char = '-'): string {
  return char.repeat(columns);
}
