/**
 * A thermal receipt printer in software: it executes ESC/POS from the host, answers DLE EOT
 * status requests, sends automatic status back (GS a) when its state changes, and can be made to
 * run out of paper, open its cover, go offline, overheat, stall (jam) or be unplugged, and for tests
 * jam or drop the line after a given number of bytes and answer status requests with scripted bytes.
 *
 * Events: `printed` (a receipt was cut, or fed past the tear bar of a model without a cutter; `detail` is its blocks), `received` (bytes arrived),
 * `status-request` (a DLE EOT n arrived, `detail` is n; fired before the answer is sent).
 */
import { VirtualChannel, type DeviceEnd } from './virtual-channel.js';
import { EscPosParser, type PrintedBlock } from './escpos-parser.js';

export interface VirtualPrinterState {
  coverOpen: boolean;
  paperEnd: boolean;
  paperNearEnd: boolean;
  /** Forced offline (e.g. an error), apart from cover and paper. */
  fault: boolean;
  /** Head too hot: offline until it cools, an automatically recoverable error. */
  overheated: boolean;
}

export interface VirtualPrinterOptions {
  /** Whether the model implements GS a (automatic status back); some only answer DLE EOT. */
  autoStatusBack?: boolean;
  /** Whether it answers DLE EOT at all (a dead firmware answers nothing). */
  answersStatus?: boolean;
  /** Keep every byte received, for tests that read the wire with their own oracle (`wire()`). */
  recordWire?: boolean;
  /**
   * A model with no cutter, only a tear bar: a feed of at least this many lines ends the receipt,
   * as the driver feeds it past the bar to be torn off (the profile's feedBeforeCut). 0: cuts only.
   */
  tearOffFeedLines?: number;
  /**
   * How many finished receipts `receipts` keeps (the oldest go first), and `printed` the blocks of
   * as many: a demo lane prints for weeks without a reload, so the paper it remembers is bounded.
   */
  keptReceipts?: number;
}

/** About a day of a busy demo lane's receipts at 1.4 KB each: enough to look back, never growing. */
const KEPT_RECEIPTS = 100;
/** Blocks in a typical receipt, which bounds `printed` alongside `receipts`. */
const BLOCKS_PER_RECEIPT = 40;

export class VirtualPrinter extends EventTarget {
  readonly channel: VirtualChannel;
  /** The blocks printed most recently, across receipts, oldest first (bounded by `keptReceipts`). */
  readonly printed: PrintedBlock[] = [];
  /** Blocks of each finished (cut) receipt, oldest first: the last `keptReceipts` of them. */
  readonly receipts: PrintedBlock[][] = [];
  bytesReceived = 0;
  state: VirtualPrinterState = { coverOpen: false, paperEnd: false, paperNearEnd: false, fault: false, overheated: false };
  private current: PrintedBlock[] = [];
  private toHost: WritableStreamDefaultWriter<Uint8Array> | null = null;
  private autoStatusMask = 0;
  private stalled = false;
  private resumeReading: (() => void) | null = null;
  /** Bytes received on the current cable, and where a scripted jam or cable pull happens. */
  private cableBytes = 0;
  private trouble: { atBytes: number; act: 'jam' | 'unplug' } | null = null;
  private scriptedAnswers: Uint8Array[] = [];
  private readonly options: Required<VirtualPrinterOptions>;
  private readonly recorded: Uint8Array[] = [];

  constructor(label = 'Virtual printer', options: VirtualPrinterOptions = {}) {
    super();
    this.options = {
      autoStatusBack: options.autoStatusBack ?? true,
      answersStatus: options.answersStatus ?? true,
      recordWire: options.recordWire ?? false,
      tearOffFeedLines: options.tearOffFeedLines ?? 0,
      keptReceipts: options.keptReceipts ?? KEPT_RECEIPTS,
    };
    this.channel = new VirtualChannel(label, (end, cut) => this.attach(end, cut));
  }

  get online(): boolean {
    return !this.state.coverOpen && !this.state.paperEnd && !this.state.fault && !this.state.overheated;
  }

  /** Changes the mechanism's state, as a hand at the printer would; sends ASB if enabled. */
  setState(change: Partial<VirtualPrinterState>): void {
    this.state = { ...this.state, ...change };
    if (this.autoStatusMask) void this.send(this.asbPacket());
  }

  /** Stops (true) or resumes (false) reading from the host, like a jammed or hung printer. */
  stall(stalled: boolean): void {
    this.stalled = stalled;
    if (!stalled) {
      this.resumeReading?.();
      this.resumeReading = null;
    }
  }

  /** Stops reading (a paper jam) once `bytes` more bytes have arrived on this cable. */
  jamAfter(bytes: number): void {
    this.trouble = { atBytes: this.cableBytes + bytes, act: 'jam' };
  }

  /** Pulls the cable once `bytes` more bytes have arrived on it: the line drops mid-job. */
  unplugAfter(bytes: number): void {
    this.trouble = { atBytes: this.cableBytes + bytes, act: 'unplug' };
  }

