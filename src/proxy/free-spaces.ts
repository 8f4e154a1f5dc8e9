/**
 * A lot's free spaces as the city platform and the entry lanes are told them: the fee source's live
 * count (Welink /info/space, ETCP parkpoiavailable, the local entry register), kept for a few
 * seconds so heartbeats and bursts of passages do not each ask upstream. The configured value
 * stands in only when the fee source has no count, fails, says its count is not valid, or does not
 * answer in time.
 */
import type { Logger } from './log.js';
import type { FeeSource } from './providers/types.js';

export interface FreeSpaceOptions {
  /** How long one answer (live or fallback) is reused. */
  cacheMs: number;
  /** How long to wait for the live count before the fallback is used. */
  timeoutMs: number;
  now?: () => number;
}

export const FREE_SPACE_DEFAULTS: FreeSpaceOptions = { cacheMs: 15_000, timeoutMs: 2_000 };

export interface FreeSpaceReading {
  free: number;
  source: 'live' | 'configured';
}

export class LiveFreeSpaces {
  private cached: { reading: FreeSpaceReading; atMs: number } | null = null;
  private pending: Promise<FreeSpaceReading> | null = null;

  constructor(
    private readonly feeSource: FeeSource,
    private readonly configured: number,
    private readonly log: Logger,
    private readonly lotId: string,
    private readonly options: FreeSpaceOptions = FREE_SPACE_DEFAULTS,
  ) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  async count(): Promise<number> {
    return (await this.read()).free;
  }

  /** The count and where it came from; one upstream call at a time, however many callers wait. */
  async read(): Promise<FreeSpaceReading> {
    if (this.cached && this.now - this.cached.atMs < this.options.cacheMs) return this.cached.reading;
    return this.refresh();
  }

  /**
   * The count asked for now, past the cache (still bounded in time; it refreshes the cache): an
   * entry lane deciding whether the lot is full must not be told of spaces taken seconds ago.
   */
  refresh(): Promise<FreeSpaceReading> {
    this.pending ??= this.fetch().finally(() => (this.pending = null));
    return this.pending;
  }

  private async fetch(): Promise<FreeSpaceReading> {
    const fallback: FreeSpaceReading = { free: this.configured, source: 'configured' };
    let reading = fallback;
    if (this.feeSource.capabilities.has('free-spaces') && this.feeSource.freeSpaces) {
      try {
        const live = await withinMs(this.feeSource.freeSpaces(), this.options.timeoutMs);
        if (live === null) this.log.warn('free spaces: the platform has no valid count; reporting the configured value', { lotId: this.lotId, configured: this.configured });
        else reading = { free: live, source: 'live' };
      } catch (error) {
        this.log.warn('free spaces: live count failed; reporting the configured value', { lotId: this.lotId, configured: this.configured, err: error });
      }
    }
    this.cached = { reading, atMs: this.now };
    return reading;
  }
}

class FreeSpaceTimeout extends Error {
  override name = 'FreeSpaceTimeout';
}

/** The promise's value, or a FreeSpaceTimeout after `ms`; the timer never outlives the race. */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FreeSpaceTimeout(`no free-space count within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
