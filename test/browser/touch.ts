/**
 * Staff screens driven by touch alone: every step is a click on an on-screen button (the same
 * synthetic click a tap produces), never typing into an input or setting a value.
 */
import type { LaneKeypad } from '../../src/components/lane-keypad/lane-keypad.js';
import { entryClockOf } from '../../src/core/entry-clock.js';

type Host = HTMLElement & { shadowRoot: ShadowRoot | null; updateComplete: Promise<unknown> };

const buttonsIn = (root: ParentNode) => [...root.querySelectorAll<HTMLButtonElement>('button')];
const label = (button: HTMLButtonElement) => button.getAttribute('aria-label') ?? button.textContent!.trim();

/** Taps the button of `host` whose text (or aria-label) is `name`. */
export async function tap(host: Host, name: string | RegExp): Promise<void> {
  await host.updateComplete;
  const matches = (b: HTMLButtonElement) => (typeof name === 'string' ? label(b) === name : name.test(label(b)));
  const button = buttonsIn(host.shadowRoot!).find(matches);
  if (!button) throw new Error(`no button ${String(name)} in <${host.localName}>: ${buttonsIn(host.shadowRoot!).map(label).join(' | ')}`);
  button.click();
  await host.updateComplete;
}

/** The host's keypad, rendered. */
export async function keypadOf(host: Host): Promise<LaneKeypad> {
  await host.updateComplete;
  const keypad = host.shadowRoot!.querySelector('lane-keypad');
  if (!keypad) throw new Error(`no keypad in <${host.localName}>`);
  await keypad.updateComplete;
  return keypad;
}

/** Taps each character of `keys` on the host's keypad. */
export async function tapKeys(host: Host, keys: string): Promise<void> {
  const keypad = await keypadOf(host);
  for (const key of keys) {
    const button = buttonsIn(keypad.shadowRoot!).find((b) => b.textContent === key);
    if (!button) throw new Error(`no key ${key} on the ${keypad.layout} keypad`);
    button.click();
    await keypad.updateComplete;
  }
  await host.updateComplete;
}

/** Taps the keypad's enter key. */
export async function tapEnter(host: Host): Promise<void> {
  (await keypadOf(host)).shadowRoot!.querySelector<HTMLButtonElement>('[part="enter"]')!.click();
}

/** Taps the PIN on the keypad and its enter key; resolves once the host re-rendered after the check. */
export async function tapPin(host: Host, pin: string, checked: Promise<unknown>): Promise<void> {
  await tapKeys(host, pin);
  await tapEnter(host);
  await checked;
  await host.updateComplete;
}

/** Taps one of the staff release form's keypad fields (entry, amount, phone, staff) to edit it. */
export async function tapField(host: Host, field: string): Promise<void> {
  host.shadowRoot!.querySelector<HTMLButtonElement>(`[part="field"][data-field="${field}"]`)!.click();
  await host.updateComplete;
}

/** Gives the entry time on the release form: steps the day back, then types HH:MM. */
export async function tapEntryTime(host: Host, nowMs: number, enteredAtMs: number): Promise<void> {
  const { daysBack, digits } = entryClockOf(nowMs, enteredAtMs);
  for (let day = 0; day < daysBack; day++) await tap(host, '前一天');
  await tapField(host, 'entry');
  await tapKeys(host, digits);
}
