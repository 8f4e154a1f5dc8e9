/**
 * Renders a Document to ESC/POS bytes for a printer profile: Chinese mode with GB18030 text,
 * native QR (GS ( k) or a raster fallback (GS v 0), CODE128, cuts.
 */
import QRCode from 'qrcode';
import { encodeGb18030 } from '../gb18030.js';
import type { Align, Block, QrErrorLevel, TextStyle } from './document.js';
import { CHINESE_MODE_ON, ESC, GS, INITIALIZE, LF, QR_LEVEL_CODES } from './commands.js';
import type { PrinterProfile } from './profiles.js';

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

/** The QR as a 1-bit raster image (GS v 0), with a 4-module quiet zone, for printers without GS ( k. */
export function qrRaster(data: string, level: QrErrorLevel, moduleDots: number): { widthBytes: number; height: number; bits: Uint8Array } {
  const code = QRCode.create(data, { errorCorrectionLevel: level });
  const modules = code.modules.size;
  const quiet = 4;
  const side = (modules + quiet * 2) * moduleDots;
  const widthBytes = Math.ceil(side / 8);
  const bits = new Uint8Array(widthBytes * side);
  for (let y = 0; y < side; y++) {
    const my = Math.floor(y / moduleDots) - quiet;
    if (my < 0 || my >= modules) continue;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / moduleDots) - quiet;
      if (mx < 0 || mx >= modules || !code.modules.data[my * modules + mx]) continue;
      bits[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { widthBytes, height: side, bits };
}

function encodeQrRaster(sink: ByteSink, data: string, level: QrErrorLevel, moduleSize: number, profile: PrinterProfile): void {
  const modules = QRCode.create(data, { errorCorrectionLevel: level }).modules.size;
  // As large as asked, but never wider than the paper.
  const moduleDots = Math.max(1, Math.min(moduleSize, Math.floor(profile.dotsPerLine / (modules + 8))));
  const { widthBytes, height, bits } = qrRaster(data, level, moduleDots);
  sink.push(GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, height & 0xff, height >> 8);
  sink.append(bits);
}

function encodeCode128(sink: ByteSink, data: string, height: number): void {
  if (!/^[\x20-\x7e]{1,250}$/.test(data)) throw new EscPosEncodeError('CODE128 data must be printable ASCII, at most 250 characters');
  const payload = [0x7b, 0x42, ...[...data].map((c) => c.charCodeAt(0))]; // "{B": code set B
  sink.push(GS, 0x68, Math.min(255, Math.max(1, height)), GS, 0x77, 2, GS, 0x48, 2);
  sink.push(GS, 0x6b, 73, payload.length, ...payload);
}

export interface EncodeResult {
  bytes: Uint8Array;
  /** Characters the printer cannot show (printed as "?"). */
  unmappable: number;
}

export function encodeDocument(blocks: readonly Block[], profile: PrinterProfile): EncodeResult {
  const sink = new ByteSink();
  const style = new StyleState();
  let unmappable = 0;
  sink.push(...INITIALIZE, ...CHINESE_MODE_ON);
  for (const block of blocks) {
    switch (block.kind) {
      case 'text': {
        style.apply(sink, block.style);
        const encoded = encodeGb18030(block.text.replace(/[\r\n]+/g, ' '));
        unmappable += encoded.unmappable;
        sink.append(encoded.bytes);
        sink.push(LF);
        break;
      }
      case 'qr':
        style.apply(sink, { align: block.align });
        if (profile.nativeQr) encodeQrNative(sink, new TextEncoder().encode(block.data), block.moduleSize, block.level);
        else encodeQrRaster(sink, block.data, block.level, block.moduleSize, profile);
        break;
      case 'barcode':
        style.apply(sink, { align: block.align });
        encodeCode128(sink, block.data, block.height);
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
  return { bytes: sink.bytes(), unmappable };
}
