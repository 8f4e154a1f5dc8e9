/**
 * Renders a Document to ESC/POS bytes for a printer profile: the profile's Chinese mode with
 * GB18030 text (sanitised, wrapped to the paper, unprintable characters substituted and reported),
 * native QR (GS ( k) or a raster fallback (GS v 0), CODE128 in the narrowest code sets that fit the
 * head, cuts.
 */
import type { BitMatrix } from 'qrcode';
import qrcode from 'qrcode/lib/core/qrcode.js';
import { encodeGb18030 } from '../gb18030.js';
import { fitModuleWidth, planCode128 } from './code128.js';
import type { Align, Block, QrErrorLevel, TextStyle } from './document.js';
import { CHINESE_MODE_ON, ESC, FS, GS, INITIALIZE, LF, QR_LEVEL_CODES } from './commands.js';
import type { PrinterProfile } from './profiles.js';
import { printableText, sanitiseText, wrapToWidth } from './text.js';

const ALIGN_CODES: Record<Align, number> = { left: 0, center: 1, right: 2 };

/** Growable byte buffer; receipts are a few hundred bytes, rasters a few thousand. */
class ByteSink {
  private buffer = new Uint8Array(1024);
  length = 0;

  push(...bytes: number[]): void {
    this.ensure(bytes.length);
    for (const b of bytes) this.buffer[this.length++] = b;
  }

  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}

export class EscPosEncodeError extends Error {
  override name = 'EscPosEncodeError';
}

/** Emits only the style commands that change, which keeps receipts small on slow serial lines. */
class StyleState {
  private align: Align = 'left';
  private bold = false;
  private size = 0;

  apply(sink: ByteSink, style: TextStyle | { align: Align }): void {
    if (style.align !== this.align) {
      sink.push(ESC, 0x61, ALIGN_CODES[style.align]);
      this.align = style.align;
    }
    if ('bold' in style) {
      if (style.bold !== this.bold) {
        sink.push(ESC, 0x45, style.bold ? 1 : 0);
        this.bold = style.bold;
      }
      const size = ((clampMagnification(style.width) - 1) << 4) | (clampMagnification(style.height) - 1);
      if (size !== this.size) {
        sink.push(GS, 0x21, size);
        this.size = size;
      }
    }
  }
}

function clampMagnification(n: number): number {
  return Math.min(8, Math.max(1, Math.round(n)));
}

function encodeQrNative(sink: ByteSink, data: Uint8Array, moduleSize: number, level: QrErrorLevel): void {
  const storeLength = data.length + 3;
  if (storeLength > 0xffff) throw new EscPosEncodeError('QR payload too long');
  sink.push(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0); // model 2
  sink.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, Math.min(16, Math.max(1, moduleSize)));
  sink.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, QR_LEVEL_CODES[level]);
  sink.push(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30);
  sink.append(data);
  sink.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
}

/** A 1-bit image, rows of `widthBytes` bytes, most significant bit leftmost, 1 = black. */
export interface Bitmap {
  widthBytes: number;
  height: number;
  bits: Uint8Array;
}

/** Modules of white a scanner needs around a QR code. */
const QR_QUIET_MODULES = 4;

/**
 * The QR as a 1-bit raster image (GS v 0) with `moduleDots` dots a module and no quiet zone: the
 * one above and below is fed as paper (ESC J, `quietDots`), the one beside it is the paper around
 * the centred image, so no white is sent.
 */
export function qrRaster(data: string, level: QrErrorLevel, moduleDots: number): Bitmap & { quietDots: number } {
  return rasterOf(qrcode.create(data, { errorCorrectionLevel: level }).modules, moduleDots);
}

