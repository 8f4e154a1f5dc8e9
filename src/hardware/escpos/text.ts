/**
 * Text on its way to the head: control bytes removed (an order id holding GS V must not cut the
 * paper), characters the model's font lacks replaced by the profile's substitute and reported,
 * and lines wrapped by display width (CJK = 2 columns) so nothing runs off the paper.
 */
import { displayWidth, isFourByteGb18030 } from '../gb18030.js';
import type { PrinterProfile } from './profiles.js';

/** Line breaks and tabs become a space; every other control or invisible format character goes. */
export function sanitiseText(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/gu, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '');
}

/** Private use (no printer font has glyphs there) in the BMP and planes 15 and 16, and lone surrogates (no character at all). */
const isPrivateUse = (cp: number) => (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;

/** Whether the profile's printer can print this one character from its GB18030 bytes. */
function isPrintable(char: string, profile: PrinterProfile): boolean {
  const cp = char.codePointAt(0)!;
  if (cp < 0x80) return true;
  if (isPrivateUse(cp) || isSurrogate(cp)) return false;
  return profile.fourByteGb18030 || !isFourByteGb18030(cp);
}

/** Replaces what the printer cannot print with the profile's substitute; lists the distinct characters replaced. */
export function printableText(text: string, profile: PrinterProfile): { text: string; unprintable: string[] } {
  const unprintable = new Set<string>();
  let out = '';
  for (const char of text) {
    if (isPrintable(char, profile)) out += char;
    else {
      unprintable.add(char);
      out += profile.substitute;
    }
  }
  return { text: out, unprintable: [...unprintable] };
}

/** Splits text into lines of at most `columns` display columns, at a space when one is near the end. */
export function wrapToWidth(text: string, columns: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (displayWidth(rest) > columns) {
    let cut = 0;
    let width = 0;
    for (const char of rest) {
      const w = displayWidth(char);
      if (width + w > columns) break;
      width += w;
      cut += char.length;
    }
    const space = rest.lastIndexOf(' ', cut);
    // Break at a space only if it keeps at least half the line; ids and CJK runs are cut anywhere.
    const at = space > 0 && displayWidth(rest.slice(0, space)) * 2 >= columns ? space : Math.max(cut, rest.codePointAt(0)! > 0xffff ? 2 : 1);
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  // A wide character alone on a line narrower than itself leaves nothing over: no empty line after it.
  if (rest !== '' || lines.length === 0) lines.push(rest);
  return lines;
}
