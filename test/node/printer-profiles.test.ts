/**
 * Every receipt, ticket and self-test page for every printer profile, read back by the tests' own
 * ESC/POS reader (test/support/escpos-reader.ts) and checked against independent oracles: line
 * widths counted from the GB18030 byte structure, the text round-tripped through iconv-lite, the QR
 * payload from the native store or decoded from the raster by jsQR, barcodes within the head.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { fitModuleWidth, planCode128 } from '../../src/hardware/escpos/code128.js';
import { barcode, cut, line, type Block } from '../../src/hardware/escpos/document.js';
import { encodeDocument } from '../../src/hardware/escpos/encoder.js';
import { EPSON_TM_T20, GENERIC_58MM, GENERIC_80MM, POS_5890, PRINTER_PROFILES, profileById, type PrinterProfile } from '../../src/hardware/escpos/profiles.js';
import { labelValueLines } from '../../src/hardware/escpos/layout.js';
import { wrapToWidth } from '../../src/hardware/escpos/text.js';
import { displayWidth } from '../../src/hardware/gb18030.js';
import { entryTicket, exitReceipt, profileSelfTest, staffReleaseReceipt, type ExitReceiptData } from '../../src/hardware/receipts.js';
import { rasterPixels, readEscPos, type Paper } from '../support/escpos-reader.js';
import { STANDARD_RECEIPT, STANDARD_TICKET } from '../helpers/fixtures.js';


/** A receipt built to break a careless layout: long order id, a 19-character lot name, control bytes, unprintable characters. */
const HOSTILE_RECEIPT: ExitReceiptData = {
  ...STANDARD_RECEIPT,
  lotName: '泊云示范停车场东区地下二层停车库入口A',
  laneName: '1号出口\x1dV\x00切纸',
  orderId: 'QZkj4UHethYV965dO-20261123-0042\x1bd\x09',
  plate: '沪A12345\uE000',
  channel: 'wechat㐀',
  discountFen: 500,
  paidBeforeFen: 200,
};

const decode = (bytes: Uint8Array) => iconv.decode(Buffer.from(bytes), 'gb18030');
const text = (paper: Paper) => paper.lines.map((l) => decode(l.bytes));

/** The checks every piece of paper must pass on its profile. */
function checkPaper(bytes: Uint8Array, profile: PrinterProfile, qrPayload: string | null): Paper {
  const paper = readEscPos(bytes);
  const where = profile.id;
  assert.deepEqual(paper.problems, [], `${where}: unknown commands or control bytes in text`);
  for (const l of paper.lines) assert.ok(l.columns <= profile.columns, `${where}: "${decode(l.bytes)}" is ${l.columns} columns, paper has ${profile.columns}`);
  for (const l of paper.lines) {
    assert.deepEqual(iconv.encode(decode(l.bytes), 'gb18030'), Buffer.from(l.bytes), `${where}: GB18030 round trip of "${decode(l.bytes)}"`);
    assert.ok(!decode(l.bytes).includes('?') && !decode(l.bytes).includes('\uFFFD'), `${where}: "${decode(l.bytes)}" has a silent replacement`);
  }
  const expectedMode = { 'fs-and': ['FS &'], 'fs-c': ['FS &', `FS C ${profile.codeSystem}`], none: [] }[profile.chineseMode];
  assert.deepEqual(paper.chineseMode, expectedMode, `${where}: Chinese mode`);
  for (const b of paper.barcodes) assert.ok(b.dots <= profile.dotsPerLine, `${where}: barcode ${b.text} is ${b.dots} dots, head ${profile.dotsPerLine}`);
  assert.equal(paper.cuts, profile.cutter === 'none' ? 0 : 1, `${where}: cuts`);
  if (qrPayload !== null) {
    if (profile.nativeQr) assert.deepEqual(paper.nativeQr, [qrPayload], `${where}: native QR`);
    else {
      assert.equal(paper.rasters.length, 1, `${where}: one raster QR`);
      const image = paper.rasters[0]!;
      assert.ok(image.widthDots <= profile.dotsPerLine, `${where}: raster ${image.widthDots} dots wide`);
      const { rgba, width, height } = rasterPixels(image);
      assert.equal(jsQR(rgba, width, height)?.data, qrPayload, `${where}: jsQR reads the raster`);
    }
  }
  return paper;
}

/** No four-byte GB18030 sequence in any text line. */
function doubleByteOnly(paper: Paper): boolean {
  return paper.lines.every((l) => {
    for (let i = 0; i < l.bytes.length; ) {
      if (l.bytes[i]! < 0x80) i += 1;
      else if (l.bytes[i + 1]! >= 0x30 && l.bytes[i + 1]! <= 0x39) return false;
      else i += 2;
    }
    return true;
  });
}