function rasterOf(matrix: BitMatrix, moduleDots: number): Bitmap & { quietDots: number } {
  const modules = matrix.size;
  const side = modules * moduleDots;
  const widthBytes = Math.ceil(side / 8);
  const bits = new Uint8Array(widthBytes * side);
  for (let y = 0; y < side; y++) {
    const my = Math.floor(y / moduleDots);
    for (let x = 0; x < side; x++) {
      if (matrix.data[my * modules + Math.floor(x / moduleDots)]) bits[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { widthBytes, height: side, bits, quietDots: QR_QUIET_MODULES * moduleDots };
}

/** GS v 0 m = 3 prints every dot as 2 × 2. */
const QUADRUPLE = 3;
/**
 * Dots a module sent in a raster at most: bytes grow with the square of it, and at 9600 baud a
 * 6-dot ticket QR took 15 s. 4 dots (0.5 mm at 203 dpi) is well within what lane scanners read.
 */
const MAX_SENT_MODULE_DOTS = 4;

function encodeQrRaster(sink: ByteSink, data: string, level: QrErrorLevel, moduleSize: number, profile: PrinterProfile): void {
  const matrix = qrcode.create(data, { errorCorrectionLevel: level }).modules;
  const modules = matrix.size;
  // As large as asked, but never wider than the paper with its quiet zone.
  const printedDots = Math.max(1, Math.min(moduleSize, Math.floor(profile.dotsPerLine / (modules + 2 * QR_QUIET_MODULES))));
  // A scaling printer gets the image at half size; an odd module size is rounded down to stay within the head.
  const scale = profile.rasterScaling && printedDots >= 2 ? 2 : 1;
  const image = rasterOf(matrix, Math.min(MAX_SENT_MODULE_DOTS, Math.floor(printedDots / scale)));
  const feedDots = image.quietDots * scale;
  sink.push(ESC, 0x4a, feedDots);
  appendRaster(sink, image, scale === 2 ? QUADRUPLE : 0);
  sink.push(ESC, 0x4a, feedDots);
}

function appendRaster(sink: ByteSink, { widthBytes, height, bits }: Bitmap, mode: number): void {
  sink.push(GS, 0x76, 0x30, mode, widthBytes & 0xff, widthBytes >> 8, height & 0xff, height >> 8);
  sink.append(bits);
}

function encodeCode128(sink: ByteSink, data: string, height: number, profile: PrinterProfile): boolean {
  const plan = planCode128(data);
  const moduleWidth = profile.barcodes ? fitModuleWidth(plan.modules, profile.dotsPerLine) : null;
  if (moduleWidth === null) return false;
  sink.push(GS, 0x68, Math.min(255, Math.max(1, height)), GS, 0x77, moduleWidth, GS, 0x48, 2); // HRI below
  sink.push(GS, 0x6b, 73, plan.payload.length, ...plan.payload);
  return true;
}

function chineseMode(profile: PrinterProfile): number[] {
  switch (profile.chineseMode) {
    case 'fs-and':
      return CHINESE_MODE_ON;
    case 'fs-c':
      return [...CHINESE_MODE_ON, FS, 0x43, profile.codeSystem ?? 0];
    case 'none':
      return [];
  }
}

/** Draws one line of text as it should print, at most `maxDots` wide (src/hardware/text-raster.ts in a browser). */
export type TextDrawer = (text: string, style: TextStyle, maxDots: number) => Bitmap;

export interface EncodeOptions {
  /** For profiles that draw unprintable characters; without it they are substituted. */
  drawText?: TextDrawer;
}

export interface EncodeResult {
  bytes: Uint8Array;
  /** Distinct characters the printer cannot print: substituted, or drawn as images (see rasterLines). */
  unprintable: string[];
  /** Lines sent as images because they hold unprintable characters. */
  rasterLines: number;
  /** Barcode data left out: too wide for the head even at the narrowest module, or no barcodes on the model. */
  droppedBarcodes: string[];
}

/** Encodes a document; throws EscPosEncodeError or Code128Error for data no printer could take (the driver turns that into a rejection). */
export function encodeDocument(blocks: readonly Block[], profile: PrinterProfile, options: EncodeOptions = {}): EncodeResult {
  const sink = new ByteSink();
  const style = new StyleState();
  const unprintable = new Set<string>();
  const droppedBarcodes: string[] = [];
  let rasterLines = 0;
  const drawText = profile.unprintable === 'raster' ? options.drawText : undefined;
  sink.push(...INITIALIZE, ...chineseMode(profile));
  for (const block of blocks) {
    switch (block.kind) {
      case 'text': {
        style.apply(sink, block.style);
        const columns = Math.max(1, Math.floor(profile.columns / clampMagnification(block.style.width)));
        for (const text of wrapToWidth(sanitiseText(block.text), columns)) {
          const printable = printableText(text, profile);
          printable.unprintable.forEach((c) => unprintable.add(c));
          if (drawText && printable.unprintable.length > 0) {
            appendRaster(sink, drawText(text, block.style, profile.dotsPerLine), 0);
            rasterLines += 1;
          } else {
            sink.append(encodeGb18030(printable.text).bytes);
            sink.push(LF);
          }
        }
        break;
      }
      case 'qr':
        style.apply(sink, { align: block.align });
        if (profile.nativeQr) encodeQrNative(sink, new TextEncoder().encode(block.data), block.moduleSize, block.level);
        else encodeQrRaster(sink, block.data, block.level, block.moduleSize, profile);
        break;
      case 'barcode':
        style.apply(sink, { align: block.align });
        if (!encodeCode128(sink, block.data, block.height, profile)) droppedBarcodes.push(block.data);
        break;
      case 'feed':
        sink.push(ESC, 0x64, Math.min(255, Math.max(0, block.lines)));
        break;
      case 'cut':
        sink.push(ESC, 0x64, profile.feedBeforeCut);
        if (profile.cutter !== 'none') sink.push(GS, 0x56, block.partial && profile.cutter === 'partial' ? 1 : 0);
        break;
    }
  }
  return { bytes: sink.bytes(), unprintable: [...unprintable], rasterLines, droppedBarcodes };
}
