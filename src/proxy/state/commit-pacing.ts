/**
 * When the embedded store commits a put on the calling thread and when it groups it with others
 * on LMDB's write thread. Pure: time comes in as arguments.
 *
 * A put into a quiet store commits at once, disk flush included (p50 0.5 ms on the 2-core bench
 * machine), rather than waiting to hear back from the write thread (p50 0.7 ms, the thread
 * wake-ups making the tail). Under load that would stall the event loop for every request, so a
 * put joins a grouped commit when another is still in flight or one ended moments ago.
 *
 * Quiet is measured from when the last put *ended*. Measured from when it began, one slow flush
 * made the next put look quiet too: under load 7% of puts went to the disk on the event loop
 * (0.4% now), which cost the fee-quote route a sixth of its throughput (see BENCHMARKS.md).
 */
export class CommitPacing {
  private inFlight = 0;
  private lastEndedMs = -Infinity;

  constructor(
    /** How long the store must have been idle for a put to commit at once. */
    private readonly quietMs: number,
  ) {}

  /** Whether a put starting now commits at once; call `ended` when it has, either way. */
  begin(nowMs: number): 'now' | 'grouped' {
    const quiet = this.inFlight === 0 && nowMs - this.lastEndedMs >= this.quietMs;
    this.inFlight++;
    return quiet ? 'now' : 'grouped';
  }

  ended(nowMs: number): void {
    this.inFlight--;
    this.lastEndedMs = Math.max(this.lastEndedMs, nowMs);
  }
}
