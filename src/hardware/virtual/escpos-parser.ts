/**
 * Reads ESC/POS bytes back into printed blocks, as a printer would execute them. Written from the
 * command reference independently of the encoder, and decoding text with the platform's GB18030
 * decoder, so that encoder bugs show up as wrong paper rather than passing silently.
 */
import type { Align, QrErrorLevel, TextStyle } from '../escpos/document.js';

export type PrintedBlock =
  | { kind: 'text'; text: string; style: TextStyle }
  | { kind: 'qr'; data: string; align: Align; moduleSize: number; level: QrErrorLevel }
  | { kind: 'raster'; align: Align; widthBytes: number; height: number; bits: Uint8Array }
  | { kind: 'barcode'; data: string; align: Align; height: number }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut'; partial: boolean };

export interface ParserHooks {
  block(block: PrintedBlock): void;
  /** DLE EOT n: a real-time status request. */
  statusRequest(n: number): void;
  /** GS a n: automatic status back on (n ≠ 0) or off. */
  autoStatusBack(n: number): void;
}

const ALIGNS: Align[] = ['left', 'center', 'right'];
const LEVELS: Record<number, QrErrorLevel> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };
const NEED_MORE = -1;

export class EscPosParser {
  private buffer = new Uint8Array(0);
  private text: number[] = [];
  private style: TextStyle = { align: 'left', bold: false, width: 1, height: 1 };
  private chinese = false;
  private qrStore = new Uint8Array(0);
  private qrSize = 3;
  private qrLevel: QrErrorLevel = 'L';
  private barcodeHeight = 162;
  /** Commands this parser does not know, for tests that want a clean stream. */
  unknownCommands = 0;

  constructor(private readonly hooks: ParserHooks) {}

