/**
 * The settings' text fields by touch alone, in Chromium with real taps (pointer events through the
 * browser, so focus moves as on the kiosk): a tap on 代理地址, 车道 or 车道密钥 opens the on-screen
 * keyboard in room kept for it, its keys type at the caret and leave the focus in the field, the key
 * stays masked until 显示密钥, and what was typed is saved. (Its layout at the three kiosk sizes is
 * in settings-panel-layout.test.ts.)
 */
import { expect } from '@esm-bundle/chai';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { LaneShellSettings } from '../../kiosk-shell/settings-panel.js';
import { settingsMessages } from '../../kiosk-shell/settings-panel.messages.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import {
  keyboardOpen,
  SETTINGS,
  settingsPanel,
  tapKeyboardKey,
  tapTextField,
  textField,
  textKeyboard,
  typeOnKeyboard,
  unlockByTouch,
} from './settings-panel-support.js';
import { nextEvent, unmountAll } from './support.js';
import { tap } from './touch.js';

const zh = settingsMessages('zh-CN');
const focusedName = (element: LaneShellSettings) => element.shadowRoot!.activeElement?.getAttribute('name');

describe('kiosk settings: the on-screen keyboard', () => {
  // Tall enough for the whole panel, as on a kiosk: real taps land where the keys are drawn.
  beforeEach(() => setViewport({ width: 800, height: 1280 }));
  afterEach(async () => {
    unmountAll();
    await setViewport({ width: 800, height: 600 });
  });

  it('sets the proxy URL, the lane and the lane key by taps alone, and saves them', async () => {
    const element = await settingsPanel();
    await unlockByTouch(element, '24682468');
    expect(keyboardOpen(element), 'put away until a field is tapped').to.equal(false);

    await tapTextField(element, 'proxyUrl');
    expect(keyboardOpen(element)).to.equal(true);
    expect(textKeyboard(element).label).to.equal('正在输入：代理地址');
    await tapKeyboardKey(element, zh.keyboard.clear);
    await typeOnKeyboard(element, 'http://192.168.1.20:8080', zh.keyboard);
    expect(focusedName(element), 'the keys leave the focus in the field').to.equal('proxyUrl');

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
    const marked = () => ['proxyUrl', 'lane', 'laneKey'].filter((name) => getComputedStyle(textField(element, name)).outlineStyle === 'solid');
    expect(marked(), 'the field typed in stays marked when the focus left it').to.deep.equal(['laneKey']);
    await typeOnKeyboard(element, '8', zh.keyboard);
    expect(textField(element, 'laneKey').value, 'the keys still type into the key after the tap on 显示密钥').to.equal('Lk9_x.Z-78');
    await tapKeyboardKey(element, zh.keyboard.done);
    expect(keyboardOpen(element)).to.equal(false);

    const saved = nextEvent<CustomEvent<ShellSettings>>(element, 'shell-settings-save');
    await tap(element, '保存并重启');
    expect((await saved).detail).to.deep.equal({ ...SETTINGS, proxyUrl: 'http://192.168.1.20:8080', lane: 'exit-2', laneKey: 'Lk9_x.Z-78' });
  });

  it('types at the caret and over a selection, and a physical keyboard types into the same fields', async () => {
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
});
