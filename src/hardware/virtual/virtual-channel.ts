/**
 * The host end of a virtual device's cable. The device end (VirtualPrinter, VirtualScanner) writes
 * what the host reads and reads what the host writes, with real stream backpressure, so a device
 * that stops reading makes the host's writes stall exactly as a jammed serial line does.
 */
import { ChannelError, type ByteChannel } from '../channel.js';

export interface DeviceEnd {
  /** Bytes the host wrote. */
  readable: ReadableStream<Uint8Array>;
  /** Bytes for the host to read. */
  writable: WritableStream<Uint8Array>;
}

export class VirtualChannel extends EventTarget implements ByteChannel {
  readable: ReadableStream<Uint8Array> | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  present = true;
  isOpen = false;
  private abortCable: ((reason: unknown) => void) | null = null;

  constructor(
    readonly label: string,
    /** Called on every open with the device's end of a fresh cable. */
    private readonly attachDevice: (end: DeviceEnd, cableCut: AbortSignal) => void,
  ) {
    super();
  }

  async open(): Promise<void> {
    if (!this.present) throw new ChannelError('not-present', `${this.label} is not connected`);
    if (this.isOpen) return;
    const cable = new AbortController();
    const controllers: TransformStreamDefaultController<Uint8Array>[] = [];
    const keep = { start: (controller: TransformStreamDefaultController<Uint8Array>) => void controllers.push(controller) };
    // A small queue on the host-to-device side: writes wait when the device stops reading.
    const toDevice = new TransformStream<Uint8Array, Uint8Array>(keep, { highWaterMark: 4 }, { highWaterMark: 0 });
    const toHost = new TransformStream<Uint8Array, Uint8Array>(keep);
    this.readable = toHost.readable;
    this.writable = toDevice.writable;
    this.isOpen = true;
    this.abortCable = (reason) => {
      cable.abort(reason);
      // Erroring through the controllers reaches streams whatever readers and writers hold them.
      const error = new DOMException('The device has been lost.', 'NetworkError');
      for (const controller of controllers) controller.error(error);
    };
    this.attachDevice({ readable: toDevice.readable, writable: toHost.writable }, cable.signal);
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.abortCable?.(new ChannelError('closed', 'channel closed'));
    this.readable = null;
    this.writable = null;
    this.isOpen = false;
  }

  /** Test hook: the USB cable is pulled. Open streams error, as with a real port. */
  unplug(): void {
    if (!this.present) return;
    this.present = false;
    if (this.isOpen) {
      this.abortCable?.(new ChannelError('not-present', 'device unplugged'));
      this.readable = null;
      this.writable = null;
      this.isOpen = false;
    }
    this.dispatchEvent(new Event('disconnect'));
  }

  /** Test hook: the cable is plugged back in. */
  plug(): void {
    if (this.present) return;
    this.present = true;
    this.dispatchEvent(new Event('connect'));
  }
}
