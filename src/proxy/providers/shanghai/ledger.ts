/**
 * What a lot must remember of its dealings with the city platform, in the shared state store so
 * that every instance and every restart agrees:
 *
 * - the business id of each stay (seeds/003 §4.3). The platform keys a stay's arrive, leave, fee
 *   query and payments on it and silently drops a second stay under an id it has seen, so the
 *   7-digit sequence comes from one durable counter per parking id, never from a hash;
 * - how each payment made through the platform settled the fee source's bill: the driver's money
 *   and the city's reduction, for reconciliation (§5.3.6), since Welink's payTmpRentBill carries
 *   no amount.
 */
import { normalizePlate } from '../../../core/plate.js';
import type { Quote } from '../../../core/quote.js';
import { formatBeijingCompact } from '../../../core/time.js';
import type { StateStore } from '../../state/store.js';
import { businessId } from './signing.js';

/**
 * How long a stay keeps its business id after it was first given: beyond the 31 days payments
 * are remembered for invoice requests. A car parked longer gets a new id at its exit.
 */
const STAY_MEMORY_MS = 90 * 86_400_000;
/** Reconciliation reads closed days; two months covers a late month-end check. */
const SETTLEMENT_MEMORY_MS = 62 * 86_400_000;

/** A stay as the city platform knows it. */
export interface CityStay {
  businessId: string;
  /** When it began, epoch ms. */
  arrivedTime: number;
}

/** One payment through the city platform, as the lot settled it. */
export interface CitySettlement {
  orderId: string;
  businessId: string;
  plateId: string;
  /** What the lot asked of this payment before the city's reduction, in fen. */
  totalMoney: number;
  /** The city's reduction (its own code and amount); code 99999 and 0 when there was none. */
  reduceCode: string;
  reduceMoney: number;
  /** What the driver paid, in fen. */
  payMoney: number;
  /** How the payment reached the lot: notify, password-free, pay-result query. */
  channel: string;
}

export class ShanghaiLedger {
  constructor(
    private readonly store: StateStore,
    readonly parkingId: string,
  ) {}

  /**
   * The stay of `plate` (normalised: a lane may send "沪a 12345" for the platform's "沪A12345")
   * that began at `enteredAtMs` (to the second: platforms keep whole seconds) keeps one business
   * id; the first to ask draws the next number of the lot's counter. The sequence is that number
   * modulo 10^7, so two stays entering on one day could only share an id if the lot saw ten
   * million stays in between.
   */
  async businessIdOf(plate: string, enteredAtMs: number): Promise<string> {
    const stay = `shanghai-stay:${this.parkingId}:${normalizePlate(plate)}:${Math.floor(enteredAtMs / 1000)}`;
    const sequence = await this.store.numberFor(stay, `shanghai-seq:${this.parkingId}`, STAY_MEMORY_MS);
    return businessId(formatBeijingCompact(enteredAtMs).slice(0, 8), this.parkingId, sequence);
  }

  /**
   * The stay a quote is for. A fee source may quote without an entry time (Welink answers NoBill
   * inside the free period): then it is the stay the plate's last reported arrival began, and only
   * when none is known, a stay beginning now.
   */
  async stayOf(quote: Quote, nowMs: number): Promise<CityStay> {
    const arrivedTime = quote.enteredAt ? Date.parse(quote.enteredAt) : ((await this.store.get<number>(this.arrivalKey(quote.plate))) ?? nowMs);
    return { businessId: await this.businessIdOf(quote.plate, arrivedTime), arrivedTime };
  }

  /** Notes a reported passage: an arrival is the plate's current stay until its leave. */
  async passed(kind: 'arrive' | 'leave', plate: string, enteredAtMs: number): Promise<void> {
    const key = this.arrivalKey(plate);
    if (kind === 'arrive') await this.store.put(key, enteredAtMs, STAY_MEMORY_MS);
    // A later arrival of the plate (its leave delivered late) stays. Seconds, as for the id.
    else if (Math.floor(((await this.store.get<number>(key)) ?? NaN) / 1000) === Math.floor(enteredAtMs / 1000)) await this.store.delete(key);
  }

  private arrivalKey(plate: string): string {
    return `shanghai-arrival:${this.parkingId}:${normalizePlate(plate)}`;
  }

  async recordSettlement(settlement: CitySettlement): Promise<void> {
    await this.store.put(`shanghai-settlement:${this.parkingId}:${settlement.orderId}`, settlement, SETTLEMENT_MEMORY_MS);
  }

  settlementOf(orderId: string): Promise<CitySettlement | undefined> {
    return this.store.get<CitySettlement>(`shanghai-settlement:${this.parkingId}:${orderId}`);
  }
}
