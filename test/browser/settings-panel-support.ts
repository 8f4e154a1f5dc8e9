/** The kiosk settings panel as the settings tests mount it: saved settings, the lane's real staff PIN from the proxy, unlocked by taps. */
import { sendMouse } from '@web/test-runner-commands';
import { DEFAULT_GATE } from '../../kiosk-shell/gate-settings.js';
import '../../kiosk-shell/settings-panel.js';
import type { IdleTimer, LaneShellSettings } from '../../kiosk-shell/settings-panel.js';
import type { ShellSettings } from '../../kiosk-shell/settings.js';
import type { LaneTextKeyboard } from '../../kiosk-shell/text-keyboard.js';
import { LaneClient } from '../../src/client/lane-client.js';
import { LANE, mount } from './support.js';
import { tapEnter, tapKeys } from './touch.js';

export const SETTINGS: ShellSettings = {
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

/** The panel, locked, with `SETTINGS` and the lane's staff PIN; `idleTimer` replaces the real minute. */
export async function settingsPanel(idleTimer?: IdleTimer): Promise<LaneShellSettings> {
  const element = document.createElement('lane-shell-settings');
  element.settings = SETTINGS;
  element.staffPin = await staffPin();
  if (idleTimer) element.idleTimer = idleTimer;
  return mount(element);
}

/** Taps the PIN and 解锁; resolves once the check is done (it hashes asynchronously, then forgets the typed PIN). */
export async function unlockByTouch(element: LaneShellSettings, pin: string): Promise<void> {
  await tapKeys(element, pin);
  await tapEnter(element);
  while (element.pin !== '') await new Promise((resolve) => requestAnimationFrame(resolve));
  await element.updateComplete;
}

/** A real tap (pointer down and up through the browser, focus and all) at the middle of `element`. */
export async function realTap(element: Element): Promise<void> {
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

export const textField = (element: LaneShellSettings, name: string) => element.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
export const textKeyboard = (element: LaneShellSettings) => element.shadowRoot!.querySelector<LaneTextKeyboard>('lane-text-keyboard')!;
export const keyboardOpen = (element: LaneShellSettings) => !textKeyboard(element).inert;
export const keyboardKeys = (keyboard: LaneTextKeyboard) => [...keyboard.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')];

/** Really taps a settings text field; resolves once the panel shows its keyboard. */
export async function tapTextField(element: LaneShellSettings, name: string): Promise<void> {
  await realTap(textField(element, name));
  await element.updateComplete;
  await textKeyboard(element).updateComplete;
}

/** Really taps a key of the keyboard, by its text or its name. */
export async function tapKeyboardKey(element: LaneShellSettings, name: string): Promise<void> {
  const keyboard = textKeyboard(element);
  const key = keyboardKeys(keyboard).find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
  if (!key) throw new Error(`no key ${name} on the ${keyboard.page} page: ${keyboardKeys(keyboard).map((b) => b.textContent).join(' ')}`);
  await realTap(key);
  await keyboard.updateComplete;
  await element.updateComplete;
}

/** Types `text` by real taps on the keyboard, turning the page and the shift as a person would. */
export async function typeOnKeyboard(element: LaneShellSettings, text: string, words: { capitals: string; symbolsName: string; lettersName: string }): Promise<void> {
  const keyboard = textKeyboard(element);
  for (const char of text) {
    const letter = /[a-z]/i.test(char);
    if (letter !== (keyboard.page === 'letters')) await tapKeyboardKey(element, letter ? words.lettersName : words.symbolsName);
    if (letter && (char !== char.toLowerCase()) !== keyboard.capitals) await tapKeyboardKey(element, words.capitals);
    await tapKeyboardKey(element, char);
  }
}
