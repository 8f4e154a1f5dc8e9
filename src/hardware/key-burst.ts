/**
 * Telling a keyboard-wedge scanner from a person at the keyboard. A USB scanner in HID keyboard
 * mode "types" a whole code within a few milliseconds per key and usually ends it with Enter or
 * Tab; a person types 100 ms or more apart. Every character key is held back until the next key or
 * a short gap decides: a fast run of at least `minBurstLength` keys is a scan, anything else is
 * given back as typing. Pure: the caller supplies key times and calls `end()` when its gap timer
 * fires.
 */

export interface KeyBurstOptions {
  /** Longest pause between two keys of one scan (default 35 ms; scanners send a key every few ms). */
  maxKeyGapMs: number;
  /** Fewest keys that make a scan (default 4: no lane code is shorter, and people rarely roll four keys). */
  minBurstLength: number;
}

export const DEFAULT_KEY_BURST: KeyBurstOptions = { maxKeyGapMs: 35, minBurstLength: 4 };

/** What the caller must do: give held keys back to the page as typing, or hand on a scan. */
export type BurstEffect<K> = { release: K[] } | { scan: string };

export interface KeyStep<K> {
  effects: BurstEffect<K>[];
  /** Whether the key just seen is taken (held or part of a scan) and must not reach the page. */
  taken: boolean;
}

export class KeyBurstDetector<K> {
  private held: { key: K; char: string }[] = [];
  private lastAt = 0;

  constructor(private readonly options: KeyBurstOptions = DEFAULT_KEY_BURST) {}

  /** Whether keys are held back, waiting for the next key or the gap timer. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** A key that types one character. It is held; a pause since the previous key ends that run first. */
  character(key: K, char: string, at: number): KeyStep<K> {
    const effects = this.held.length > 0 && at - this.lastAt > this.options.maxKeyGapMs ? this.end() : [];
    this.held.push({ key, char });
    this.lastAt = at;
    return { effects, taken: true };
  }

  /** Enter or Tab: it ends a fast run long enough to be a scan (and is taken), else it is the page's. */
  terminator(at: number): KeyStep<K> {
    const fresh = at - this.lastAt <= this.options.maxKeyGapMs;
    if (fresh && this.held.length >= this.options.minBurstLength) return { effects: this.end(), taken: true };
    return { effects: this.end(), taken: false };
  }

  /** Any other key (Backspace, arrows, shortcuts, IME input): the run ends there and the key is the page's. */
  other(): KeyStep<K> {
    return { effects: this.end(), taken: false };
  }

  /** Ends the current run: the gap timer fired, or another key ended it. */
  end(): BurstEffect<K>[] {
    const held = this.held;
    this.held = [];
    if (held.length === 0) return [];
    if (held.length >= this.options.minBurstLength) return [{ scan: held.map((h) => h.char).join('') }];
    return [{ release: held.map((h) => h.key) }];
  }
}
