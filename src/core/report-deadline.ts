/**
 * The Shanghai platform wants each day's lane data complete by 01:00 the next day (Beijing time).
 * Given the oldest undelivered event, says whether that deadline is near or already past.
 */

export type DeadlineStatus = 'ok' | 'due-soon' | 'overdue';

const HOUR = 3_600_000;
const BEIJING_OFFSET = 8 * HOUR;

/** When the data of the Beijing day containing `atMs` must be complete: 01:00 the next day. */
export function reportDeadline(atMs: number): number {
  const dayStart = Math.floor((atMs + BEIJING_OFFSET) / (24 * HOUR)) * 24 * HOUR - BEIJING_OFFSET;
  return dayStart + 25 * HOUR;
}

export function deadlineStatus(oldestUndeliveredAt: number | null, nowMs: number, warnBeforeMs = 30 * 60_000): DeadlineStatus {
  if (oldestUndeliveredAt === null) return 'ok';
  const deadline = reportDeadline(oldestUndeliveredAt);
  if (nowMs >= deadline) return 'overdue';
  return nowMs >= deadline - warnBeforeMs ? 'due-soon' : 'ok';
}
