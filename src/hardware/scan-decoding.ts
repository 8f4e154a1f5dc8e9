/**
 * Turning scanner bytes into scans: framing on the scanner's suffix (CR, LF, CRLF or Tab) or, for a
 * scanner without one, on an idle gap; AIM symbology identifiers; text decoding (UTF-8 or GB18030,
 * never Latin-1). Pure and clock-injected.
 */

export type ScanProblem = 'too-long' | 'incomplete' | 'binary' | 'undecodable' | 'empty';

export type ScanEncoding = 'utf-8' | 'gb18030';
/** What the scanner is set to send; `auto` decides per scan (see `decodeScan`). */
export type ScanEncodingSetting = ScanEncoding | 'auto';

export type DecodedScan =
  | { ok: true; text: string; symbology: string | null; encoding: ScanEncoding }
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

/**
 * Characters a lane's codes are made of: printable ASCII (tickets, coupons, payment codes, URLs,
 * plate letters), tab and GS (GS1 separator), CJK ideographs (plate provinces and suffixes, names),
 * CJK and fullwidth punctuation, and the few Latin-1 signs Chinese text uses (¥ · ° ×). A GB18030
 * plate whose bytes also happen to be valid UTF-8 reads as Latin-1, Cyrillic or IPA letters in UTF-8
 * (鲁 C2 B3 → "³", 豫 D4 A5 → "ԥ", 使 CA B9 → "ʹ", 学 D1 A7 → "ѧ"), none of which a lane scans.
 */
const OUTSIDE_LANE_ALPHABET =
  // eslint-disable-next-line no-control-regex -- tab and GS are the control bytes a lane code may hold
  /[^\t\u001d\u0020-\u007e\u00a5\u00b0\u00b7\u00d7\u2010-\u2027\u2030-\u205e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3134f}]/gu;

const decoders: Record<ScanEncoding, TextDecoder> = {
  'utf-8': new TextDecoder('utf-8', { fatal: true }),
  gb18030: new TextDecoder('gb18030', { fatal: true }),
};

function read(bytes: Uint8Array, encoding: ScanEncoding): { text: string; encoding: ScanEncoding; strange: number } | null {
  try {
    const text = decoders[encoding].decode(bytes);
    return { text, encoding, strange: text.match(OUTSIDE_LANE_ALPHABET)?.length ?? 0 };
  } catch {
    return null;
  }
}

/** Scanners and USB adapters pad with NUL on wake-up and between reports; it is never part of a code. */
function trimNul(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] === 0) start++;
  while (end > start && bytes[end - 1] === 0) end--;
  return bytes.subarray(start, end);
}

/**
 * Decodes one framed scan. With `auto`, a scan that is valid in only one of UTF-8 and GB18030 is
 * read in that one; a scan valid in both is read in the one with fewer characters outside what a
 * lane scans, UTF-8 on a tie (a pure-ASCII code reads the same either way).
 */
export function decodeScan(frame: Uint8Array, encoding: ScanEncodingSetting = 'auto'): DecodedScan {
  let bytes = trimNul(frame);
  let symbology: string | null = null;
  const head = String.fromCharCode(...bytes.subarray(0, 3));
  if (AIM_PREFIX.test(head)) {
    symbology = SYMBOLOGIES[head[1]!] ?? `aim-${head.slice(1)}`;
    bytes = bytes.subarray(3);
  }
  if (bytes.length === 0) return { ok: false, problem: 'empty', message: 'the scan carried no data' };
  const candidates: ScanEncoding[] = encoding === 'auto' ? ['utf-8', 'gb18030'] : [encoding];
  const readings = candidates.map((candidate) => read(bytes, candidate)).filter((reading) => reading !== null);
  if (readings.length === 0) {
    const expected = encoding === 'auto' ? 'UTF-8 nor GB18030' : encoding.toUpperCase();
    return { ok: false, problem: 'undecodable', message: `the scan is not ${expected} text; check the scanner's character-encoding setting` };
  }
  const best = readings.reduce((a, b) => (b.strange < a.strange ? b : a));
  // Control characters other than tab (GS1 uses GS, 0x1D, as a separator) mean line noise or a binary code.
  // eslint-disable-next-line no-control-regex -- finding control bytes is the point
  if (/[\u0000-\u0008\u000a-\u001c\u001e\u001f\u007f\ufffd]/.test(best.text)) {
    return { ok: false, problem: 'binary', message: 'the scan contains binary data' };
  }
  return { ok: true, text: best.text, symbology, encoding: best.encoding };
}

/**
 * How scans end. `suffix` frames on CR, LF or Tab alone; `idle` on a gap (a suffix still ends a
 * scan). `auto` learns which from the first scan: until it knows, a scan ends on its suffix, or on
 * a longer silence (`learnMs`) that shows the scanner sends none, so a scan whose bytes arrive in
 * slow chunks is not split before its suffix shows up.
 */
