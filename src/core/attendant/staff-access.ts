/**
 * Who may do what from the attendant console. Staff are people, not machine keys: each sees only
 * the lots in their account, and a release above the lot's limit needs a supervisor.
 */
import type { Fen } from '../money.js';

export type StaffRole = 'attendant' | 'supervisor';

export interface StaffAccount {
  id: string;
  name: string;
  role: StaffRole;
  /** The lots this person may watch and act on. */
  lots: readonly string[];
}

/** An account as configured: the account and its password's scrypt hash. */
export interface ConfiguredStaff extends StaffAccount {
  passwordHash: string;
}

export type RemoteActionKind = 'release' | 'correct-plate' | 'reprint' | 'reset' | 'open-gate';

export const REMOTE_ACTIONS: readonly RemoteActionKind[] = ['release', 'correct-plate', 'reprint', 'reset', 'open-gate'];

export interface RemoteActionRequest {
  kind: RemoteActionKind;
  lotId: string;
  /** Why: required for every action, kept in the audit trail. */
  reason: string;
  /** For a release: what the driver paid the attendant (0 for a free pass). */
  amountFen?: Fen;
  /** For a release: the fee the lane shows for the car (its last report to the board), null when it shows none. */
  dueFen?: Fen | null;
}

/** What a remote action asks the lane to do, pushed to the kiosk over its event stream. */
export interface RemoteActionCommand {
  kind: RemoteActionKind;
  reason: string;
  /** The attendant's id. */
  by: string;
  amountFen?: Fen;
  plate?: string;
  /** When the attendant sent it (the proxy's clock, epoch ms). */
  at: number;
  /** One per action: the lane's records of it are keyed on it, so it is done once. */
  actionId: string;
  /** What the board showed of the lane when the attendant acted (its last report). */
  seen: { plate: string | null; dueFen: Fen | null };
}

/**
 * What a lane did with a remote action, reported back for the audit trail: `done`, or why not
 * (`no-car`: no car on screen to release, or not the one the attendant saw; `no-device`: no printer or
 * gate; `not-supported`: nothing an entry lane can release; `stale`: heard too late, after an outage;
 * `failed`: tried, and the bill could not be stored or the printer or gate failed).
 */
export type RemoteActionOutcome = 'done' | 'no-car' | 'no-device' | 'not-supported' | 'stale' | 'failed';

export const REMOTE_ACTION_OUTCOMES: readonly RemoteActionOutcome[] = ['done', 'no-car', 'no-device', 'not-supported', 'stale', 'failed'];

/** A lane's word on one remote action, as the consoles that may see the lane hear it. */
export interface RemoteActionReport {
  lotId: string;
  laneId: string;
  actionId: string;
  kind: RemoteActionKind;
  outcome: RemoteActionOutcome;
  /** The attendant who sent the action. */
  by: string;
}

/** How long a remote action stays good: the attendant acts on what the lane shows now. */
export const REMOTE_ACTION_TTL_MS = 30_000;

/**
 * Whether the lane should still carry out `command` at `nowMs` (its own clock, `skewMs` ahead of the
 * proxy's). A lane whose link was down hears of older actions when it reconnects (the stream
 * replays what it missed): an old 抬杆 or 放行 would act on whichever car is there now, so it is dropped.
 */
export function isCurrentRemoteAction(command: RemoteActionCommand, nowMs: number, skewMs: number | null): boolean {
  const age = nowMs - (skewMs ?? 0) - command.at;
  return age <= REMOTE_ACTION_TTL_MS && age >= -REMOTE_ACTION_TTL_MS;
}

export type AccessDenial =
  | { code: 'lot-not-allowed'; message: string }
  | { code: 'reason-required'; message: string }
  | { code: 'supervisor-required'; message: string };

/** The shortest reason that says something (two characters: 逃费 or "ok" is not a reason, 设备故障 is). */
const MIN_REASON_LENGTH = 2;

export function canSeeLot(account: StaffAccount, lotId: string): boolean {
  return account.lots.includes(lotId);
}

/**
 * Whether `account` may take `action`; null when it may. A release above `supervisorLimitFen`
 * (the lot's setting; null: no limit) needs a supervisor. A release is worth the larger of the fee
 * on the lane's screen and what was collected: a ¥200 car let out "for ¥0" is a ¥200 release.
 */
export function denialOf(account: StaffAccount, action: RemoteActionRequest, supervisorLimitFen: Fen | null): AccessDenial | null {
  if (!canSeeLot(account, action.lotId)) return { code: 'lot-not-allowed', message: `${account.id} may not act on lot ${action.lotId}` };
  if ([...action.reason.trim()].length < MIN_REASON_LENGTH) return { code: 'reason-required', message: 'every remote action needs a reason' };
  const releaseFen = Math.max(action.amountFen ?? 0, action.dueFen ?? 0);
  if (action.kind === 'release' && account.role !== 'supervisor' && supervisorLimitFen !== null && releaseFen > supervisorLimitFen) {
    return { code: 'supervisor-required', message: `a release above ${supervisorLimitFen} fen needs a supervisor` };
  }
  return null;
}
