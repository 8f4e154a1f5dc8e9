/**
 * Remembers which serial port is the printer, which the scanner and which the gate's relay board, so a kiosk picks them once
 * (the browser's chooser needs a tap) and finds them again on every reload and re-plug.
 */
import { DEFAULT_LINE, samePort, SerialChannel, type PortIdentity, type SerialLineOptions, type SerialPortLike, type SerialSource } from './serial-channel.js';

export type DeviceRole = 'printer' | 'scanner' | 'gate';

export interface RememberedPort extends PortIdentity {
  line: SerialLineOptions;
}

const STORAGE_KEY = 'lane-kiosk.serial-ports';

export class PortMemory {
  constructor(
    private readonly source: SerialSource,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = localStorage,
  ) {}

  remembered(role: DeviceRole): RememberedPort | null {
    try {
      const all = JSON.parse(this.storage.getItem(STORAGE_KEY) ?? '{}') as Partial<Record<DeviceRole, RememberedPort>>;
      return all[role] ?? null;
    } catch {
      return null;
    }
  }

  /** Settings page, inside a tap handler: shows the browser's chooser and remembers the choice. */
  async choose(role: DeviceRole, line: SerialLineOptions = DEFAULT_LINE, filters: Array<{ usbVendorId?: number; usbProductId?: number }> = []): Promise<SerialChannel> {
    const port = await this.source.requestPort(filters);
    const all = JSON.parse(this.storage.getItem(STORAGE_KEY) ?? '{}') as Record<string, RememberedPort>;
    all[role] = { ...this.source.identify(port), line };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(all));
    return new SerialChannel(port, this.source, line);
  }

  /**
   * The remembered port for `role` among those the browser already allows (getPorts), or null if it
   * is not plugged in now; the returned channel still reports the device's later `connect`.
   */
  async restore(role: DeviceRole, line?: SerialLineOptions): Promise<SerialChannel | null> {
    const wanted = this.remembered(role);
    if (!wanted) return null;
    const port = (await this.source.getPorts()).find((candidate) => samePort(wanted, this.source.identify(candidate)));
    return port ? new SerialChannel(port, this.source, line ?? wanted.line) : null;
  }

  /**
   * The remembered device's channel as soon as it is available: now, or when it is plugged in.
   * `line` overrides the line settings remembered at pairing (a baud rate changed in settings since).
   */
  whenAvailable(role: DeviceRole, signal?: AbortSignal, line?: SerialLineOptions): Promise<SerialChannel> {
    const wanted = this.remembered(role);
    if (!wanted) return Promise.reject(new Error(`no ${role} has been chosen on this kiosk yet`));
    return new Promise((resolve, reject) => {
      const finish = (channel: SerialChannel) => {
        this.source.removeEventListener('connect', onConnect);
        resolve(channel);
      };
      // Listening starts before the lookup, so a device plugged in meanwhile is not missed.
      const onConnect = (event: Event) => {
        const port = (event as CustomEvent<SerialPortLike>).detail;
        if (samePort(wanted, this.source.identify(port))) finish(new SerialChannel(port, this.source, line ?? wanted.line));
      };
      this.source.addEventListener('connect', onConnect);
      signal?.addEventListener('abort', () => {
        this.source.removeEventListener('connect', onConnect);
        reject(signal.reason);
      });
      this.restore(role, line).then((channel) => channel && finish(channel), reject);
    });
  }

  forget(role: DeviceRole): void {
    const all = JSON.parse(this.storage.getItem(STORAGE_KEY) ?? '{}') as Record<string, RememberedPort>;
    delete all[role];
    this.storage.setItem(STORAGE_KEY, JSON.stringify(all));
  }
}
