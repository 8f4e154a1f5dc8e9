import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { qrPixels, type QrErrorCorrection } from '../../src/components/shared/qr-canvas.js';

/** qrcode's own canvas renderer, pixel by pixel: what lane-pay-qr and lane-receipt-preview drew before. */
const renderer = createRequire(import.meta.url)('qrcode/lib/renderer/utils.js') as {
  getOptions(options: { margin: number; width: number }): unknown;
  getImageWidth(size: number, options: unknown): number;
  qrToImageData(data: Uint8ClampedArray, qr: QRCode.QRCode, options: unknown): void;
};

const PAY_URL = 'https://pay.example.com/lots/demo/bills/8c6f0e4a-5b1d-4d1e-9a51-3f2f0c7d9e21?amount=1250';

const drawings: Array<{ level: QrErrorCorrection; margin: number; width: number; text: string }> = [
  { level: 'M', margin: 4, width: 640, text: PAY_URL }, // lane-pay-qr
  { level: 'L', margin: 2, width: 192, text: 'https://lot.example.com/r/0001' }, // lane-receipt-preview
  { level: 'H', margin: 2, width: 192, text: '沪A12345 出场凭证 2026-12-03' },
  { level: 'Q', margin: 4, width: 640, text: 'x'.repeat(600) },
];

test('qrPixels draws the pixels qrcode’s canvas renderer draws for the same margin and width', () => {
  for (const { level, margin, width, text } of drawings) {
    const qr = QRCode.create(text, { errorCorrectionLevel: level });
    const options = renderer.getOptions({ margin, width });
    const edge = renderer.getImageWidth(qr.modules.size, options);
    const expected = new Uint8ClampedArray(edge * edge * 4);
    renderer.qrToImageData(expected, qr, options);

    const drawn = qrPixels(qr.modules, { margin, width });
    assert.equal(drawn.edge, edge, `${level} ${width}px: edge`);
    assert.ok(Buffer.from(drawn.rgba).equals(Buffer.from(expected)), `${level} ${width}px: the same pixels`);
  }
});

test('what qrPixels draws reads back as the text, by jsQR', () => {
  for (const { level, margin, width, text } of drawings.slice(0, 2)) {
    const drawn = qrPixels(QRCode.create(text, { errorCorrectionLevel: level }).modules, { margin, width });
    assert.equal(jsQR(drawn.rgba, drawn.edge, drawn.edge)?.data, text, `${level} ${width}px`);
  }
});

test('a width smaller than the symbol still gives every module a pixel, and the quiet zone stays white', () => {
  const modules = QRCode.create(PAY_URL, { errorCorrectionLevel: 'M' }).modules;
  const drawn = qrPixels(modules, { margin: 4, width: 10 });
  assert.equal(drawn.edge, modules.size + 8);
  const dark = (x: number, y: number) => drawn.rgba[(y * drawn.edge + x) * 4] === 0;
  for (let i = 0; i < drawn.edge; i++) assert.ok(!dark(i, 0) && !dark(0, i) && !dark(i, 3) && !dark(3, i), 'quiet zone');
  assert.ok(dark(4, 4), 'the finder pattern’s corner is dark');
  assert.equal(jsQR(drawn.rgba, drawn.edge, drawn.edge)?.data, PAY_URL);
});