export type SuffixSetting = 'auto' | 'suffix' | 'idle';

export interface FramerOptions {
  /** Silence that ends a scan when the scanner sends no suffix. */
  idleMs: number;
  /**
   * Silence after which a scan still missing its suffix is given up ('incomplete'), so a lost
   * suffix cannot glue two scans together; with `auto` the framer then goes back to idle framing.
   */
  staleMs: number;
  maxLength: number;
  suffix: SuffixSetting;
  /** With `auto`, before it knows: the silence that shows the scanner sends no suffix. */
  learnMs: number;
  /** With `auto`: what an earlier session learnt (true: a suffix, false: none); unset, it learns from the first scan. */
  suffixLearnt?: boolean;
}

type Framing = 'unknown' | 'suffix' | 'idle';

/**
 * The suffixes a scanner can be set to send: CR, LF (CRLF is the two) and Tab. No code a lane reads
 * (plates, tickets, coupon links, payment codes) holds any of them.
 */
const SUFFIX_BYTES = new Set([0x0d, 0x0a, 0x09]);

export type Frame = { ok: true; bytes: Uint8Array } | { ok: false; problem: 'too-long' | 'incomplete'; message: string };

/**
 * Splits the byte stream into scans. CR, LF, CRLF and Tab always end a frame; silence ends one as
 * `FramerOptions.suffix` says (the caller calls `flushIfIdle` at `deadline()`). Memory is bounded:
 * an over-long frame is dropped, counted, and reported once when it ends, at the next terminator or
 * silence, so junk without a terminator cannot deafen the scanner.
 */
export class ScanFramer {
  private buffer: number[] = [];
  private lastByteAt = 0;
  /** Bytes dropped from the current over-long frame; 0 when not overflowing. */
  private dropped = 0;
  private framing: Framing;

  constructor(private readonly options: FramerOptions) {
    const learnt = options.suffixLearnt === undefined ? 'unknown' : options.suffixLearnt ? 'suffix' : 'idle';
    this.framing = options.suffix === 'auto' ? learnt : options.suffix;
  }

  /** Whether frames end on the scanner's suffix alone (set, or learnt from the stream). */
  get framesOnSuffix(): boolean {
    return this.framing === 'suffix';
  }

  /** What `auto` has learnt (true: the scanner sends a suffix, false: it does not); null before it knows. */
  get suffixLearnt(): boolean | null {
    return this.framing === 'unknown' ? null : this.framing === 'suffix';
  }

  push(bytes: Uint8Array, now: number): Frame[] {
    const frames: Frame[] = [];
    for (const byte of bytes) {
      if (SUFFIX_BYTES.has(byte)) {
        if (this.options.suffix === 'auto') this.framing = 'suffix';
        this.finish(frames);
      } else if (this.dropped > 0) {
        this.dropped++;
      } else if (byte !== 0 || this.buffer.length > 0) {
        // NUL before a scan is line noise (trailing NUL is trimmed when decoding).
        this.buffer.push(byte);
        if (this.buffer.length > this.options.maxLength) {
          this.dropped = this.buffer.length;
          this.buffer = [];
        }
      }
    }
    if (bytes.length > 0) this.lastByteAt = now;
    return frames;
  }

  /** When `flushIfIdle` next has something to do; null when nothing is pending. */
  deadline(): number | null {
    if (!this.pending) return null;
    const quiet = { suffix: this.options.staleMs, unknown: this.options.learnMs, idle: this.options.idleMs }[this.framing];
    return this.lastByteAt + quiet;
  }

  /** Ends a frame once the line has been quiet long enough (see `FramerOptions`). */
  flushIfIdle(now: number): Frame[] {
    const due = this.deadline();
    if (due === null || now < due) return [];
    const frames: Frame[] = [];
    if (this.framing === 'suffix' && this.dropped === 0) {
      frames.push({
        ok: false,
        problem: 'incomplete',
        message: `a scan of ${this.buffer.length} bytes never got its suffix and was dropped; check the scanner's suffix setting`,
      });
      this.buffer = [];
    }
    // A scan ended by silence alone: this scanner sends no suffix (or, learnt, no longer does).
    if (this.options.suffix === 'auto') this.framing = 'idle';
    this.finish(frames);
    return frames;
  }

  /** Forgets a partial frame (the connection dropped mid-scan). */
  reset(): void {
    this.buffer = [];
    this.dropped = 0;
  }

  get pending(): boolean {
    return this.buffer.length > 0 || this.dropped > 0;
  }

  private finish(frames: Frame[]): void {
    if (this.dropped > 0) {
      frames.push({ ok: false, problem: 'too-long', message: `a scan of ${this.dropped} bytes (over ${this.options.maxLength}) was dropped` });
    } else if (this.buffer.length > 0) {
      frames.push({ ok: true, bytes: new Uint8Array(this.buffer) });
    }
    this.buffer = [];
    this.dropped = 0;
  }
}
