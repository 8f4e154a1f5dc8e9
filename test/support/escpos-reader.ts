/**
 * A test oracle: an ESC/POS reader written from the command reference for these tests alone (not
 * the virtual printer's parser, not the encoder). It measures what would reach paper: the printed
 * width of every text line counted from the GB18030 byte structure (one column a single byte, two a
 * multi-byte character, times the magnification), barcode widths in dots from the CODE128 symbols,
 * raster images as printed (GS v 0 doubling applied), the native QR store, cuts, and every control
 * byte that lands in text or a command it does not know.
 */

export interface PrintedLine {
  bytes: Uint8Array;
  /** Display width at normal size times the character width magnification. */
  columns: number;
}

export interface RasterImage {
  widthDots: number;
  height: number;
  /** Whether the dot at (x, y) is black. */
  black(x: number, y: number): boolean;
  /** Bytes the command took on the wire. */
  wireBytes: number;
}

export interface Paper {
  lines: PrintedLine[];
  nativeQr: string[];
  rasters: RasterImage[];
  barcodes: Array<{ text: string; modules: number; moduleWidth: number; dots: number }>;
  cuts: number;
  /** Commands this reader does not know, or C0 bytes in text: both mean bytes the printer would act on unexpectedly. */
  problems: string[];
  /** FS & / FS C seen before any text. */
  chineseMode: string[];
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** Printed columns of GB18030 bytes: ASCII one, a two- or four-byte character two. */
function gbColumns(bytes: Uint8Array): number {
  let columns = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      columns += 1;
      i += 1;
    } else {
      const four = bytes[i + 1]! >= 0x30 && bytes[i + 1]! <= 0x39;
      columns += 2;
      i += four ? 4 : 2;
    }
  }
  return columns;
}

/** Symbols in a GS k 73 payload: `{A`/`{B`/`{C` switch (a symbol, except the first), a set C byte is one symbol, `{{` one. */
function code128(payload: Uint8Array): { text: string; modules: number } {
  let set = '';
  let symbols = 0;
  let text = '';
  for (let i = 0; i < payload.length; i++) {
    const b = payload[i]!;
    if (b === 0x7b && payload[i + 1] !== 0x7b) {
      if (set) symbols += 1;
      set = String.fromCharCode(payload[++i]!);
      continue;
    }
    if (b === 0x7b) i += 1;
    symbols += 1;
    text += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  // Start and check symbols at 11 modules each, the stop pattern 13.
  return { text, modules: (symbols + 2) * 11 + 13 };
}

export function readEscPos(bytes: Uint8Array): Paper {
  const paper: Paper = { lines: [], nativeQr: [], rasters: [], barcodes: [], cuts: 0, problems: [], chineseMode: [] };
  let text: number[] = [];
  let widthMagnification = 1;
  let moduleWidth = 3; // the printer's default GS w
  let qrStore = new Uint8Array(0);
  const endLine = () => {
    const line = new Uint8Array(text);
    paper.lines.push({ bytes: line, columns: gbColumns(line) * widthMagnification });
    text = [];
  };
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const next = bytes[i + 1];
    if (b === 0x0a) {
      endLine();
      i += 1;
    } else if (b === 0x1b) {
      if (next === 0x40) i += 2;
      else if (next !== undefined && [0x61, 0x45, 0x64, 0x4a, 0x21].includes(next)) {
        if (next === 0x21) widthMagnification = bytes[i + 2]! & 0x20 ? 2 : 1;
        i += 3;
      } else {
        paper.problems.push(`ESC ${hex(next ?? 0)} at ${i}`);
        i += 2;
      }
    } else if (b === 0x1c) {
      if (next === 0x26) {
        paper.chineseMode.push('FS &');
        i += 2;
      } else if (next === 0x43) {
        paper.chineseMode.push(`FS C ${bytes[i + 2]}`);
        i += 3;
      } else {
        paper.problems.push(`FS ${hex(next ?? 0)} at ${i}`);
        i += 2;
      }
    } else if (b === 0x1d) {
      switch (next) {
        case 0x21:
          widthMagnification = ((bytes[i + 2]! >> 4) & 7) + 1;
          i += 3;
          break;
        case 0x61:
        case 0x68:
        case 0x48:
          i += 3;
          break;
        case 0x77:
          moduleWidth = bytes[i + 2]!;
          i += 3;
          break;
        case 0x56: {
          paper.cuts += 1;
          i += bytes[i + 2] === 65 || bytes[i + 2] === 66 ? 4 : 3;
          break;
        }
        case 0x28: {
          const length = u16(i + 3);
          if (bytes[i + 2] === 0x6b && bytes[i + 5] === 0x31) {
            if (bytes[i + 6] === 0x50) qrStore = bytes.slice(i + 8, i + 5 + length);
            if (bytes[i + 6] === 0x51) paper.nativeQr.push(new TextDecoder().decode(qrStore));
          } else paper.problems.push(`GS ( ${hex(bytes[i + 2]!)} at ${i}`);
          i += 5 + length;
          break;
        }
        case 0x76: {
          const m = bytes[i + 3]! % 48;
          const widthBytes = u16(i + 4);
          const rows = u16(i + 6);
          const data = bytes.slice(i + 8, i + 8 + widthBytes * rows);
          const sx = m & 1 ? 2 : 1;
          const sy = m & 2 ? 2 : 1;
          paper.rasters.push({
            widthDots: widthBytes * 8 * sx,
            height: rows * sy,
            black: (x, y) => {
              const dx = Math.floor(x / sx);
              return (data[Math.floor(y / sy) * widthBytes + (dx >> 3)]! & (0x80 >> (dx & 7))) !== 0;
            },
            wireBytes: 8 + data.length,
          });
          i += 8 + widthBytes * rows;
          break;
        }
        case 0x6b: {
          if (bytes[i + 2] !== 73) paper.problems.push(`GS k ${bytes[i + 2]} (not CODE128) at ${i}`);
          const n = bytes[i + 3]!;
          const symbol = code128(bytes.slice(i + 4, i + 4 + n));
          paper.barcodes.push({ ...symbol, moduleWidth, dots: symbol.modules * moduleWidth });
          i += 4 + n;
          break;
        }
        default:
          paper.problems.push(`GS ${hex(next ?? 0)} at ${i}`);
          i += 2;
      }
    } else if (b === 0x10 && next === 0x04) {
      i += 3;
    } else if (b < 0x20 || b === 0x7f) {
      paper.problems.push(`control byte ${hex(b)} in text at ${i}`);
      i += 1;
    } else {
      text.push(b);
      i += 1;
    }
  }
  if (text.length) endLine();
  return paper;
}

/** RGBA pixels of a raster on white paper `margin` dots wide all round (the fed quiet zone), for jsQR. */
export function rasterPixels(image: RasterImage, margin = 32): { rgba: Uint8ClampedArray; width: number; height: number } {
  const width = image.widthDots + 2 * margin;
  const height = image.height + 2 * margin;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.widthDots; x++) {
      if (!image.black(x, y)) continue;
      const at = ((y + margin) * width + x + margin) * 4;
      rgba.fill(0, at, at + 3);
    }
  }
  return { rgba, width, height };
}
