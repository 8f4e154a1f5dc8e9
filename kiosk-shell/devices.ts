/**
 * Which printer and scanner the kiosk uses: the virtual pair for the demo (receipts appear on
 * screen, scans are typed), or real serial devices chosen once in setup and found again after
 * every reload and re-plug.
 */
import { profileById, type PrinterProfile } from '../src/hardware/escpos/profiles.js';
import { PlatformGate, type LaneGate } from '../src/hardware/gate.js';
import { type PortMemory } from '../src/hardware/port-memory.js';
import { PrinterDriver } from '../src/hardware/printer-driver.js';
import { KeyboardWedgeChannel } from '../src/hardware/keyboard-wedge.js';
import { ScannerDriver, type ScannerDriverOptions } from '../src/hardware/scanner-driver.js';
import type { ByteChannel } from '../src/hardware/channel.js';
import { RelayGate } from '../src/hardware/relay-gate.js';
import { DEFAULT_LINE, UsbSerialSource, WebSerialSource, type SerialSource } from '../src/hardware/serial-channel.js';
import { VirtualGate } from '../src/hardware/virtual/virtual-gate.js';
import { VirtualPrinter } from '../src/hardware/virtual/virtual-printer.js';
import { VirtualScanner } from '../src/hardware/virtual/virtual-scanner.js';
import type { ShellSettings } from './settings.js';
import type { GateSettings } from './gate-settings.js';

export interface LaneDevices {
  printer: PrinterDriver | null;
  scanner: ScannerDriver | null;
}

export interface VirtualDevices extends LaneDevices {
  printer: PrinterDriver;
  scanner: ScannerDriver;
  virtualPrinter: VirtualPrinter;
  virtualScanner: VirtualScanner;
}

export async function startVirtualDevices(profile: PrinterProfile): Promise<VirtualDevices> {
  const virtualPrinter = new VirtualPrinter('演示打印机', { tearOffFeedLines: profile.cutter === 'none' ? profile.feedBeforeCut : 0 });
  const virtualScanner = new VirtualScanner('演示扫码枪');
  const printer = new PrinterDriver(virtualPrinter.channel, { profile });
  const scanner = new ScannerDriver(virtualScanner.channel);
  await Promise.all([printer.start(), scanner.start()]);
  return { printer, scanner, virtualPrinter, virtualScanner };
}

/** navigator.serial where Chromium has it; otherwise web-serial-polyfill over WebUSB (CDC-ACM only). */
export async function serialSource(): Promise<SerialSource | null> {
  const nav = navigator as Navigator & { serial?: unknown; usb?: unknown };
  if (nav.serial) return new WebSerialSource(nav.serial as ConstructorParameters<typeof WebSerialSource>[0]);
  if (!nav.usb) return null;
  const { SerialPort } = await import('web-serial-polyfill');
  return new UsbSerialSource(nav.usb as ConstructorParameters<typeof UsbSerialSource>[0], (device) => new SerialPort(device as never) as never);
}

const SUFFIX_LEARNT_KEY = 'lane-kiosk.scanner-suffix-learnt';

/**
 * A scanner driver that remembers across reloads what `auto` framing learnt (suffix or none), so
 * only the very first scan on a kiosk pays for learning it.
 */
function learningScanner(channel: ByteChannel, options: Pick<ScannerDriverOptions, 'encoding' | 'suffix'>): ScannerDriver {
  const stored = localStorage.getItem(SUFFIX_LEARNT_KEY);
  const driver = new ScannerDriver(channel, { ...options, suffixLearnt: stored === null ? undefined : stored === '1' });
  driver.addEventListener('suffix-learnt', (event) => {
    localStorage.setItem(SUFFIX_LEARNT_KEY, (event as CustomEvent<{ framesOnSuffix: boolean }>).detail.framesOnSuffix ? '1' : '0');
  });
  return driver;
}

/**
 * Real devices: whatever was chosen before, each started as soon as it is plugged in; a
 * keyboard-wedge scanner at once (it needs no port). `memory` is null without Web Serial or WebUSB.
 */
export async function startSerialDevices(
  memory: PortMemory | null,
  settings: Pick<ShellSettings, 'scanner' | 'scannerEncoding' | 'scannerSuffix' | 'printerProfile'>,
  onReady: (devices: LaneDevices) => void,
): Promise<void> {
  const profile = profileById(settings.printerProfile);
  const scanner = settings;
  const devices: LaneDevices = { printer: null, scanner: null };
  const startScanner = async (driver: ScannerDriver) => {
    devices.scanner = driver;
    await driver.start();
    onReady({ ...devices });
  };
  const scannerOn = (channel: ByteChannel) => learningScanner(channel, { encoding: settings.scannerEncoding, suffix: settings.scannerSuffix });
  if (scanner.scanner === 'keyboard-wedge') await startScanner(scannerOn(new KeyboardWedgeChannel()));
  if (memory?.remembered('printer')) {
    void memory.whenAvailable('printer').then(async (channel) => {
      devices.printer = new PrinterDriver(channel, { profile });
      await devices.printer.start();
      onReady({ ...devices });
    });
  }
  if (scanner.scanner === 'serial' && memory?.remembered('scanner')) {
    void memory.whenAvailable('scanner').then((channel) => startScanner(scannerOn(channel)));
  }
}

/**
 * The lane's barrier as set up: none, the platform's, or a relay board — the demo's virtual one
 * (returned, for the devices panel) or the real one on its remembered serial port at the set baud
 * rate, started whenever it is plugged in. `onReady` gets the gate once it can be used.
 */
export async function startGate(settings: GateSettings, boards: 'virtual' | PortMemory | null, onReady: (gate: LaneGate) => void): Promise<VirtualGate | null> {
  if (settings.mode === 'none') return null;
  if (settings.mode === 'platform') {
    onReady(new PlatformGate());
    return null;
  }
  const options = { relay: settings.relay, pulseMs: settings.pulseMs };
  if (boards === 'virtual') {
    const board = new VirtualGate('演示道闸', settings.relay);
    const gate = new RelayGate(board.channel, options);
    await gate.start();
    onReady(gate);
    return board;
  }
  if (boards?.remembered('gate')) {
    void boards.whenAvailable('gate', undefined, { ...DEFAULT_LINE, baudRate: settings.baudRate }).then(async (channel) => {
      const gate = new RelayGate(channel, options);
      await gate.start();
      onReady(gate);
    });
  }
  return null;
}
