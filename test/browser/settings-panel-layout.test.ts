/**
 * The kiosk settings at the three kiosk sizes, in both languages: the panel speaks the kiosk's
 * language as it is now, the tab bar and the buttons keep their boxes from section to section, the
 * printer names (in Chinese, with the model) fit their buttons, a wrong PIN moves no key, and the
 * lane fields' on-screen keyboard has keys of 80 px inside the screen, opens and turns its page
 * without moving a field or a button, covers no field and passes axe.
 * Measured with getBoundingClientRect in Chromium at each viewport.
 */
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import type { LaneShellSettings } from '../../kiosk-shell/settings-panel.js';
import { settingsMessages } from '../../kiosk-shell/settings-panel.messages.js';
import { PRINTER_PROFILES } from '../../src/hardware/escpos/profiles.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';
import { expectNoA11yViolations } from './a11y.js';
import { keyboardKeys, keyboardOpen, settingsPanel, tapKeyboardKey, tapTextField, textField, textKeyboard, unlockByTouch } from './settings-panel-support.js';
import { boxOf, unmountAll } from './support.js';
import { tap } from './touch.js';

/** The panel at a kiosk size, in a language, unlocked by taps. */
async function unlockedAt(size: { width: number; height: number }, locale: 'zh-CN' | 'en'): Promise<LaneShellSettings> {
  await setViewport(size);
  document.documentElement.lang = locale;
  const element = await settingsPanel();
  await unlockByTouch(element, '24682468');
  return element;
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
    const element = await settingsPanel();
    expect(part(element, 'h2').textContent).to.equal('Lane settings (staff only)');
    expect(part(element, '[role="dialog"]').getAttribute('aria-label')).to.equal('Lane settings (staff only)');
    expect(element.shadowRoot!.querySelector('lane-keypad')!.label).to.equal('Enter the staff PIN');
    await unlockByTouch(element, '11112222');
    expect(part(element, '[role="alert"]').textContent).to.equal('Wrong PIN, try again');
    await unlockByTouch(element, '24682468');
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
        const element = await unlockedAt(size, locale);
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

      it(`at ${size.width}×${size.height} in ${locale}: keys of 80 px inside the screen; nothing moves as the keyboard opens and turns its page; axe finds nothing`, async () => {
        const element = await unlockedAt(size, locale);
        const t = settingsMessages(locale);
        const places = () => ({
          ...fixedBoxes(element),
          fields: ['proxyUrl', 'lane', 'laneKey'].map((name) => boxOf(textField(element, name))),
          keyboard: boxOf(textKeyboard(element)),
        });
        const closed = places();

        await tapTextField(element, 'laneKey');
        expect(keyboardOpen(element)).to.equal(true);
        expect(places(), 'opening the keyboard').to.deep.equal(closed);
        const keys = () => keyboardKeys(textKeyboard(element)).map((key) => ({ name: key.getAttribute('aria-label') ?? key.textContent!, box: key.getBoundingClientRect() }));
        const letters = keys();
        await tapKeyboardKey(element, t.keyboard.symbolsName);
        const symbols = keys();
        for (const page of [letters, symbols]) {
          const misplaced = page
            .filter(({ box }) => box.width < 80 || box.height < 80 || box.left < 0 || box.top < 0 || box.right > size.width || box.bottom > size.height)
            .map(({ name, box }) => `${name} ${box.left},${box.top} ${box.width}×${box.height}`);
          expect(misplaced).to.deep.equal([]);
        }
        const cells = (page: typeof letters) => page.map(({ box }) => [box.x, box.y, box.width, box.height].join());
        expect(cells(symbols), 'the pages share their cells').to.deep.equal(cells(letters));
        const field = textField(element, 'laneKey').getBoundingClientRect();
        expect(letters.filter(({ box }) => box.top < field.bottom && box.bottom > field.top && box.left < field.right && box.right > field.left), 'no key over the field typed in').to.deep.equal([]);
        expect(places(), 'turning the page').to.deep.equal(closed);
        await expectNoA11yViolations(element);
      });
    }

    it(`at ${size.width}×${size.height}: a wrong PIN moves no key and not the dialog`, async () => {
      await setViewport(size);
      const element = await settingsPanel();
      const keypad = part(element, 'lane-keypad') as HTMLElement;
      const keys = () => [...keypad.shadowRoot!.querySelectorAll('button')].map(boxOf);
      const before = { keys: keys(), back: boxOf(part(element, '.actions button')) };
      await unlockByTouch(element, '11112222');
      expect(part(element, '[role="alert"]').textContent).to.equal('密码错误，请重新输入');
      expect({ keys: keys(), back: boxOf(part(element, '.actions button')) }).to.deep.equal(before);
    });
  }
});
