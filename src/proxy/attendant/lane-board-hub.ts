/**
 * The live lane board behind every console. Every proxy instance holds the whole board and pushes
 * changes to the consoles connected to it; a sweep each second turns lanes that fell silent
 * offline. No console ever polls a lane.
 *
 * A report that changes the board goes over the event bus at once. A heartbeat (a lane saying it
 * is still there, every 5 s) changes nothing but "last seen": it refreshes this instance's board at
 * once and joins the next batch, one bus message a second for all of them, so 1,000 idle lanes cost
 * the bus (Redis) one message a second per instance instead of 200.
 *
 * A lane's word on a remote action (done, or why not) goes the same way, to the consoles that may
 * see the lane: the attendant who sent it may sit on another instance than the one the lane reached.
 */
import { boardChanged, boardLane, newlySilent, type BoardLane, type LaneReport } from '../../core/attendant/lane-board.js';
import { canSeeLot, type RemoteActionReport, type StaffAccount } from '../../core/attendant/staff-access.js';
import type { EventBus } from '../state/event-bus.js';

export type BoardListener = (lane: BoardLane) => void;
export type OutcomeListener = (report: RemoteActionReport) => void;

interface Watcher<L> {
  account: StaffAccount;
  listener: L;
}

const SWEEP_MS = 1_000;
/** How often the heartbeats received here go to the other instances, together; well inside LANE_SILENCE_MS. */
export const SEEN_BATCH_MS = 1_000;
const keyOf = (r: Pick<LaneReport, 'lotId' | 'laneId'>) => `${r.lotId}/${r.laneId}`;

export class LaneBoardHub {
  private readonly reports = new Map<string, LaneReport>();
  private readonly watchers = new Set<Watcher<BoardListener>>();
  private readonly outcomeWatchers = new Set<Watcher<OutcomeListener>>();
  private readonly timers: NodeJS.Timeout[];
  private lastSweep: number;
  /** Heartbeats received here since the last batch, by lane. */
  private readonly seen = new Map<string, LaneReport>();

  constructor(
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {
    bus.subscribe((message) => {
      const m = message as { kind?: string; report?: LaneReport; reports?: LaneReport[]; outcome?: RemoteActionReport };
      if (m.kind === 'lane-report' && m.report) this.apply(m.report);
      else if (m.kind === 'lanes-seen' && m.reports) for (const report of m.reports) this.apply(report);
      else if (m.kind === 'action-outcome' && m.outcome) this.tell(m.outcome);
    });
    this.lastSweep = now();
    this.timers = [setInterval(() => this.sweep(), SWEEP_MS), setInterval(() => void this.shareSeen(), SEEN_BATCH_MS)];
    for (const timer of this.timers) timer.unref();
  }

  /** A kiosk's report, as received by this instance; stamped with this proxy's clock. */
  async report(report: Omit<LaneReport, 'seenAt'>): Promise<void> {
    const stamped: LaneReport = { ...report, seenAt: this.now() };
    const key = keyOf(stamped);
    const known = this.reports.get(key);
    if (known && !boardChanged(known, stamped) && boardLane(known, stamped.seenAt).screen !== 'offline') {
      this.reports.set(key, { ...known, seenAt: stamped.seenAt });
      this.seen.set(key, stamped);
      return;
    }
    this.seen.delete(key);
    await this.bus.publish({ kind: 'lane-report', report: stamped });
  }

  /** Sends the heartbeats received since the last batch to every instance, in one message (the timer runs it every second). */
  async shareSeen(): Promise<void> {
    if (this.seen.size === 0) return;
    const reports = [...this.seen.values()];
    this.seen.clear();
    await this.bus.publish({ kind: 'lanes-seen', reports });
  }

  /** The lane's last report, if it has sent one. */
  lane(lotId: string, laneId: string): LaneReport | undefined {
    return this.reports.get(keyOf({ lotId, laneId }));
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

  /** A lane's word on a remote action, for every instance's consoles. */
  async reportOutcome(outcome: RemoteActionReport): Promise<void> {
    await this.bus.publish({ kind: 'action-outcome', outcome });
  }

  /** Calls `listener` with the lanes' word on remote actions on the lots `account` may see; returns the unsubscribe. */
  watchOutcomes(account: StaffAccount, listener: OutcomeListener): () => void {
    const watcher = { account, listener };
    this.outcomeWatchers.add(watcher);
    return () => this.outcomeWatchers.delete(watcher);
  }

  /** Runs one sweep now (the timer runs it every second). */
  sweep(): void {
    const now = this.now();
    for (const silent of newlySilent(this.reports.values(), this.lastSweep, now)) this.push(boardLane(silent, now));
    this.lastSweep = now;
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.watchers.clear();
    this.outcomeWatchers.clear();
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

  private tell(outcome: RemoteActionReport): void {
    for (const { account, listener } of this.outcomeWatchers) if (canSeeLot(account, outcome.lotId)) listener(outcome);
  }
}
