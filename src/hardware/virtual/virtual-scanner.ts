/**
 * A barcode/QR scanner in software: "scans" text onto its channel the way real scanners do, with
 * an optional suffix, AIM prefix, chunking, pauses and line noise.
 */
import { encodeGb18030 } from '../gb18030.js';
import { VirtualChannel } from './virtual-channel.js';

export interface VirtualScanOptions {
  /** What the scanner appends: CR (the common factory default), CRLF, LF, or nothing. */
  suffix?: '\r' | '\r\n' | '\n' | '';
  /** An AIM symbology identifier such as "]Q1" (QR) or "]C0" (CODE128). */
  aim?: string;
  encoding?: 'utf-8' | 'gb18030';
  /** Split the bytes into chunks of this size, as USB-serial adapters do. */
  chunkBytes?: number;
  /** Silence between chunks, as a slow or congested USB-serial adapter leaves. */
  pauseMs?: number;
  /** Raw bytes sent before the scan (noise on the line). */
  noise?: Uint8Array;
}

export class VirtualScanner {
  readonly channel: VirtualChannel;
  private writer: WritableStreamDefaultWriter<Uint8Array> | null = null;

  constructor(label = 'Virtual scanner') {
    this.channel = new VirtualChannel(label, (end) => {
      this.writer = end.writable.getWriter();
      // A scanner ignores what the host sends it.
      void end.readable.pipeTo(new WritableStream()).catch(() => {});
    });
  }

  static bytesFor(text: string, options: VirtualScanOptions = {}): Uint8Array {
    const body = options.encoding === 'gb18030' ? encodeGb18030(text).bytes : new TextEncoder().encode(text);
    const aim = new TextEncoder().encode(options.aim ?? '');
    const suffix = new TextEncoder().encode(options.suffix ?? '\r');
    const noise = options.noise ?? new Uint8Array(0);
    const out = new Uint8Array(noise.length + aim.length + body.length + suffix.length);
    out.set(noise);
    out.set(aim, noise.length);
    out.set(body, noise.length + aim.length);
    out.set(suffix, noise.length + aim.length + body.length);
    return out;
  }

  /** Sends one scan. Resolves when the host has taken the bytes. */
  async scan(text: string, options: VirtualScanOptions = {}): Promise<void> {
    await this.send(VirtualScanner.bytesFor(text, options), options.chunkBytes, options.pauseMs);
  }

  async send(bytes: Uint8Array, chunkBytes = bytes.length, pauseMs = 0): Promise<void> {
    if (!this.writer) throw new Error('the scanner is not connected to an open channel');
    const step = Math.max(1, chunkBytes);
    for (let at = 0; at < bytes.length; at += step) {
      if (at > 0 && pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await this.writer.write(bytes.slice(at, at + step));
    }
  }
}
