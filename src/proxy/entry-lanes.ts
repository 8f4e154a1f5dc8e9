/**
 * Which entry lane a car came in by, for the bills a lane settles without the platform (Welink
 * /pay/addTmpRentBill wants `enterLaneId`). Asked in order of how close the evidence is to this
 * very stay:
 * 1. the entry ticket the exit lane scanned for it (carried in the offline bill, signed by us);
 * 2. the lot's entry register: `arrive` events of its entry lanes (the ones reported to the city;
 *    an entry kiosk sends one for every ticket issued to a known plate), valid for a bill until the
 *    car's `leave` before that bill's exit;
 * 3. the platform's own record of the stay (Welink queryTmpRentBill's enterLaneId);
 * and otherwise "0", which the platform takes as "entry lane unknown".
 */
import type { OfflineBillPayload } from '../core/lane-events.js';
import { checkPlate } from '../core/plate.js';
import type { LaneSettings } from './config.js';
import type { Logger } from './log.js';
import type { LotRuntime } from './lot-runtime.js';
import type { StateStore } from './state/store.js';
import { TicketError, verifyTicket } from './tickets.js';

/** What addTmpRentBill is told when nothing says which lane the car came in by. */
export const UNKNOWN_ENTRY_LANE = '0';

/** Long stays (weeks in a residential lot) still find their entry. */
const REGISTER_TTL_MS = 60 * 24 * 3600_000;

export type EntryLaneSource = 'ticket' | 'register' | 'platform' | 'unknown';

interface RegisterEntry {
  laneId: string;
  atMs: number;
  /** When the stay ended, once a leave or an offline bill said so. */
  leftAtMs?: number;
}

export class EntryLaneRegister {
  constructor(
    private readonly store: StateStore,
    private readonly ticketKey: string | null,
    private readonly log: Logger,
  ) {}

  /** The car came in by this lane of the lot (a ticket issued to its plate, or an arrive event). */
  async arrived(lotId: string, plate: string, laneId: string, atMs: number): Promise<void> {
    const key = registerKey(lotId, plate);
    const previous = await this.store.get<RegisterEntry>(key);
    // Outbox batches may arrive late and out of order between lanes: an older entry never overwrites a newer one.
    if (previous && previous.atMs > atMs) return;
    await this.store.put(key, { laneId, atMs } satisfies RegisterEntry, REGISTER_TTL_MS);
  }

  /**
   * The stay ended at `atMs`: a bill for a later exit belongs to another stay. Kept rather than
   * deleted, because the leave and the bill of one staff release travel in different outbox
   * streams and the leave may be applied first.
   */
  async left(lotId: string, plate: string, atMs: number): Promise<void> {
    const key = registerKey(lotId, plate);
    const entry = await this.store.get<RegisterEntry>(key);
    if (!entry || entry.atMs > atMs || (entry.leftAtMs !== undefined && entry.leftAtMs <= atMs)) return;
    await this.store.put(key, { ...entry, leftAtMs: atMs } satisfies RegisterEntry, REGISTER_TTL_MS);
  }

  /** The platform's lane id of the entry lane for this bill, and where it was learnt. */
  async resolve(lot: LotRuntime, exitLaneId: string, bill: OfflineBillPayload): Promise<{ enterLaneId: string; source: EntryLaneSource }> {
    const { lotId } = lot.settings;
    const fromTicket = this.ticketLane(lot, bill.entryTicket);
    if (fromTicket) return { enterLaneId: fromTicket, source: 'ticket' };
    const registered = await this.store.get<RegisterEntry>(registerKey(lotId, bill.plate));
    const sameStay = registered !== undefined && registered.atMs <= bill.exitAtMs && (registered.leftAtMs === undefined || registered.leftAtMs >= bill.exitAtMs);
    const fromRegister = sameStay ? platformLaneOf(lot, registered.laneId) : null;
    if (fromRegister) return { enterLaneId: fromRegister, source: 'register' };
    const fromPlatform = lot.feeSource.recordedEntryLane ? await lot.feeSource.recordedEntryLane(bill.plate, exitLaneId) : null;
    if (fromPlatform) return { enterLaneId: fromPlatform, source: 'platform' };
    return { enterLaneId: UNKNOWN_ENTRY_LANE, source: 'unknown' };
  }

  /** The entry lane a scanned ticket names, when it is genuine and of this lot. */
  private ticketLane(lot: LotRuntime, ticket: string | undefined): string | null {
    if (ticket === undefined) return null;
    if (!this.ticketKey) return null;
    try {
      const claims = verifyTicket(this.ticketKey, ticket);
      if (claims.lotId === lot.settings.lotId) return platformLaneOf(lot, claims.laneId);
      this.log.warn('offline bill carries a ticket of another lot; its entry lane is ignored', { lotId: lot.settings.lotId, ticketLot: claims.lotId });
    } catch (error) {
      if (!(error instanceof TicketError)) throw error;
      this.log.warn('offline bill carries a ticket that does not verify; its entry lane is ignored', { lotId: lot.settings.lotId, reason: error.message });
    }
    return null;
  }
}

/** Keyed by the plate as checkPlate writes it: lanes may send "沪L 12345" or "沪l12345". */
function registerKey(lotId: string, plate: string): string {
  const check = checkPlate(plate);
  return `entry-lane:${lotId}:${check.ok ? check.plate : plate}`;
}

/** The platform's id of one of the lot's entry lanes, when configured. */
function platformLaneOf(lot: LotRuntime, laneId: string): string | null {
  const lane: LaneSettings | undefined = lot.settings.lanes.find((l) => l.laneId === laneId && l.direction === 'entry');
  return lane?.platformLaneId ?? null;
}
