/**
 * A part of an element whose code is not in the page's first file (a form staff open, the pay QR,
 * receipt printing): it is fetched on first use, or earlier when the page is idle. Loading is
 * bounded: each attempt waits at most `waitMs`, a failed attempt is tried again, and after the
 * last one the part is `failed`, for the element to say so with a way on. A lane never waits on a
 * file that does not come.
 */
import { within } from '../../hardware/chunked-writer.js';

export type PartStatus = 'not-loaded' | 'loading' | 'ready' | 'failed';

export interface PartLoading {
  /** Attempts before the part is `failed` (a retry asked for later starts over). */
  attempts: number;
  /** How long one attempt may take. */
  waitMs: number;
}

/** Two tries of 5 s: a chunk of a few KB from the lane's own proxy takes milliseconds. */
export const PART_LOADING: PartLoading = { attempts: 2, waitMs: 5000 };

export class PartLoadTimeout extends Error {
  override name = 'PartLoadTimeout';
}

export class LazyPart<T> {
  status: PartStatus = 'not-loaded';
  /** Why the last attempt failed; null until one has. */
  lastError: Error | null = null;
  private module: T | null = null;
  private loading: Promise<T | null> | null = null;

  /**
   * @param load - the dynamic `import()` itself, written out at the call site so the bundler splits it off.
   * @param changed - called on every status change (an element's requestUpdate).
   */
  constructor(
    private readonly load: () => Promise<T>,
    private readonly changed: () => void,
    private readonly options: PartLoading = PART_LOADING,
  ) {}

  /** The part's module, loaded if need be; null when every attempt failed. Concurrent calls share one load. */
  get(): Promise<T | null> {
    if (this.module) return Promise.resolve(this.module);
    this.loading ??= this.attempts().finally(() => (this.loading = null));
    return this.loading;
  }

  private async attempts(): Promise<T | null> {
    this.setStatus('loading');
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      try {
        this.module = await within(this.load(), this.options.waitMs, () => new PartLoadTimeout(`the part's code did not arrive within ${this.options.waitMs} ms`));
        this.setStatus('ready');
        return this.module;
      } catch (error) {
        this.lastError = error instanceof Error ? error : new Error(String(error));
      }
    }
    this.setStatus('failed');
    return null;
  }

  private setStatus(status: PartStatus): void {
    this.status = status;
    this.changed();
  }
}
