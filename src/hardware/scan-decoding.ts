/**
 * Turning scanner bytes into scans: framing by CR/LF with an idle-time fallback, AIM symbology
 * identifiers, and text decoding (UTF-8, else GB18030; never Latin-1). Pure and clock-injected.
 */

export type ScanProblem = 'too-long' | 'binary' | 'undecodable' | 'empty';

export type DecodedScan =
  | { ok: true; text: string; symbology: string | null; encoding: 'utf-8' | 'gb18030' }
  | { ok: false; problem: ScanProblem; message: string };

/** AIM ISO/IEC 15424 code characters that matter at a lane. */
const SYMBOLOGIES: Record<string, string> = {
  Q: 'qr',
  C: 'code128',
  E: 'ean-upc',
  d: 'datamatrix',
  A: 'code39',
  I: 'itf',
  L: 'pdf417',
  e: 'gs1-databar',
  z: 'aztec',
};

const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

export function decodeScan(frame: Uint8Array): DecodedScan {
  let bytes = frame;
  let symbology: string | null = null;
  const head = String.fromCharCode(...bytes.subarray(0, 3));
  if (AIM_PREFIX.test(head)) {
    symbology = SYMBOLOGIES[head[1]!] ?? `aim-${head.slice(1)}`;
    bytes = bytes.subarray(3);
  }
  if (bytes.length === 0) return { ok: false, problem: 'empty', message: 'the scan carried no data' };
  let text: string;
  let encoding: 'utf-8' | 'gb18030';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    encoding = 'utf-8';
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
      encoding = 'gb18030';
    } catch {
      return { ok: false, problem: 'undecodable', message: 'the scan is neither UTF-8 nor GB18030 text' };
    }
  }
  // Control characters other than tab (GS1 uses GS, 0x1D, as a separator) mean line noise or a binary code.
  if (/[\u0000-\u0008\u000a-\u001c\u001e\u001f\u007f\ufffd]/.test(text)) {
    return { ok: false, problem: 'binary', message: 'the scan contains binary data' };
  }
  return { ok: true, text, symbology, encoding };
}

export interface FramerOptions {
  /** A frame ends after this long without bytes, for scanners set up without a suffix. */
  idleMs: number;
  maxLength: number;
}

export type Frame = { ok: true; bytes: Uint8Array } | { ok: false; problem: 'too-long'; message: string };

/**
 * Splits the byte stream into scans. CR, LF and CRLF end a frame; so does silence longer than
 * `idleMs` (the caller calls `flushIfIdle`). An over-long frame is reported once and its bytes
 * dropped up to the next terminator, so one bad label cannot swallow the next good one.
 */
export class ScanFramer {
  private buffer: number[] = [];
  private lastByteAt = 0;
  private overflowing = false;

  constructor(private readonly options: FramerOptions) {}

  push(bytes: Uint8Array, now: number): Frame[] {
    const frames: Frame[] = [];
    for (const byte of bytes) {
      if (byte === 0x0d || byte === 0x0a) {
        this.finish(frames);
        continue;
      }
      if (this.overflowing) continue;
      this.buffer.push(byte);
      if (this.buffer.length > this.options.maxLength) {
        frames.push({ ok: false, problem: 'too-long', message: `a scan longer than ${this.options.maxLength} bytes was dropped` });
        this.buffer = [];
        this.overflowing = true;
      }
    }
    if (bytes.length > 0) this.lastByteAt = now;
    return frames;
  }

  /** Ends a suffix-less frame once the line has been quiet for `idleMs`. */
  flushIfIdle(now: number): Frame[] {
    if (now - this.lastByteAt < this.options.idleMs) return [];
    const frames: Frame[] = [];
    this.finish(frames);
    return frames;
  }

  /** Forgets a partial frame (the connection dropped mid-scan). */
  reset(): void {
    this.buffer = [];
    this.overflowing = false;
  }

  get pending(): boolean {
    return this.buffer.length > 0;
  }

  private finish(frames: Frame[]): void {
    if (this.buffer.length > 0) frames.push({ ok: true, bytes: new Uint8Array(this.buffer) });
    this.buffer = [];
    this.overflowing = false;
  }
}
