/**
 * Reads a barcode/QR scanner over any ByteChannel and emits one event per scan.
 *
 * Events:
 * - `scan`: `detail: { text, symbology, encoding }`;
 * - `scan-error`: `detail: { problem, message }` for over-long, incomplete, binary or undecodable input;
 * - `status`: `detail: { connected: boolean }`;
 * - `suffix-learnt`: `detail: { framesOnSuffix: boolean }` when `auto` framing learns whether the
 *   scanner sends a suffix (or that this changed); keep it and pass it back as `suffixLearnt`.
 */
import type { ByteChannel } from './channel.js';
import { decodeScan, ScanFramer, type Frame, type ScanEncoding, type ScanEncodingSetting, type ScanProblem, type SuffixSetting } from './scan-decoding.js';

export interface ScanEventDetail {
  text: string;
  symbology: string | null;
  encoding: ScanEncoding;
}

export interface ScanErrorDetail {
  problem: ScanProblem;
  message: string;
}

export interface ScannerDriverOptions {
  /** Silence that ends a scan from a scanner without a suffix (default 80 ms; scanners send a label in one burst). */
  idleMs?: number;
  /** Silence after which a scan still waiting for its suffix is dropped as incomplete (default 1000 ms). */
  staleMs?: number;
  /** How scans end (default `auto`: on the suffix once one has been seen, else on silence). */
  suffix?: SuffixSetting;
  /**
   * With `auto`, before it knows whether the scanner sends a suffix: the silence that shows it does
   * not (default 400 ms, above the chunk gaps of slow Bluetooth or USB-serial links).
   */
  learnMs?: number;
  /** With `auto`: what an earlier session learnt (the last `suffix-learnt` event); unset, the first scan teaches it. */
  suffixLearnt?: boolean;
  /** The scanner's character encoding (default `auto`, see `decodeScan`). */
  encoding?: ScanEncodingSetting;
  maxLength?: number;
  /** The same text again within this window is a double read, not a second scan (default 1500 ms). */
  debounceMs?: number;
  now?: () => number;
}

export class ScannerDriver extends EventTarget {
  connected = false;
  private readonly framer: ScanFramer;
  private readonly options: Required<Omit<ScannerDriverOptions, 'suffixLearnt'>>;
  private last: { text: string; at: number } | null = null;
  /** What `auto` framing has learnt, as last reported in `suffix-learnt`. */
  private framingLearnt: boolean | null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private stopped = false;
  private readonly onConnect = () => void this.open();
  private readonly onDisconnect = () => this.setConnected(false);

  constructor(
    readonly channel: ByteChannel,
    options: ScannerDriverOptions = {},
  ) {
    super();
    this.options = { idleMs: 80, staleMs: 1000, suffix: 'auto', learnMs: 400, encoding: 'auto', maxLength: 4096, debounceMs: 1500, now: () => performance.now(), ...options };
    const { idleMs, staleMs, learnMs, maxLength, suffix } = this.options;
    this.framer = new ScanFramer({ idleMs, staleMs, learnMs, maxLength, suffix, suffixLearnt: options.suffixLearnt });
    this.framingLearnt = this.framer.suffixLearnt;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.channel.addEventListener('connect', this.onConnect);
    this.channel.addEventListener('disconnect', this.onDisconnect);
    if (this.channel.present) await this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.channel.removeEventListener('connect', this.onConnect);
    this.channel.removeEventListener('disconnect', this.onDisconnect);
    clearTimeout(this.idleTimer);
    await this.reader?.cancel().catch(() => {});
    await this.channel.close();
    this.setConnected(false);
  }

  /** Opens the channel and starts reading in the background. */
  private async open(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.channel.open();
    } catch {
      return; // Not present; the next `connect` event tries again.
    }
    this.setConnected(true);
    void this.readLoop(this.channel.readable!.getReader());
  }

  private async readLoop(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    this.reader = reader;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.handle(this.framer.push(value, this.options.now()));
        this.scheduleFlush();
      }
    } catch {
      // Unplugged or closed; handled below.
    } finally {
      if (this.reader === reader) this.reader = null;
      // A partial read dies with the connection, so it cannot prefix the next scan.
      clearTimeout(this.idleTimer);
      this.framer.reset();
    }
    this.setConnected(false);
  }

  /** Wakes up when the framer's silence deadline passes, and again while it has something pending. */
  private scheduleFlush(): void {
    clearTimeout(this.idleTimer);
    const due = this.framer.deadline();
    if (due === null) return;
    this.idleTimer = setTimeout(() => {
      this.handle(this.framer.flushIfIdle(this.options.now()));
      this.scheduleFlush();
    }, Math.max(0, due - this.options.now()));
  }

  private handle(frames: Frame[]): void {
    const learnt = this.framer.suffixLearnt;
    if (this.options.suffix === 'auto' && learnt !== null && learnt !== this.framingLearnt) {
      this.framingLearnt = learnt;
      this.dispatchEvent(new CustomEvent('suffix-learnt', { detail: { framesOnSuffix: learnt } }));
    }
    for (const frame of frames) {
      if (!frame.ok) {
        this.emitError(frame.problem, frame.message);
        continue;
      }
      const scan = decodeScan(frame.bytes, this.options.encoding);
      if (!scan.ok) {
        this.emitError(scan.problem, scan.message);
        continue;
      }
      const now = this.options.now();
      if (this.last && this.last.text === scan.text && now - this.last.at < this.options.debounceMs) continue;
      this.last = { text: scan.text, at: now };
      this.dispatchEvent(new CustomEvent<ScanEventDetail>('scan', { detail: { text: scan.text, symbology: scan.symbology, encoding: scan.encoding } }));
    }
  }

  private emitError(problem: ScanProblem, message: string): void {
    this.dispatchEvent(new CustomEvent<ScanErrorDetail>('scan-error', { detail: { problem, message } }));
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.dispatchEvent(new CustomEvent('status', { detail: { connected } }));
  }
}
