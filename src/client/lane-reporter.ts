/**
 * Keeps the remote attendants' board true for this lane: sends the lane's state to the proxy as
 * soon as something visible changes (batched over a quarter second) and as a heartbeat every 5 s,
 * so a kiosk that dies turns offline on the board within 15 s. A report that fails is not
 * retried: the next change or heartbeat carries the whole state anyway.
 */
import { LANE_HEARTBEAT_MS, type DeviceHealth, type LaneReport, type PrinterHealth } from '../core/attendant/lane-board.js';

/** What the lane reports about itself (PUT /v1/lanes/{laneId}/status). */
export interface LaneBoardReport {
  outbox: { depth: number; oldestCreatedAt: number | null; deadLetters: number; storageError: string | null };
  board: {
    screen: LaneReport['screen'];
    plate: string | null;
    dueFen: number | null;
    /** How long the screen has been in its state: an age, so the kiosk's clock does not matter. */
    screenAgeMs: number;
    printer: PrinterHealth;
    scanner: DeviceHealth;
    gate: DeviceHealth;
    clockSkewMs: number | null;
  };
}

export interface LaneFacts {
  /** The screen as the board shows it (boardScreenOf for an exit lane, entryBoardScreenOf for an entry lane). */
  screen: LaneReport['screen'];
  plate: string | null;
  dueFen: number | null;
  printer: PrinterHealth;
  scanner: DeviceHealth;
  gate: DeviceHealth;
  clockSkewMs: number | null;
  outbox: LaneBoardReport['outbox'];
}

const BATCH_MS = 250;

export class LaneReporter {
  private facts: LaneFacts | null = null;
  private screenSince = 0;
  private batch: ReturnType<typeof setTimeout> | undefined;
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly send: (report: LaneBoardReport) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {
    this.heartbeat = setInterval(() => this.flush(), LANE_HEARTBEAT_MS);
  }

  /** Some facts changed; the rest stay as last given. */
  update(change: Partial<LaneFacts>): void {
    const before = this.facts;
    const after = { ...(before ?? EMPTY), ...change };
    if (!before || after.screen !== before.screen) this.screenSince = this.now();
    this.facts = after;
    this.batch ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  stop(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.batch);
  }

  private flush(): void {
    clearTimeout(this.batch);
    this.batch = undefined;
    const facts = this.facts;
    if (!facts) return;
    const report: LaneBoardReport = {
      outbox: facts.outbox,
      board: {
        screen: facts.screen,
        plate: facts.plate,
        dueFen: facts.dueFen,
        screenAgeMs: this.now() - this.screenSince,
        printer: facts.printer,
        scanner: facts.scanner,
        gate: facts.gate,
        clockSkewMs: facts.clockSkewMs,
      },
    };
    void this.send(report).catch(() => {});
  }
}

const EMPTY: LaneFacts = {
  screen: 'idle',
  plate: null,
  dueFen: null,
  printer: 'offline',
  scanner: 'none',
  gate: 'none',
  clockSkewMs: null,
  outbox: { depth: 0, oldestCreatedAt: null, deadLetters: 0, storageError: null },
};
