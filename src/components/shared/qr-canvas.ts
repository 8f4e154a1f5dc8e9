/**
 * QR codes on a canvas, dark on white with a quiet zone, from qrcode's encoder alone. Its main entry
 * would bring its renderers' options, SVG and data-URL code along, which every page with a pay QR
 * (the partner widget above all) would download for nothing. The pixels are the ones qrcode's
 * canvas renderer draws for the same margin and width.
 */
import qrcode from 'qrcode/lib/core/qrcode.js';

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** A QR symbol's modules, row by row, truthy for dark. */
export interface QrModules {
  size: number;
  data: ArrayLike<number>;
}

export interface QrDrawing {
  errorCorrectionLevel: QrErrorCorrection;
  /** The quiet zone around the symbol, in modules. */
  margin: number;
  /** The image's edge in pixels (at least one pixel a module). */
  width: number;
}

/** The square RGBA image of a symbol: `edge` pixels a side, each pixel the module under it, the quiet zone white. */
export function qrPixels(modules: QrModules, { margin, width }: Omit<QrDrawing, 'errorCorrectionLevel'>): { edge: number; rgba: Uint8ClampedArray<ArrayBuffer> } {
  const cells = modules.size + margin * 2;
  const scale = Math.max(width, cells) / cells;
  const edge = Math.floor(cells * scale);
  const quiet = margin * scale;
  const rgba = new Uint8ClampedArray(edge * edge * 4).fill(255);
  for (let y = 0; y < edge; y++) {
    for (let x = 0; x < edge; x++) {
      const inSymbol = y >= quiet && x >= quiet && y < edge - quiet && x < edge - quiet;
      if (inSymbol && modules.data[Math.floor((y - quiet) / scale) * modules.size + Math.floor((x - quiet) / scale)]) {
        rgba.fill(0, (y * edge + x) * 4, (y * edge + x) * 4 + 3);
      }
    }
  }
  return { edge, rgba };
}

/** Encodes `text` and draws it on `canvas`, which takes the image's size (its CSS size is the page's to set). Throws when `text` does not fit in a QR code. */
export function drawQrCode(canvas: HTMLCanvasElement, text: string, drawing: QrDrawing): void {
  const { modules } = qrcode.create(text, { errorCorrectionLevel: drawing.errorCorrectionLevel });
  const { edge, rgba } = qrPixels(modules, drawing);
  canvas.width = edge;
  canvas.height = edge;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, edge, edge), 0, 0);
}
