/** GB18030 in Chromium's own TextDecoder, the one kiosks run, checked against iconv-lite; and the receipt preview. */
import { expect } from '@esm-bundle/chai';
import jsQR from 'jsqr';
import '../../src/components/lane-receipt-preview/lane-receipt-preview.js';
import type { LaneReceiptPreview } from '../../src/components/lane-receipt-preview/lane-receipt-preview.js';
import { cut, line, qr } from '../../src/hardware/escpos/document.js';
import { GENERIC_58MM_RASTER, XPRINTER_XP58 } from '../../src/hardware/escpos/profiles.js';
import { encodeGb18030 } from '../../src/hardware/gb18030.js';
import { PrinterDriver } from '../../src/hardware/printer-driver.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';
import '../../kiosk-shell/demo-devices-panel.js';
import { startVirtualDevices } from '../../kiosk-shell/devices.js';
import { mount, unmountAll } from './support.js';

/** Code points GB18030-2022 remapped from 2005 (iconv-lite keeps 2005); see test/node/escpos.test.ts. */
const REMAPPED = /[\u9fb4-\u9fbb\ufe10-\ufe19\ue5e5\ue78d-\ue796\ue81e\ue826\ue82b\ue82c\ue832\ue843\ue854\ue864]/u;

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('GB18030 in Chromium', () => {
  it('matches iconv-lite for every CJK ideograph, the symbols and the four-byte ranges', async () => {
    const samples: string[] = [];
    for (let cp = 0x4e00; cp <= 0x9fff; cp += 1) samples.push(String.fromCodePoint(cp));
    for (let cp = 0x80; cp < 0x4e00; cp += 3) if (cp < 0xd800) samples.push(String.fromCodePoint(cp));
    for (let cp = 0xa000; cp < 0xd800; cp += 7) samples.push(String.fromCodePoint(cp));
    for (let cp = 0xe000; cp <= 0xffff; cp += 5) samples.push(String.fromCodePoint(cp));
    for (let cp = 0x20000; cp < 0x2fa1f; cp += 101) samples.push(String.fromCodePoint(cp));
    samples.push('¥', '￥', '€', '沪A12345 实收 ￥15.00 一路顺风', '🚗');
    const checked = samples.filter((s) => !REMAPPED.test(s));
    const oracle = (await (await fetch('/__gb18030', { method: 'POST', body: JSON.stringify(checked) })).json()) as string[];
    const mismatches = checked.filter((text, i) => hex(encodeGb18030(text).bytes) !== oracle[i]);
    expect(mismatches.slice(0, 5)).to.deep.equal([]);
    expect(checked.length).to.be.above(30_000);
  });
});

describe('<lane-receipt-preview>', () => {
  afterEach(unmountAll);

  it('draws what the virtual printer printed, raster QR included, readable by jsQR', async () => {
    const printer = new VirtualPrinter();
    const driver = new PrinterDriver(printer.channel, { profile: { ...GENERIC_58MM_RASTER, cutter: 'full' }, statusTimeoutMs: 300 });
    await driver.start();
    await driver.print([line('泊云示范停车场', { align: 'center', bold: true, height: 2 }), qr('LKC1:1001:2002'), cut()]);
    await driver.stop();
    const preview = document.createElement('lane-receipt-preview') as LaneReceiptPreview;
    preview.blocks = printer.receipts[0]!;
    await mount(preview);
    const title = preview.shadowRoot!.querySelector('.line')!;
    expect(title.textContent).to.equal('泊云示范停车场');
    expect(title.classList.contains('center') && title.classList.contains('bold')).to.equal(true);
    const canvas = preview.shadowRoot!.querySelector('canvas')!;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    expect(jsQR(pixels.data, pixels.width, pixels.height)?.data).to.equal('LKC1:1001:2002');
    expect(preview.shadowRoot!.querySelector('.cut')).to.not.equal(null);
  });

  it("the demo devices panel shows a tear-bar printer's receipt, at the chosen profile's columns, not always 80 mm", async () => {
    const devices = await startVirtualDevices(XPRINTER_XP58);
    const panel = document.createElement('lane-demo-devices-panel');
    panel.devices = devices;
    panel.open = true;
    await mount(panel);
    await devices.printer.print([line('58 mm'), cut()]);
    await panel.updateComplete;
    const preview = panel.shadowRoot!.querySelector('lane-receipt-preview')!;
    expect(preview.columns).to.equal(32);
    expect(preview.blocks.filter((b) => b.kind === 'text')).to.deep.include({ kind: 'text', text: '58 mm', style: { align: 'left', bold: false, width: 1, height: 1 } });
    await Promise.all([devices.printer.stop(), devices.scanner.stop()]);
  });
});
