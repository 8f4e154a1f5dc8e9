/**
 * Byte channels over real serial ports: Web Serial (navigator.serial) and, where it is missing,
 * web-serial-polyfill over WebUSB (CDC-ACM devices only). The polyfill has no connect/disconnect
 * events and hands out new port objects on every getPorts(); UsbSerialSource adds both.
 */
import { ChannelError, type ByteChannel } from './channel.js';

/** The part of SerialPort this project uses; both navigator.serial's ports and the polyfill's fit. */
export interface SerialPortLike {
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  open(options: SerialLineOptions): Promise<void>;
  close(): Promise<void>;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
}

export interface SerialLineOptions {
  baudRate: number;
  dataBits?: 7 | 8;
  stopBits?: 1 | 2;
  parity?: 'none' | 'even' | 'odd';
  flowControl?: 'none' | 'hardware';
  bufferSize?: number;
}

export const DEFAULT_LINE: SerialLineOptions = { baudRate: 9600, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' };

export interface PortIdentity {
  usbVendorId?: number;
  usbProductId?: number;
  /** Only the WebUSB route knows it; with it, two identical printers stay apart. */
  serialNumber?: string;
}

/** Where ports come from. Events `connect` / `disconnect` carry the port as `detail`. */
export interface SerialSource extends EventTarget {
  readonly kind: 'web-serial' | 'webusb-polyfill';
  getPorts(): Promise<SerialPortLike[]>;
  /** Needs a user gesture (the browser shows its chooser). */
  requestPort(filters: Array<{ usbVendorId?: number; usbProductId?: number }>): Promise<SerialPortLike>;
  identify(port: SerialPortLike): PortIdentity;
}

/** Whether `candidate` is the device `identity` describes: by serial number when known, else by model. */
export function samePort(identity: PortIdentity, candidate: PortIdentity): boolean {
  if (identity.usbVendorId !== candidate.usbVendorId || identity.usbProductId !== candidate.usbProductId) return false;
  return identity.serialNumber === undefined || identity.serialNumber === candidate.serialNumber;
}

export class SerialChannel extends EventTarget implements ByteChannel {
  present = true;
  isOpen = false;
  /** The port object for the device now; a re-plugged device may come back as a new object. */
  port: SerialPortLike;
  private readonly identity: PortIdentity;
  private readonly onConnect = (event: Event) => {
    const candidate = (event as CustomEvent<SerialPortLike>).detail;
    if (candidate !== this.port && !samePort(this.identity, this.source.identify(candidate))) return;
    this.port = candidate;
    this.present = true;
    this.dispatchEvent(new Event('connect'));
  };
  private readonly onDisconnect = (event: Event) => {
    if ((event as CustomEvent<SerialPortLike>).detail !== this.port) return;
    this.present = false;
    this.isOpen = false;
    this.dispatchEvent(new Event('disconnect'));
  };

  constructor(
    port: SerialPortLike,
    private readonly source: SerialSource,
    private readonly line: SerialLineOptions = DEFAULT_LINE,
  ) {
    super();
    this.port = port;
    this.identity = source.identify(port);
    source.addEventListener('connect', this.onConnect);
    source.addEventListener('disconnect', this.onDisconnect);
  }

  get label(): string {
    const { usbVendorId, usbProductId, serialNumber } = this.identity;
    const hex = (n?: number) => (n === undefined ? '?' : `0x${n.toString(16).padStart(4, '0')}`);
    return `USB ${hex(usbVendorId)}:${hex(usbProductId)}${serialNumber ? ` #${serialNumber}` : ''} @ ${this.line.baudRate}`;
  }

  get readable(): ReadableStream<Uint8Array> | null {
    return this.isOpen ? this.port.readable : null;
  }

  get writable(): WritableStream<Uint8Array> | null {
    return this.isOpen ? this.port.writable : null;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    if (!this.present) throw new ChannelError('not-present', `${this.label} is not connected`);
    try {
      await this.port.open(this.line);
    } catch (cause) {
      // "already open" after a reload that did not close the port is fine.
      if (!(cause instanceof DOMException && cause.name === 'InvalidStateError')) {
        throw new ChannelError('open-failed', `cannot open ${this.label}: ${(cause as Error).message}`, { cause });
      }
    }
    this.isOpen = true;
  }

  /** Drivers release their reader and writer first; a port with locked streams cannot close. */
  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    await this.port.close().catch(() => {});
  }

  /** Stops listening for this port's events, when the channel is discarded. */
  dispose(): void {
    this.source.removeEventListener('connect', this.onConnect);
    this.source.removeEventListener('disconnect', this.onDisconnect);
  }
}