for (const profile of PRINTER_PROFILES) {
  test(`${profile.id}: the standard receipt, the ticket and the self-test read back right`, () => {
    const receipt = checkPaper(encodeDocument(exitReceipt(STANDARD_RECEIPT, profile), profile).bytes, profile, STANDARD_RECEIPT.receiptUrl!);
    assert.ok(text(receipt).some((t) => t.includes('沪A12345')) && text(receipt).some((t) => t.includes('￥15.00')));
    const ticket = checkPaper(encodeDocument(entryTicket(STANDARD_TICKET, profile), profile).bytes, profile, STANDARD_TICKET.qrPayload);
    assert.ok(text(ticket).join('').includes(STANDARD_TICKET.ticketNo));
    const selfTest = encodeDocument(profileSelfTest(profile, { lane: 'exit-1', atMs: STANDARD_TICKET.enteredAtMs }), profile);
    const page = checkPaper(selfTest.bytes, profile, `lane-kiosk self-test ${profile.id}`);
    assert.ok(text(page).some((t) => t.length === profile.columns && /^1234567890/.test(t)), 'the column ruler fills the line exactly');
    assert.equal(page.barcodes.length, 1, 'the self-test barcode fits every head');
    assert.equal(page.barcodes[0]!.text, 'T2026112300420042123');
  });

  test(`${profile.id}: the staff release receipt (an IOU, a free pass, cash) reads back right, with no order id row`, () => {
    const bill = { plate: '沪A12345', enteredAtMs: Date.parse('2026-11-23T08:00:00+08:00'), exitAtMs: Date.parse('2026-11-23T10:05:00+08:00'), payableFen: 1500, discountFen: 0, paidFen: 0, note: '13800138000', staff: '王师傅' };
    const lane = { lotName: '泊云示范停车场东区地下二层停车库入口A', laneName: '1号出口' };
    for (const [settlement, amountFen, words] of [['iou', 0, '欠费登记（人工放行）'], ['free', 0, '人工免费放行'], ['cash', 1500, '现金（人工收费）']] as const) {
      const paper = checkPaper(encodeDocument(staffReleaseReceipt({ ...bill, settlement, amountFen }, lane, profile), profile).bytes, profile, null);
      const all = text(paper).join('\n');
      assert.ok(all.includes(words) && all.includes('2小时5分钟') && all.includes('沪A12345'), all);
      assert.ok(!all.includes('单号'));
    }
  });

  test(`${profile.id}: a hostile receipt stays on the paper, uncut, with nothing silently lost`, () => {
    const { bytes, unprintable } = encodeDocument(exitReceipt(HOSTILE_RECEIPT, profile), profile);
    const paper = checkPaper(bytes, profile, STANDARD_RECEIPT.receiptUrl!);
    const all = text(paper).join('\n');
    // Wrapped, not truncated: the order id and the lot name are all on the paper, in order.
    assert.ok(text(paper).join('').replace(/\s/g, '').includes('QZkj4UHethYV965dO-20261123-0042d'), 'order id whole, its ESC byte gone');
    assert.ok(text(paper).join('').includes('泊云示范停车场东区地下二层停车库入口A'));
    assert.ok(all.includes('1号出口V切纸'), 'GS and NUL removed from the lane name');
    assert.ok(unprintable.includes('\uE000'), 'private use reported');
    assert.ok(all.includes(`沪A12345${profile.substitute}`), 'private use substituted');
    if (profile.fourByteGb18030) {
      assert.ok(all.includes('wechat㐀'), 'four-byte printed where the firmware has it');
      assert.ok(!unprintable.includes('㐀'));
    } else {
      assert.ok(unprintable.includes('㐀'), 'four-byte reported');
      assert.ok(doubleByteOnly(paper), 'no four-byte sequence reaches a double-byte printer');
    }
  });
}

test('a label/value row too long for 58 mm puts its value, whole and right-aligned, on the next line', () => {
  const paper = readEscPos(encodeDocument(exitReceipt({ ...STANDARD_RECEIPT, orderId: 'QZkj4UHethYV965dO-20261123-0042' }, GENERIC_58MM), GENERIC_58MM).bytes);
  const lines = text(paper);
  const at = lines.findIndex((t) => t === '单号');
  assert.ok(at >= 0, 'the label alone on its line');
  assert.equal(lines[at + 1], ' QZkj4UHethYV965dO-20261123-0042', 'the value right-aligned below it');
});

test('wrapping counts CJK as two columns and prefers a space near the end', () => {
  assert.deepEqual(wrapToWidth('泊云示范停车场东区', 8), ['泊云示范', '停车场东', '区']);
  assert.deepEqual(wrapToWidth('abcde fghijk', 8), ['abcde', 'fghijk']);
  assert.deepEqual(wrapToWidth('ab cdefghijkl', 8), ['ab cdefg', 'hijkl'], 'a space in the first half is not worth a short line');
  assert.deepEqual(wrapToWidth('𠀀𠀀𠀀', 3), ['𠀀', '𠀀', '𠀀']);
});

