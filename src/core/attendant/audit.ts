/**
 * The attendant console's audit trail: every sign-in, call and remote action, with who and why.
 * Filtering and the CSV export are pure; the proxy keeps the records durably.
 */
import { toBeijingIso } from '../time.js';

export type AuditKind =
  | 'sign-in'
  | 'sign-in-refused'
  | 'sign-out'
  | 'call-rung'
  | 'call-answered'
  | 'call-ended'
  | 'call-unanswered'
  | 'remote-action'
  | 'remote-action-refused'
  /** What the lane did with a remote action: carried out, or not and why (its own report). */
  | 'remote-action-outcome';

export interface AuditRecord {
  id: number;
  at: number;
  kind: AuditKind;
  staffId: string | null;
  lotId: string | null;
  laneId: string | null;
  /** The call or the action this is about. */
  subject: string | null;
  reason: string | null;
  /** Facts of the record (plate, amount in fen, duration in ms, the refusal's code). */
  detail: Readonly<Record<string, string | number>>;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  kinds?: readonly AuditKind[];
  staffId?: string;
  lotIds?: readonly string[];
  laneId?: string;
}

export function filterAudit(records: readonly AuditRecord[], filter: AuditFilter): AuditRecord[] {
  return records.filter(
    (r) =>
      (filter.from === undefined || r.at >= filter.from) &&
      (filter.to === undefined || r.at < filter.to) &&
      (!filter.kinds || filter.kinds.includes(r.kind)) &&
      (filter.staffId === undefined || r.staffId === filter.staffId) &&
      (!filter.lotIds || (r.lotId !== null && filter.lotIds.includes(r.lotId))) &&
      (filter.laneId === undefined || r.laneId === filter.laneId),
  );
}

const COLUMNS = ['id', 'time', 'kind', 'staff', 'lot', 'lane', 'subject', 'reason', 'detail'] as const;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (= + - @, tab or CR first)
 * is prefixed with an apostrophe: a reason typed at the console must not become code on the
 * auditor's machine.
 */
function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The records as CSV with a header row and CRLF line ends; times as ISO 8601 in Beijing time. */
export function auditCsv(records: readonly AuditRecord[]): string {
  const rows = records.map((r) =>
    [
      r.id,
      toBeijingIso(r.at),
      r.kind,
      r.staffId,
      r.lotId,
      r.laneId,
      r.subject,
      r.reason,
      Object.entries(r.detail)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    ]
      .map(cell)
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