interface NativeSerial extends EventTarget {
  getPorts(): Promise<SerialPortLike[]>;
  requestPort(options: { filters: Array<{ usbVendorId?: number; usbProductId?: number }> }): Promise<SerialPortLike>;
}

/** navigator.serial, with its events re-dispatched in the SerialSource shape. */
export class WebSerialSource extends EventTarget implements SerialSource {
  readonly kind = 'web-serial';

  constructor(private readonly serial: NativeSerial) {
    super();
    for (const type of ['connect', 'disconnect']) {
      serial.addEventListener(type, (event) => this.dispatchEvent(new CustomEvent(type, { detail: event.target as unknown as SerialPortLike })));
    }
  }

  getPorts(): Promise<SerialPortLike[]> {
    return this.serial.getPorts();
  }

  requestPort(filters: Array<{ usbVendorId?: number; usbProductId?: number }>): Promise<SerialPortLike> {
    return this.serial.requestPort({ filters });
  }

  identify(port: SerialPortLike): PortIdentity {
    return port.getInfo();
  }
}

interface UsbDeviceLike {
  vendorId: number;
  productId: number;
  serialNumber?: string;
}

interface UsbLike extends EventTarget {
  getDevices(): Promise<UsbDeviceLike[]>;
  requestDevice(options: { filters: Array<{ vendorId?: number; productId?: number }> }): Promise<UsbDeviceLike>;
}

/**
 * web-serial-polyfill over WebUSB, with what the polyfill lacks: one stable port object per USB
 * device (so drivers keep their port across getPorts calls) and connect/disconnect events from
 * navigator.usb. `makePort` is the polyfill's SerialPort constructor.
 */
export class UsbSerialSource extends EventTarget implements SerialSource {
  readonly kind = 'webusb-polyfill';
  private readonly ports = new Map<UsbDeviceLike, SerialPortLike>();
  private readonly devices = new Map<SerialPortLike, UsbDeviceLike>();

  constructor(
    private readonly usb: UsbLike,
    private readonly makePort: (device: UsbDeviceLike) => SerialPortLike,
  ) {
    super();
    usb.addEventListener('connect', (event) => {
      const device = (event as Event & { device: UsbDeviceLike }).device;
      this.dispatchEvent(new CustomEvent('connect', { detail: this.portFor(this.sameDevice(device) ?? device) }));
    });
    usb.addEventListener('disconnect', (event) => {
      const known = this.sameDevice((event as Event & { device: UsbDeviceLike }).device);
      if (known) this.dispatchEvent(new CustomEvent('disconnect', { detail: this.portFor(known) }));
    });
  }

  async getPorts(): Promise<SerialPortLike[]> {
    return (await this.usb.getDevices()).map((device) => this.portFor(this.sameDevice(device) ?? device));
  }

  async requestPort(filters: Array<{ usbVendorId?: number; usbProductId?: number }>): Promise<SerialPortLike> {
    const device = await this.usb.requestDevice({ filters: filters.map((f) => ({ vendorId: f.usbVendorId, productId: f.usbProductId })) });
    return this.portFor(this.sameDevice(device) ?? device);
  }

  identify(port: SerialPortLike): PortIdentity {
    const device = this.devices.get(port);
    return device ? { usbVendorId: device.vendorId, usbProductId: device.productId, serialNumber: device.serialNumber } : port.getInfo();
  }

  /** A re-plugged device is a new USBDevice object; its serial number says it is the same printer. */
  private sameDevice(device: UsbDeviceLike): UsbDeviceLike | undefined {
    if (this.ports.has(device)) return device;
    if (!device.serialNumber) return undefined;
    for (const known of this.ports.keys()) {
      if (known.vendorId === device.vendorId && known.productId === device.productId && known.serialNumber === device.serialNumber) {
        // The old USBDevice is gone; a fresh port object must wrap the new one, under the same identity.
        const port = this.ports.get(known)!;
        this.ports.delete(known);
        this.devices.delete(port);
        return device;
      }
    }
    return undefined;
  }

  private portFor(device: UsbDeviceLike): SerialPortLike {
    let port = this.ports.get(device);
    if (!port) {
      port = this.makePort(device);
      this.ports.set(device, port);
      this.devices.set(port, device);
    }
    return port;
  }
}
