/**
 * Switching the language moves nothing a driver aims at, at the three kiosk sizes: the plate
 * keyboard's keys and cells keep their boxes, and the status strip keeps its height with every chip
 * inside it and no word cut short, in both languages.
 * The exit kiosk fills the viewport as in the kiosk app; measured with getBoundingClientRect.
 */
import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneExitKiosk } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import { KIOSK_SIZES } from './kiosk-sizes.js';
import { boxOf, LANE, mount, unmountAll, whenSelector } from './support.js';

async function kiosk(): Promise<LaneExitKiosk> {
  const element = document.createElement('lane-exit-kiosk');
  // The kiosk app keeps a strip at the right for the demo devices' tab: the narrowest the driver's screen gets.
  element.style.cssText = 'position: fixed; inset: 0 2.75rem 0 0; display: grid;';
  element.proxyUrl = LANE.proxyUrl;
  element.lane = LANE.laneId;
  element.laneKey = LANE.laneKey;
  await mount(element);
  await whenSelector(element.shadowRoot!, '[part="spaces"]');
  await element.updateComplete;
  return element;
}

const plateInput = (element: LaneExitKiosk) => element.shadowRoot!.querySelector('lane-plate-input')!;
const keyBoxes = (element: LaneExitKiosk) => [...plateInput(element).shadowRoot!.querySelectorAll('button')].map((b) => `${b.textContent!.trim()} ${JSON.stringify(boxOf(b))}`);
const statusBar = (element: LaneExitKiosk) => element.shadowRoot!.querySelector('lane-status-bar')!;

/** What of the status bar lies outside its strip: a chip or the details button pushed below (none when it fits). */
function outsideBar(element: LaneExitKiosk): string[] {
  const strip = statusBar(element).shadowRoot!.querySelector('[part="bar"]')!.getBoundingClientRect();
  return [...statusBar(element).shadowRoot!.querySelectorAll('.chip, .toggle')]
    .filter((item) => {
      const box = item.getBoundingClientRect();
      return box.top < strip.top || box.bottom > strip.bottom || box.left < strip.left || box.right > strip.right;
    })
    .map((item) => item.textContent!.trim());
}

/** The status strip's own height: its button's 80 px and padding, whatever the chips' words. */
const STRIP_PX = 80 + 2 * 0.4 * 16;

/** Chips whose words the bar had to cut short (…). */
const cutChips = (element: LaneExitKiosk) =>
  [...statusBar(element).shadowRoot!.querySelectorAll<HTMLElement>('.chip')].filter((chip) => chip.scrollWidth > chip.clientWidth).map((chip) => `${chip.textContent} ${chip.scrollWidth}>${chip.clientWidth}`);

async function switchLanguage(element: LaneExitKiosk): Promise<void> {
  element.shadowRoot!.querySelector<HTMLButtonElement>('[part="locale-switch"]')!.click();
  await element.updateComplete;
  await plateInput(element).updateComplete;
  await statusBar(element).updateComplete;
}

describe('language switch: nothing moves', () => {
  afterEach(async () => {
    unmountAll();
    await setViewport({ width: 800, height: 600 });
  });

  for (const size of KIOSK_SIZES) {
    it(`at ${size.width}×${size.height}: the plate keyboard keeps every box and the status strip its height, every word whole, in Chinese and in English`, async () => {
      await setViewport(size);
      const element = await kiosk();
      const chinese = keyBoxes(element);
      const bar = boxOf(statusBar(element));
      expect(boxOf(statusBar(element)).height, 'the Chinese status strip').to.be.closeTo(STRIP_PX, 0.1);
      expect(outsideBar(element), 'Chinese status bar').to.deep.equal([]);
      expect(cutChips(element), 'Chinese chips cut short').to.deep.equal([]);
      await switchLanguage(element);
      expect(element.locale).to.equal('en');
      expect(outsideBar(element), 'English status bar').to.deep.equal([]);
      expect(cutChips(element), 'English chips cut short').to.deep.equal([]);
      expect(boxOf(statusBar(element)), 'the status bar box').to.deep.equal(bar);
      const english = keyBoxes(element);
      // The keys' words change (删除 → Delete); their boxes must not.
      const boxesOnly = (keys: string[]) => keys.map((key) => key.slice(key.indexOf('{')));
      expect(boxesOnly(english)).to.deep.equal(boxesOnly(chinese));
      await switchLanguage(element);
      expect(keyBoxes(element)).to.deep.equal(chinese);
    });
  }
});
