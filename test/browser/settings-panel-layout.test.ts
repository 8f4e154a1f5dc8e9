/**
 * The kiosk settings at the three kiosk sizes, in both languages: the panel speaks the kiosk's
 * language as it is now, the tab bar and the buttons keep their boxes from section to section, the
 * printer names (in Chinese, with the model) fit their buttons, and a wrong PIN moves no key.
 * Measured with getBoundingClientRect in Chromium at each viewport.
 */
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import { DEFAULT_GATE } from '../../kiosk-shell/gate-settings.js';
import '../../kiosk-shell/settings-panel.js';
import type { LaneShellSettings } from '../../kiosk-shell/settings-panel.js';
import { settingsMessages } from '../../kiosk-shell/settings-panel.messages.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import { LaneClient } from '../../src/client/lane-client.js';
import { PRINTER_PROFILES } from '../../src/hardware/escpos/profiles.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';
import { boxOf, LANE, mount, unmountAll } from './support.js';
import { tap, tapEnter, tapKeys } from './touch.js';

const SETTINGS: ShellSettings = {
  proxyUrl: location.origin,
  lane: 'exit-1',
  laneKey: 'k',
  locale: 'zh-CN',
  scanner: 'serial',
  scannerEncoding: 'auto',
  scannerSuffix: 'auto',
  gate: DEFAULT_GATE,
  hardware: 'serial',
  printerProfile: 'generic-80',
  direction: 'exit',
};

const staffPin = () => new LaneClient({ proxyUrl: LANE.proxyUrl, laneId: LANE.laneId, laneKey: LANE.laneKey }).config().then((c) => c.staffPin);

async function panel(): Promise<LaneShellSettings> {
  const element = document.createElement('lane-shell-settings');
  element.settings = SETTINGS;
  element.staffPin = await staffPin();
  return mount(element);
}

async function typePin(element: LaneShellSettings, pin: string): Promise<void> {
  await tapKeys(element, pin);
  await tapEnter(element);
  while (element.pin !== '') await new Promise((resolve) => requestAnimationFrame(resolve));
  await element.updateComplete;
}

const part = (element: LaneShellSettings, selector: string) => element.shadowRoot!.querySelector(selector)!;

/** The boxes of what staff reach for: the tab bar, 返回 and 保存, the dialog itself. */
const fixedBoxes = (element: LaneShellSettings) => ({
  tabs: boxOf(part(element, '[data-name="section"]')),
  actions: boxOf(part(element, '.actions')),
  dialog: boxOf(part(element, '[role="dialog"]')),
});

/** Where a button's text lies beyond its padding box, in px; 0 when it fits. */
function textOverflow(button: HTMLElement): number {
  const range = document.createRange();
  range.selectNodeContents(button);
  const text = range.getBoundingClientRect();
  const box = button.getBoundingClientRect();
  const border = parseFloat(getComputedStyle(button).borderLeftWidth);
  return Math.max(0, box.left + border - text.left, text.right - (box.right - border), box.top + border - text.top, text.bottom - (box.bottom - border));
}

describe('kiosk settings: language and layout', () => {
  const lang = document.documentElement.lang;
  afterEach(async () => {
    unmountAll();
    document.documentElement.lang = lang;
    await setViewport({ width: 800, height: 600 });
  });

  it('speaks the language the kiosk shows now, not the one it was set up in, and the PIN prompt says what it opens', async () => {
    document.documentElement.lang = 'en';
    const element = await panel();
    expect(part(element, 'h2').textContent).to.equal('Lane settings (staff only)');
    expect(part(element, '[role="dialog"]').getAttribute('aria-label')).to.equal('Lane settings (staff only)');
    expect(element.shadowRoot!.querySelector('lane-keypad')!.label).to.equal('Enter the staff PIN');
    await typePin(element, '11112222');
    expect(part(element, '[role="alert"]').textContent).to.equal('Wrong PIN, try again');
    await typePin(element, '24682468');
    const tabs = () => [...element.shadowRoot!.querySelectorAll('[data-name="section"] button')].map((b) => b.textContent);
    expect(tabs()).to.deep.equal(['Lane', 'Hardware', 'Printer model', 'Gate']);
    await tap(element, 'Printer model');
    expect(part(element, '[data-name="printerProfile"] [aria-pressed="true"]').textContent).to.equal('Generic 80 mm (Chinese ESC/POS, cutter)');

    document.documentElement.lang = 'zh-CN';
    // The page's lang is watched: the panel re-renders on its own.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await element.updateComplete;
    expect(tabs()).to.deep.equal(['车道', '设备', '打印机型号', '道闸']);
    expect(part(element, '[data-name="printerProfile"] [aria-pressed="true"]').textContent).to.equal('通用 80 毫米（中文 ESC/POS，自动切纸）');
  });

  it('names every printer profile in both languages, the Chinese with its model', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const names = settingsMessages(locale).printerNames;
      expect(Object.keys(names), locale).to.have.members(PRINTER_PROFILES.map((p) => p.id));
    }
    const zh = settingsMessages('zh-CN').printerNames;
    for (const profile of PRINTER_PROFILES) {
      const model = /(TM-T\d+|XP-\d+|POS-\d+|\d+ mm)/.exec(profile.name)![1]!.replace(' mm', ' 毫米');
      expect(zh[profile.id], profile.id).to.contain(model).and.match(/[\u4e00-\u9fff]/);
    }
  });

  for (const size of KIOSK_SIZES) {
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`at ${size.width}×${size.height} in ${locale}: the tab bar, 返回 and 保存 keep their boxes in every section; printer names fit their buttons`, async () => {
        await setViewport(size);
        document.documentElement.lang = locale;
        const element = await panel();
        await typePin(element, '24682468');
        const t = settingsMessages(locale);
        const first = fixedBoxes(element);
        for (const section of [t.hardware, t.printerModel, t.gate.mode, t.lane]) {
          await tap(element, section);
          expect(fixedBoxes(element), section).to.deep.equal(first);
        }
        const dialog = boxOf(part(element, '[role="dialog"]'));
        expect(dialog.y, 'the dialog lies inside the screen').to.be.at.least(0);
        expect(dialog.y + dialog.height).to.be.at.most(size.height);

        await tap(element, t.printerModel);
        const choices = [...element.shadowRoot!.querySelectorAll<HTMLElement>('[data-name="printerProfile"] [part="choice"]')];
        expect(choices.map((b) => `${b.textContent} ${textOverflow(b).toFixed(1)}`)).to.deep.equal(choices.map((b) => `${b.textContent} 0.0`));
      });
    }

    it(`at ${size.width}×${size.height}: a wrong PIN moves no key and not the dialog`, async () => {
      await setViewport(size);
      const element = await panel();
      const keypad = part(element, 'lane-keypad') as HTMLElement;
      const keys = () => [...keypad.shadowRoot!.querySelectorAll('button')].map(boxOf);
      const before = { keys: keys(), back: boxOf(part(element, '.actions button')) };
      await typePin(element, '11112222');
      expect(part(element, '[role="alert"]').textContent).to.equal('密码错误，请重新输入');
      expect({ keys: keys(), back: boxOf(part(element, '.actions button')) }).to.deep.equal(before);
    });
  }
});