  /** Answers the next DLE EOT requests with these bytes instead of the true status, one entry per request. */
  scriptStatusAnswers(...answers: Uint8Array[]): void {
    this.scriptedAnswers.push(...answers);
  }

  /** Sends raw bytes to the host, as line noise or a hand-built status packet. */
  transmit(bytes: Uint8Array): Promise<void> {
    return this.send(bytes);
  }

  /** Every byte received since power-on, when constructed with `recordWire`. */
  wire(): Uint8Array {
    const all = new Uint8Array(this.recorded.reduce((n, chunk) => n + chunk.length, 0));
    let at = 0;
    for (const chunk of this.recorded) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all;
  }

  /** The last finished receipt's text lines, for quick assertions. */
  lastReceiptText(): string[] {
    return (this.receipts.at(-1) ?? []).flatMap((b) => (b.kind === 'text' ? [b.text] : []));
  }

  private attach(end: DeviceEnd, cut: AbortSignal): void {
    const writer = end.writable.getWriter();
    this.toHost = writer;
    this.autoStatusMask = 0;
    this.cableBytes = 0;
    this.trouble = null;
    const parser = new EscPosParser({
      block: (block) => this.onBlock(block),
      statusRequest: (n) => this.answerStatus(n),
      autoStatusBack: (n) => {
        if (!this.options.autoStatusBack) return;
        this.autoStatusMask = n;
        // Epson sends the first ASB packet as soon as ASB is enabled.
        if (n) void this.send(this.asbPacket());
      },
    });
    void this.readLoop(end.readable, parser, cut);
  }

  private async readLoop(readable: ReadableStream<Uint8Array>, parser: EscPosParser, cut: AbortSignal): Promise<void> {
    const reader = readable.getReader();
    try {
      while (!cut.aborted) {
        if (this.stalled) await new Promise<void>((resolve) => (this.resumeReading = resolve));
        const { value, done } = await reader.read();
        if (done) break;
        this.bytesReceived += value.length;
        this.cableBytes += value.length;
        if (this.options.recordWire) this.recorded.push(value.slice());
        parser.push(value);
        this.dispatchEvent(new CustomEvent('received', { detail: value.length }));
        if (this.trouble && this.cableBytes >= this.trouble.atBytes) {
          const { act } = this.trouble;
          this.trouble = null;
          if (act === 'jam') this.stalled = true;
          else this.channel.unplug();
        }
      }
    } catch {
      // The cable was cut; the next open attaches a fresh reader.
    }
  }

  private onBlock(block: PrintedBlock): void {
    // Out of paper or with the cover open, the head prints nothing; real printers buffer or drop.
    if (!this.online) return;
    keepLast(this.printed, block, this.options.keptReceipts * BLOCKS_PER_RECEIPT);
    this.current.push(block);
    const tornOff = block.kind === 'feed' && this.options.tearOffFeedLines > 0 && block.lines >= this.options.tearOffFeedLines;
    if (block.kind === 'cut' || tornOff) {
      keepLast(this.receipts, this.current, this.options.keptReceipts);
      this.dispatchEvent(new CustomEvent('printed', { detail: this.current }));
      this.current = [];
    }
  }

  private async send(bytes: Uint8Array): Promise<void> {
    try {
      await this.toHost?.write(bytes);
    } catch {
      // Nobody is listening (cable cut): status is lost, as on a wire.
    }
  }

  private answerStatus(n: number): void {
    this.dispatchEvent(new CustomEvent('status-request', { detail: n }));
    const scripted = this.scriptedAnswers.shift();
    if (scripted) void this.send(scripted);
    else if (this.options.answersStatus) void this.send(new Uint8Array([this.statusByte(n)]));
  }

  /** DLE EOT n answers: 0b0xx1xx10 with the documented bits. */
  private statusByte(n: number): number {
    const s = this.state;
    switch (n) {
      case 1:
        return 0x12 | (this.online ? 0 : 0x08);
      case 2:
        return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperEnd ? 0x20 : 0) | (s.fault || s.overheated ? 0x40 : 0);
      case 3:
        return 0x12 | (s.fault ? 0x20 : 0) | (s.overheated ? 0x40 : 0);
      case 4:
        return 0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperEnd ? 0x60 : 0);
      default:
        return 0x12;
    }
  }

  /** Four-byte automatic status back packet (Epson layout). */
  private asbPacket(): Uint8Array {
    const s = this.state;
    return new Uint8Array([
      0x10 | (this.online ? 0 : 0x08) | (s.coverOpen ? 0x20 : 0),
      (s.fault ? 0x20 : 0) | (s.overheated ? 0x40 : 0),
      (s.paperNearEnd ? 0x03 : 0) | (s.paperEnd ? 0x0c : 0),
      0,
    ]);
  }
}

/** Appends `item`, dropping the oldest entries beyond `limit`. */
function keepLast<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}
