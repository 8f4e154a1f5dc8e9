/**
 * A USB relay board (CH340 "LCUS" type) with a barrier wired to one of its relays, in software.
 * It reads the host's bytes with its own frame parser (it never uses the driver's frame builder,
 * so the two cannot share a mistake), switches its relays, and raises the barrier while the
 * barrier's relay is on. A frame with a bad checksum is ignored, as the boards do. Test hooks jam
 * the line and break it mid-opening.
 *
 * Events: `relay` (`detail: { relay, on }`, a good frame), `barrier` (`detail: { open }`, on change),
 * `bad-frame` (`detail`: the four bytes).
 */
import { ChannelError } from '../channel.js';
import { VirtualChannel, type DeviceEnd } from './virtual-channel.js';

export class VirtualGate extends EventTarget {
  readonly channel: VirtualChannel;
  /** Every byte the host wrote since power-on, for tests to decode on their own. */
  readonly received: number[] = [];
  /** Relay number → on; what the board's LEDs show. */
  readonly relays = new Map<number, boolean>();
  badFrames = 0;
  /** How many times the barrier went up. */
  openings = 0;
  private stalled = false;
  private waiting: Array<() => void> = [];
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;

  constructor(
    label = 'Virtual gate',
    /** The relay the barrier controller's "open" input hangs on. */
    readonly barrierRelay = 1,
  ) {
    super();
    this.channel = new VirtualChannel(label, (end, cut) => this.attach(end, cut));
  }

  get barrierOpen(): boolean {
    return this.relays.get(this.barrierRelay) === true;
  }

  /** Stops (true) or resumes (false) reading from the host, like a hung USB-serial chip. */
  stall(stalled: boolean): void {
    this.stalled = stalled;
    if (!stalled) for (const resume of this.waiting.splice(0)) resume();
  }

  /** The line breaks: the host's next write fails, until it opens the port again. */
  breakLine(): void {
    void this.reader?.cancel(new DOMException('The device has been lost.', 'NetworkError')).catch(() => {});
  }

  private attach(end: DeviceEnd, cut: AbortSignal): void {
    // Unplugged, the board loses its USB power and every relay drops out.
    cut.addEventListener('abort', () => {
      if (cut.reason instanceof ChannelError && cut.reason.reason === 'not-present') this.powerLost();
    });
    // The board sends nothing back; its host-bound side stays silent.
    void this.readLoop(end.readable, cut);
  }

  private powerLost(): void {
    const wasOpen = this.barrierOpen;
    this.relays.clear();
    if (wasOpen) this.dispatchEvent(new CustomEvent('barrier', { detail: { open: false } }));
  }

  private async readLoop(readable: ReadableStream<Uint8Array>, cut: AbortSignal): Promise<void> {
    const reader = readable.getReader();
    this.reader = reader;
    let pending: number[] = [];
    try {
      while (!cut.aborted) {
        if (this.stalled) await new Promise<void>((resume) => this.waiting.push(resume));
        if (cut.aborted) break;
        const { value, done } = await reader.read();
        if (done) break;
        for (const byte of value) {
          this.received.push(byte);
          // Frames start with A0; anything before one is line noise.
          if (pending.length === 0 && byte !== 0xa0) continue;
          pending.push(byte);
          if (pending.length === 4) {
            this.execute(pending);
            pending = [];
          }
        }
      }
    } catch {
      // The cable was cut or the line broken; the next open attaches afresh.
    }
  }

  private execute(frame: number[]): void {
    const [start, relay, state, sum] = frame as [number, number, number, number];
    if (((start + relay + state) & 0xff) !== sum || (state !== 0 && state !== 1)) {
      this.badFrames += 1;
      this.dispatchEvent(new CustomEvent('bad-frame', { detail: frame }));
      return;
    }
    const wasOpen = this.barrierOpen;
    this.relays.set(relay, state === 1);
    this.dispatchEvent(new CustomEvent('relay', { detail: { relay, on: state === 1 } }));
    if (this.barrierOpen !== wasOpen) {
      if (this.barrierOpen) this.openings += 1;
      this.dispatchEvent(new CustomEvent('barrier', { detail: { open: this.barrierOpen } }));
    }
  }
}
