/**
 * The settings' text fields by touch alone, in Chromium with real taps (pointer events through the
 * browser, so focus moves as on the kiosk): a tap on 代理地址, 车道 or 车道密钥 opens the on-screen
 * keyboard in room kept for it, its keys type at the caret and leave the focus in the field, the key
 * stays masked until 显示密钥, and what was typed is saved. At the three kiosk sizes, in both
 * languages: every key is at least 80 px and inside the screen, no field or button moves when the
 * keyboard opens or turns its page, and axe finds nothing.
 */
import { expect } from '@esm-bundle/chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { LaneShellSettings } from '../../kiosk-shell/settings-panel.js';
import { settingsMessages } from '../../kiosk-shell/settings-panel.messages.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import { expectNoA11yViolations } from './a11y.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';
import {
  keyboardKeys,
  SETTINGS,
  settingsPanel,
  tapKeyboardKey,
  tapTextField,
  textField,
  textKeyboard,
  typeOnKeyboard,
  unlockByTouch,
} from './settings-panel-support.js';
import { boxOf, nextEvent, unmountAll } from './support.js';
import { tap } from './touch.js';

const zh = settingsMessages('zh-CN');
const focused = (element: LaneShellSettings) => element.shadowRoot!.activeElement;
const keyboardOpen = (element: LaneShellSettings) => !textKeyboard(element).inert;

describe('kiosk settings: the on-screen keyboard', () => {
  const lang = document.documentElement.lang;
  afterEach(async () => {
    unmountAll();
    document.documentElement.lang = lang;
    await setViewport({ width: 800, height: 600 });
  });

  it('sets the proxy URL, the lane and the lane key by taps alone, and saves them', async () => {
    await setViewport({ width: 800, height: 1280 });
    const element = await settingsPanel();
    await unlockByTouch(element, '24682468');
    expect(keyboardOpen(element), 'put away until a field is tapped').to.equal(false);

    await tapTextField(element, 'proxyUrl');
    expect(keyboardOpen(element)).to.equal(true);
    expect(textKeyboard(element).label).to.equal('正在输入：代理地址');
    await tapKeyboardKey(element, zh.keyboard.clear);
    await typeOnKeyboard(element, 'http://192.168.1.20:8080', zh.keyboard);
    expect(focused(element), 'the keys leave the focus in the field').to.equal(textField(element, 'proxyUrl'));

    await tapTextField(element, 'lane');
    expect(textKeyboard(element).label).to.equal('正在输入：车道');
    await tapKeyboardKey(element, zh.keyboard.delete);
    await typeOnKeyboard(element, '2', zh.keyboard);
    expect(textField(element, 'lane').value).to.equal('exit-2');

    await tapTextField(element, 'laneKey');
    await typeOnKeyboard(element, 'Lk9_x.Z-7', zh.keyboard);
    expect(textField(element, 'laneKey').type, 'the key is masked').to.equal('password');
    await tap(element, zh.showKey);
    expect(textField(element, 'laneKey').type).to.equal('text');
    expect(textField(element, 'laneKey').value).to.equal('Lk9_x.Z-7');
    await tapKeyboardKey(element, zh.keyboard.done);
    expect(keyboardOpen(element)).to.equal(false);

    const saved = nextEvent<CustomEvent<ShellSettings>>(element, 'shell-settings-save');
    await tap(element, '保存并重启');
    expect((await saved).detail).to.deep.equal({ ...SETTINGS, proxyUrl: 'http://192.168.1.20:8080', lane: 'exit-2', laneKey: 'Lk9_x.Z-7' });
  });

  it('types at the caret and over a selection, and a physical keyboard types into the same fields', async () => {
    await setViewport({ width: 800, height: 1280 });
    const element = await settingsPanel();
    await unlockByTouch(element, '24682468');
    await tapTextField(element, 'lane');
    const lane = textField(element, 'lane');
    lane.setSelectionRange(4, 4);
    await typeOnKeyboard(element, 'X', zh.keyboard);
    expect(lane.value).to.equal('exitX-1');
    lane.setSelectionRange(0, 4);
    await tapKeyboardKey(element, zh.keyboard.delete);
    expect(lane.value).to.equal('X-1');
    lane.setSelectionRange(3, 3);
    await sendKeys({ type: '0b' });
    expect(lane.value).to.equal('X-10b');

    const saved = nextEvent<CustomEvent<ShellSettings>>(element, 'shell-settings-save');
    await tap(element, '保存并重启');
    expect((await saved).detail.lane).to.equal('X-10b');
  });

  it('puts the keyboard away when staff leave the lane section or the panel locks', async () => {
    await setViewport({ width: 800, height: 1280 });
    const element = await settingsPanel();
    await unlockByTouch(element, '24682468');
    await tapTextField(element, 'lane');
    await tap(element, '设备');
    await tap(element, '车道');
    expect(keyboardOpen(element)).to.equal(false);
    await tapTextField(element, 'laneKey');
    await tap(element, zh.showKey);
    await tap(element, '返回');
    await unlockByTouch(element, '24682468');
    expect(keyboardOpen(element)).to.equal(false);
    expect(textField(element, 'laneKey').type, 'masked again').to.equal('password');
  });

  for (const size of KIOSK_SIZES) {
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`at ${size.width}×${size.height} in ${locale}: keys of 80 px inside the screen; nothing moves as the keyboard opens and turns its page; axe finds nothing`, async () => {
        await setViewport(size);
        document.documentElement.lang = locale;
        const t = settingsMessages(locale);
        const element = await settingsPanel();
        await unlockByTouch(element, '24682468');
        const part = (selector: string) => element.shadowRoot!.querySelector(selector)!;
        const places = () => ({
          dialog: boxOf(part('[role="dialog"]')),
          tabs: boxOf(part('[data-name="section"]')),
          fields: ['proxyUrl', 'lane', 'laneKey'].map((name) => boxOf(textField(element, name))),
          actions: boxOf(part('.actions')),
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
  }
});
