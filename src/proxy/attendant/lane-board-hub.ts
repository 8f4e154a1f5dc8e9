/**
 * The live lane board behind every console. Each kiosk report (a change, or a heartbeat every 5 s)
 * goes over the event bus, so every proxy instance holds the whole board and pushes changes to the
 * consoles connected to it; a sweep each second turns lanes that fell silent offline. No console
 * ever polls a lane.
 */
import { boardChanged, boardLane, newlySilent, type BoardLane, type LaneReport } from '../../core/attendant/lane-board.js';
import { canSeeLot, type StaffAccount } from '../../core/attendant/staff-access.js';
import type { EventBus } from '../state/event-bus.js';

export type BoardListener = (lane: BoardLane) => void;

interface Watcher {
  account: StaffAccount;
  listener: BoardListener;
}

const SWEEP_MS = 1_000;
const keyOf = (r: Pick<LaneReport, 'lotId' | 'laneId'>) => `${r.lotId}/${r.laneId}`;

export class LaneBoardHub {
  private readonly reports = new Map<string, LaneReport>();
  private readonly watchers = new Set<Watcher>();
  private readonly sweeper: NodeJS.Timeout;
  private lastSweep: number;

  constructor(
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {
    bus.subscribe((message) => {
      const m = message as { kind?: string; report?: LaneReport };
      if (m.kind === 'lane-report' && m.report) this.apply(m.report);
    });
    this.lastSweep = now();
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** A kiosk's report, as received by this instance; stamped with this proxy's clock. */
  async report(report: Omit<LaneReport, 'seenAt'>): Promise<void> {
    await this.bus.publish({ kind: 'lane-report', report: { ...report, seenAt: this.now() } });
  }

  /** The board as `account` may see it: the lanes of its lots, live or offline. */
  boardFor(account: StaffAccount): BoardLane[] {
    const now = this.now();
    return [...this.reports.values()].filter((r) => canSeeLot(account, r.lotId)).map((r) => boardLane(r, now));
  }

  /** Calls `listener` with every change to a lane `account` may see; returns the unsubscribe. */
  watch(account: StaffAccount, listener: BoardListener): () => void {
    const watcher = { account, listener };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Runs one sweep now (the timer runs it every second). */
  sweep(): void {
    const now = this.now();
    for (const silent of newlySilent(this.reports.values(), this.lastSweep, now)) this.push(boardLane(silent, now));
    this.lastSweep = now;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.watchers.clear();
  }

  private apply(report: LaneReport): void {
    const before = this.reports.get(keyOf(report));
    this.reports.set(keyOf(report), report);
    // A lane back from silence is news even when its report is the same as before it went quiet.
    const wasOffline = before !== undefined && boardLane(before, report.seenAt).screen === 'offline';
    if (boardChanged(before, report) || wasOffline) this.push(boardLane(report, this.now()));
  }

  private push(lane: BoardLane): void {
    for (const { account, listener } of this.watchers) if (canSeeLot(account, lane.lotId)) listener(lane);
  }
}
