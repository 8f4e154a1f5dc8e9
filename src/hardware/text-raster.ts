/**
 * Draws a line of text as a 1-bit image with the browser's fonts, for characters the printer's own
 * font lacks (see PrinterProfile.unprintable). 24 dots a line at normal size, as font A.
 */
import type { Bitmap, TextDrawer } from './escpos/encoder.js';
import type { TextStyle } from './escpos/document.js';

const LINE_DOTS = 24;
const FONT_FAMILY = "'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Source Han Sans SC', sans-serif";

/** A TextDrawer on an OffscreenCanvas, or undefined where there is none (Node). */
export function canvasTextDrawer(): TextDrawer | undefined {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  return (text: string, style: TextStyle, maxDots: number): Bitmap => {
    const height = LINE_DOTS * style.height;
    const font = `${style.bold ? 'bold ' : ''}${LINE_DOTS - 2}px ${FONT_FAMILY}`;
    const measure = new OffscreenCanvas(1, 1).getContext('2d')!;
    measure.font = font;
    const width = Math.min(maxDots, Math.max(8, Math.ceil(measure.measureText(text).width * style.width)));
    const widthBytes = Math.ceil(width / 8);
    const canvas = new OffscreenCanvas(widthBytes * 8, height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(style.width, style.height);
    context.font = font;
    context.fillStyle = '#000';
    context.textBaseline = 'middle';
    // A line wider than the head is condensed to fit (fillText's maxWidth), never clipped: every character reaches the paper.
    context.fillText(text, 0, LINE_DOTS / 2, maxDots / style.width);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const bits = new Uint8Array(widthBytes * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < canvas.width; x++) {
        // Dark enough is ink; anti-aliased edges below half are paper.
        if (pixels[(y * canvas.width + x) * 4]! < 128) bits[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    return { widthBytes, height, bits };
  };
}
