/**
 * Keyboard-wedge scanners in Chromium: synthetic keydowns at scanner speed (3 ms apart) and at
 * human speed (120 ms apart), through the KeyboardWedgeChannel and the same ScannerDriver, into a
 * focused <input> and into the kiosk's plate input inside its shadow DOM. Key times come from a
 * scripted clock, so no test waits on the wall clock for its pacing.
 */
import { DEFAULT_GATE } from '../../kiosk-shell/gate-settings.js';
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LaneExitKiosk } from '../../src/components/lane-exit-kiosk/lane-exit-kiosk.js';
import type { LanePlateInput } from '../../src/components/lane-plate-input/lane-plate-input.js';
import type { ScanMeaning } from '../../src/core/scan-router.js';
import { KeyboardWedgeChannel } from '../../src/hardware/keyboard-wedge.js';
import { ScannerDriver, type ScanEventDetail } from '../../src/hardware/scanner-driver.js';
import { startSerialDevices, type LaneDevices } from '../../kiosk-shell/devices.js';
import { loadSettings, saveSettings } from '../../kiosk-shell/settings.js';
import { LANE, mount, nextEvent, unmountAll } from './support.js';

const SCANNER_MS = 3;
const HUMAN_MS = 120;

const drivers: ScannerDriver[] = [];
let clock = 0;

async function wedgeScanner(): Promise<{ driver: ScannerDriver; scans: ScanEventDetail[] }> {
  const driver = new ScannerDriver(new KeyboardWedgeChannel(window, { timeOf: () => clock }), { debounceMs: 0 });
  drivers.push(driver);
  const scans: ScanEventDetail[] = [];
  driver.addEventListener('scan', (e) => scans.push((e as CustomEvent<ScanEventDetail>).detail));
  await driver.start();
  return { driver, scans };
}

/** Presses each key on `target` (as the browser does on the focused element), `stepMs` apart; returns the keydowns. */
function press(target: Element, keys: string[], stepMs: number, repeat = false): KeyboardEvent[] {
  return keys.map((key) => {
    clock += stepMs;
    const event = new KeyboardEvent('keydown', { key, repeat, bubbles: true, composed: true, cancelable: true });
    target.dispatchEvent(event);
    return event;
  });
}

const chars = (text: string) => [...text];

function textInput(): Promise<HTMLInputElement> {
  return mount(document.createElement('input'));
}

/** Resolves once the input holds `value` (human keys are given back one gap late). */
function valueReaches(input: HTMLInputElement, value: string): Promise<Event> {
  return nextEvent(input, 'input', () => input.value === value);
}

