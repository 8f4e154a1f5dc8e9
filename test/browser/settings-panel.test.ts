/** The kiosk settings in Chromium, by touch alone: the PIN keypad, choices as buttons, the idle lock, Escape and 返回; the printer model's self-test. */
import { expect } from '@esm-bundle/chai';
import { IDLE_LOCK_MS, type IdleTimer, type LaneShellSettings } from '../../kiosk-shell/settings-panel.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import { POS_5890, PRINTER_PROFILES } from '../../src/hardware/escpos/profiles.js';
import { PrinterDriver } from '../../src/hardware/printer-driver.js';
import { profileSelfTest } from '../../src/hardware/receipts.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';
import { expectNoA11yViolations } from './a11y.js';
import { SETTINGS, settingsPanel, unlockByTouch } from './settings-panel-support.js';
import { mount, nextEvent, unmountAll } from './support.js';
import { tap, tapKeys } from './touch.js';

/** An idle timer that only runs out when the test says so. */
class ManualTimer implements IdleTimer {
  private timers: Array<{ callback: () => void; ms: number; stopped: boolean }> = [];
  start(callback: () => void, ms: number): () => void {
    const timer = { callback, ms, stopped: false };
    this.timers.push(timer);
    return () => (timer.stopped = true);
  }
  get running() {
    return this.timers.filter((t) => !t.stopped);
  }
  runOut(): void {
    for (const timer of this.running) timer.callback();
  }
}

const panel = (timer: IdleTimer = new ManualTimer()) => settingsPanel(timer);

const pressed = (element: HTMLElement, group: string) => element.shadowRoot!.querySelector(`[data-name="${group}"] [aria-pressed="true"]`)?.textContent?.trim();

describe('kiosk settings: by touch alone', () => {
  afterEach(unmountAll);

  it('unlocks on the PIN keypad (not on a wrong PIN), and saves what staff tapped', async () => {
    const element = await panel();
    expect(element.shadowRoot!.querySelector('input')).to.equal(null, 'the locked panel has no text field to type in');
    await unlockByTouch(element, '11112222');
    expect(element.unlocked).to.equal(false);
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('密码错误，请重新输入');
    await unlockByTouch(element, '24682468');
    expect(element.unlocked).to.equal(true);

    await tap(element, 'English');
    await tap(element, '设备');
    await tap(element, '演示设备');
    await tap(element, 'GB18030');
    await tap(element, '打印机型号');
    await tap(element, 'POS-5890 / 佳博 GP-58 类（58 毫米，二维码按图片打印）');
    expect(pressed(element, 'printerProfile')).to.equal('POS-5890 / 佳博 GP-58 类（58 毫米，二维码按图片打印）');
    const saved = nextEvent<CustomEvent<ShellSettings>>(element, 'shell-settings-save');
    await tap(element, '保存并重启');
    expect((await saved).detail).to.deep.equal({ ...SETTINGS, locale: 'en', hardware: 'virtual', scannerEncoding: 'gb18030', printerProfile: 'pos-5890' });
  });

  it('every button is a touch target of at least 80 px, and axe finds nothing, locked and in every section', async () => {
    const element = await panel();
    const small = () =>
      [...element.shadowRoot!.querySelectorAll('button'), ...(element.shadowRoot!.querySelector('lane-keypad')?.shadowRoot!.querySelectorAll('button') ?? [])]
        .map((b) => [b.getAttribute('aria-label') ?? b.textContent!.trim(), b.getBoundingClientRect()] as const)
        .filter(([, r]) => r.height < 80 || r.width < 80)
        .map(([name, r]) => `${name} ${r.width}×${r.height}`);
    expect(small()).to.deep.equal([]);
    await expectNoA11yViolations(element);
    await unlockByTouch(element, '24682468');
    for (const section of ['车道', '设备', '打印机型号', '道闸']) {
      await tap(element, section);
      expect(small(), section).to.deep.equal([]);
      await expectNoA11yViolations(element);
    }
  });

  it('lists every printer profile and shows the saved one', async () => {
    const element = await panel();
    await unlockByTouch(element, '24682468');
    await tap(element, '打印机型号');
    const choices = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('[data-name="printerProfile"] [part="choice"]')];
    expect(choices.map((b) => b.dataset.value)).to.deep.equal(PRINTER_PROFILES.map((p) => p.id));
    expect(pressed(element, 'printerProfile')).to.equal('通用 80 毫米（中文 ESC/POS，自动切纸）');
  });

  it(`locks itself and closes after ${IDLE_LOCK_MS / 1000} s without a touch; every touch restarts the wait`, async () => {
    const timer = new ManualTimer();
    const element = await panel(timer);
    await unlockByTouch(element, '24682468');
    expect(timer.running.map((t) => t.ms)).to.deep.equal([IDLE_LOCK_MS]);
    const before = timer.running[0];
    await tap(element, 'English');
    expect(timer.running).to.have.length(1);
    expect(timer.running[0], 'the tap started the minute again').to.not.equal(before);

    const closed = nextEvent<CustomEvent<{ idle: boolean }>>(element, 'shell-settings-close');
    timer.runOut();
    expect((await closed).detail).to.deep.equal({ idle: true });
    await element.updateComplete;
    expect(element.unlocked).to.equal(false);
    expect(element.shadowRoot!.querySelector('lane-keypad')!.masked, 'back at the PIN').to.equal(true);
    await unlockByTouch(element, '24682468');
    expect(pressed(element, 'locale'), 'the unsaved change was dropped').to.equal('中文');
  });

  it('Escape and 返回 close the panel, locked', async () => {
    const element = await panel();
    await unlockByTouch(element, '24682468');
    const escaped = nextEvent<CustomEvent<{ idle: boolean }>>(element, 'shell-settings-close');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect((await escaped).detail).to.deep.equal({ idle: false });
    await element.updateComplete;
    expect(element.unlocked).to.equal(false);

    await tapKeys(element, '12');
    const back = nextEvent(element, 'shell-settings-close');
    await tap(element, '返回');
    await back;
    await unlockByTouch(element, '24682468');
    expect(element.unlocked, 'the PIN typed before 返回 was forgotten').to.equal(true);
    const backAgain = nextEvent(element, 'shell-settings-close');
    await tap(element, '返回');
    await backAgain;
    expect(element.unlocked).to.equal(false);
  });
});

describe('kiosk settings: printer model', () => {
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
    await tap(panel, '设备');
    const asked = nextEvent(panel, 'shell-reprint');
    await tap(panel, '补打上一张');
    await asked;
  });
});
