/**
 * The remote attendant's board: what each lane last reported about itself, and what the board makes
 * of it. Kiosks push reports through the proxy (on every change and as a heartbeat); a lane that
 * falls silent is shown offline, so a dead kiosk never looks idle.
 */
import type { Fen } from '../money.js';
import type { EntryState } from '../entry-machine.js';
import type { LaneStateName } from '../lane-machine.js';

type EntryStateName = EntryState['name'];

/** What the attendant sees of a lane's screen. */
/** What a lane's screen shows: an exit's fee steps, an entry's admitted car or full lot, a fault, or silence. */
export type BoardScreen = 'idle' | 'quoted' | 'paying' | 'paid' | 'admitted' | 'full' | 'error' | 'offline';
/** `fault`: cover open, cutter or mechanical error, or jammed: it cannot print until someone looks. */
export type PrinterHealth = 'ok' | 'paper-low' | 'paper-out' | 'fault' | 'offline';
export type DeviceHealth = 'ok' | 'fault' | 'offline' | 'none';

/** A lane silent this long is offline on the board (kiosks report at least every 5 s). */
export const LANE_SILENCE_MS = 15_000;
/** How often a kiosk reports while nothing changes. */
export const LANE_HEARTBEAT_MS = 5_000;

export interface LaneReport {
  lotId: string;
  laneId: string;
  /** The names the attendant knows the lot and lane by (the proxy's config), e.g. 泊云示范停车场, 1号出口. */
  lotName: string;
  laneName: string;
  screen: Exclude<BoardScreen, 'offline'>;
  plate: string | null;
  dueFen: Fen | null;
  /** When the screen entered its state (the proxy's clock: the kiosk's age of the state, subtracted on arrival). */
  screenSince: number;
  printer: PrinterHealth;
  scanner: DeviceHealth;
  gate: DeviceHealth;
  outbox: { depth: number; deadLetters: number };
  /** The kiosk's clock minus the proxy's, null when not yet measured. */
  clockSkewMs: number | null;
  /** When the proxy received the report. */
  seenAt: number;
}

export interface BoardLane extends Omit<LaneReport, 'screen'> {
  screen: BoardScreen;
  /** How long the lane has been in `screen` (for offline: since it was last seen). */
  inScreenMs: number;
}

/** The board's screen for a lane machine state: the steps a driver passes quickly count as the screen they lead to. */
export function boardScreenOf(state: LaneStateName): LaneReport['screen'] {
  switch (state) {
    case 'quoted':
      return 'quoted';
    case 'paying':
      return 'paying';
    case 'paid':
    case 'farewell':
      return 'paid';
    case 'error':
      return 'error';
    default:
      return 'idle';
  }
}

/** The board's screen for an entry lane's state: checking and printing pass in a moment and count as idle. */
export function entryBoardScreenOf(state: EntryStateName): LaneReport['screen'] {
  switch (state) {
    case 'printed':
      return 'admitted';
    case 'full':
      return 'full';
    case 'error':
      return 'error';
    default:
      return 'idle';
  }
}

/** The printer's health for the board, from the driver's decoded status (no printer: offline). */
export function printerHealthOf(status: { connected: boolean; online: boolean; coverOpen: boolean; paperEnd: boolean; paperNearEnd: boolean; error: boolean; stalled: boolean } | null): PrinterHealth {
  if (!status || !status.connected) return 'offline';
  if (status.paperEnd) return 'paper-out';
  if (status.stalled || status.error || status.coverOpen) return 'fault';
  return status.paperNearEnd ? 'paper-low' : 'ok';
}

/** The gate's health for the board: a kiosk without a gate device reports none. */
export function gateHealthOf(health: 'ok' | 'offline' | 'error' | null): DeviceHealth {
  if (health === null) return 'none';
  return health === 'error' ? 'fault' : health;
}

/** How the board shows a lane at `now`: as reported, or offline once it has been silent too long. */
export function boardLane(report: LaneReport, now: number): BoardLane {
  if (now - report.seenAt > LANE_SILENCE_MS) {
    return { ...report, screen: 'offline', inScreenMs: Math.max(0, now - report.seenAt) };
  }
  return { ...report, inScreenMs: Math.max(0, now - report.screenSince) };
}

/**
 * `screenSince` is the proxy's clock minus the age the kiosk reports, so each heartbeat's differs by
 * the network's jitter: a shift smaller than this is the same screen, not a new one.
 */
const SCREEN_SINCE_JITTER_MS = 1_000;

/** Whether a new report changes what the board shows (a heartbeat that changes nothing is not pushed). */
export function boardChanged(before: LaneReport | undefined, after: LaneReport): boolean {
  if (!before) return true;
  return (
    before.screen !== after.screen ||
    before.plate !== after.plate ||
    before.dueFen !== after.dueFen ||
    Math.abs(before.screenSince - after.screenSince) >= SCREEN_SINCE_JITTER_MS ||
    before.printer !== after.printer ||
    before.scanner !== after.scanner ||
    before.gate !== after.gate ||
    before.outbox.depth !== after.outbox.depth ||
    before.outbox.deadLetters !== after.outbox.deadLetters ||
    Math.abs((before.clockSkewMs ?? 0) - (after.clockSkewMs ?? 0)) >= 1000 ||
    (before.clockSkewMs === null) !== (after.clockSkewMs === null)
  );
}

/** The lanes whose silence crossed the limit between two sweeps: each turns offline exactly once. */
export function newlySilent(reports: Iterable<LaneReport>, previousSweep: number, now: number): LaneReport[] {
  const silent: LaneReport[] = [];
  for (const report of reports) {
    const deadline = report.seenAt + LANE_SILENCE_MS;
    if (deadline >= previousSweep && deadline < now) silent.push(report);
  }
  return silent;
}