describe('KeyboardWedgeChannel', () => {
  afterEach(async () => {
    unmountAll();
    for (const driver of drivers.splice(0)) await driver.stop();
  });

  it('a burst at scanner speed ending in Enter is a scan and never reaches the focused input', async () => {
    const { driver, scans } = await wedgeScanner();
    const input = await textInput();
    let seenByInput = 0;
    input.addEventListener('keydown', () => seenByInput++);
    input.focus();
    const scanned = nextEvent(driver, 'scan');
    const events = press(input, [...chars('LKC1:1001:2002'), 'Enter'], SCANNER_MS);
    await scanned;
    expect(scans).to.deep.equal([{ text: 'LKC1:1001:2002', symbology: null, encoding: 'utf-8' }]);
    expect(events.every((e) => e.defaultPrevented)).to.equal(true);
    expect([seenByInput, input.value]).to.deep.equal([0, '']);
  });

  it('a burst ended by Tab, or by a gap with no terminator, is a scan too', async () => {
    const { driver, scans } = await wedgeScanner();
    const input = await textInput();
    input.focus();
    const both = nextEvent(driver, 'scan', () => scans.length === 2);
    press(input, [...chars('134567890123456789'), 'Tab'], SCANNER_MS);
    clock += HUMAN_MS;
    press(input, chars('T202611230902031234'), SCANNER_MS);
    await both;
    expect(scans.map((s) => s.text)).to.deep.equal(['134567890123456789', 'T202611230902031234']);
    expect(input.value).to.equal('');
  });

  it('typing at human speed reaches the focused input unchanged, Enter included, and makes no scan', async () => {
    const { driver, scans } = await wedgeScanner();
    const input = await textInput();
    const form = document.createElement('form');
    const submitted = nextEvent(form, 'submit');
    form.addEventListener('submit', (e) => e.preventDefault());
    form.append(input);
    await mount(form);
    input.focus();
    for (const key of chars('ab12')) {
      const reached = valueReaches(input, input.value + key);
      press(input, [key], HUMAN_MS);
      await reached;
    }
    const enter = press(input, ['Enter'], HUMAN_MS)[0]!;
    expect(enter.defaultPrevented, 'Enter is the page’s').to.equal(false);
    form.requestSubmit();
    await submitted;
    // A scan after the typing is the first and only scan: the typing made none.
    const scanned = nextEvent(driver, 'scan');
    press(input, [...chars('LKC1:7:8'), 'Enter'], SCANNER_MS);
    await scanned;
    expect(scans.map((s) => s.text)).to.deep.equal(['LKC1:7:8']);
    expect(input.value).to.equal('ab12');
  });

  it('two keys rolled fast by a person are given back in order, not taken for a scan', async () => {
    const { driver, scans } = await wedgeScanner();
    const input = await textInput();
    input.focus();
    const typed = valueReaches(input, 'xy');
    press(input, ['x', 'y'], 8);
    await typed;
    const scanned = nextEvent(driver, 'scan');
    press(input, [...chars('ABCD'), 'Enter'], SCANNER_MS);
    await scanned;
    expect(scans.map((s) => s.text)).to.deep.equal(['ABCD']);
    expect(input.value).to.equal('xy');
  });

  it('a key held down auto-repeats into the input as a person types, never as a scan', async () => {
    const { driver, scans } = await wedgeScanner();
    const input = await textInput();
    let seenByInput = 0;
    input.addEventListener('keydown', () => seenByInput++);
    input.focus();
    press(input, ['0'], HUMAN_MS);
    const repeats = press(input, ['0', '0', '0', '0', '0'], 30, true);
    expect(repeats.some((e) => e.defaultPrevented)).to.equal(false);
    expect(seenByInput, 'the first key given back before the repeats, the repeats at once').to.equal(6);
    const scanned = nextEvent(driver, 'scan');
    press(input, [...chars('WXYZ'), 'Enter'], SCANNER_MS);
    await scanned;
    expect(scans.map((s) => s.text)).to.deep.equal(['WXYZ']);
  });

  it("in the kiosk's plate input (shadow DOM): a scanned plate is routed, not typed; human keys still type", async () => {
    const driver = (await wedgeScanner()).driver;
    const element = document.createElement('lane-exit-kiosk') as LaneExitKiosk;
    Object.assign(element, { proxyUrl: LANE.proxyUrl, lane: LANE.laneId, laneKey: LANE.laneKey, scanner: driver });
    await mount(element);
    const plateInput = element.shadowRoot!.querySelector<LanePlateInput>('[part="plate-input"]')!;
    await plateInput.updateComplete;
    plateInput.shadowRoot!.querySelector<HTMLButtonElement>('[data-key="沪"]')!.click();
    plateInput.focus();
    expect(element.shadowRoot!.activeElement).to.equal(plateInput);

    for (const key of ['a', '1']) {
      press(plateInput, [key], HUMAN_MS);
      await nextEvent<KeyboardEvent>(plateInput, 'keydown', (e) => e.key === key);
    }
    await plateInput.updateComplete;
    expect(plateInput.value).to.equal('沪A1');

    const routed = nextEvent<CustomEvent<{ meaning: ScanMeaning }>>(element, 'lane-scan');
    press(plateInput, [...chars('苏E54321'), 'Enter'], SCANNER_MS);
    expect((await routed).detail.meaning).to.deep.equal({ kind: 'plate', plate: '苏E54321' });
    expect(plateInput.value, 'nothing of the scan was typed').to.equal('沪A1');
  });
});

