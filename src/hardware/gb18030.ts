/**
 * A GB18030 encoder for the browser, which ships a GB18030 *decoder* (TextDecoder) but no encoder.
 * Instead of carrying a mapping table in the bundle, the table is derived once, on first use, by
 * decoding every two-byte and BMP four-byte sequence with the platform's own decoder and inverting
 * the result. Supplementary-plane characters map arithmetically (GB18030 §6.3.3).
 */

/** Encoded form per BMP code point: 0 = unmapped, ≤ 0xFFFF = two bytes, above = four bytes. */
let bmpTable: Uint32Array | null = null;

const TWO_BYTE_TRAILS = [...range(0x40, 0x7e), ...range(0x80, 0xfe)];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Decodes `sequences` (each `width` bytes) and records each resulting BMP character's bytes. */
function learn(table: Uint32Array, sequences: number[], width: 2 | 4): void {
  const bytes = new Uint8Array(sequences.length * width);
  sequences.forEach((packed, i) => {
    for (let b = 0; b < width; b++) bytes[i * width + b] = (packed >>> (8 * (width - 1 - b))) & 0xff;
  });
  const decoded = new TextDecoder('gb18030').decode(bytes);
  // Every sequence here decodes to exactly one BMP code unit (U+FFFD where unassigned).
  if (decoded.length !== sequences.length) throw new Error('TextDecoder(gb18030) did not decode one character per sequence');
  for (let i = 0; i < sequences.length; i++) {
    const unit = decoded.charCodeAt(i);
    if (unit === 0xfffd && sequences[i] !== 0x8431a437) continue;
    if (unit >= 0xd800 && unit <= 0xdfff) continue;
    // Where two sequences of the same width decode alike (A1A1 and A3A0 are both U+3000), the
    // first, canonical one is the encoding, as in the WHATWG index.
    const existing = table[unit]!;
    if (existing !== 0 && (existing <= 0xffff) === (width === 2)) continue;
    table[unit] = sequences[i]! >>> 0;
  }
}

function buildTable(): Uint32Array {
  const table = new Uint32Array(0x10000);
  const fourByte: number[] = [];
  for (let b1 = 0x81; b1 <= 0x84; b1++)
    for (let b2 = 0x30; b2 <= 0x39; b2++)
      for (let b3 = 0x81; b3 <= 0xfe; b3++)
        for (let b4 = 0x30; b4 <= 0x39; b4++) fourByte.push(((b1 << 24) | (b2 << 16) | (b3 << 8) | b4) >>> 0);
  learn(table, fourByte, 4);
  const twoByte: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) for (const trail of TWO_BYTE_TRAILS) twoByte.push((lead << 8) | trail);
  // Learned last so that, where both forms decode to one character, the shorter two-byte form wins.
  learn(table, twoByte, 2);
  return table;
}

export interface Gb18030Result {
  bytes: Uint8Array;
  /** Characters that have no GB18030 form (lone surrogates); each was written as "?". */
  unmappable: number;
}

/** Encodes text as GB18030. ASCII stays one byte; everything Unicode has is representable. */
export function encodeGb18030(text: string): Gb18030Result {
  const out = new Uint8Array(text.length * 4);
  let length = 0;
  let unmappable = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) {
      out[length++] = cp;
    } else if (cp >= 0x10000) {
      let pointer = cp - 0x10000 + 189000;
      const b4 = pointer % 10;
      pointer = Math.floor(pointer / 10);
      const b3 = pointer % 126;
      pointer = Math.floor(pointer / 126);
      out[length++] = 0x81 + Math.floor(pointer / 10);
      out[length++] = 0x30 + (pointer % 10);
      out[length++] = 0x81 + b3;
      out[length++] = 0x30 + b4;
    } else {
      bmpTable ??= buildTable();
      const packed = bmpTable[cp]!;
      if (packed === 0) {
        out[length++] = 0x3f;
        unmappable += 1;
      } else if (packed <= 0xffff) {
        out[length++] = packed >>> 8;
        out[length++] = packed & 0xff;
      } else {
        out[length++] = packed >>> 24;
        out[length++] = (packed >>> 16) & 0xff;
        out[length++] = (packed >>> 8) & 0xff;
        out[length++] = packed & 0xff;
      }
    }
  }
  return { bytes: out.slice(0, length), unmappable };
}

/** Whether GB18030 needs four bytes for this code point (supplementary planes, and the BMP outside the two-byte area). */
export function isFourByteGb18030(codePoint: number): boolean {
  if (codePoint < 0x80) return false;
  if (codePoint >= 0x10000) return true;
  bmpTable ??= buildTable();
  return bmpTable[codePoint]! > 0xffff;
}

/**
 * Printed width in columns: CJK and other wide characters take two columns on a thermal printer,
 * ASCII one. Wide means what East Asian printers render from a two- or four-byte GB code.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! < 0x80 ? 1 : 2;
  return width;
}
