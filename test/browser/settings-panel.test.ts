/** The kiosk settings' printer model choice and its self-test print, in Chromium. */
import { DEFAULT_GATE } from '../../kiosk-shell/gate-settings.js';
import { expect } from '@esm-bundle/chai';
import '../../kiosk-shell/settings-panel.js';
import type { LaneShellSettings } from '../../kiosk-shell/settings-panel.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import { POS_5890, PRINTER_PROFILES } from '../../src/hardware/escpos/profiles.js';
import { PrinterDriver } from '../../src/hardware/printer-driver.js';
import { profileSelfTest } from '../../src/hardware/receipts.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';
import { mount, nextEvent, unmountAll } from './support.js';

const SETTINGS: ShellSettings = {
  proxyUrl: location.origin,
  lane: 'exit-1',
  laneKey: 'k',
  locale: 'zh-CN',
  scanner: 'serial',
  scannerEncoding: 'auto',
  gate: DEFAULT_GATE,
  hardware: 'serial',
  printerProfile: 'generic-80',
  direction: 'exit',
};

describe('kiosk settings: printer model', () => {
  afterEach(unmountAll);

  it('lists every profile, shows the saved one, and saves the model staff choose', async () => {
    const panel = document.createElement('lane-shell-settings') as LaneShellSettings;
    panel.settings = SETTINGS;
    panel.unlocked = true;
    await mount(panel);
    const select = panel.shadowRoot!.querySelector<HTMLSelectElement>('select[name="printerProfile"]')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(PRINTER_PROFILES.map((p) => p.id));
    expect(select.value).to.equal('generic-80');
    select.value = POS_5890.id;
    const saved = nextEvent<CustomEvent<ShellSettings>>(panel, 'shell-settings-save');
    panel.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect((await saved).detail.printerProfile).to.equal('pos-5890');
  });

  it('the self-test page prints on the chosen model, its QR as a raster where the model has no QR command', async () => {
    const printer = new VirtualPrinter();
    const driver = new PrinterDriver(printer.channel, { profile: POS_5890, statusTimeoutMs: 300 });
    await driver.start();
    const report = await driver.print(profileSelfTest(POS_5890, { lane: 'exit-1', atMs: Date.UTC(2026, 10, 23) }));
    await driver.stop();
    expect(report.droppedBarcodes).to.deep.equal([]);
    expect(report.unprintable).to.have.members(['㐀', '𠀀', '\uE000']);
    const blocks = printer.printed;
    expect(blocks.some((b) => b.kind === 'raster')).to.equal(true);
    expect(blocks.some((b) => b.kind === 'barcode' && b.data === 'T2026112300420042123')).to.equal(true);
    expect(blocks.some((b) => b.kind === 'text' && b.text === '1234567890'.repeat(3) + '12')).to.equal(true);
  });

  it('offers staff a reprint of the last receipt or ticket next to the test print', async () => {
    const panel = document.createElement('lane-shell-settings') as LaneShellSettings;
    panel.settings = SETTINGS;
    panel.unlocked = true;
    await mount(panel);
    const reprint = [...panel.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === '补打上一张')!;
    const asked = nextEvent(panel, 'shell-reprint');
    reprint.click();
    await asked;
  });
});
