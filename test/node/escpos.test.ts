/**
 * ESC/POS and GB18030 against independent oracles: iconv-lite for the bytes, the platform's
 * GB18030 decoder inside the virtual printer's parser for the round trip, jsQR for raster QR codes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import jsQR from 'jsqr';
import { barcode, cut, line, qr, type Block } from '../../src/hardware/escpos/document.js';
import { encodeDocument } from '../../src/hardware/escpos/encoder.js';
import { labelValueLines } from '../../src/hardware/escpos/layout.js';
import { GENERIC_58MM, GENERIC_58MM_RASTER, GENERIC_80MM } from '../../src/hardware/escpos/profiles.js';
import { displayWidth, encodeGb18030 } from '../../src/hardware/gb18030.js';
import { exitReceipt } from '../../src/hardware/receipts.js';
import { EscPosParser, type PrintedBlock } from '../../src/hardware/virtual/escpos-parser.js';
import { STANDARD_RECEIPT } from '../helpers/fixtures.js';

/**
 * Code points whose mapping GB18030-2022 changed from GB18030-2005. Browsers (and our encoder,
 * derived from TextDecoder) follow 2022; iconv-lite follows 2005. Printer fonts hold the glyph at
 * the two-byte code, which is what the 2022 mapping sends.
 */
const GB18030_2022_CHANGES = new Set([
  ...Array.from({ length: 8 }, (_, i) => 0x9fb4 + i),
  ...Array.from({ length: 10 }, (_, i) => 0xfe10 + i),
  0xe5e5,
  ...Array.from({ length: 10 }, (_, i) => 0xe78d + i),
  0xe81e, 0xe826, 0xe82b, 0xe82c, 0xe832, 0xe843, 0xe854, 0xe864,
]);

test('GB18030: every BMP character matches iconv-lite byte for byte, apart from the 2022 remapping', () => {
  let compared = 0;
  const mismatches: string[] = [];
  for (let cp = 0x80; cp <= 0xffff; cp++) {
    if ((cp >= 0xd800 && cp <= 0xdfff) || GB18030_2022_CHANGES.has(cp)) continue;
    const char = String.fromCharCode(cp);
    const ours = Buffer.from(encodeGb18030(char).bytes);
    const oracle = iconv.encode(char, 'gb18030');
    compared += 1;
    if (!ours.equals(oracle)) mismatches.push(`U+${cp.toString(16)} ${ours.toString('hex')}≠${oracle.toString('hex')}`);
  }
  assert.deepEqual(mismatches.slice(0, 10), []);
  assert.ok(compared > 63_000, `compared ${compared} characters`);
});

test('GB18030: the four-byte ranges, supplementary planes and receipt text match iconv-lite', () => {
  const samples = [
    '¥', '€', '©', '°', 'é', 'ü', 'Ω', 'ё', '‰', '…', '℃', '①', '㐀', '䶵', '龥', 'ㄅ', 'ｶ', '￥', '　',
    '𠀀', '𠀁', '𪛖', '𫠝', '😀', '🚗', '\u{10FFFF}',
    '泊云示范停车场 1号出口 沪A12345 入场 2026-11-23 06:40:07 应收 ￥15.00 实收 谢谢惠顾 一路顺风',
  ];
  for (let cp = 0x20000; cp < 0x2a6df; cp += 97) samples.push(String.fromCodePoint(cp));
  for (let cp = 0x1f300; cp < 0x1faff; cp += 13) samples.push(String.fromCodePoint(cp));
  for (const text of samples) {
    assert.deepEqual(Buffer.from(encodeGb18030(text).bytes), iconv.encode(text, 'gb18030'), text);
  }
  assert.deepEqual([...encodeGb18030('¥').bytes], [0x81, 0x30, 0x84, 0x36], 'U+00A5 is four bytes');
  assert.deepEqual([...encodeGb18030('￥').bytes], [0xa3, 0xa4], 'full-width ￥ is two');
  assert.deepEqual(encodeGb18030('a\uD800b'), { bytes: new Uint8Array([0x61, 0x3f, 0x62]), unmappable: 1 });
});

test('layout counts CJK as two columns', () => {
  assert.equal(displayWidth('沪A12345'), 8);
  const [row, ...more] = labelValueLines('入场', '2026-11-23 06:40:07', 32);
  assert.deepEqual(more, []);
  assert.equal(displayWidth(row!), 32);
  assert.ok(row!.startsWith('入场 ') && row!.endsWith('06:40:07'));
  assert.equal(displayWidth(labelValueLines('停车时长', '1天2小时10分钟', 48)[0]!), 48);
});

