/**
 * The console's audit trail, kept durably in the state store (on Redis, shared by every instance):
 * one list per Beijing day, so a query reads only the days it asks for, and a year is kept.
 */
import { filterAudit, type AuditFilter, type AuditRecord } from '../../core/attendant/audit.js';
import { canSeeLot, type StaffAccount } from '../../core/attendant/staff-access.js';
import { toBeijingIso } from '../../core/time.js';
import type { StateStore } from '../state/store.js';

const DAY_MS = 86_400_000;
/** A busy lot records a few thousand entries a day; the cap only bounds a runaway. */
const MAX_PER_DAY = 100_000;
const KEEP_MS = 400 * DAY_MS;
/** The longest span one query reads. */
export const MAX_QUERY_DAYS = 31;

export type AuditEntry = Omit<AuditRecord, 'id' | 'at'>;

const dayOf = (at: number) => toBeijingIso(at).slice(0, 10);

export class AuditLog {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number = Date.now,
  ) {}

  async record(entry: AuditEntry): Promise<AuditRecord> {
    const at = this.now();
    const record: AuditRecord = { id: await this.store.nextId('audit'), at, ...entry };
    await this.store.append(`audit:${dayOf(at)}`, record, MAX_PER_DAY, KEEP_MS);
    return record;
  }

  /**
   * What `account` may read between `filter.from` and `filter.to` (at most MAX_QUERY_DAYS, the last
   * day when unset), oldest first: records of its lots, and its own records that name no lot
   * (sign-ins); a supervisor also sees every record that names no lot.
   */
  async query(account: StaffAccount, filter: AuditFilter): Promise<AuditRecord[]> {
    const to = filter.to ?? this.now() + 1;
    const from = Math.max(filter.from ?? to - DAY_MS, to - MAX_QUERY_DAYS * DAY_MS);
    // Beijing has no daylight saving: 24-hour steps from `from` land on every day up to `to`.
    const days = new Set<string>([dayOf(to - 1)]);
    for (let at = from; at < to; at += DAY_MS) days.add(dayOf(at));
    const lists = await Promise.all([...days].map((day) => this.store.list<AuditRecord>(`audit:${day}`)));
    const visible = lists.flat().filter((r) => (r.lotId === null ? account.role === 'supervisor' || r.staffId === account.id : canSeeLot(account, r.lotId)));
    return filterAudit(visible, { ...filter, from, to }).sort((a, b) => a.id - b.id);
  }
}
