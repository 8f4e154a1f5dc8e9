/**
 * Which printer and scanner the kiosk uses: the virtual pair for the demo (receipts appear on
 * screen, scans are typed), or real serial devices chosen once in setup and found again after
 * every reload and re-plug.
 */
import type { PrinterProfile } from '../src/hardware/escpos/profiles.js';
import { PortMemory } from '../src/hardware/port-memory.js';
import { PrinterDriver } from '../src/hardware/printer-driver.js';
import { ScannerDriver } from '../src/hardware/scanner-driver.js';
import { UsbSerialSource, WebSerialSource, type SerialSource } from '../src/hardware/serial-channel.js';
import { VirtualPrinter } from '../src/hardware/virtual/virtual-printer.js';
import { VirtualScanner } from '../src/hardware/virtual/virtual-scanner.js';

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
  const virtualPrinter = new VirtualPrinter('演示打印机');
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

/** Real devices: whatever was chosen before; each starts as soon as it is plugged in. */
export async function startSerialDevices(memory: PortMemory, profile: PrinterProfile, onReady: (devices: LaneDevices) => void): Promise<void> {
  const devices: LaneDevices = { printer: null, scanner: null };
  if (memory.remembered('printer')) {
    void memory.whenAvailable('printer').then(async (channel) => {
      devices.printer = new PrinterDriver(channel, { profile });
      await devices.printer.start();
      onReady({ ...devices });
    });
  }
  if (memory.remembered('scanner')) {
    void memory.whenAvailable('scanner').then(async (channel) => {
      devices.scanner = new ScannerDriver(channel);
      await devices.scanner.start();
      onReady({ ...devices });
    });
  }
}