describe("the kiosk shell's scanner setting", () => {
  const STORAGE_KEY = 'lane-kiosk.settings';
  afterEach(async () => {
    unmountAll();
    localStorage.removeItem(STORAGE_KEY);
    for (const driver of drivers.splice(0)) await driver.stop();
  });

  it('is kept on the device, serial and auto unless chosen otherwise', () => {
    const base = { proxyUrl: location.origin, lane: 'exit-1', laneKey: 'k', locale: 'zh-CN', hardware: 'serial', direction: 'exit', printerProfile: 'generic-80', gate: DEFAULT_GATE } as const;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(base));
    expect(loadSettings()).to.deep.include({ scanner: 'serial', scannerEncoding: 'auto', scannerSuffix: 'auto' });
    saveSettings({ ...base, scanner: 'keyboard-wedge', scannerEncoding: 'gb18030', scannerSuffix: 'suffix' });
    expect(loadSettings()).to.deep.include({ scanner: 'keyboard-wedge', scannerEncoding: 'gb18030', scannerSuffix: 'suffix' });
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...base, scanner: 'usb', scannerEncoding: 'latin-1', scannerSuffix: 'cr' }));
    expect(loadSettings()).to.deep.include({ scanner: 'serial', scannerEncoding: 'auto', scannerSuffix: 'auto' });
  });

  it('keyboard-wedge starts a scanner at once, with no serial port, and reads with the chosen encoding', async () => {
    const ready: LaneDevices[] = [];
    await startSerialDevices(null, { scanner: 'keyboard-wedge', scannerEncoding: 'auto', scannerSuffix: 'auto', printerProfile: 'generic-80' }, (devices) => ready.push(devices));
    const driver = ready[0]!.scanner!;
    drivers.push(driver);
    expect([ready.length, ready[0]!.printer, driver.connected]).to.deep.equal([1, null, true]);
    const scanned = nextEvent<CustomEvent<ScanEventDetail>>(driver, 'scan');
    press(document.body, [...chars('LKC1:5:6'), 'Enter'], 0);
    expect((await scanned).detail.text).to.equal('LKC1:5:6');

    const none: LaneDevices[] = [];
    await startSerialDevices(null, { scanner: 'serial', scannerEncoding: 'auto', scannerSuffix: 'auto', printerProfile: 'generic-80' }, (devices) => none.push(devices));
    expect(none, 'a serial scanner needs a port').to.deep.equal([]);
  });

  it('remembers across a reload that the scanner sends a suffix, so the next session frames on it from the first scan', async () => {
    localStorage.removeItem('lane-kiosk.scanner-suffix-learnt');
    const settings = { scanner: 'keyboard-wedge', scannerEncoding: 'auto', scannerSuffix: 'auto', printerProfile: 'generic-80' } as const;
    const first: LaneDevices[] = [];
    await startSerialDevices(null, settings, (devices) => first.push(devices));
    const driver = first[0]!.scanner!;
    const learnt = nextEvent(driver, 'suffix-learnt');
    press(document.body, [...chars('LKC1:5:7'), 'Enter'], 0);
    await learnt;
    await driver.stop();
    expect(localStorage.getItem('lane-kiosk.scanner-suffix-learnt')).to.equal('1');

    const second: LaneDevices[] = [];
    await startSerialDevices(null, settings, (devices) => second.push(devices));
    drivers.push(second[0]!.scanner!);
    const quiet: Event[] = [];
    second[0]!.scanner!.addEventListener('suffix-learnt', (e) => quiet.push(e));
    const scanned = nextEvent<CustomEvent<ScanEventDetail>>(second[0]!.scanner!, 'scan');
    press(document.body, [...chars('LKC1:5:8'), 'Enter'], 0);
    expect((await scanned).detail.text).to.equal('LKC1:5:8');
    expect(quiet, 'nothing new to learn').to.deep.equal([]);
    localStorage.removeItem('lane-kiosk.scanner-suffix-learnt');
  });
});