test('wrapping feeds no empty line after text that ends in spaces or a character wider than the line', () => {
  assert.deepEqual(wrapToWidth('abcdef   ', 6), ['abcdef']);
  assert.deepEqual(wrapToWidth('泊云停车场 ', 10), ['泊云停车场']);
  assert.deepEqual(wrapToWidth('x𠀀', 1), ['x', '𠀀']);
  assert.deepEqual(wrapToWidth('', 8), [''], 'an empty line is still a line');
});

test('a label/value row with control bytes in its value is measured as printed: the value ends at the last column', () => {
  for (const columns of [32, 42, 48]) {
    const [row, ...more] = labelValueLines('单号', 'Q42\u001dV\u0001-0042\u200b', columns);
    assert.deepEqual(more, []);
    assert.equal(displayWidth(row!), columns);
    assert.ok(row!.endsWith(' Q42V-0042'), JSON.stringify(row));
  }
});

test('CODE128 uses set C for digit runs: the 19-character ticket number fits 58 mm at module width 2', () => {
  const plan = planCode128('T2026112300420042123');
  // Start B, "T", switch to C, 9 digit pairs, switch to B, "3", check: 14 symbols, stop 13 modules.
  assert.equal(plan.modules, 14 * 11 + 13);
  assert.equal(fitModuleWidth(plan.modules, 384), 2);
  assert.equal(fitModuleWidth(planCode128('T202611230042004212').modules, 576), 3);
  const allDigits = planCode128('20261123004200421234');
  assert.deepEqual(allDigits.payload.slice(0, 2), [0x7b, 0x43], 'starts in set C');
  assert.equal(allDigits.modules, (1 + 10 + 1) * 11 + 13);
  assert.deepEqual(planCode128('{a').payload, [0x7b, 0x42, 0x7b, 0x7b, 0x61], '"{" is escaped');
  assert.equal(fitModuleWidth(planCode128('X'.repeat(40)).modules, 384), null);
  assert.throws(() => planCode128('票号'), /printable ASCII/);
});

test('a barcode too wide for the head is left out and reported; the same barcode on 80 mm prints', () => {
  const doc: Block[] = [line('x'), barcode('ABCDEFGHIJKLMNOPQRST'), cut()];
  const narrow = encodeDocument(doc, GENERIC_58MM);
  assert.deepEqual(narrow.droppedBarcodes, ['ABCDEFGHIJKLMNOPQRST']);
  assert.equal(readEscPos(narrow.bytes).barcodes.length, 0);
  const wide = encodeDocument(doc, EPSON_TM_T20);
  assert.deepEqual(wide.droppedBarcodes, []);
  assert.equal(readEscPos(wide.bytes).barcodes[0]!.dots, 2 * (22 * 11 + 13));
});

test('a raster QR is far smaller than on main (14,947 bytes for the ticket): 4 dots a module at most, or sent at half size to a scaling printer', () => {
  const doc = entryTicket(STANDARD_TICKET, POS_5890);
  const unscaledProfile = { ...POS_5890, rasterScaling: false };
  const scaled = encodeDocument(doc, POS_5890).bytes;
  const unscaled = encodeDocument(doc, unscaledProfile).bytes;
  assert.ok(scaled.length < 3600 && unscaled.length < 6000, `${scaled.length} and ${unscaled.length} bytes`);
  const modules = QRCode.create(STANDARD_TICKET.qrPayload, { errorCorrectionLevel: 'M' }).modules.size;
  // The ticket asks for 6-dot modules: a scaling printer prints them from 3-dot data, the others get 4 dots.
  assert.equal(checkPaper(scaled, POS_5890, STANDARD_TICKET.qrPayload).rasters[0]!.height, modules * 6);
  assert.equal(checkPaper(unscaled, unscaledProfile, STANDARD_TICKET.qrPayload).rasters[0]!.height, modules * 4);
});

test('double-width text wraps at half the columns', () => {
  const paper = checkPaper(encodeDocument([line('ABCDEFGHIJKLMNOPQRSTUVWXYZ 泊云示范停车场', { width: 2, height: 2 }), cut()], GENERIC_58MM).bytes, GENERIC_58MM, null);
  assert.deepEqual(paper.lines.map((l) => l.columns), [32, 20, 28], '16 letters; 10 letters broken at the space; 7 CJK characters');
  assert.equal(text(paper).join(''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ泊云示范停车场');
});

test('a profile id from the settings picks its profile; an unknown or missing one the generic 80 mm', () => {
  assert.equal(profileById('pos-5890'), POS_5890);
  assert.equal(profileById('tm-t1000'), GENERIC_80MM);
  assert.equal(profileById(undefined), GENERIC_80MM);
});