function parse(bytes: Uint8Array, chunk = bytes.length): { blocks: PrintedBlock[]; parser: EscPosParser } {
  const blocks: PrintedBlock[] = [];
  const parser = new EscPosParser({ block: (b) => blocks.push(b), statusRequest: () => {}, autoStatusBack: () => {} });
  for (let at = 0; at < bytes.length; at += chunk) parser.push(bytes.subarray(at, at + chunk));
  return { blocks, parser };
}

const receipt = exitReceipt(STANDARD_RECEIPT, GENERIC_58MM);

test('the virtual printer reads back exactly what the encoder was given, however the bytes are chunked', () => {
  const { bytes, unprintable } = encodeDocument(receipt, GENERIC_58MM);
  assert.deepEqual(unprintable, []);
  const expected = receipt.filter((b) => b.kind !== 'cut').map((b) => (b.kind === 'text' ? { kind: 'text', text: b.text, style: b.style } : b));
  for (const chunk of [bytes.length, 64, 7, 1]) {
    const { blocks, parser } = parse(bytes, chunk);
    assert.equal(parser.unknownCommands, 0);
    const printed = blocks.filter((b) => b.kind !== 'feed' && b.kind !== 'cut');
    assert.deepEqual(printed, expected, `chunked by ${chunk}`);
    assert.equal(blocks.at(-1)!.kind, 'feed', '58 mm has no cutter: the paper is fed out instead');
  }
  const lines = expected.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
  assert.ok(lines.includes(labelValueLines('车牌号', '沪A12345', 32)[0]!));
  assert.ok(lines.includes(labelValueLines('实收', '￥15.00', 32)[0]!));
});

test('the standard exit receipt stays under 600 bytes with a native QR', () => {
  const { bytes } = encodeDocument(receipt, GENERIC_58MM);
  assert.ok(bytes.length < 600, `${bytes.length} bytes`);
  const withCutter = encodeDocument(receipt, GENERIC_80MM).bytes;
  assert.deepEqual([...withCutter.slice(-3)], [0x1d, 0x56, 1], '80 mm ends with a partial cut');
});

test('styles, barcodes and cuts survive the round trip', () => {
  const doc: Block[] = [
    line('大字', { align: 'center', bold: true, width: 2, height: 2 }),
    line('right', { align: 'right' }),
    barcode('T20261123-0042', { height: 80 }),
    cut(false),
  ];
  const { blocks } = parse(encodeDocument(doc, GENERIC_80MM).bytes);
  assert.deepEqual(blocks[0], { kind: 'text', text: '大字', style: { align: 'center', bold: true, width: 2, height: 2 } });
  assert.deepEqual(blocks[1], { kind: 'text', text: 'right', style: { align: 'right', bold: false, width: 1, height: 1 } });
  assert.deepEqual(blocks[2], { kind: 'barcode', data: 'T20261123-0042', align: 'center', height: 80 });
  assert.deepEqual(blocks.at(-1), { kind: 'cut', partial: false });
});

test('without native QR support the code goes out as a raster that jsQR reads back', () => {
  const payload = 'LKT1.eyJ0IjoiVDIwMjYxMTIzMDA0MiJ9.c2lnbmF0dXJl';
  const native = encodeDocument([qr(payload)], GENERIC_58MM).bytes;
  const raster = encodeDocument([qr(payload)], GENERIC_58MM_RASTER).bytes;
  assert.equal(native.length, 4 + 3 + 41 + payload.length, 'init and Chinese mode, centring, 41 bytes of QR commands, the payload');
  assert.ok(raster.length > 10 * native.length);
  const block = parse(raster).blocks.find((b) => b.kind === 'raster');
  assert.ok(block && block.kind === 'raster');
  const width = block.widthBytes * 8;
  assert.ok(width <= GENERIC_58MM.dotsPerLine);
  const rgba = new Uint8ClampedArray(width * block.height * 4);
  for (let y = 0; y < block.height; y++) {
    for (let x = 0; x < width; x++) {
      const black = (block.bits[y * block.widthBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
      rgba.fill(black ? 0 : 255, (y * width + x) * 4, (y * width + x) * 4 + 3);
      rgba[(y * width + x) * 4 + 3] = 255;
    }
  }
  assert.equal(jsQR(rgba, width, block.height)?.data, payload);
});
