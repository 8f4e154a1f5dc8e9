/**
 * Serial channels without serial hardware: Chromium cannot emulate a serial device, so ports are
 * injected through the project's own interface, their bytes carried by the virtual printer.
 */
import { expect } from '@esm-bundle/chai';
import { line, cut } from '../../src/hardware/escpos/document.js';
import { GENERIC_80MM } from '../../src/hardware/escpos/profiles.js';
import { PortMemory } from '../../src/hardware/port-memory.js';
import { PrinterDriver } from '../../src/hardware/printer-driver.js';
import { DEFAULT_LINE, SerialChannel, UsbSerialSource, type SerialLineOptions, type SerialPortLike } from '../../src/hardware/serial-channel.js';
import { VirtualPrinter } from '../../src/hardware/virtual/virtual-printer.js';

/** A port whose far end is a virtual printer, standing in for a USB-serial adapter. */
class FakePort implements SerialPortLike {
  openedWith: SerialLineOptions | null = null;
  constructor(readonly printer: VirtualPrinter) {}
  get readable() {
    return this.printer.channel.readable;
  }
  get writable() {
    return this.printer.channel.writable;
  }
  async open(options: SerialLineOptions) {
    this.openedWith = options;
    await this.printer.channel.open();
  }
  async close() {
    await this.printer.channel.close();
  }
  getInfo() {
    return { usbVendorId: 0x0483, usbProductId: 0x5740 };
  }
}

interface FakeDevice {
  vendorId: number;
  productId: number;
  serialNumber?: string;
  printer: VirtualPrinter;
}

class FakeUsb extends EventTarget {
  devices: FakeDevice[] = [];
  chooserPick: FakeDevice | null = null;
  async getDevices() {
    return [...this.devices];
  }
  async requestDevice() {
    if (!this.chooserPick) throw new DOMException('No device selected.', 'NotFoundError');
    return this.chooserPick;
  }
  plug(device: FakeDevice) {
    this.devices.push(device);
    this.dispatchEvent(Object.assign(new Event('connect'), { device }));
  }
  unplug(device: FakeDevice) {
    this.devices = this.devices.filter((d) => d !== device);
    device.printer.channel.unplug();
    this.dispatchEvent(Object.assign(new Event('disconnect'), { device }));
  }
}

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('serial channels (WebUSB polyfill route, injected ports)', () => {
  const makeSource = (usb: FakeUsb) => new UsbSerialSource(usb, (device) => new FakePort((device as FakeDevice).printer));

  it('a printer behind a serial channel prints, with the chosen line settings', async () => {
    const usb = new FakeUsb();
    const device: FakeDevice = { vendorId: 0x0483, productId: 0x5740, serialNumber: 'PRN-001', printer: new VirtualPrinter() };
    usb.plug(device);
    usb.chooserPick = device;
    const memory = new PortMemory(makeSource(usb), memoryStorage());
    const channel = await memory.choose('printer', { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'hardware' });
    expect(channel.label).to.equal('USB 0x0483:0x5740 #PRN-001 @ 115200');
    const driver = new PrinterDriver(channel, { profile: GENERIC_80MM, statusTimeoutMs: 300 });
    await driver.start();
    await driver.print([line('串口打印'), cut()]);
    expect(device.printer.lastReceiptText()).to.deep.equal(['串口打印']);
    expect((channel.port as FakePort).openedWith!.baudRate).to.equal(115200);
    await driver.stop();
  });

  it('finds the remembered printer again after a reload, and not its identical twin', async () => {
    const usb = new FakeUsb();
    const twin: FakeDevice = { vendorId: 0x0483, productId: 0x5740, serialNumber: 'PRN-002', printer: new VirtualPrinter() };
    const ours: FakeDevice = { vendorId: 0x0483, productId: 0x5740, serialNumber: 'PRN-001', printer: new VirtualPrinter() };
    usb.plug(twin);
    usb.plug(ours);
    usb.chooserPick = ours;
    const storage = memoryStorage();
    await new PortMemory(makeSource(usb), storage).choose('printer');
    // A reload: a new source, new port objects, the same storage.
    const restored = await new PortMemory(makeSource(usb), storage).restore('printer');
    expect(restored).to.be.instanceOf(SerialChannel);
    expect(restored!.label).to.contain('#PRN-001');
    expect(await new PortMemory(makeSource(usb), storage).restore('scanner')).to.equal(null);
  });

  it('a remembered port is opened at the line settings asked for now, not those of its pairing (a baud rate changed since)', async () => {
    const usb = new FakeUsb();
    const board: FakeDevice = { vendorId: 0x1a86, productId: 0x7523, serialNumber: 'LCUS-1', printer: new VirtualPrinter() };
    usb.plug(board);
    usb.chooserPick = board;
    const storage = memoryStorage();
    await new PortMemory(makeSource(usb), storage).choose('gate', DEFAULT_LINE);
    const channel = await new PortMemory(makeSource(usb), storage).whenAvailable('gate', undefined, { ...DEFAULT_LINE, baudRate: 19200 });
    expect(channel.label).to.equal('USB 0x1a86:0x7523 #LCUS-1 @ 19200');
    await channel.open();
    expect((channel.port as FakePort).openedWith!.baudRate).to.equal(19200);
    await channel.close();
    const asPaired = await new PortMemory(makeSource(usb), storage).restore('gate');
    expect(asPaired!.label, 'without an override, the pairing line').to.contain('@ 9600');
  });

  it('keeps one port object per device across getPorts calls', async () => {
    const usb = new FakeUsb();
    usb.plug({ vendorId: 1, productId: 2, serialNumber: 'A', printer: new VirtualPrinter() });
    const source = makeSource(usb);
    const [first] = await source.getPorts();
    const [again] = await source.getPorts();
    expect(first).to.equal(again);
  });

  it('reconnects after a re-plug even though WebUSB hands back a new device object', async () => {
    const usb = new FakeUsb();
    const printer = new VirtualPrinter();
    const before: FakeDevice = { vendorId: 0x0483, productId: 0x5740, serialNumber: 'PRN-001', printer };
    usb.plug(before);
    usb.chooserPick = before;
    const channel = await new PortMemory(makeSource(usb), memoryStorage()).choose('printer');
    const driver = new PrinterDriver(channel, { profile: GENERIC_80MM, statusTimeoutMs: 300, reconnectTimeoutMs: 3000 });
    await driver.start();
    usb.unplug(before);
    expect(channel.present).to.equal(false);
    const printing = driver.print([line('重新插上之后'), cut()]);
    printer.channel.plug();
    usb.plug({ ...before });
    await printing;
    expect(channel.present).to.equal(true);
    expect(printer.lastReceiptText()).to.deep.equal(['重新插上之后']);
    await driver.stop();
  });

  it('waits for a remembered scanner that is not plugged in yet', async () => {
    const usb = new FakeUsb();
    const scanner: FakeDevice = { vendorId: 0x05e0, productId: 0x1200, serialNumber: 'SCN-9', printer: new VirtualPrinter() };
    usb.plug(scanner);
    usb.chooserPick = scanner;
    const storage = memoryStorage();
    await new PortMemory(makeSource(usb), storage).choose('scanner');
    usb.unplug(scanner);
    const memory = new PortMemory(makeSource(usb), storage);
    const waiting = memory.whenAvailable('scanner');
    usb.plug({ ...scanner });
    expect((await waiting).label).to.contain('#SCN-9');
  });
});
