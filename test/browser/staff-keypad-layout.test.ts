/**
 * Nothing moves on the staff screens as staff work, at the three kiosk sizes and in both
 * languages: the release dialog keeps its box when the keypad switches from digits to the A–Z
 * staff-id layout, a wrong PIN or a missing entry time moves no key, and the first key typed does
 * not grow the keypad's display. The dialog sits in a centred overlay as on the exit kiosk, so any
 * growth would move it; measured with getBoundingClientRect in Chromium at each viewport.
 */
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import '../../src/components/lane-staff-exit/lane-staff-exit.js';
import type { LaneStaffExit, LaneStaffPinEvent } from '../../src/components/lane-staff-exit/lane-staff-exit.js';
import type { StaffPinHash } from '../../src/core/quote.js';
import { parseRateDesc } from '../../src/core/rate-desc.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';
import { boxOf, mount, nextEvent, unmountAll } from './support.js';
import { tap, tapField, tapKeys, tapPin } from './touch.js';

const tariff = parseRateDesc('全天 0:00-24:00#免费时间|15 分钟%小型车|5 元/小时%大型车|8 元/小时').tariff;

async function pinHash(pin: string, laneId: string): Promise<StaffPinHash> {
  const salt = `lane-kiosk-staff-pin:${laneId}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: 1000 }, key, 256);
  return { salt, iterations: 1000, hash: [...new Uint8Array(bits)].map((b) => b.toString(16).padStart(2, '0')).join('') };
}

/**
 * The release dialog in an overlay like the exit kiosk's: centred over the kiosk, in its font size.
 * The kiosk app keeps a strip at the right for the demo devices' tab: the kiosk is that much narrower than the page.
 */
async function dialog(locale: 'zh-CN' | 'en'): Promise<LaneStaffExit> {
  const overlay = document.createElement('div');
  overlay.style.cssText = 'position: fixed; inset: 0 2.75rem 0 0; display: flex; align-items: center; justify-content: center; font-size: clamp(1.25rem, 2.2vmin + 0.5rem, 2.75rem);';
  const element = document.createElement('lane-staff-exit');
  element.plate = '沪Q12345';
  element.tariff = tariff;
  element.staffPin = await pinHash('24682468', 'exit-1');
  element.locale = locale;
  element.style.fontSize = 'inherit';
  overlay.append(element);
  await mount(overlay);
  await element.updateComplete;
  return element;
}

async function pin(element: LaneStaffExit, typed: string): Promise<void> {
  const checked = nextEvent<LaneStaffPinEvent>(element, 'lane-staff-pin');
  await tapPin(element, typed, checked);
}

const keypad = (element: LaneStaffExit) => element.shadowRoot!.querySelector('lane-keypad')!;
/** The boxes a finger aims at: the dialog, the keypad and its keys, the buttons at the bottom. */
const boxes = (element: LaneStaffExit) => ({
  panel: boxOf(element.shadowRoot!.querySelector('[part="panel"]')!),
  keypad: boxOf(keypad(element)),
  keys: [...keypad(element).shadowRoot!.querySelectorAll('button')].map(boxOf),
  actions: [...element.shadowRoot!.querySelectorAll('.actions button')].map(boxOf),
});
/** The same, less the keys: switching layouts rearranges them inside the keypad's unchanged box. */
const frame = (element: LaneStaffExit) => {
  const { keys: _keys, ...rest } = boxes(element);
  return rest;
};

/** Keys whose word runs past the key's edge (Clear on an 80 px key), with by how much. */
function overflowingKeys(element: LaneStaffExit): string[] {
  return [...keypad(element).shadowRoot!.querySelectorAll('button')]
    .map((key) => {
      const range = document.createRange();
      range.selectNodeContents(key);
      const text = range.getBoundingClientRect();
      const outer = key.getBoundingClientRect();
      return [key.textContent!.trim(), Math.max(outer.left - text.left, text.right - outer.right)] as const;
    })
    .filter(([, by]) => by > 0)
    .map(([name, by]) => `${name} ${by.toFixed(1)}px`);
}

describe('staff screens: nothing moves', () => {
  afterEach(async () => {
    unmountAll();
    await setViewport({ width: 800, height: 600 });
  });

  for (const size of KIOSK_SIZES) {
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`at ${size.width}×${size.height} in ${locale}: a typed key, a wrong PIN, the A–Z staff-id keypad and a missing entry time move nothing`, async () => {
        await setViewport(size);
        const element = await dialog(locale);
        const locked = boxes(element);
        await tapKeys(element, '1');
        expect(boxes(element), 'the first key typed').to.deep.equal(locked);
        await pin(element, '111');
        expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal(locale === 'en' ? 'Wrong PIN' : '密码错误');
        expect(boxes(element), 'the wrong-PIN message').to.deep.equal(locked);

        await pin(element, '24682468');
        const form = frame(element);
        for (const field of ['amount', 'staff', 'entry']) {
          await tapField(element, field);
          await keypad(element).updateComplete;
          expect(frame(element), field).to.deep.equal(form);
        }
        await tapField(element, 'staff');
        await keypad(element).updateComplete;
        const staffKeys = boxes(element);
        expect(overflowingKeys(element), 'every word fits its key').to.deep.equal([]);
        await tapKeys(element, 'A7');
        expect(boxes(element), 'a staff id typed').to.deep.equal(staffKeys);
        await tap(element, locale === 'en' ? 'Release car' : '确认放行');
        expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.not.equal('');
        // The form turns the keypad to the entry time it asks for: the keys change, their box does not.
        expect(frame(element), 'the missing-entry message').to.deep.equal(form);
        const kiosk = boxOf(element.parentElement!);
        expect(form.panel.y + form.panel.height, 'the dialog lies inside the kiosk').to.be.at.most(kiosk.y + kiosk.height);
        expect(form.panel.x, 'the dialog lies inside the kiosk').to.be.at.least(kiosk.x);
        expect(form.panel.x + form.panel.width, 'the dialog lies inside the kiosk').to.be.at.most(kiosk.x + kiosk.width);
      });
    }
  }
});