  push(chunk: Uint8Array): void {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer);
    merged.set(chunk, this.buffer.length);
    let at = 0;
    while (at < merged.length) {
      const used = this.step(merged, at);
      if (used === NEED_MORE) break;
      at += used;
    }
    this.buffer = merged.slice(at);
  }

  private flushText(always: boolean): void {
    if (!always && this.text.length === 0) return;
    const bytes = new Uint8Array(this.text);
    const text = new TextDecoder(this.chinese ? 'gb18030' : 'latin1').decode(bytes);
    this.text = [];
    this.hooks.block({ kind: 'text', text, style: { ...this.style } });
  }

  /** Executes the command at `at`; returns bytes consumed or NEED_MORE. */
  private step(b: Uint8Array, at: number): number {
    const need = (n: number) => at + n <= b.length;
    const byte = b[at]!;
    switch (byte) {
      case 0x0a:
        this.flushText(true);
        return 1;
      case 0x0d:
        return 1;
      case 0x10: // DLE
        if (!need(3)) return NEED_MORE;
        if (b[at + 1] === 0x04) {
          this.hooks.statusRequest(b[at + 2]!);
          return 3;
        }
        this.unknownCommands += 1;
        return 2;
      case 0x1b:
        return this.escape(b, at);
      case 0x1c: // FS
        if (!need(2)) return NEED_MORE;
        if (b[at + 1] === 0x26) this.chinese = true;
        else if (b[at + 1] === 0x2e) this.chinese = false;
        else if (b[at + 1] === 0x43) return need(3) ? 3 : NEED_MORE; // FS C n: the code system, GB on a Chinese printer
        else this.unknownCommands += 1;
        return 2;
      case 0x1d:
        return this.groupSeparator(b, at);
      default:
        if (byte >= 0x20) this.text.push(byte);
        else this.unknownCommands += 1;
        return 1;
    }
  }

  private escape(b: Uint8Array, at: number): number {
    if (at + 2 > b.length) return NEED_MORE;
    const command = b[at + 1]!;
    if (command === 0x40) {
      this.text = [];
      this.style = { align: 'left', bold: false, width: 1, height: 1 };
      this.chinese = false;
      return 2;
    }
    if (at + 3 > b.length) return NEED_MORE;
    const n = b[at + 2]!;
    switch (command) {
      case 0x61:
        this.style.align = ALIGNS[n % 48] ?? 'left';
        return 3;
      case 0x45:
        this.style.bold = (n & 1) === 1;
        return 3;
      case 0x21:
        this.style.bold = (n & 0x08) !== 0;
        this.style.height = n & 0x10 ? 2 : 1;
        this.style.width = n & 0x20 ? 2 : 1;
        return 3;
      case 0x64:
        this.flushText(false);
        this.hooks.block({ kind: 'feed', lines: n });
        return 3;
      case 0x4a: // ESC J n: feed n dots (about 30 to a text line)
        this.flushText(false);
        this.hooks.block({ kind: 'feed', lines: n / 30 });
        return 3;
      default:
        this.unknownCommands += 1;
        return 3;
    }
  }

  private groupSeparator(b: Uint8Array, at: number): number {
    if (at + 3 > b.length) return NEED_MORE;
    const command = b[at + 1]!;
    const n = b[at + 2]!;
    switch (command) {
      case 0x21:
        this.style.width = ((n >> 4) & 0x07) + 1;
        this.style.height = (n & 0x07) + 1;
        return 3;
      case 0x61:
        this.hooks.autoStatusBack(n);
        return 3;
      case 0x68:
        this.barcodeHeight = n;
        return 3;
      case 0x77:
      case 0x48:
        return 3;
      case 0x56: {
        const withFeed = n === 65 || n === 66;
        if (withFeed && at + 4 > b.length) return NEED_MORE;
        this.flushText(false);
        this.hooks.block({ kind: 'cut', partial: n === 1 || n === 49 || n === 66 });
        return withFeed ? 4 : 3;
      }
      case 0x28:
        return this.qrFunction(b, at);
      case 0x76:
        return this.raster(b, at);
      case 0x6b:
        return this.barcode(b, at);
      default:
        this.unknownCommands += 1;
        return 3;
    }
  }

  /** GS ( k pL pH cn fn [params]. */
  private qrFunction(b: Uint8Array, at: number): number {
    if (at + 5 > b.length) return NEED_MORE;
    const length = b[at + 3]! | (b[at + 4]! << 8);
    const end = at + 5 + length;
    if (end > b.length) return NEED_MORE;
    const cn = b[at + 5];
    const fn = b[at + 6];
    if (cn !== 0x31) {
      this.unknownCommands += 1;
      return end - at;
    }
    if (fn === 0x43) this.qrSize = b[at + 7]!;
    else if (fn === 0x45) this.qrLevel = LEVELS[b[at + 7]!] ?? 'L';
    else if (fn === 0x50) this.qrStore = b.slice(at + 8, end);
    else if (fn === 0x51) {
      this.flushText(false);
      this.hooks.block({
        kind: 'qr',
        data: new TextDecoder().decode(this.qrStore),
        align: this.style.align,
        moduleSize: this.qrSize,
        level: this.qrLevel,
      });
    }
    return end - at;
  }

  /** GS v 0 m xL xH yL yH d1…dk; the block holds the image as printed, m's doubling applied. */
  private raster(b: Uint8Array, at: number): number {
    if (at + 8 > b.length) return NEED_MORE;
    const mode = b[at + 3]! % 48;
    const widthBytes = b[at + 4]! | (b[at + 5]! << 8);
    const height = b[at + 6]! | (b[at + 7]! << 8);
    const end = at + 8 + widthBytes * height;
    if (end > b.length) return NEED_MORE;
    this.flushText(false);
    const scaled = scaleRaster(b.slice(at + 8, end), widthBytes, height, mode & 1 ? 2 : 1, mode & 2 ? 2 : 1);
    this.hooks.block({ kind: 'raster', align: this.style.align, ...scaled });
    return end - at;
  }

  /** GS k m n d1…dn (function B, m ≥ 65). */
  private barcode(b: Uint8Array, at: number): number {
    if (at + 4 > b.length) return NEED_MORE;
    const length = b[at + 3]!;
    const end = at + 4 + length;
    if (end > b.length) return NEED_MORE;
    const bytes = b.slice(at + 4, end);
    const data = b[at + 2] === 73 ? code128Text(bytes) : new TextDecoder('latin1').decode(bytes);
    this.flushText(false);
    this.hooks.block({ kind: 'barcode', data, align: this.style.align, height: this.barcodeHeight });
    return end - at;
  }
}

/** GS k 73 data as the characters it encodes: `{A`/`{B`/`{C` switch sets, set C bytes are digit pairs, `{{` is "{". */
function code128Text(bytes: Uint8Array): string {
  let set = 'B';
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x7b && i + 1 < bytes.length && bytes[i + 1] !== 0x7b) {
      set = String.fromCharCode(bytes[++i]!);
      continue;
    }
    if (byte === 0x7b) i += 1;
    text += set === 'C' ? String(byte).padStart(2, '0') : String.fromCharCode(byte);
  }
  return text;
}

function scaleRaster(bits: Uint8Array, widthBytes: number, height: number, sx: number, sy: number): { widthBytes: number; height: number; bits: Uint8Array } {
  if (sx === 1 && sy === 1) return { widthBytes, height, bits };
  const outWidthBytes = widthBytes * sx;
  const out = new Uint8Array(outWidthBytes * height * sy);
  for (let y = 0; y < height * sy; y++) {
    for (let x = 0; x < widthBytes * 8 * sx; x++) {
      const sourceX = Math.floor(x / sx);
      if (bits[Math.floor(y / sy) * widthBytes + (sourceX >> 3)]! & (0x80 >> (sourceX & 7))) out[y * outWidthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { widthBytes: outWidthBytes, height: height * sy, bits: out };
}
