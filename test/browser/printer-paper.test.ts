/**
 * What reaches the paper, through the printer driver, the byte-channel interface and the virtual
 * printer, read off the wire by the tests' own ESC/POS reader (test/support/escpos-reader.ts).
 */
import { expect } from '@esm-bundle/chai';
import { barcode, cut, line } from '../../src/hardware/escpos/document.js';
import { EPSON_TM_T20, GENERIC_58MM, GENERIC_80MM, POS_5890, XPRINTER_XP58, type PrinterProfile } from '../../src/hardware/escpos/profiles.js';
import { PrinterDriver, printIssue } from '../../src/hardware/printer-driver.js';
import { exitReceipt } from '../../src/hardware/receipts.js';
import { canvasTextDrawer } from '../../src/hardware/text-raster.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';
import { readEscPos } from '../support/escpos-reader.js';
import { STANDARD_RECEIPT } from '../helpers/fixtures.js';

const drivers: PrinterDriver[] = [];

async function printed(profile: PrinterProfile, blocks: Parameters<PrinterDriver['print']>[0]) {
  const printer = new VirtualPrinter('paper test', { recordWire: true });
  const driver = new PrinterDriver(printer.channel, { profile, statusTimeoutMs: 300, stallTimeoutMs: 400 });
  drivers.push(driver);
  await driver.start();
  const report = await driver.print(blocks);
  const paper = readEscPos(printer.wire());
  const gb = new TextDecoder('gb18030');
  return { printer, report, paper, lines: paper.lines.map((l) => gb.decode(l.bytes)) };
}

const LONG_ORDER_ID = 'QZkj4UHethYV965dO-20261123-0042';
const LONG_LOT_NAME = '泊云示范停车场东区地下二层停车库入口A'; // 19 characters, 38 columns

describe('paper from the printer driver (issue 27)', () => {
  afterEach(async () => {
    for (const driver of drivers.splice(0)) await driver.stop();
  });

  for (const profile of [GENERIC_58MM, GENERIC_80MM]) {
    it(`5: no line is wider than ${profile.columns} columns on ${profile.paperMm} mm, and nothing is cut off`, async () => {
      const { paper, lines } = await printed(profile, exitReceipt({ ...STANDARD_RECEIPT, lotName: LONG_LOT_NAME, orderId: LONG_ORDER_ID }, profile));
      const widest = Math.max(...paper.lines.map((l) => l.columns));
      expect(widest).to.be.at.most(profile.columns);
      const all = lines.join('').replace(/\s/g, '');
      expect(all).to.include(LONG_ORDER_ID);
      expect(all).to.include(LONG_LOT_NAME);
    });
  }

  it('6: a 19-character ticket number barcode fits the 384-dot head of 58 mm paper', async () => {
    const { paper, report } = await printed(GENERIC_58MM, [line('票号'), barcode('T2026112300420042123'), cut()]);
    expect(report.droppedBarcodes).to.deep.equal([]);
    expect(paper.barcodes).to.have.length(1);
    expect(paper.barcodes[0]!.text).to.equal('T2026112300420042123');
    expect(paper.barcodes[0]!.dots).to.be.at.most(384);
  });

  it('8: control bytes in an order id or lane name never reach the printer, and the receipt is cut once', async () => {
    const { printer, paper, lines } = await printed(GENERIC_80MM, exitReceipt({ ...STANDARD_RECEIPT, laneName: '1号出口\x1dV\x00', orderId: 'QZkj4\x1dV\x01UHeth' }, GENERIC_80MM));
    expect(paper.problems).to.deep.equal([]);
    expect(paper.cuts).to.equal(1);
    expect(printer.receipts).to.have.length(1);
    expect(lines.some((t) => t.endsWith('QZkj4VUHeth'))).to.equal(true);
  });

  it('10: characters the printer cannot print are reported by print() and substituted, never a silent "?"', async () => {
    const receipt = exitReceipt({ ...STANDARD_RECEIPT, plate: '沪A1234\uE000', laneName: '㐀号出口' }, POS_5890);
    const { report, lines, paper } = await printed(POS_5890, receipt);
    expect(report.unprintable).to.have.members(['\uE000', '㐀']);
    expect(lines.join('\n')).to.include('沪A1234□').and.include('□号出口');
    expect(lines.join('\n')).to.not.include('?');
    expect(paper.problems).to.deep.equal([]);
    expect(report.rasterLines).to.equal(0);
    // A printer with four-byte GB18030 prints 㐀; the private-use character is unprintable everywhere.
    const epson = await printed(EPSON_TM_T20, receipt);
    expect(epson.report.unprintable).to.deep.equal(['\uE000']);
    expect(epson.lines.join('\n')).to.include('㐀号出口');
  });

  it('what staff must hear of a printed job: characters the font lacks, a barcode left out; nothing for a clean one', async () => {
    const clean = await printed(GENERIC_58MM, exitReceipt(STANDARD_RECEIPT, GENERIC_58MM));
    expect(printIssue(clean.report)).to.equal(null);
    const lacking = await printed(POS_5890, exitReceipt({ ...STANDARD_RECEIPT, laneName: '㐀号出口\uE000' }, POS_5890));
    const issue = printIssue(lacking.report)!;
    expect(issue.reason).to.equal('unprintable');
    expect(issue.message).to.contain('U+3400').and.contain('U+E000').and.contain('substitute');
    const wide = await printed(GENERIC_58MM, [line('票号'), barcode('TICKET-ABCDEFGHIJKLMNOPQRSTUVWXYZ'), cut()]);
    expect(printIssue(wide.report)).to.deep.include({ reason: 'dropped-barcode' });
    expect(printIssue(wide.report)!.message).to.contain('TICKET-ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });

  it('10: a profile that draws what it cannot print sends that line as an image, within the head, and the rest as text', async () => {
    const receipt = exitReceipt({ ...STANDARD_RECEIPT, laneName: '㐀号出口' }, XPRINTER_XP58);
    const { report, lines, paper, printer } = await printed(XPRINTER_XP58, receipt);
    expect(report.unprintable).to.deep.equal(['㐀']);
    expect(report.rasterLines).to.equal(1);
    const text = lines.join('\n');
    expect(text).to.include('沪A12345');
    expect(text).to.not.include('□');
    expect(text).to.not.include('号出口');
    const line = paper.rasters.find((r) => r.height === 24)!;
    expect(line.widthDots).to.be.at.most(XPRINTER_XP58.dotsPerLine);
    let ink = 0;
    for (let y = 0; y < line.height; y++) for (let x = 0; x < line.widthDots; x++) if (line.black(x, y)) ink += 1;
    expect(ink).to.be.above(100);
    expect(printer.printed.filter((b) => b.kind === 'raster')).to.have.length(1);
  });

  it('10: a drawn line wider than the head is condensed to fit, not cut off: its last character is on the paper', () => {
    const draw = canvasTextDrawer()!;
    const style = { align: 'left', bold: false, width: 1, height: 1 } as const;
    const image = draw(`${'W'.repeat(40)}■`, style, 384);
    expect(image.widthBytes * 8).to.be.at.most(384);
    // The closing ■ is a solid block: on the middle row, the rightmost run of ink is its width, not a W's thin stroke.
    const y = Math.floor(image.height / 2);
    const ink = (x: number) => (image.bits[y * image.widthBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
    let right = image.widthBytes * 8 - 1;
    while (right > 0 && !ink(right)) right--;
    let run = 0;
    while (right - run >= 0 && ink(right - run)) run++;
    expect(run).to.be.at.least(6);
  });
});
