/** Reads a QR code back from a PNG screenshot with jsQR, an oracle independent of the qrcode package. */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodeQrFromPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return result?.data ?? null;
}
